//! Whitt's Queueing Network Analyzer (1983): squared coefficients of
//! variation of the arrival process at every station.
//!
//! Departures: c_d² = 1 + (1 − ρ²)(c_a² − 1) + ρ²(c_s² − 1)/√c (for an
//! infinite-server station, c_d² = c_a²). Splitting a stream with probability
//! q: q·c_d² + 1 − q. Merging: Whitt's weighted superposition
//! c_a² = w·Σ (λ_src/λ)·c_src² + 1 − w, w = 1/(1 + 4(1 − ρ)²(ν − 1)),
//! ν = 1/Σ(λ_src/λ)². Classes are aggregated per station, as QNA does. The
//! result is a linear system in the c_a², solved along the routing graph.
//!
//! Immediate feedback (QNA §4, Whitt 1983): a station that sends a share p
//! of its departures straight back to itself is replaced by one without the
//! loop, visited once per request at rate λ(1 − p), whose service is the sum
//! of a geometric number of services: mean E[S]/(1 − p), SCV p + (1 − p)c_s².
//! The fed-back stream then no longer enters the merge (it is not a fresh
//! arrival stream), and only the (1 − p) share of departures leaves.

use super::linear::{LinearPlan, Singular};
use super::traffic::Flows;
use crate::network::{Network, Servers};
use crate::queue::qna::{departure_scv_linear, feedback_scv, merge_weight, split_scv};

/// Per-station inputs QNA needs besides the flows.
#[derive(Debug, Clone, Copy)]
pub struct StationLoad {
    /// Utilization per server from admitted work (0 for infinite servers).
    pub rho: f64,
    /// Squared coefficient of variation of the (class-mixed) service time.
    pub service_scv: f64,
    /// Servers; `None` for infinite.
    pub servers: Option<u32>,
    /// Share of departures fed straight back to the station, when the loop
    /// is eliminated (0 otherwise).
    pub feedback: f64,
}

/// Arrival SCV of every station (1 where no traffic arrives).
pub fn arrival_scvs(
    net: &Network,
    plan: &LinearPlan,
    flows: &Flows,
    loads: &[StationLoad],
) -> Result<Vec<f64>, Singular> {
    let n = net.stations.len();
    // Departure rate of each station and the flow j → i (all classes).
    // Departures net of an eliminated self-loop.
    let departures: Vec<f64> = (0..n)
        .map(|j| flows.total(j) * (1.0 - flows.blocking[j]) * (1.0 - loads[j].feedback))
        .collect();
    let mut inflow: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (j, st) in net.stations.iter().enumerate() {
        for (k, v) in st.visits.iter().enumerate() {
            let Some(v) = v else { continue };
            let from = flows.offered[j][k] * (1.0 - flows.blocking[j]);
            for r in &v.routes {
                if r.to == j && loads[j].feedback > 0.0 {
                    continue;
                }
                let f = from * r.probability;
                match inflow[r.to].iter_mut().find(|e| e.0 == j) {
                    Some(e) => e.1 += f,
                    None => inflow[r.to].push((j, f)),
                }
            }
        }
    }
    let mut external = vec![0.0; n];
    for c in &net.classes {
        for a in &c.arrivals {
            external[a.station] += a.rate;
        }
    }
    // Departure SCV of j as α_j + β_j·c_a,j².
    let (alpha, beta): (Vec<f64>, Vec<f64>) = loads
        .iter()
        .map(|l| match l.servers {
            None => (0.0, 1.0),
            Some(c) => departure_scv_linear(l.rho, c, feedback_scv(l.feedback, l.service_scv)),
        })
        .collect();

    let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut b = vec![1.0; n];
    for i in 0..n {
        let lambda = flows.total(i) * (1.0 - loads[i].feedback);
        if lambda <= 0.0 {
            continue;
        }
        let p0 = external[i] / lambda;
        let mut sum_sq = p0 * p0;
        let mut constant = p0;
        for &(j, f) in &inflow[i] {
            let p = f / lambda;
            sum_sq += p * p;
            let q = if departures[j] > 0.0 {
                (f / departures[j]).min(1.0)
            } else {
                0.0
            };
            constant += p * split_scv(q, alpha[j]);
        }
        let rho = match net.stations[i].servers {
            Servers::Infinite => 0.0,
            Servers::Finite(_) => loads[i].rho.min(1.0),
        };
        let w = merge_weight(rho, sum_sq);
        b[i] = w * constant + 1.0 - w;
        for &(j, f) in &inflow[i] {
            let p = f / lambda;
            let q = if departures[j] > 0.0 {
                (f / departures[j]).min(1.0)
            } else {
                0.0
            };
            rows[i].push((j, w * p * q * beta[j]));
        }
    }
    let scv = plan.solve(&rows, &b)?;
    Ok(scv.into_iter().map(|v| v.max(0.0)).collect())
}
