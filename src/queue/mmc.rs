//! The M/M/c station: Poisson arrivals, exponential service, `c` servers, FCFS.
//!
//! This is the planner's reference multi-server model: exact means, second
//! moments, and the full waiting- and response-time distributions, so that
//! latency percentiles of a pool of identical workers have a closed-form CDF
//! to invert. Other models (G/G/c, QNA) scale its results.

use serde::Serialize;

use super::erlang::erlang_c;
use super::root::{bisect, grow_upper};

/// Steady-state metrics of an M/M/c FCFS queue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MmcMetrics {
    /// Per-server utilization `ρ = λ/(cμ)`, dimensionless in [0, 1).
    pub utilization: f64,
    /// Probability an arrival waits (Erlang C), dimensionless.
    pub p_wait: f64,
    /// Mean waiting time in queue `Wq = C/(cμ − λ)`, seconds.
    pub mean_wait: f64,
    /// Mean response (sojourn) time `W = Wq + 1/μ`, seconds.
    pub mean_response: f64,
    /// Mean number waiting `Lq = λ·Wq`, customers.
    pub mean_in_queue: f64,
    /// Mean number in the station `L = λ·W`, customers.
    pub mean_in_system: f64,
    /// Second moment of the waiting time `E[Wq²] = 2C/(cμ − λ)²`, seconds².
    pub wait_second_moment: f64,
    /// Second moment of the response time
    /// `E[T²] = E[Wq²] + 2·Wq/μ + 2/μ²` (wait and own service independent), seconds².
    pub response_second_moment: f64,
}

/// Validated M/M/c parameters: service rate, Erlang C and `θ = cμ − λ`.
#[derive(Debug, Clone, Copy)]
struct Station {
    mu: f64,
    p_wait: f64,
    theta: f64,
}

fn station(lambda: f64, mu: f64, c: u32) -> Option<Station> {
    if !(lambda >= 0.0 && lambda.is_finite() && mu > 0.0 && mu.is_finite()) {
        return None;
    }
    let p_wait = erlang_c(c, lambda / mu)?;
    let theta = f64::from(c) * mu - lambda;
    (theta > 0.0 && theta.is_finite()).then_some(Station { mu, p_wait, theta })
}

/// Exact steady-state metrics of an M/M/c queue.
///
/// Arrival rate `lambda` (1/s), service rate per server `mu` (1/s), `c`
/// servers. With `C` the Erlang C probability and `θ = cμ − λ`:
/// `Wq = C/θ`, `W = Wq + 1/μ`, `Lq = λWq`, `L = λW`, `E[Wq²] = 2C/θ²`
/// (the wait is 0 with probability `1 − C`, else Exp(θ)).
///
/// `None` when there is no steady state (`λ ≥ cμ`) or an input is invalid
/// (`λ < 0`, `μ ≤ 0`, `c = 0`, non-finite).
///
/// Reference: Harchol-Balter (2013), ch. 14; Kleinrock, *Queueing Systems*
/// Vol. 1 (1975), ch. 3; Gross & Harris (2008), ch. 2.
#[must_use]
pub fn mmc(lambda: f64, mu: f64, c: u32) -> Option<MmcMetrics> {
    let s = station(lambda, mu, c)?;
    let mean_wait = s.p_wait / s.theta;
    let mean_response = mean_wait + 1.0 / mu;
    let wait_second_moment = 2.0 * s.p_wait / (s.theta * s.theta);
    Some(MmcMetrics {
        utilization: lambda / (f64::from(c) * mu),
        p_wait: s.p_wait,
        mean_wait,
        mean_response,
        mean_in_queue: lambda * mean_wait,
        mean_in_system: lambda * mean_response,
        wait_second_moment,
        response_second_moment: wait_second_moment + 2.0 * mean_wait / mu + 2.0 / (mu * mu),
    })
}

/// `P(Wq > t)` for an M/M/c FCFS queue: `C·e^{−θt}` for `t ≥ 0` (1 for `t < 0`),
/// `θ = cμ − λ`. Rates in 1/s, `t` in seconds.
///
/// `None` as for [`mmc`], or when `t` is NaN.
///
/// Reference: Harchol-Balter (2013), ch. 14; Kleinrock (1975), ch. 3.
#[must_use]
pub fn mmc_wait_ccdf(lambda: f64, mu: f64, c: u32, t: f64) -> Option<f64> {
    let s = station(lambda, mu, c)?;
    match t {
        t if t.is_nan() => None,
        t if t < 0.0 => Some(1.0),
        t => Some(s.p_wait * (-s.theta * t).exp()),
    }
}

/// Waiting-time quantile of an M/M/c FCFS queue, seconds: 0 if `q ≤ 1 − C`,
/// else `ln(C/(1 − q))/θ` with `θ = cμ − λ` (inverse of [`mmc_wait_ccdf`]).
///
/// `None` as for [`mmc`], or when `q ≥ 1` (unbounded) or NaN; `q ≤ 0` gives 0.
///
/// Reference: Harchol-Balter (2013), ch. 14.
#[must_use]
pub fn mmc_wait_quantile(lambda: f64, mu: f64, c: u32, q: f64) -> Option<f64> {
    let s = station(lambda, mu, c)?;
    if q.is_nan() || q >= 1.0 {
        return None;
    }
    if q <= 1.0 - s.p_wait {
        return Some(0.0);
    }
    Some((s.p_wait / (1.0 - q)).ln().max(0.0) / s.theta)
}

/// `(1 − e^{−x})/x · t` for `x = d·t ≥ 0`, i.e. `(1 − e^{−dt})/d`, without the
/// cancellation of the naive form when `d` is tiny (limit `t` at `d = 0`).
fn one_minus_exp_over(d: f64, t: f64) -> f64 {
    let x = d * t;
    if x < 1e-8 {
        t * (1.0 - x / 2.0 + x * x / 6.0)
    } else {
        -(-x).exp_m1() / d
    }
}

/// `P(X + Y > t)` for independent `X ~ Exp(a)`, `Y ~ Exp(b)`, `t ≥ 0`.
///
/// The textbook form `(a·e^{−bt} − b·e^{−at})/(a − b)` cancels catastrophically
/// as `a → b`. Writing `lo = min(a, b)`, `d = |a − b|`, the same quantity is
/// `e^{−lo·t}·(1 + lo·(1 − e^{−dt})/d)`, a sum of non-negative terms that tends
/// smoothly to the Erlang-2 limit `(1 + lo·t)·e^{−lo·t}` as `d → 0`.
fn hypoexp2_ccdf(a: f64, b: f64, t: f64) -> f64 {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let tail = (-lo * t).exp();
    if tail == 0.0 {
        return 0.0;
    }
    (tail * (1.0 + lo * one_minus_exp_over(hi - lo, t))).min(1.0)
}

/// `P(T > t)` for the response (sojourn) time `T` of an M/M/c FCFS queue.
///
/// `T = Wq + S`: with probability `1 − C` no wait, `P = e^{−μt}`; otherwise the
/// wait is Exp(θ), `θ = cμ − λ`, independent of the Exp(μ) service, so
/// `P(T > t) = (1 − C)·e^{−μt} + C·P(Exp(θ) + Exp(μ) > t)`. The hypoexponential
/// term is evaluated in a cancellation-free form that is exact also at θ = μ,
/// where it equals `(1 + μt)·e^{−μt}`. Rates in 1/s, `t` in seconds.
///
/// `None` as for [`mmc`], or when `t` is NaN. 1 for `t ≤ 0`, 0 for `t = +∞`.
///
/// Reference: Gross & Harris (2008), ch. 2 (waiting- and sojourn-time
/// distributions of M/M/c); Kleinrock (1975), ch. 3.
#[must_use]
pub fn mmc_response_ccdf(lambda: f64, mu: f64, c: u32, t: f64) -> Option<f64> {
    let s = station(lambda, mu, c)?;
    if t.is_nan() {
        return None;
    }
    Some(response_ccdf(s, t))
}

fn response_ccdf(s: Station, t: f64) -> f64 {
    if t <= 0.0 {
        return 1.0;
    }
    if t == f64::INFINITY {
        return 0.0;
    }
    let no_wait = (1.0 - s.p_wait) * (-s.mu * t).exp();
    let waited = s.p_wait * hypoexp2_ccdf(s.theta, s.mu, t);
    (no_wait + waited).min(1.0)
}

/// Response-time quantile of an M/M/c FCFS queue: the `t` (seconds) with
/// `P(T ≤ t) = q`, inverting [`mmc_response_ccdf`].
///
/// The bracket starts at `[0, 1/min(θ, μ)]` and doubles its upper end until
/// `P(T > hi) ≤ 1 − q` (T is stochastically below the sum of two Exp(min(θ, μ))
/// variables, so few doublings are needed); bisection then narrows it to
/// ~1e-15 relative. Comparing survival probabilities rather than CDF values
/// keeps high percentiles (p99.99) accurate.
///
/// `None` as for [`mmc`], or when `q ≥ 1` (unbounded) or NaN; `q ≤ 0` gives 0.
///
/// Reference: as [`mmc_response_ccdf`].
#[must_use]
pub fn mmc_response_quantile(lambda: f64, mu: f64, c: u32, q: f64) -> Option<f64> {
    let s = station(lambda, mu, c)?;
    if q.is_nan() || q >= 1.0 {
        return None;
    }
    if q <= 0.0 {
        return Some(0.0);
    }
    let target = 1.0 - q;
    let above = |t: f64| response_ccdf(s, t) <= target;
    let hi = grow_upper(1.0 / s.theta.min(s.mu), above)?;
    Some(bisect(0.0, hi, above))
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    #[test]
    fn mm1_textbook() {
        // λ = 0.8, μ = 1: W = 1/(μ − λ) = 5, Wq = ρ/(μ − λ) = 4, L = 4, Lq = 3.2.
        let m = mmc(0.8, 1.0, 1).unwrap();
        assert_relative_eq!(m.utilization, 0.8, max_relative = 1e-15);
        assert_relative_eq!(m.p_wait, 0.8, max_relative = 1e-14);
        assert_relative_eq!(m.mean_response, 5.0, max_relative = 1e-13);
        assert_relative_eq!(m.mean_wait, 4.0, max_relative = 1e-13);
        assert_relative_eq!(m.mean_in_system, 4.0, max_relative = 1e-13);
        assert_relative_eq!(m.mean_in_queue, 3.2, max_relative = 1e-13);
        // E[Wq²] = 2ρ/(μ − λ)²; T ~ Exp(μ − λ) so E[T²] = 2·25.
        assert_relative_eq!(m.wait_second_moment, 40.0, max_relative = 1e-13);
        assert_relative_eq!(m.response_second_moment, 50.0, max_relative = 1e-13);
    }

    #[test]
    fn mm2_textbook() {
        // c = 2, λ = 1.5, μ = 1: C = 9/14, Wq = C/0.5 = 9/7.
        let m = mmc(1.5, 1.0, 2).unwrap();
        assert_relative_eq!(m.p_wait, 0.642_857_142_857_142_9, max_relative = 1e-13);
        assert_relative_eq!(m.mean_wait, 1.285_714_285_714_285_7, max_relative = 1e-13);
        assert_relative_eq!(
            m.mean_response,
            2.285_714_285_714_285_7,
            max_relative = 1e-13
        );
        assert_relative_eq!(m.utilization, 0.75, max_relative = 1e-15);
    }

    #[test]
    fn ten_thousand_servers_near_saturation() {
        // C from the exact rational recursion: 0.22277692886414824.
        let m = mmc(9_900.0, 1.0, 10_000).unwrap();
        assert_relative_eq!(m.p_wait, 0.222_776_928_864_148_24, max_relative = 1e-10);
        assert_relative_eq!(
            m.mean_wait,
            0.222_776_928_864_148_24 / 100.0,
            max_relative = 1e-10
        );
        let p99 = mmc_response_quantile(9_900.0, 1.0, 10_000, 0.99).unwrap();
        assert!(p99.is_finite() && p99 > 0.0);
        let back = mmc_response_ccdf(9_900.0, 1.0, 10_000, p99).unwrap();
        assert_relative_eq!(back, 0.01, max_relative = 1e-10);
    }

    #[test]
    fn no_steady_state_or_bad_input_has_no_answer() {
        assert_eq!(mmc(2.0, 1.0, 2), None);
        assert_eq!(mmc(3.0, 1.0, 2), None);
        assert_eq!(mmc(1.0, 0.0, 2), None);
        assert_eq!(mmc(-1.0, 1.0, 2), None);
        assert_eq!(mmc(1.0, 1.0, 0), None);
        assert_eq!(mmc(f64::NAN, 1.0, 2), None);
        assert_eq!(mmc_response_quantile(2.0, 1.0, 2, 0.5), None);
        assert_eq!(mmc_response_quantile(1.0, 1.0, 2, 1.0), None);
        assert_eq!(mmc_wait_quantile(1.0, 1.0, 2, f64::NAN), None);
        assert_eq!(mmc_response_ccdf(1.0, 1.0, 2, f64::NAN), None);
    }

    #[test]
    fn idle_station_has_pure_service_times() {
        let m = mmc(0.0, 4.0, 3).unwrap();
        assert_relative_eq!(m.mean_wait, 0.0);
        assert_relative_eq!(m.mean_response, 0.25, max_relative = 1e-15);
        assert_relative_eq!(m.response_second_moment, 2.0 / 16.0, max_relative = 1e-15);
    }

    #[test]
    fn mm1_response_is_exponential() {
        // M/M/1: T ~ Exp(μ − λ), quantile = −ln(1 − q)/(μ − λ).
        for q in [1e-6_f64, 0.5, 0.9, 0.99, 0.9999, 1.0 - 1e-12] {
            let t = mmc_response_quantile(0.8, 1.0, 1, q).unwrap();
            assert_relative_eq!(t, -(-q).ln_1p() / 0.2, max_relative = 1e-12);
        }
        let p = mmc_response_ccdf(0.8, 1.0, 1, 3.0).unwrap();
        assert_relative_eq!(p, (-0.6_f64).exp(), max_relative = 1e-14);
    }

    #[test]
    fn response_ccdf_at_theta_equal_mu_is_erlang_two_limit() {
        // c = 2, λ = 1, μ = 1: θ = cμ − λ = 1 = μ; C = 1/3.
        let c = 1.0 / 3.0;
        for t in [0.1_f64, 1.0, 5.0, 30.0] {
            let exact = (1.0 - c) * (-t).exp() + c * (1.0 + t) * (-t).exp();
            let got = mmc_response_ccdf(1.0, 1.0, 2, t).unwrap();
            assert_relative_eq!(got, exact, max_relative = 1e-13);
            // A hair away from θ = μ the result moves continuously.
            let near = mmc_response_ccdf(1.0 + 1e-11, 1.0, 2, t).unwrap();
            assert_relative_eq!(near, exact, max_relative = 1e-9);
        }
    }

    #[test]
    fn response_ccdf_matches_textbook_form_when_rates_differ() {
        // c = 4, λ = 2, μ = 1: θ = 2.
        let (theta, mu) = (2.0_f64, 1.0_f64);
        let c = crate::queue::erlang::erlang_c(4, 2.0).unwrap();
        for t in [0.05_f64, 0.7, 3.0, 12.0] {
            let hypo = (theta * (-mu * t).exp() - mu * (-theta * t).exp()) / (theta - mu);
            let exact = (1.0 - c) * (-mu * t).exp() + c * hypo;
            let got = mmc_response_ccdf(2.0, 1.0, 4, t).unwrap();
            assert_relative_eq!(got, exact, max_relative = 1e-13);
        }
    }

    #[test]
    fn response_ccdf_integrates_to_mean_response() {
        // E[T] = ∫ P(T > t) dt, composite Simpson on [0, 60] (tail < 1e-20).
        let (lambda, mu, c) = (5.0, 2.0, 3);
        let n = 60_000;
        let h = 60.0 / f64::from(n);
        let f = |t: f64| mmc_response_ccdf(lambda, mu, c, t).unwrap();
        let mut sum = f(0.0) + f(60.0);
        for i in 1..n {
            sum += f(f64::from(i) * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
        }
        let integral = sum * h / 3.0;
        assert_relative_eq!(
            integral,
            mmc(lambda, mu, c).unwrap().mean_response,
            max_relative = 1e-10
        );
    }

    #[test]
    fn wait_quantile_closed_form() {
        // M/M/2, λ = 1.5, μ = 1: C = 9/14, θ = 0.5.
        assert_relative_eq!(mmc_wait_quantile(1.5, 1.0, 2, 0.3).unwrap(), 0.0);
        let t = mmc_wait_quantile(1.5, 1.0, 2, 0.99).unwrap();
        assert_relative_eq!(t, (9.0 / 14.0 / 0.01_f64).ln() / 0.5, max_relative = 1e-13);
        assert_relative_eq!(
            mmc_wait_ccdf(1.5, 1.0, 2, t).unwrap(),
            0.01,
            max_relative = 1e-12
        );
        assert_relative_eq!(
            mmc_wait_ccdf(1.5, 1.0, 2, 0.0).unwrap(),
            9.0 / 14.0,
            max_relative = 1e-13
        );
    }

    proptest! {
        #![proptest_config(crate::test_support::proptest_config())]

        #[test]
        fn littles_law_and_finiteness(c in 1u32..300, rho in 0.0f64..0.999, mu in 1e-3f64..1e3) {
            let lambda = rho * f64::from(c) * mu;
            let m = mmc(lambda, mu, c).unwrap();
            for v in [m.utilization, m.p_wait, m.mean_wait, m.mean_response, m.mean_in_queue,
                      m.mean_in_system, m.wait_second_moment, m.response_second_moment] {
                prop_assert!(v.is_finite() && v >= 0.0);
            }
            prop_assert!((m.mean_in_system - lambda * m.mean_response).abs() <= 1e-12 * m.mean_in_system.max(1e-300));
            prop_assert!((m.mean_in_queue - lambda * m.mean_wait).abs() <= 1e-12 * m.mean_in_queue.max(1e-300));
            // Variance is non-negative.
            prop_assert!(m.response_second_moment >= m.mean_response * m.mean_response * (1.0 - 1e-12));
        }

        #[test]
        fn more_servers_never_raise_utilization_or_waiting(c in 1u32..200, rho in 0.0f64..0.999, mu in 0.01f64..100.0) {
            let lambda = rho * f64::from(c) * mu;
            let now = mmc(lambda, mu, c).unwrap();
            let more = mmc(lambda, mu, c + 1).unwrap();
            prop_assert!(more.utilization <= now.utilization);
            prop_assert!(more.mean_wait <= now.mean_wait * (1.0 + 1e-12));
            prop_assert!(more.mean_response <= now.mean_response * (1.0 + 1e-12));
        }

        #[test]
        fn more_load_never_lowers_waiting(c in 1u32..200, rho in 0.0f64..0.99, extra in 0.0f64..0.009, mu in 0.01f64..100.0) {
            let cap = f64::from(c) * mu;
            let now = mmc(rho * cap, mu, c).unwrap();
            let busier = mmc((rho + extra) * cap, mu, c).unwrap();
            prop_assert!(busier.mean_wait >= now.mean_wait * (1.0 - 1e-12));
            prop_assert!(busier.mean_in_system >= now.mean_in_system * (1.0 - 1e-12));
        }

        #[test]
        fn response_quantile_round_trips(c in 1u32..500, rho in 0.0f64..0.999, mu in 0.01f64..100.0, q in 0.0001f64..0.9999) {
            let lambda = rho * f64::from(c) * mu;
            let t = mmc_response_quantile(lambda, mu, c, q).unwrap();
            prop_assert!(t.is_finite() && t > 0.0);
            let back = mmc_response_ccdf(lambda, mu, c, t).unwrap();
            prop_assert!((back - (1.0 - q)).abs() <= 1e-12 * (1.0 - q), "q {q} back {back}");
            // Quantiles grow with q, and the response quantile exceeds the wait quantile.
            let w = mmc_wait_quantile(lambda, mu, c, q).unwrap();
            prop_assert!(t >= w);
        }
    }
}
