//! Per-station formulas: which one applies, and what it gives.
//!
//! | station | method (as named in reports) |
//! |---|---|
//! | infinite servers | `M/G/∞ exact`: no wait |
//! | capacity K, Poisson arrivals, exponential service | `M/M/c/K exact`: birth–death chain |
//! | capacity K otherwise | `M/M/c/K + Allen–Cunneen approx.`: blocking from the chain on the mean service time, wait scaled by (c_a² + c_s²)/2 |
//! | Jackson network, or Poisson arrivals and exponential service | `M/M/c exact`: Erlang C |
//! | one server, Poisson arrivals | `M/G/1 exact`: Pollaczek–Khinchine and Takács |
//! | otherwise | `G/G/c Allen–Cunneen approx.`, with QNA arrival variability |
//! | processor sharing, Poisson arrivals | `M/G/c-PS exact mean`: insensitive, E[T \| x] = x·(1 + C/(c(1 − ρ))) |
//! | processor sharing with capacity K, Poisson arrivals | `M/G/c/K-PS exact mean`: the M/M/c/K chain |
//! | processor sharing otherwise | `G/G/c-PS approx.`: the excess slowdown scaled by (c_a² + 1)/2 |
//!
//! Each solution also carries the station's per-visit law for the sojourn
//! distributions ([`super::distribution`]): the wait's law (FCFS) or the
//! law of the stretch of a request's own service (PS: the slowdown seen at
//! arrival, [`crate::queue::ps::PsStretch`]).

use super::distribution::WaitLaw;
use super::sojourn::VisitMoments;
use crate::network::Discipline;
use crate::queue::dist::ServiceTime;
use crate::queue::ps::PsStretch;
use crate::queue::{ggc, mg1, mmc, mmck, ps};

/// What the formulas need to know about one station.
#[derive(Debug, Clone)]
pub struct StationInput {
    /// Offered arrival rate, 1/s.
    pub lambda: f64,
    /// Mean service time over the class mix, s.
    pub mean_service: f64,
    /// E[S²] of the class mix, s².
    pub service_second_moment: f64,
    /// E[S³] of the class mix, s³.
    pub service_third_moment: f64,
    /// SCV of the class-mixed service time.
    pub service_scv: f64,
    /// Servers, `None` for infinite.
    pub servers: Option<u32>,
    /// Capacity limit.
    pub capacity: Option<u32>,
    /// All classes exponential with one mean.
    pub exponential: bool,
    /// Arrival SCV from QNA.
    pub arrival_scv: f64,
    /// The arrival process is exactly Poisson.
    pub poisson: bool,
    /// The whole network is a Jackson network.
    pub jackson: bool,
    /// FCFS or processor sharing.
    pub discipline: Discipline,
    /// The classes' service times here, weighted by their share of arrivals
    /// (weights sum to 1; empty without traffic).
    pub services: Vec<(f64, ServiceTime)>,
}

/// The station's steady-state figures.
#[derive(Debug, Clone)]
pub struct StationSolution {
    /// Busy fraction per server from admitted work; mean busy servers for infinite.
    pub utilization: f64,
    /// Probability an admitted arrival waits.
    pub p_wait: f64,
    /// Mean wait of an admitted arrival, s.
    pub mean_wait: f64,
    /// Second moment of that wait, s².
    pub wait_second_moment: f64,
    /// Mean response (wait + service) over the class mix, s.
    pub mean_response: f64,
    /// Mean number at the station.
    pub mean_in_station: f64,
    /// The method, named for the report.
    pub method: String,
    /// The formula assumed Poisson arrivals exactly (the QNA SCV was unused).
    pub exact_poisson: bool,
    /// Law of the wait of an admitted arrival (FCFS; none under PS).
    pub wait_law: WaitLaw,
    /// Factor by which a request's own service time is stretched (mean
    /// response of a request of size x is x·slowdown): 1 under FCFS.
    pub slowdown: f64,
    /// The per-visit response law is exact (not only the mean).
    pub exact_law: bool,
    /// Under processor sharing, the law of the stretch of a request's own
    /// service (mean `slowdown`).
    pub ps: Option<PsStretch>,
    /// Set at a station on a shared host (solved with its service stretched
    /// by the host's slowdown): how the visit's law splits that stretch
    /// into the own CPU work and a wait for the cores.
    pub host: Option<HostShare>,
}

/// The share of a shared host's cores a visit gets: the per-visit law
/// takes the stretched time `f·x` as the own work `x` plus a wait for the
/// cores, zero with probability `1 − p` and otherwise exponential, with
/// mean `(f − 1)·E[x]` in all (the M/M/c FCFS form of the wait, scaled to
/// the PS mean excess; approximate).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HostShare {
    /// The host's mean slowdown `f` (≥ 1).
    pub slowdown: f64,
    /// Probability a thread finds every core taken (Erlang C at the host).
    pub p_share: f64,
}

impl HostShare {
    /// Mean wait for the cores on a visit whose own mean work is `mean`, s.
    pub fn mean_wait(&self, mean: f64) -> f64 {
        (self.slowdown - 1.0) * mean
    }
}

impl StationSolution {
    /// Response-time moments of a class with service `s` here (FCFS: the wait
    /// does not depend on the class and is independent of the own service).
    pub fn visit_moments(&self, s: &ServiceTime) -> VisitMoments {
        if let Some(h) = self.host {
            // `s` is stretched by the host: own work x = s/f, plus the
            // station's wait and the wait for the cores, independent.
            let x1 = s.mean / h.slowdown;
            let x2 = s.moment(2) / (h.slowdown * h.slowdown);
            let (w1, w2) = (self.mean_wait, self.wait_second_moment);
            let c1 = h.mean_wait(x1);
            let c2 = if h.p_share > 0.0 {
                2.0 * c1 * c1 / h.p_share
            } else {
                0.0
            };
            return VisitMoments {
                mean: w1 + x1 + c1,
                second: w2 + x2 + c2 + 2.0 * (w1 * x1 + w1 * c1 + x1 * c1),
            };
        }
        let f = self.slowdown;
        if let Some(ps) = &self.ps {
            // PS: the response is the own service times a random stretch,
            // independent of it, of mean f.
            let stretch2: f64 = ps.stretches(s.mean).iter().map(|(p, a)| p * a * a).sum();
            return VisitMoments {
                mean: f * s.mean,
                second: stretch2 * s.moment(2),
            };
        }
        if f > 1.0 {
            return VisitMoments {
                mean: f * s.mean,
                second: f * f * s.moment(2),
            };
        }
        let (w1, w2) = (self.mean_wait, self.wait_second_moment);
        VisitMoments {
            mean: w1 + s.mean,
            second: w2 + 2.0 * w1 * s.mean + s.moment(2),
        }
    }

    /// Mean response of a class with mean service `mean` here, seconds.
    pub fn class_mean_response(&self, mean: f64) -> f64 {
        if self.slowdown > 1.0 {
            self.slowdown * mean
        } else {
            self.mean_wait + mean
        }
    }
}

/// Blocking probability of an M/M/c/K station with offered rate `lambda` and
/// mean service `mean` (seconds).
pub fn blocking(lambda: f64, mean: f64, c: u32, k: u32) -> f64 {
    if lambda <= 0.0 {
        return 0.0;
    }
    mmck::mmck(lambda, 1.0 / mean, c, k).map_or(1.0, |m| m.blocking_probability)
}

/// A `StationSolution` from any of the formula modules' metrics structs,
/// which share these field names.
macro_rules! from_metrics {
    ($m:expr, $method:expr, $exact_poisson:expr, $law:expr, $exact_law:expr) => {
        StationSolution {
            utilization: $m.utilization,
            p_wait: $m.p_wait,
            mean_wait: $m.mean_wait,
            wait_second_moment: $m.wait_second_moment,
            mean_response: $m.mean_response,
            mean_in_station: $m.mean_in_system,
            method: String::from($method),
            exact_poisson: $exact_poisson,
            wait_law: $law,
            slowdown: 1.0,
            exact_law: $exact_law,
            ps: None,
            host: None,
        }
    };
}

/// The wait of those who wait taken as exponential: `P(W > t) = p·e^{−t·p/E[W]}`
/// (exact for M/M/c, an approximation elsewhere).
fn atom_exp(p_wait: f64, mean_wait: f64) -> WaitLaw {
    if p_wait > 0.0 && mean_wait > 0.0 {
        WaitLaw::AtomExp {
            p: p_wait,
            rate: p_wait / mean_wait,
        }
    } else {
        WaitLaw::None
    }
}

/// Solves one station whose offered utilization is below 1 (or that has a
/// capacity limit). `None` only when a formula finds no steady state, which
/// the caller has excluded.
pub fn solve_station(s: &StationInput) -> Option<StationSolution> {
    let lambda = s.lambda;
    let mean = s.mean_service;
    let solution =
        |m: (f64, f64, f64, f64, f64, f64), method: &str, exact_poisson: bool| StationSolution {
            utilization: m.0,
            p_wait: m.1,
            mean_wait: m.2,
            wait_second_moment: m.3,
            mean_response: m.4,
            mean_in_station: m.5,
            method: method.to_string(),
            exact_poisson,
            wait_law: WaitLaw::None,
            slowdown: 1.0,
            exact_law: false,
            ps: None,
            host: None,
        };
    let Some(c) = s.servers else {
        let busy = lambda * mean;
        let mut sol = solution((busy, 0.0, 0.0, 0.0, mean, busy), "M/G/∞ exact", false);
        sol.exact_law = true;
        return Some(sol);
    };
    if lambda <= 0.0 {
        let mut sol = solution((0.0, 0.0, 0.0, 0.0, mean, 0.0), "idle", false);
        sol.exact_law = true;
        return Some(sol);
    }
    if s.discipline == Discipline::Ps {
        return solve_ps(s, c);
    }
    let mu = 1.0 / mean;
    if let Some(k) = s.capacity {
        let m = mmck::mmck(lambda, mu, c, k)?;
        if s.poisson && s.exponential {
            let (rate, probs) = mmck::mmck_wait_law(lambda, mu, c, k)?;
            let law = WaitLaw::ErlangMix { rate, probs };
            return Some(from_metrics!(m, "M/M/c/K exact", true, law, true));
        }
        // Blocking from the birth–death chain on the mean service time; the
        // wait scaled by (c_a² + c_s²)/2 as Allen–Cunneen scales M/M/c.
        let f = (s.arrival_scv + s.service_scv) / 2.0;
        let wait = m.mean_wait * f;
        let mut sol = solution(
            (
                m.utilization,
                m.p_wait,
                wait,
                m.wait_second_moment * f * f,
                wait + mean,
                m.effective_arrival_rate * (wait + mean),
            ),
            "M/M/c/K + Allen–Cunneen approx.",
            false,
        );
        sol.wait_law = atom_exp(m.p_wait, wait);
        return Some(sol);
    }
    if s.exponential && (s.jackson || s.poisson) {
        let m = mmc::mmc(lambda, mu, c)?;
        let method = if s.poisson {
            "M/M/c exact"
        } else {
            "M/M/c exact (Jackson)"
        };
        let law = atom_exp(m.p_wait, m.mean_wait);
        return Some(from_metrics!(m, method, true, law, true));
    }
    if c == 1 && s.poisson {
        let m = mg1::mg1(
            lambda,
            mean,
            s.service_second_moment,
            s.service_third_moment,
        )?;
        let law = WaitLaw::Pk {
            lambda,
            rho: m.utilization,
            mix: s.services.clone(),
            feedback: 0.0,
        };
        return Some(from_metrics!(m, "M/G/1 exact", true, law, true));
    }
    // Allen–Cunneen: the M/M/c wait scaled by (c_a² + c_s²)/2; the wait of
    // those who wait taken as exponential for the second moment.
    let m = ggc::ggc(lambda, mean, c, s.arrival_scv, s.service_scv)?;
    let law = atom_exp(m.p_wait, m.mean_wait);
    Some(from_metrics!(
        m,
        "G/G/c Allen–Cunneen approx.",
        false,
        law,
        false
    ))
}

/// A processor-sharing station: nobody waits for a server; each request's
/// service is stretched by the mean slowdown of the symmetric queue.
fn solve_ps(s: &StationInput, c: u32) -> Option<StationSolution> {
    let (lambda, mean) = (s.lambda, s.mean_service);
    let cf = f64::from(c);
    // P(an arrival finds every server busy and shares one): the chain's.
    let (exact_f, admitted, shares, max_excess, method) = match s.capacity {
        Some(k) => {
            let m = mmck::mmck(lambda, 1.0 / mean, c, k)?;
            (
                ps::ps_slowdown_limited(lambda, mean, c, k)?,
                m.effective_arrival_rate,
                m.p_wait,
                Some(k.saturating_sub(c + 1)),
                "M/G/c/K-PS exact mean",
            )
        }
        None => (
            ps::ps_slowdown(lambda, mean, c)?,
            lambda,
            crate::queue::erlang::erlang_c(c, lambda * mean)?,
            None,
            "M/G/c-PS exact mean",
        ),
    };
    // Outside Poisson input, the excess over 1 scaled as Allen–Cunneen scales
    // a wait, with the service SCV of an exponential (PS is insensitive to it).
    let (slowdown, method, exact_poisson) = if s.poisson {
        (exact_f, method, true)
    } else {
        (
            1.0 + (exact_f - 1.0) * (s.arrival_scv + 1.0) / 2.0,
            "G/G/c-PS approx.",
            false,
        )
    };
    let response = slowdown * mean;
    let m2: f64 = s.services.iter().map(|(w, st)| w * st.moment(2)).sum();
    let stretch = ps::PsStretch::new(
        c,
        shares,
        lambda * mean / cf,
        max_excess,
        slowdown,
        s.service_second_moment / (2.0 * mean),
    );
    Some(StationSolution {
        utilization: admitted * mean / cf,
        p_wait: shares,
        mean_wait: response - mean,
        wait_second_moment: (slowdown - 1.0) * (slowdown - 1.0) * m2,
        mean_response: response,
        mean_in_station: admitted * response,
        method: method.to_string(),
        exact_poisson,
        wait_law: WaitLaw::None,
        slowdown,
        exact_law: false,
        ps: Some(stretch),
        host: None,
    })
}

/// The station `s` with its immediate self-feedback (share `p` of
/// departures) eliminated, as QNA does: arrivals λ(1 − p), each served for a
/// geometric number N of services (E[N] = 1/(1 − p)):
/// E[ΣS] = E[N]m₁, E[(ΣS)²] = E[N]m₂ + E[N(N−1)]m₁²,
/// E[(ΣS)³] = E[N]m₃ + 3E[N(N−1)]m₁m₂ + E[N(N−1)(N−2)]m₁³, with
/// E[N(N−1)] = 2p/(1 − p)² and E[N(N−1)(N−2)] = 6p²/(1 − p)³.
///
/// Reference: Whitt, "The Queueing Network Analyzer", Bell System Technical
/// Journal 62 (1983), §4 (immediate feedback); Takács, "A single-server
/// queue with feedback", Bell System Technical Journal 42 (1963).
pub fn eliminate_feedback(s: &StationInput, p: f64) -> StationInput {
    let q = 1.0 - p;
    let (m1, m2, m3) = (
        s.mean_service,
        s.service_second_moment,
        s.service_third_moment,
    );
    let n1 = 1.0 / q;
    let n2 = 2.0 * p / (q * q);
    let n3 = 6.0 * p * p / (q * q * q);
    let e1 = n1 * m1;
    let e2 = n1 * m2 + n2 * m1 * m1;
    let e3 = n1 * m3 + 3.0 * n2 * m1 * m2 + n3 * m1 * m1 * m1;
    StationInput {
        lambda: s.lambda * q,
        mean_service: e1,
        service_second_moment: e2,
        service_third_moment: e3,
        service_scv: (e2 / (e1 * e1) - 1.0).max(0.0),
        ..s.clone()
    }
}

/// Per-visit figures of a station solved with its feedback eliminated: the
/// request waits once (W) and is served N times, so per visit the wait is W
/// with probability 1 − p and nothing otherwise.
pub fn restore_visits(mut sol: StationSolution, p: f64, mean_service: f64) -> StationSolution {
    let q = 1.0 - p;
    sol.p_wait *= q;
    sol.mean_wait *= q;
    sol.wait_second_moment *= q;
    sol.mean_response = sol.mean_wait + mean_service;
    if let WaitLaw::Pk { feedback, .. } = &mut sol.wait_law {
        *feedback = p;
    }
    sol.wait_law = match sol.wait_law {
        WaitLaw::None => WaitLaw::None,
        inner => WaitLaw::Thinned {
            keep: q,
            inner: Box::new(inner),
        },
    };
    sol.method = format!("{} + immediate-feedback elimination approx.", sol.method);
    sol.exact_law = false;
    sol
}
