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

use super::sojourn::VisitMoments;
use crate::queue::dist::ServiceTime;
use crate::queue::{ggc, mg1, mmc, mmck};

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
}

impl StationSolution {
    /// Response-time moments of a class with service `s` here (FCFS: the wait
    /// does not depend on the class and is independent of the own service).
    pub fn visit_moments(&self, s: &ServiceTime) -> VisitMoments {
        let (w1, w2) = (self.mean_wait, self.wait_second_moment);
        VisitMoments {
            mean: w1 + s.mean,
            second: w2 + 2.0 * w1 * s.mean + s.moment(2),
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
    ($m:expr, $method:expr, $exact_poisson:expr) => {
        StationSolution {
            utilization: $m.utilization,
            p_wait: $m.p_wait,
            mean_wait: $m.mean_wait,
            wait_second_moment: $m.wait_second_moment,
            mean_response: $m.mean_response,
            mean_in_station: $m.mean_in_system,
            method: String::from($method),
            exact_poisson: $exact_poisson,
        }
    };
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
        };
    let Some(c) = s.servers else {
        let busy = lambda * mean;
        return Some(solution(
            (busy, 0.0, 0.0, 0.0, mean, busy),
            "M/G/∞ exact",
            false,
        ));
    };
    if lambda <= 0.0 {
        return Some(solution((0.0, 0.0, 0.0, 0.0, mean, 0.0), "idle", false));
    }
    let mu = 1.0 / mean;
    if let Some(k) = s.capacity {
        let m = mmck::mmck(lambda, mu, c, k)?;
        if s.poisson && s.exponential {
            return Some(from_metrics!(m, "M/M/c/K exact", true));
        }
        // Blocking from the birth–death chain on the mean service time; the
        // wait scaled by (c_a² + c_s²)/2 as Allen–Cunneen scales M/M/c.
        let f = (s.arrival_scv + s.service_scv) / 2.0;
        let wait = m.mean_wait * f;
        return Some(solution(
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
        ));
    }
    if s.exponential && (s.jackson || s.poisson) {
        let m = mmc::mmc(lambda, mu, c)?;
        let method = if s.poisson {
            "M/M/c exact"
        } else {
            "M/M/c exact (Jackson)"
        };
        return Some(from_metrics!(m, method, true));
    }
    if c == 1 && s.poisson {
        let m = mg1::mg1(
            lambda,
            mean,
            s.service_second_moment,
            s.service_third_moment,
        )?;
        return Some(from_metrics!(m, "M/G/1 exact", true));
    }
    // Allen–Cunneen: the M/M/c wait scaled by (c_a² + c_s²)/2; the wait of
    // those who wait taken as exponential for the second moment.
    let m = ggc::ggc(lambda, mean, c, s.arrival_scv, s.service_scv)?;
    Some(from_metrics!(m, "G/G/c Allen–Cunneen approx.", false))
}
