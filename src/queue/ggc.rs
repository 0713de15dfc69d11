//! The G/G/c station by the Allen–Cunneen approximation.
//!
//! Real pools of workers see bursty arrivals and variable service times. The
//! Allen–Cunneen approximation scales the exact M/M/c wait by the average of
//! the arrival and service SCVs; it is exact for M/M/c and for M/G/1 and is the
//! planner's default for a non-exponential multi-server tier, with QNA
//! supplying the arrival SCV inside a network.

use serde::Serialize;

use super::mmc::mmc;

/// Approximate steady-state metrics of a G/G/c FCFS queue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GgcMetrics {
    /// Per-server utilization `ρ = λ·E[S]/c`, dimensionless in [0, 1).
    pub utilization: f64,
    /// Probability an arrival waits, taken as Erlang C, dimensionless.
    pub p_wait: f64,
    /// Mean waiting time `Wq ≈ Wq(M/M/c)·(c_a² + c_s²)/2`, seconds.
    pub mean_wait: f64,
    /// Mean response time `W = Wq + E[S]`, seconds.
    pub mean_response: f64,
    /// Mean number waiting `Lq = λ·Wq`, customers.
    pub mean_in_queue: f64,
    /// Mean number in the station `L = λ·W`, customers.
    pub mean_in_system: f64,
    /// Second moment of the wait, assuming the conditional wait of a delayed
    /// customer is exponential: `E[Wq²] ≈ 2·Wq²/p_wait` (exact for M/M/c), seconds².
    pub wait_second_moment: f64,
    /// Second moment of the response time `E[Wq²] + 2·Wq·E[S] + E[S]²(1 + c_s²)`,
    /// seconds².
    pub response_second_moment: f64,
}

/// Allen–Cunneen approximation for a G/G/c FCFS queue.
///
/// `lambda` arrival rate (1/s), `mean_service` E[S] (s), `c` servers,
/// `scv_a` and `scv_s` the squared coefficients of variation of inter-arrival
/// and service times (dimensionless, ≥ 0):
/// `Wq ≈ Wq(M/M/c) · (scv_a + scv_s)/2`, where `Wq(M/M/c) = C/(cμ − λ)`,
/// `μ = 1/E[S]`, `C` = Erlang C. `W = Wq + E[S]`, `Lq = λWq`, `L = λW`.
///
/// `None` when `ρ = λE[S]/c ≥ 1` or an input is invalid (negative or
/// non-finite, `E[S] ≤ 0`, `c = 0`).
///
/// Reference: Allen, *Probability, Statistics, and Queueing Theory* (1990),
/// ch. 6; Gross & Harris (2008), ch. 7; Whitt, "Approximations for the GI/G/m
/// queue" (1993) for the accuracy of this family.
#[must_use]
pub fn ggc(lambda: f64, mean_service: f64, c: u32, scv_a: f64, scv_s: f64) -> Option<GgcMetrics> {
    let scvs_ok = scv_a >= 0.0 && scv_s >= 0.0 && scv_a.is_finite() && scv_s.is_finite();
    if !(scvs_ok && mean_service > 0.0) {
        return None;
    }
    let mu = 1.0 / mean_service;
    let base = mmc(lambda, mu, c)?;
    let mean_wait = base.mean_wait * (scv_a + scv_s) / 2.0;
    let mean_response = mean_wait + mean_service;
    let wait_second_moment = if base.p_wait > 0.0 {
        2.0 * mean_wait * mean_wait / base.p_wait
    } else {
        0.0
    };
    let service_second_moment = mean_service * mean_service * (1.0 + scv_s);
    Some(GgcMetrics {
        utilization: base.utilization,
        p_wait: base.p_wait,
        mean_wait,
        mean_response,
        mean_in_queue: lambda * mean_wait,
        mean_in_system: lambda * mean_response,
        wait_second_moment,
        response_second_moment: wait_second_moment
            + 2.0 * mean_wait * mean_service
            + service_second_moment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queue::mg1::pk_mean_wait;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    #[test]
    fn exponential_case_is_exact_mmc() {
        let g = ggc(1.5, 1.0, 2, 1.0, 1.0).unwrap();
        let m = mmc(1.5, 1.0, 2).unwrap();
        assert_relative_eq!(g.mean_wait, 1.285_714_285_714_285_7, max_relative = 1e-13);
        assert_relative_eq!(g.p_wait, m.p_wait, max_relative = 1e-15);
        assert_relative_eq!(
            g.wait_second_moment,
            m.wait_second_moment,
            max_relative = 1e-13
        );
        assert_relative_eq!(
            g.response_second_moment,
            m.response_second_moment,
            max_relative = 1e-13
        );
    }

    #[test]
    fn single_server_poisson_case_is_pollaczek_khinchine() {
        // M/G/1 is exact under Allen–Cunneen: (1 + c_s²)/2 · ρ/(1 − ρ) · S.
        for scv_s in [0.0, 0.5, 2.25, 9.0] {
            let g = ggc(0.6, 1.2, 1, 1.0, scv_s).unwrap();
            let pk = pk_mean_wait(0.6, 1.2, scv_s).unwrap();
            assert_relative_eq!(g.mean_wait, pk, max_relative = 1e-13);
        }
    }

    #[test]
    fn deterministic_everything_has_no_wait() {
        let g = ggc(3.0, 0.5, 2, 0.0, 0.0).unwrap();
        assert_relative_eq!(g.mean_wait, 0.0);
        assert_relative_eq!(g.mean_response, 0.5);
    }

    #[test]
    fn invalid_inputs_have_no_answer() {
        assert_eq!(ggc(4.0, 0.5, 2, 1.0, 1.0), None);
        assert_eq!(ggc(1.0, 0.5, 2, -1.0, 1.0), None);
        assert_eq!(ggc(1.0, 0.0, 2, 1.0, 1.0), None);
        assert_eq!(ggc(1.0, 0.5, 0, 1.0, 1.0), None);
        assert_eq!(ggc(1.0, f64::NAN, 2, 1.0, 1.0), None);
    }

    proptest! {
        #![proptest_config(crate::test_support::proptest_config())]

        #[test]
        fn littles_law_monotonicity_and_finiteness(
            c in 1u32..200, rho in 0.0f64..0.99, s in 1e-3f64..10.0,
            ca in 0.0f64..8.0, cs in 0.0f64..8.0,
        ) {
            let lambda = rho * f64::from(c) / s;
            let g = ggc(lambda, s, c, ca, cs).unwrap();
            for v in [g.utilization, g.p_wait, g.mean_wait, g.mean_response, g.mean_in_queue,
                      g.mean_in_system, g.wait_second_moment, g.response_second_moment] {
                prop_assert!(v.is_finite() && v >= 0.0);
            }
            prop_assert!((g.mean_in_system - lambda * g.mean_response).abs() <= 1e-12 * g.mean_in_system.max(1e-300));
            let more = ggc(lambda, s, c + 1, ca, cs).unwrap();
            prop_assert!(more.utilization <= g.utilization);
            prop_assert!(more.mean_wait <= g.mean_wait * (1.0 + 1e-12));
            let busier = ggc(lambda * 1.005, s, c, ca, cs);
            if let Some(b) = busier {
                prop_assert!(b.mean_wait >= g.mean_wait * (1.0 - 1e-12));
            }
        }
    }
}
