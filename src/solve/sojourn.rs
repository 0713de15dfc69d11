//! End-to-end sojourn: moments along the routing, then percentiles.
//!
//! For class k, T_j is the time from arriving at station j until leaving the
//! network. With per-visit response R_j and blocking B_j (a rejected request
//! leaves at once):
//!   E[T_j]  = (1 − B_j)·(E[R_j] + Σ_i P_ji E[T_i])
//!   E[T_j²] = (1 − B_j)·(E[R_j²] + 2E[R_j]·Σ_i P_ji E[T_i] + Σ_i P_ji E[T_i²])
//! treating successive visits as independent (exact for the mean; for the
//! variance an approximation, since in reality a busy period makes
//! successive visits positively correlated). Percentiles come from a gamma
//! distribution matched to the mean and variance, mixed over classes.

use super::linear::{LinearPlan, Singular};
use super::traffic::Flows;
use crate::network::Network;

/// Response-time moments of one class at one station.
#[derive(Debug, Clone, Copy, Default)]
pub struct VisitMoments {
    /// E[R], seconds.
    pub mean: f64,
    /// E[R²], seconds².
    pub second: f64,
}

/// End-to-end figures of one class.
#[derive(Debug, Clone, Copy)]
pub struct ClassSojourn {
    /// Rate of requests admitted at their first station, 1/s.
    pub admitted_rate: f64,
    /// Rate of requests that leave without any rejection, 1/s.
    pub completed_rate: f64,
    /// Mean sojourn per admitted request, seconds.
    pub mean: f64,
    /// Second moment of the sojourn per admitted request, seconds².
    pub second: f64,
}

impl ClassSojourn {
    /// Variance of the sojourn, seconds² (never negative).
    pub fn variance(&self) -> f64 {
        (self.second - self.mean * self.mean).max(0.0)
    }
}

/// Plans for the backward equations: station j depends on the stations it
/// routes to.
pub fn backward_plan(net: &Network) -> LinearPlan {
    let deps: Vec<Vec<usize>> = net
        .stations
        .iter()
        .map(|st| {
            let mut d: Vec<usize> = st
                .visits
                .iter()
                .flatten()
                .flat_map(|v| v.routes.iter().map(|r| r.to))
                .collect();
            d.sort_unstable();
            d.dedup();
            d
        })
        .collect();
    LinearPlan::new(&deps)
}

/// Sojourn moments and completion rates of class `k`. `visit[i]` are the
/// class's response moments at station i (ignored where it never visits).
pub fn class_sojourn(
    net: &Network,
    plan: &LinearPlan,
    flows: &Flows,
    k: usize,
    visit: &[VisitMoments],
) -> Result<ClassSojourn, Singular> {
    let n = net.stations.len();
    let keep: Vec<f64> = flows.blocking.iter().map(|b| 1.0 - b).collect();
    let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut exit = vec![0.0; n];
    let mut r1 = vec![0.0; n];
    for (j, st) in net.stations.iter().enumerate() {
        if let Some(v) = &st.visits[k] {
            rows[j] = v
                .routes
                .iter()
                .map(|r| (r.to, keep[j] * r.probability))
                .collect();
            exit[j] = keep[j] * v.exit_probability();
            r1[j] = keep[j] * visit[j].mean;
        }
    }
    // Probability of leaving normally, and the first moment.
    let complete = plan.solve(&rows, &exit)?;
    let m1 = plan.solve(&rows, &r1)?;
    // Second moment: constant term (1 − B_j)(E[R_j²] + 2E[R_j]·Σ P_ji E[T_i]).
    let mut r2 = vec![0.0; n];
    for (j, st) in net.stations.iter().enumerate() {
        if let Some(v) = &st.visits[k] {
            let ahead: f64 = v.routes.iter().map(|r| r.probability * m1[r.to]).sum();
            r2[j] = keep[j] * (visit[j].second + 2.0 * visit[j].mean * ahead);
        }
    }
    let m2 = plan.solve(&rows, &r2)?;

    // Mix over entry streams, conditioned on admission at the first station.
    let (mut admitted, mut completed, mut s1, mut s2) = (0.0, 0.0, 0.0, 0.0);
    for a in &net.classes[k].arrivals {
        let e = a.station;
        admitted += a.rate * keep[e];
        completed += a.rate * complete[e];
        s1 += a.rate * m1[e];
        s2 += a.rate * m2[e];
    }
    let (mean, second) = if admitted > 0.0 {
        (s1 / admitted, s2 / admitted)
    } else {
        (0.0, 0.0)
    };
    Ok(ClassSojourn {
        admitted_rate: admitted,
        completed_rate: completed,
        mean,
        second,
    })
}
