//! Traffic equations λ = γ + Pᵀ·diag(1 − B)·λ, per class, with blocking.
//!
//! Blocking at capacity-limited stations depends on the total offered rate,
//! which depends on blocking upstream, so the equations are iterated to a
//! fixed point; without capacity limits one linear solve per class suffices.
//! A fixed point that has not converged is reported (`Flows::converged`),
//! never passed off as a solution.

use super::linear::{LinearPlan, Singular};
use crate::network::{Network, Servers};

/// Iterations of the blocking fixed point before damping starts.
const UNDAMPED_ITERATIONS: usize = 100;
/// Iterations of the blocking fixed point at most.
pub const MAX_ITERATIONS: usize = 5_000;
/// Convergence tolerance on blocking probabilities.
const TOLERANCE: f64 = 1e-13;

/// Offered flows of every class at every station.
#[derive(Debug, Clone)]
pub struct Flows {
    /// `offered[i][k]`: arrival rate of class k at station i before blocking, 1/s.
    pub offered: Vec<Vec<f64>>,
    /// Blocking probability at each station (0 without a capacity limit).
    pub blocking: Vec<f64>,
    /// Whether the blocking fixed point converged (always true without
    /// capacity limits).
    pub converged: bool,
    /// Largest change of a blocking probability in the last iteration.
    pub last_change: f64,
}

impl Flows {
    /// Total offered arrival rate at station `i`, 1/s.
    pub fn total(&self, i: usize) -> f64 {
        self.offered[i].iter().sum()
    }

    /// Mean service time at station `i` over the classes arriving, seconds.
    pub fn mean_service(&self, net: &Network, i: usize) -> f64 {
        let total = self.total(i);
        let st = &net.stations[i];
        if total > 0.0 {
            st.visits
                .iter()
                .zip(&self.offered[i])
                .filter_map(|(v, &l)| v.as_ref().map(|v| l * v.service.mean))
                .sum::<f64>()
                / total
        } else {
            // No traffic: the plain average of the services defined here.
            let means: Vec<f64> = st.visits.iter().flatten().map(|v| v.service.mean).collect();
            means.iter().sum::<f64>() / means.len().max(1) as f64
        }
    }
}

/// Plans for the traffic equations: unknown i depends on the stations that
/// route to it.
pub fn forward_plan(net: &Network) -> LinearPlan {
    let mut deps = vec![Vec::new(); net.stations.len()];
    for (j, st) in net.stations.iter().enumerate() {
        for v in st.visits.iter().flatten() {
            for r in &v.routes {
                if !deps[r.to].contains(&j) {
                    deps[r.to].push(j);
                }
            }
        }
    }
    LinearPlan::new(&deps)
}

/// Solves the traffic equations. `blocking_of(i, offered_total, mean_service)`
/// gives the blocking probability of capacity-limited station `i`.
pub fn solve_flows(
    net: &Network,
    plan: &LinearPlan,
    blocking_of: &dyn Fn(usize, f64, f64) -> f64,
) -> Result<Flows, Singular> {
    let n = net.stations.len();
    let limited: Vec<usize> = (0..n)
        .filter(|&i| {
            net.stations[i].capacity.is_some() && net.stations[i].servers != Servers::Infinite
        })
        .collect();
    let mut flows = Flows {
        offered: vec![vec![0.0; net.classes.len()]; n],
        blocking: vec![0.0; n],
        converged: true,
        last_change: 0.0,
    };
    for iteration in 0..MAX_ITERATIONS {
        for k in 0..net.classes.len() {
            let rates = class_rates(net, plan, k, &flows.blocking)?;
            for (i, r) in rates.into_iter().enumerate() {
                flows.offered[i][k] = r;
            }
        }
        if limited.is_empty() {
            break;
        }
        let mut change: f64 = 0.0;
        for &i in &limited {
            let target = blocking_of(i, flows.total(i), flows.mean_service(net, i));
            let next = if iteration < UNDAMPED_ITERATIONS {
                target
            } else {
                0.5 * (target + flows.blocking[i])
            };
            change = change.max((next - flows.blocking[i]).abs());
            flows.blocking[i] = next;
        }
        flows.last_change = change;
        if change <= TOLERANCE {
            break;
        }
        if iteration + 1 == MAX_ITERATIONS {
            flows.converged = false;
        }
    }
    Ok(flows)
}

/// Offered rates of class `k` at every station, given blocking probabilities.
fn class_rates(
    net: &Network,
    plan: &LinearPlan,
    k: usize,
    blocking: &[f64],
) -> Result<Vec<f64>, Singular> {
    let n = net.stations.len();
    let mut b = vec![0.0; n];
    for a in &net.classes[k].arrivals {
        b[a.station] += a.rate;
    }
    let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (j, st) in net.stations.iter().enumerate() {
        if let Some(v) = &st.visits[k] {
            for r in &v.routes {
                rows[r.to].push((j, r.probability * (1.0 - blocking[j])));
            }
        }
    }
    plan.solve(&rows, &b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::network_from_str;

    /// Regression: the fixed point used to return its last iterate after
    /// `MAX_ITERATIONS` as if it had converged.
    #[test]
    fn a_fixed_point_that_does_not_converge_says_so() {
        let net = network_from_str(
            "t.yaml",
            "arrivals: [{ rate: 1, to: a }]\nstations:\n  a:\n    servers: 1\n    capacity: 2\n    service: { distribution: exponential, mean_ms: 100 }\n    routes: { a: 0.5 }\n",
        )
        .expect("valid");
        let plan = forward_plan(&net);
        // A blocking law with no fixed point: full refusal above 1.5/s
        // offered, none below (offered is 2/s without refusals, 1/s with).
        let flows = solve_flows(&net, &plan, &|_, lambda, _| {
            if lambda > 1.5 { 1.0 } else { 0.0 }
        })
        .expect("no singular system");
        assert!(!flows.converged);
        assert!(flows.last_change > TOLERANCE);
        // A contracting law converges.
        let flows = solve_flows(&net, &plan, &|_, lambda, _| 0.1 * lambda / 2.0).unwrap();
        assert!(flows.converged);
    }
}
