//! Per-station formulas: which one applies, and what it gives.
//!
//! | station | method |
//! |---|---|
//! | infinite servers | M/G/∞: no wait, exact |
//! | capacity K | M/M/c/K birth–death chain (exact for Poisson arrivals and exponential service) |
//! | Jackson network, or Poisson arrivals and exponential service | M/M/c, Erlang C, exact |
//! | one server, Poisson arrivals | M/G/1, Pollaczek–Khinchine and Takács, exact |
//! | otherwise | G/G/c, Allen–Cunneen with QNA arrival variability, approximate |

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
    mmck::mmck(lambda, 1.0 / mean, c, k).blocking
}

/// Solves one station whose offered utilization is below 1 (or that has a
/// capacity limit).
pub fn solve_station(s: &StationInput) -> StationSolution {
    let lambda = s.lambda;
    let mean = s.mean_service;
    let Some(c) = s.servers else {
        return StationSolution {
            utilization: lambda * mean,
            p_wait: 0.0,
            mean_wait: 0.0,
            wait_second_moment: 0.0,
            mean_response: mean,
            mean_in_station: lambda * mean,
            method: "M/G/∞ (delay, no queueing): exact".into(),
            exact_poisson: false,
        };
    };
    if lambda <= 0.0 {
        return StationSolution {
            utilization: 0.0,
            p_wait: 0.0,
            mean_wait: 0.0,
            wait_second_moment: 0.0,
            mean_response: mean,
            mean_in_station: 0.0,
            method: "idle: no traffic reaches it".into(),
            exact_poisson: false,
        };
    }
    if let Some(k) = s.capacity {
        let m = mmck::mmck(lambda, 1.0 / mean, c, k);
        let exact = s.poisson && s.exponential;
        return StationSolution {
            utilization: m.utilization,
            p_wait: m.p_wait,
            mean_wait: m.mean_wait,
            wait_second_moment: m.wait_second_moment,
            mean_response: m.mean_wait + mean,
            mean_in_station: m.mean_in_system,
            method: if exact {
                "M/M/c/K birth–death chain: exact".into()
            } else {
                "M/M/c/K birth–death chain on the mean service time: approximate (arrivals not Poisson or service not exponential)".into()
            },
            exact_poisson: true,
        };
    }
    let mu = 1.0 / mean;
    if s.exponential && (s.jackson || s.poisson)
        && let Some(m) = mmc::mmc(lambda, mu, c)
    {
        return StationSolution {
            utilization: m.utilization,
            p_wait: m.p_wait,
            mean_wait: m.mean_wait,
            wait_second_moment: m.wait_second_moment,
            mean_response: m.mean_response,
            mean_in_station: m.mean_in_system,
            method: if s.poisson {
                "M/M/c, Erlang C: exact".into()
            } else {
                "M/M/c, Erlang C: exact (Jackson network)".into()
            },
            exact_poisson: true,
        };
    }
    if c == 1 && s.poisson
        && let Some(m) = mg1::mg1(lambda, mean, s.service_second_moment, s.service_third_moment)
    {
        return StationSolution {
            utilization: m.utilization,
            p_wait: m.p_wait,
            mean_wait: m.mean_wait,
            wait_second_moment: m.wait_second_moment,
            mean_response: m.mean_response,
            mean_in_station: m.mean_in_system,
            method: "M/G/1, Pollaczek–Khinchine: exact".into(),
            exact_poisson: true,
        };
    }
    // Allen–Cunneen: the M/M/c wait scaled by (c_a² + c_s²)/2; the wait of
    // those who wait taken as exponential for the second moment.
    let g = ggc::allen_cunneen(lambda, mean, c, s.arrival_scv, s.service_scv);
    StationSolution {
        utilization: g.utilization,
        p_wait: g.p_wait,
        mean_wait: g.mean_wait,
        wait_second_moment: g.wait_second_moment,
        mean_response: g.mean_wait + mean,
        mean_in_station: lambda * (g.mean_wait + mean),
        method: "G/G/c, Allen–Cunneen with QNA arrival variability: approximate".into(),
        exact_poisson: false,
    }
}
