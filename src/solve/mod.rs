//! The analytic solver: traffic equations, per-station formulas, QNA
//! variability propagation and end-to-end sojourn estimates.
//!
//! `solve` is pure: a validated `Network` in, a `SolveReport` out.

mod build;
pub mod linear;
pub mod report;
pub mod sojourn;
pub mod station;
pub mod traffic;
pub mod variability;

pub use report::{
    ClassReport, NetworkReport, SOLVE_SCHEMA, SolveReport, StationClassReport, StationReport,
    Status,
};

use crate::error::Error;
use crate::network::{Network, Servers};
use crate::queue::dist::Distribution;
use sojourn::{ClassSojourn, VisitMoments};
use station::{StationInput, StationSolution};
use traffic::Flows;
use variability::StationLoad;

/// Offered utilization at or above this counts as saturated (rounding in
/// rates that are meant to be exactly at capacity).
const SATURATION_THRESHOLD: f64 = 1.0 - 1e-9;

/// Solves `net` analytically.
pub fn solve(net: &Network) -> Result<SolveReport, Error> {
    Solver::new(net).solve()
}

/// The factor by which all external arrivals can grow before some station
/// without a capacity limit reaches offered utilization 1; `None` when none
/// can (only delays and capacity-limited stations).
pub fn max_arrival_scale(net: &Network) -> Result<Option<f64>, Error> {
    Solver::new(net).max_arrival_scale()
}

struct Solver<'a> {
    net: &'a Network,
    forward: linear::LinearPlan,
}

fn singular(what: &str) -> impl Fn(linear::Singular) -> Error + '_ {
    move |s| {
        Error::Internal(format!(
            "{what}: singular system at station index {}",
            s.unknown
        ))
    }
}

impl<'a> Solver<'a> {
    fn new(net: &'a Network) -> Self {
        Solver {
            net,
            forward: traffic::forward_plan(net),
        }
    }

    fn flows(&self, net: &Network) -> Result<Flows, Error> {
        traffic::solve_flows(net, &self.forward, &|i, lambda, mean| {
            let st = &net.stations[i];
            match (st.servers, st.capacity) {
                (Servers::Finite(c), Some(k)) => station::blocking(lambda, mean, c, k),
                _ => 0.0,
            }
        })
        .map_err(singular("traffic equations"))
    }

    /// Offered utilization per server (mean busy servers for infinite).
    fn offered_utilization(&self, flows: &Flows, i: usize) -> f64 {
        let load = flows.total(i) * flows.mean_service(self.net, i);
        match self.net.stations[i].servers {
            Servers::Finite(c) => load / f64::from(c),
            Servers::Infinite => load,
        }
    }

    fn saturated(&self, flows: &Flows) -> Vec<usize> {
        (0..self.net.stations.len())
            .filter(|&i| {
                let st = &self.net.stations[i];
                matches!(st.servers, Servers::Finite(_))
                    && st.capacity.is_none()
                    && self.offered_utilization(flows, i) >= SATURATION_THRESHOLD
            })
            .collect()
    }

    fn max_arrival_scale(&self) -> Result<Option<f64>, Error> {
        let unlimited: Vec<usize> = (0..self.net.stations.len())
            .filter(|&i| {
                let st = &self.net.stations[i];
                matches!(st.servers, Servers::Finite(_)) && st.capacity.is_none()
            })
            .collect();
        if unlimited.is_empty() {
            return Ok(None);
        }
        let peak = |net: &Network| -> Result<f64, Error> {
            let flows = self.flows(net)?;
            let solver = Solver {
                net,
                forward: self.forward.clone(),
            };
            Ok(unlimited
                .iter()
                .map(|&i| solver.offered_utilization(&flows, i))
                .fold(0.0, f64::max))
        };
        let base = peak(self.net)?;
        if base <= 0.0 {
            return Ok(None);
        }
        let has_capacity = self.net.stations.iter().any(|s| s.capacity.is_some());
        if !has_capacity {
            // Offered loads are linear in the arrival rates.
            return Ok(Some(1.0 / base));
        }
        // Blocking upstream makes loads sublinear: search on the scale.
        let (mut lo, mut hi) = (0.0, 1.0 / base);
        while peak(&self.net.scaled(hi))? < 1.0 {
            lo = hi;
            hi *= 2.0;
            if hi > 1e12 {
                return Ok(None);
            }
        }
        for _ in 0..100 {
            let mid = 0.5 * (lo + hi);
            if peak(&self.net.scaled(mid))? < 1.0 {
                lo = mid;
            } else {
                hi = mid;
            }
            if hi - lo <= 1e-12 * hi {
                break;
            }
        }
        Ok(Some(0.5 * (lo + hi)))
    }

    fn solve(&self) -> Result<SolveReport, Error> {
        let net = self.net;
        let n = net.stations.len();
        let flows = self.flows(net)?;
        let saturated = self.saturated(&flows);
        let max_scale = self.max_arrival_scale()?;
        let inputs: Vec<StationInput> = (0..n).map(|i| self.station_input(&flows, i)).collect();

        if !saturated.is_empty() {
            return Ok(self.saturated_report(&flows, &inputs, &saturated, max_scale));
        }

        let loads: Vec<StationLoad> = inputs
            .iter()
            .enumerate()
            .map(|(i, s)| StationLoad {
                rho: match s.servers {
                    Some(c) => s.lambda * (1.0 - flows.blocking[i]) * s.mean_service / f64::from(c),
                    None => 0.0,
                },
                service_scv: s.service_scv,
                servers: s.servers,
            })
            .collect();
        let scv = variability::arrival_scvs(net, &self.forward, &flows, &loads)
            .map_err(singular("arrival variability"))?;
        let poisson = self.poisson_arrivals();
        let jackson = self.is_jackson();
        let solutions: Vec<StationSolution> = (0..n)
            .map(|i| {
                let mut input = inputs[i].clone();
                input.arrival_scv = scv[i];
                input.poisson = poisson[i];
                input.jackson = jackson;
                station::solve_station(&input).ok_or_else(|| {
                    Error::Internal(format!(
                        "no steady state at stable station {}",
                        net.stations[i].name
                    ))
                })
            })
            .collect::<Result<_, _>>()?;

        let backward = sojourn::backward_plan(net);
        let mut per_class: Vec<ClassSojourn> = Vec::with_capacity(net.classes.len());
        for k in 0..net.classes.len() {
            let visit: Vec<VisitMoments> = (0..n)
                .map(|i| match &net.stations[i].visits[k] {
                    Some(v) => solutions[i].visit_moments(&v.service),
                    None => VisitMoments::default(),
                })
                .collect();
            per_class.push(
                sojourn::class_sojourn(net, &backward, &flows, k, &visit)
                    .map_err(singular("sojourn moments"))?,
            );
        }
        let exact_single = self.exact_single_station(&inputs);
        Ok(self.stable_report(
            &flows,
            &inputs,
            &solutions,
            &per_class,
            exact_single,
            max_scale,
        ))
    }

    fn station_input(&self, flows: &Flows, i: usize) -> StationInput {
        let st = &self.net.stations[i];
        let lambda = flows.total(i);
        let mean = flows.mean_service(self.net, i);
        // Mixture of the classes' service times, weighted by their rates.
        let weights: Vec<(f64, &crate::queue::dist::ServiceTime)> = st
            .visits
            .iter()
            .zip(&flows.offered[i])
            .filter_map(|(v, &l)| v.as_ref().map(|v| (l, &v.service)))
            .collect();
        let total: f64 = weights.iter().map(|w| w.0).sum();
        let (m2, m3) = if total > 0.0 {
            weights.iter().fold((0.0, 0.0), |(a, b), (l, s)| {
                (a + l / total * s.moment(2), b + l / total * s.moment(3))
            })
        } else {
            (mean * mean, mean * mean * mean)
        };
        let exponential = weights
            .iter()
            .all(|(_, s)| s.distribution == Distribution::Exponential)
            && weights
                .windows(2)
                .all(|w| (w[0].1.mean - w[1].1.mean).abs() <= 1e-12 * w[0].1.mean);
        StationInput {
            lambda,
            mean_service: mean,
            service_second_moment: m2,
            service_third_moment: m3,
            service_scv: (m2 / (mean * mean) - 1.0).max(0.0),
            servers: match st.servers {
                Servers::Finite(c) => Some(c),
                Servers::Infinite => None,
            },
            capacity: st.capacity,
            exponential,
            arrival_scv: 1.0,
            poisson: false,
            jackson: false,
        }
    }

    /// Stations whose arrival process is exactly Poisson: outside any feedback
    /// loop, fed only by external streams and by stations whose departures
    /// are Poisson (M/M/c without capacity, or infinite servers, with Poisson
    /// input: Burke's theorem).
    fn poisson_arrivals(&self) -> Vec<bool> {
        let net = self.net;
        let n = net.stations.len();
        let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (j, st) in net.stations.iter().enumerate() {
            for v in st.visits.iter().flatten() {
                for r in &v.routes {
                    preds[r.to].push(j);
                }
            }
        }
        let in_loop = self.in_feedback_loop();
        let mut poisson = vec![false; n];
        let mut done = vec![false; n];
        // Feed-forward stations in dependency order.
        let order = linear::LinearPlan::new(&preds);
        for i in order.order() {
            done[i] = true;
            if in_loop[i] {
                continue;
            }
            poisson[i] = preds[i].iter().all(|&j| {
                done[j] && poisson[j] && {
                    let st = &net.stations[j];
                    let exp = st
                        .visits
                        .iter()
                        .flatten()
                        .all(|v| v.service.distribution == Distribution::Exponential)
                        && {
                            let means: Vec<f64> =
                                st.visits.iter().flatten().map(|v| v.service.mean).collect();
                            means
                                .windows(2)
                                .all(|w| (w[0] - w[1]).abs() <= 1e-12 * w[0])
                        };
                    st.capacity.is_none() && (st.servers == Servers::Infinite || exp)
                }
            });
        }
        poisson
    }

    fn in_feedback_loop(&self) -> Vec<bool> {
        let n = self.net.stations.len();
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut self_loop = vec![false; n];
        for (j, st) in self.net.stations.iter().enumerate() {
            for v in st.visits.iter().flatten() {
                for r in &v.routes {
                    deps[r.to].push(j);
                    if r.to == j {
                        self_loop[j] = true;
                    }
                }
            }
        }
        let plan = linear::LinearPlan::new(&deps);
        let mut out = self_loop;
        for comp in plan.components() {
            if comp.len() > 1 {
                for &i in comp {
                    out[i] = true;
                }
            }
        }
        out
    }

    /// A Jackson (BCMP) network: no capacity limits, and every finite-server
    /// station serves all its classes with one exponential distribution.
    fn is_jackson(&self) -> bool {
        self.net.stations.iter().all(|st| {
            st.capacity.is_none()
                && (st.servers == Servers::Infinite || {
                    let v: Vec<_> = st.visits.iter().flatten().collect();
                    v.iter()
                        .all(|v| v.service.distribution == Distribution::Exponential)
                        && v.windows(2).all(|w| {
                            (w[0].service.mean - w[1].service.mean).abs()
                                <= 1e-12 * w[0].service.mean
                        })
                })
        })
    }

    /// A single M/M/c station visited once, with Poisson arrivals and no
    /// capacity limit: the sojourn distribution is known exactly.
    fn exact_single_station(&self, inputs: &[StationInput]) -> bool {
        let net = self.net;
        net.stations.len() == 1
            && net.stations[0].capacity.is_none()
            && inputs[0].servers.is_some()
            && inputs[0].exponential
            && net.stations[0]
                .visits
                .iter()
                .flatten()
                .all(|v| v.routes.is_empty())
    }
}

/// Sojourn percentiles p50, p95, p99 (seconds), per class and overall.
struct Percentiles {
    per_class: Vec<[f64; 3]>,
    overall: [f64; 3],
    method: String,
}

const QUANTILES: [f64; 3] = [0.50, 0.95, 0.99];

fn percentiles(
    solver: &Solver<'_>,
    inputs: &[StationInput],
    per_class: &[ClassSojourn],
    exact_single: bool,
) -> Percentiles {
    use crate::queue::gamma::{
        GammaComponent, gamma_mixture_quantile, gamma_quantile_from_moments,
    };
    use crate::queue::mmc;
    if exact_single {
        let s = &inputs[0];
        let c = s.servers.unwrap_or(1);
        let q = QUANTILES.map(|q| {
            mmc::mmc_response_quantile(s.lambda, 1.0 / s.mean_service, c, q).unwrap_or(0.0)
        });
        return Percentiles {
            per_class: vec![q; per_class.len()],
            overall: q,
            method: "exact (M/M/c response-time distribution)".into(),
        };
    }
    let per: Vec<[f64; 3]> = per_class
        .iter()
        .map(|c| QUANTILES.map(|q| gamma_quantile_from_moments(c.mean, c.variance(), q)))
        .collect();
    let components: Vec<GammaComponent> = per_class
        .iter()
        .filter(|c| c.admitted_rate > 0.0)
        .map(|c| GammaComponent {
            weight: c.admitted_rate,
            mean: c.mean,
            variance: c.variance(),
        })
        .collect();
    let overall = if components.len() <= 1 {
        per.iter()
            .zip(per_class)
            .find(|(_, c)| c.admitted_rate > 0.0)
            .map(|(p, _)| *p)
            .unwrap_or([0.0; 3])
    } else {
        QUANTILES.map(|q| gamma_mixture_quantile(&components, q).unwrap_or(0.0))
    };
    let _ = solver;
    Percentiles {
        per_class: per,
        overall,
        method: "gamma fit to sojourn mean and variance (approx.)".into(),
    }
}

#[cfg(test)]
mod tests;
