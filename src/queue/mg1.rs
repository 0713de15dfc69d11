//! The M/G/1 station: Poisson arrivals, general service, one server, FCFS.
//!
//! Single-threaded workers (a Redis shard, a single-writer database, a job
//! worker) rarely have exponential service times. Pollaczek–Khinchine gives
//! the exact mean wait from the first two service moments, and Takács adds
//! the second moment of the wait from the third, which the planner needs to
//! estimate latency variance and percentiles.

use serde::Serialize;

use super::dist::ServiceTime;

/// Steady-state metrics of an M/G/1 FCFS queue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Mg1Metrics {
    /// Server utilization `ρ = λ·E[S]`, dimensionless in [0, 1).
    pub utilization: f64,
    /// Probability an arrival waits, `ρ` (PASTA), dimensionless.
    pub p_wait: f64,
    /// Mean waiting time in queue (Pollaczek–Khinchine), seconds.
    pub mean_wait: f64,
    /// Mean response time `W = Wq + E[S]`, seconds.
    pub mean_response: f64,
    /// Mean number waiting `Lq = λ·Wq`, customers.
    pub mean_in_queue: f64,
    /// Mean number in the station `L = λ·W`, customers.
    pub mean_in_system: f64,
    /// Second moment of the waiting time (Takács), seconds².
    pub wait_second_moment: f64,
    /// Second moment of the response time `E[Wq²] + 2·Wq·E[S] + E[S²]`
    /// (FCFS wait is independent of the customer's own service), seconds².
    pub response_second_moment: f64,
}

/// Exact M/G/1 FCFS metrics from the arrival rate and three service moments.
///
/// `lambda` in 1/s; `s1 = E[S]` (s), `s2 = E[S²]` (s²), `s3 = E[S³]` (s³).
/// With `ρ = λ·s1`:
/// - Pollaczek–Khinchine: `Wq = λ·s2 / (2(1 − ρ)) = ρ/(1 − ρ) · (1 + SCV_s)/2 · E[S]`;
/// - Takács: `E[Wq²] = 2·Wq² + λ·s3 / (3(1 − ρ))`.
///
/// `None` when `ρ ≥ 1`, `λ < 0`, `s1 ≤ 0`, a moment is not finite, or the
/// moments are inconsistent (`s2 < s1²` or `s3 < 0`, allowing 1e-9 rounding).
///
/// Reference: Harchol-Balter (2013), ch. 23 (P-K formula); Kleinrock,
/// *Queueing Systems* Vol. 1 (1975), ch. 5 (incl. Takács' recurrence for the
/// moments of the wait); Gross & Harris (2008), ch. 5.
#[must_use]
pub fn mg1(lambda: f64, s1: f64, s2: f64, s3: f64) -> Option<Mg1Metrics> {
    let finite = [lambda, s1, s2, s3].iter().all(|v| v.is_finite());
    if !finite || lambda < 0.0 || s1 <= 0.0 || s2 < s1 * s1 * (1.0 - 1e-9) || s3 < 0.0 {
        return None;
    }
    let rho = lambda * s1;
    if rho.is_nan() || rho >= 1.0 {
        return None;
    }
    let idle = 1.0 - rho;
    let mean_wait = lambda * s2 / (2.0 * idle);
    let wait_second_moment = 2.0 * mean_wait * mean_wait + lambda * s3 / (3.0 * idle);
    let mean_response = mean_wait + s1;
    Some(Mg1Metrics {
        utilization: rho,
        p_wait: rho,
        mean_wait,
        mean_response,
        mean_in_queue: lambda * mean_wait,
        mean_in_system: lambda * mean_response,
        wait_second_moment,
        response_second_moment: wait_second_moment + 2.0 * mean_wait * s1 + s2,
    })
}

/// M/G/1 FCFS metrics for a [`ServiceTime`] (moments from its family, mean
/// and coefficient of variation); `lambda` in 1/s. See [`mg1`].
#[must_use]
pub fn mg1_service(lambda: f64, service: &ServiceTime) -> Option<Mg1Metrics> {
    mg1(
        lambda,
        service.moment(1),
        service.moment(2),
        service.moment(3),
    )
}

/// Pollaczek–Khinchine mean wait `Wq = ρ/(1 − ρ) · (1 + SCV_s)/2 · E[S]`,
/// seconds, from arrival rate `lambda` (1/s), mean service time `mean` (s)
/// and service SCV `scv` (dimensionless).
///
/// `None` when `ρ = λ·E[S] ≥ 1` or an input is invalid (negative, non-finite,
/// `mean ≤ 0`).
///
/// Reference: Harchol-Balter (2013), ch. 23; Kleinrock (1975), ch. 5.
#[must_use]
pub fn pk_mean_wait(lambda: f64, mean: f64, scv: f64) -> Option<f64> {
    let ok = lambda >= 0.0 && mean > 0.0 && scv >= 0.0;
    let finite = lambda.is_finite() && mean.is_finite() && scv.is_finite();
    let rho = lambda * mean;
    (ok && finite && rho < 1.0).then(|| rho / (1.0 - rho) * (1.0 + scv) / 2.0 * mean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queue::dist::Distribution;
    use crate::queue::mmc::mmc;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    #[test]
    fn exponential_service_reduces_to_mm1() {
        // λ = 0.8, μ = 1: Wq = 4, W = 5, E[Wq²] = 40.
        let m = mg1_service(0.8, &ServiceTime::exponential(1.0)).unwrap();
        let reference = mmc(0.8, 1.0, 1).unwrap();
        assert_relative_eq!(m.mean_wait, 4.0, max_relative = 1e-13);
        assert_relative_eq!(m.mean_response, 5.0, max_relative = 1e-13);
        assert_relative_eq!(m.mean_in_system, 4.0, max_relative = 1e-13);
        assert_relative_eq!(
            m.wait_second_moment,
            reference.wait_second_moment,
            max_relative = 1e-13
        );
        assert_relative_eq!(
            m.response_second_moment,
            reference.response_second_moment,
            max_relative = 1e-13
        );
    }

    #[test]
    fn md1_textbook() {
        // M/D/1: Wq = ρS/(2(1 − ρ)). S = 0.1 s, λ = 7/s, ρ = 0.7: Wq = 0.07/0.6.
        let m = mg1_service(7.0, &ServiceTime::deterministic(0.1)).unwrap();
        assert_relative_eq!(m.mean_wait, 0.7 * 0.1 / (2.0 * 0.3), max_relative = 1e-13);
        // Takács with E[S³] = S³: E[Wq²] = 2Wq² + λS³/(3(1 − ρ)).
        let wq = 0.7 * 0.1 / 0.6;
        assert_relative_eq!(
            m.wait_second_moment,
            2.0 * wq * wq + 7.0 * 1e-3 / 0.9,
            max_relative = 1e-13
        );
        assert_relative_eq!(
            pk_mean_wait(7.0, 0.1, 0.0).unwrap(),
            wq,
            max_relative = 1e-13
        );
    }

    #[test]
    fn lognormal_cv_one_and_a_half() {
        // Lognormal, mean 20 ms, cv 1.5 (SCV 2.25), λ = 40/s → ρ = 0.8.
        // Wq = 0.8/0.2 · 3.25/2 · 0.02 = 0.13 s.
        // E[S³] = m³(1 + cv²)³ = 8e-6 · 34.328125; E[Wq²] = 2·0.13² + 40·E[S³]/0.6.
        let s = ServiceTime {
            distribution: Distribution::Lognormal,
            mean: 0.02,
            cv: 1.5,
        };
        let m = mg1_service(40.0, &s).unwrap();
        assert_relative_eq!(m.mean_wait, 0.13, max_relative = 1e-13);
        assert_relative_eq!(m.mean_response, 0.15, max_relative = 1e-13);
        let s3 = 8e-6 * 3.25_f64.powi(3);
        assert_relative_eq!(
            m.wait_second_moment,
            2.0 * 0.13 * 0.13 + 40.0 * s3 / 0.6,
            max_relative = 1e-13
        );
        assert_relative_eq!(
            pk_mean_wait(40.0, 0.02, 2.25).unwrap(),
            0.13,
            max_relative = 1e-13
        );
    }

    #[test]
    fn invalid_or_unstable_inputs_have_no_answer() {
        assert_eq!(mg1(1.0, 1.0, 2.0, 6.0), None);
        assert_eq!(mg1(0.5, 1.0, 0.5, 6.0), None);
        assert_eq!(mg1(0.5, 0.0, 0.0, 0.0), None);
        assert_eq!(mg1(-0.5, 1.0, 2.0, 6.0), None);
        assert_eq!(mg1(0.5, 1.0, f64::INFINITY, 6.0), None);
        assert_eq!(pk_mean_wait(2.0, 0.5, 1.0), None);
        assert_eq!(pk_mean_wait(1.0, 0.5, -1.0), None);
    }

    proptest! {
        #![proptest_config(crate::test_support::proptest_config())]

        #[test]
        fn littles_law_and_finiteness(rho in 0.0f64..0.999, mean in 1e-4f64..10.0, cv in 0.0f64..4.0, fam in 0usize..4) {
            let distribution = [Distribution::Exponential, Distribution::Deterministic,
                                Distribution::Lognormal, Distribution::Gamma][fam];
            let s = ServiceTime { distribution, mean, cv };
            let lambda = rho / mean;
            let m = mg1_service(lambda, &s).unwrap();
            for v in [m.mean_wait, m.mean_response, m.mean_in_queue, m.mean_in_system,
                      m.wait_second_moment, m.response_second_moment] {
                prop_assert!(v.is_finite() && v >= 0.0);
            }
            prop_assert!((m.mean_in_system - lambda * m.mean_response).abs() <= 1e-12 * m.mean_in_system.max(1e-300));
            prop_assert!(m.wait_second_moment >= m.mean_wait * m.mean_wait * (1.0 - 1e-12));
            let pk = pk_mean_wait(lambda, mean, s.scv()).unwrap();
            prop_assert!((pk - m.mean_wait).abs() <= 1e-10 * pk.max(1e-300));
        }

        #[test]
        fn more_load_or_variability_never_lowers_waiting(rho in 0.0f64..0.98, extra in 0.0f64..0.01, scv in 0.0f64..10.0, more in 0.0f64..1.0) {
            let a = pk_mean_wait(rho, 1.0, scv).unwrap();
            prop_assert!(pk_mean_wait(rho + extra, 1.0, scv).unwrap() >= a);
            prop_assert!(pk_mean_wait(rho, 1.0, scv + more).unwrap() >= a);
        }
    }
}
