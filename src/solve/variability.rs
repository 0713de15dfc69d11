//! Whitt's Queueing Network Analyzer (1983): squared coefficients of
//! variation of the arrival process at every station.
//!
//! Departures: c_d² = 1 + (1 − ρ²)(c_a² − 1) + ρ²(c_s² − 1)/√c (for an
//! infinite-server station, c_d² = c_a²). Splitting a stream with probability
//! q: q·c_d² + 1 − q. Merging: Whitt's weighted superposition
//! c_a² = w·Σ (λ_src/λ)·c_src² + 1 − w, w = 1/(1 + 4(1 − ρ)²(ν − 1)),
//! ν = 1/Σ(λ_src/λ)². Classes are aggregated per station, as QNA does. The
//! result is a linear system in the c_a², solved along the routing graph.

use super::linear::{LinearPlan, Singular};
use super::traffic::Flows;
use crate::network::{Network, Servers};

/// Per-station inputs QNA needs besides the flows.
#[derive(Debug, Clone, Copy)]
pub struct StationLoad {
    /// Utilization per server from admitted work (0 for infinite servers).
    pub rho: f64,
    /// Squared coefficient of variation of the (class-mixed) service time.
    pub service_scv: f64,
    /// Servers; `None` for infinite.
    pub servers: Option<u32>,
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
    let departures: Vec<f64> = (0..n)
        .map(|j| flows.total(j) * (1.0 - flows.blocking[j]))
        .collect();
    let mut inflow: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (j, st) in net.stations.iter().enumerate() {
        for (k, v) in st.visits.iter().enumerate() {
            let Some(v) = v else { continue };
            let from = flows.offered[j][k] * (1.0 - flows.blocking[j]);
            for r in &v.routes {
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
            Some(c) => {
                let r2 = l.rho * l.rho;
                (
                    r2 * (1.0 + (l.service_scv - 1.0) / f64::from(c).sqrt()),
                    1.0 - r2,
                )
            }
        })
        .collect();

    let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut b = vec![1.0; n];
    for i in 0..n {
        let lambda = flows.total(i);
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
            constant += p * (q * alpha[j] + 1.0 - q);
        }
        let nu = 1.0 / sum_sq;
        let rho = match net.stations[i].servers {
            Servers::Infinite => 0.0,
            Servers::Finite(_) => loads[i].rho.min(1.0),
        };
        let w = 1.0 / (1.0 + 4.0 * (1.0 - rho).powi(2) * (nu - 1.0));
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
