//! The analytic solver: traffic equations, per-station formulas, QNA
//! variability propagation and end-to-end sojourn distributions.
//!
//! `solve` is pure: a validated `Network` in, a `SolveReport` out. A
//! network with clients (closed classes) goes to Mean Value Analysis
//! (`closed`), mixed with its open classes. Networks with shared hosts go
//! through [`host`] first, which turns each host's processor sharing into a
//! stretch of its stations' service times.
//! [`analyze`] returns the report without percentiles together with the
//! sojourn laws, for callers that need only some quantiles.

mod build;
mod closed;
pub mod closed_report;
pub mod distribution;
mod host;
pub mod linear;
pub mod report;
pub mod sojourn;
pub mod station;
pub mod traffic;
pub mod variability;

pub use report::{
    ClassReport, HostReport, NetworkReport, SOLVE_SCHEMA, SolveReport, StationClassReport,
    StationReport, Status,
};

use crate::error::Error;
use crate::network::{Discipline, Network, Servers};
use crate::queue::dist::Distribution;
use distribution::Sojourns;
use sojourn::{ClassSojourn, VisitMoments};
use station::{StationInput, StationSolution};
use traffic::Flows;
use variability::StationLoad;

/// Offered utilization at or above this counts as saturated (rounding in
/// rates that are meant to be exactly at capacity).
const SATURATION_THRESHOLD: f64 = 1.0 - 1e-9;

/// Solves `net` analytically.
pub fn solve(net: &Network) -> Result<SolveReport, Error> {
    if net.has_clients() {
        return closed_report::solve_closed(net);
    }
    if !net.hosts.is_empty() {
        return host::solve(net, true).map(|(report, _)| report);
    }
    Solver::new(net).solve(true).map(|(report, _)| report)
}

/// Solves `net` without computing percentiles: the report's percentile
/// fields are `null` and its `sojourn_method` says so; nor is the arrival
/// scale searched (`max_arrival_scale` is `null`). The sojourn laws come
/// back with it (`None` when the network is saturated), to take just the
/// quantiles the caller needs with [`Sojourns::quantiles`].
pub fn analyze(net: &Network) -> Result<(SolveReport, Option<Sojourns>), Error> {
    if net.has_clients() {
        return closed_report::solve_closed(net).map(|r| (r, None));
    }
    if !net.hosts.is_empty() {
        return host::solve(net, false);
    }
    Solver::new(net).solve(false)
}

/// Above this work per transform evaluation (in closed-form service
/// transforms, see [`Sojourns::cost`]) percentiles come from a two-moment
/// gamma fit instead of the distributions: inverting is then too slow for
/// the solver's budget (about 300 visits, or 6 with lognormal service).
pub const DISTRIBUTION_BUDGET: usize = 400;

/// The factor by which all external arrivals can grow before some station
/// without a capacity limit reaches offered utilization 1; `None` when none
/// can (only delays and capacity-limited stations).
pub fn max_arrival_scale(net: &Network) -> Result<Option<f64>, Error> {
    if net.has_clients() {
        return closed_report::closed_max_arrival_scale(net);
    }
    if !net.hosts.is_empty() {
        return host::max_arrival_scale(net);
    }
    Solver::new(net).max_arrival_scale()
}

struct Solver<'a> {
    net: &'a Network,
    forward: linear::LinearPlan,
    /// Per station, its share of a shared host (set by [`host`] on the
    /// stretched network it solves); empty without hosts.
    hosts: Vec<Option<station::HostShare>>,
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
            hosts: Vec::new(),
        }
    }

    fn flows(&self, net: &Network) -> Result<Flows, Error> {
        let flows = traffic::solve_flows(net, &self.forward, &|i, lambda, mean| {
            let st = &net.stations[i];
            match (st.servers, st.capacity) {
                (Servers::Finite(c), Some(k)) => station::blocking(lambda, mean, c, k),
                _ => 0.0,
            }
        })
        .map_err(singular("traffic equations"))?;
        if !flows.converged {
            let limited: Vec<&str> = net
                .stations
                .iter()
                .filter(|s| s.capacity.is_some())
                .map(|s| s.name.as_str())
                .collect();
            return Err(Error::Internal(format!(
                "the blocking fixed point at the capacity-limited stations ({}) did not \
                 converge in {} iterations (last change {:.1e}); no figures are given",
                limited.join(", "),
                traffic::MAX_ITERATIONS,
                flows.last_change
            )));
        }
        Ok(flows)
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
                hosts: Vec::new(),
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

    fn solve(&self, with_percentiles: bool) -> Result<(SolveReport, Option<Sojourns>), Error> {
        let net = self.net;
        let n = net.stations.len();
        let flows = self.flows(net)?;
        let saturated = self.saturated(&flows);
        // A search on the arrival scale (a blocking fixed point per step
        // where capacity limits exist): only the full report gives it. A
        // host's stretched network leaves the scale to `host`, which
        // searches it with the slowdowns moving.
        let max_scale = if with_percentiles && self.hosts.is_empty() {
            self.max_arrival_scale()?
        } else {
            None
        };
        let inputs: Vec<StationInput> = (0..n).map(|i| self.station_input(&flows, i)).collect();

        if !saturated.is_empty() {
            return Ok((
                self.saturated_report(&flows, &inputs, &saturated, max_scale),
                None,
            ));
        }

        let jackson = self.is_jackson();
        let feedback: Vec<f64> = (0..n)
            .map(|i| self.self_feedback(&flows, &inputs[i], i, jackson))
            .collect();
        let loads: Vec<StationLoad> = inputs
            .iter()
            .enumerate()
            .map(|(i, s)| StationLoad {
                rho: match s.servers {
                    Some(c) => s.lambda * (1.0 - flows.blocking[i]) * s.mean_service / f64::from(c),
                    None => 0.0,
                },
                // A processor-sharing station passes its arrivals' variability
                // on as an exponential server would: with Poisson input it is
                // a symmetric queue, whose departures are Poisson whatever the
                // service law (Kelly 1979, §3.3).
                service_scv: if s.discipline == Discipline::Ps {
                    1.0
                } else {
                    s.service_scv
                },
                servers: s.servers,
                feedback: feedback[i],
            })
            .collect();
        let scv = variability::arrival_scvs(net, &self.forward, &flows, &loads)
            .map_err(singular("arrival variability"))?;
        let poisson = self.poisson_arrivals(&feedback);
        let solutions: Vec<StationSolution> = (0..n)
            .map(|i| {
                let mut input = inputs[i].clone();
                input.arrival_scv = scv[i];
                input.poisson = poisson[i];
                input.jackson = jackson;
                let p = feedback[i];
                let solved = if p > 0.0 {
                    station::solve_station(&station::eliminate_feedback(&input, p))
                        .map(|s| station::restore_visits(s, p, input.mean_service))
                } else {
                    station::solve_station(&input)
                };
                solved.ok_or_else(|| {
                    Error::Internal(format!(
                        "no steady state at stable station {}",
                        net.stations[i].name
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut solutions = solutions;
        for (sol, share) in solutions.iter_mut().zip(&self.hosts) {
            if share.is_some() {
                sol.host = *share;
                sol.exact_law = false;
            }
        }

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
        let sojourns = Sojourns::new(net, &backward, &flows, &solutions, &per_class, jackson);
        let pct = if with_percentiles {
            let exact_single = self.exact_single_station(&inputs);
            percentiles(&inputs, &per_class, &sojourns, exact_single)
        } else {
            Percentiles {
                per_class: vec![[None; 3]; per_class.len()],
                overall: [None; 3],
                method: "not computed".into(),
            }
        };
        let report = self.stable_report(&flows, &inputs, &solutions, &per_class, pct, max_scale);
        Ok((report, Some(sojourns)))
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
        let services = if total > 0.0 {
            weights
                .iter()
                .filter(|w| w.0 > 0.0)
                .map(|&(l, s)| (l / total, *s))
                .collect()
        } else {
            Vec::new()
        };
        StationInput {
            discipline: st.discipline,
            services,
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

    /// Share of station `i`'s departures routed straight back to it, where
    /// QNA's immediate-feedback elimination applies: a finite-server FCFS
    /// station without a capacity limit, outside the exact Jackson case
    /// (there product form already gives each visit exactly). 0 elsewhere.
    fn self_feedback(&self, flows: &Flows, input: &StationInput, i: usize, jackson: bool) -> f64 {
        let st = &self.net.stations[i];
        let eligible = matches!(st.servers, Servers::Finite(_))
            && st.capacity.is_none()
            && st.discipline == crate::network::Discipline::Fcfs
            && !(input.exponential && jackson);
        let total = flows.total(i);
        if !eligible || total <= 0.0 {
            return 0.0;
        }
        let back: f64 = st
            .visits
            .iter()
            .zip(&flows.offered[i])
            .filter_map(|(v, &l)| v.as_ref().map(|v| (v, l)))
            .map(|(v, l)| {
                l * v
                    .routes
                    .iter()
                    .filter(|r| r.to == i)
                    .map(|r| r.probability)
                    .sum::<f64>()
            })
            .sum();
        let p = back / total;
        if p > 0.0 && p < 1.0 { p } else { 0.0 }
    }

    /// Stations whose arrival process is exactly Poisson: outside any feedback
    /// loop (a self-loop that is eliminated does not count), fed only by
    /// external streams and by stations whose departures are Poisson (M/M/c
    /// without capacity, or infinite servers, with Poisson input: Burke's
    /// theorem).
    fn poisson_arrivals(&self, feedback: &[f64]) -> Vec<bool> {
        let net = self.net;
        let n = net.stations.len();
        let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (j, st) in net.stations.iter().enumerate() {
            for v in st.visits.iter().flatten() {
                for r in &v.routes {
                    if !(r.to == j && feedback[j] > 0.0) {
                        preds[r.to].push(j);
                    }
                }
            }
        }
        let in_loop = self.in_feedback_loop(feedback);
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
                    // Poisson in, Poisson out (Burke; symmetric queues, Kelly
                    // 1979, §3.3): M/M/c, M/G/∞ and M/G/c-PS.
                    st.capacity.is_none()
                        && (st.servers == Servers::Infinite
                            || exp
                            || st.discipline == Discipline::Ps)
                }
            });
        }
        poisson
    }

    fn in_feedback_loop(&self, feedback: &[f64]) -> Vec<bool> {
        let n = self.net.stations.len();
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut self_loop = vec![false; n];
        for (j, st) in self.net.stations.iter().enumerate() {
            for v in st.visits.iter().flatten() {
                for r in &v.routes {
                    deps[r.to].push(j);
                    if r.to == j && feedback[j] <= 0.0 {
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
            // M/M/c-PS shares the M/M/c mean, not its distribution.
            && net.stations[0].discipline == Discipline::Fcfs
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
    per_class: Vec<[Option<f64>; 3]>,
    overall: [Option<f64>; 3],
    method: String,
}

const QUANTILES: [f64; 3] = [0.50, 0.95, 0.99];

/// The method label of percentiles from the composed distributions.
pub const METHOD_EXACT: &str = "exact (sojourn distribution by transform inversion)";
/// The method label where some piece of the composition is approximate.
pub const METHOD_COMPOSED: &str =
    "approx. (per-visit laws composed as independent visits, transform inversion)";
/// The method label of the two-moment fallback for large networks.
pub const METHOD_GAMMA: &str =
    "approx. (gamma fit to sojourn mean and variance: network too large for the distribution)";

fn percentiles(
    inputs: &[StationInput],
    per_class: &[ClassSojourn],
    sojourns: &Sojourns,
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
            mmc::mmc_response_quantile(s.lambda, 1.0 / s.mean_service, c, q).or(Some(0.0))
        });
        return Percentiles {
            per_class: vec![q; per_class.len()],
            overall: q,
            method: "exact (M/M/c response-time distribution)".into(),
        };
    }
    let active: Vec<usize> = (0..per_class.len())
        .filter(|&k| per_class[k].admitted_rate > 0.0)
        .collect();
    if sojourns.cost() <= DISTRIBUTION_BUDGET {
        let mut per: Vec<[Option<f64>; 3]> = vec![[Some(0.0); 3]; per_class.len()];
        for &k in &active {
            let q = sojourns.quantiles(&[(k, 1.0)], &QUANTILES);
            per[k] = [q[0], q[1], q[2]];
        }
        let overall = if active.len() == 1 {
            per[active[0]]
        } else if active.is_empty() {
            [Some(0.0); 3]
        } else {
            let weights: Vec<(usize, f64)> = active
                .iter()
                .map(|&k| (k, per_class[k].admitted_rate))
                .collect();
            let q = sojourns.quantiles(&weights, &QUANTILES);
            [q[0], q[1], q[2]]
        };
        let ok = per.iter().flatten().chain(&overall).all(|q| q.is_some());
        if ok {
            return Percentiles {
                per_class: per,
                overall,
                method: if sojourns.exact() {
                    METHOD_EXACT
                } else {
                    METHOD_COMPOSED
                }
                .into(),
            };
        }
    }
    let per: Vec<[Option<f64>; 3]> = per_class
        .iter()
        .map(|c| QUANTILES.map(|q| Some(gamma_quantile_from_moments(c.mean, c.variance(), q))))
        .collect();
    let components: Vec<GammaComponent> = active
        .iter()
        .map(|&k| GammaComponent {
            weight: per_class[k].admitted_rate,
            mean: per_class[k].mean,
            variance: per_class[k].variance(),
        })
        .collect();
    let overall = if components.len() <= 1 {
        active.first().map(|&k| per[k]).unwrap_or([Some(0.0); 3])
    } else {
        QUANTILES.map(|q| gamma_mixture_quantile(&components, q).or(Some(0.0)))
    };
    Percentiles {
        per_class: per,
        overall,
        method: METHOD_GAMMA.into(),
    }
}

#[cfg(test)]
mod tests;
