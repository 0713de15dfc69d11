//! Processor sharing: a CPU time-sliced among the requests present.
//!
//! With `n` requests at `c` servers each is served at rate `min(1, c/n)`.
//! Under Poisson arrivals this is a symmetric queue (Kelly 1979): the number
//! present has the law of the M/M/c (or M/M/c/K) birth–death chain whatever
//! the service distribution (insensitivity), and a request of size `x`
//! spends on average `x·E[T]/E[S]` at the station (Cohen 1979): time in
//! the station is proportional to work, so short requests are not held up
//! by long ones.

use super::erlang::erlang_c;
use super::mmck::mmck;

/// Mean slowdown `E[T | S = x] / x` of an M/G/c-PS station: the M/M/c mean
/// response over the mean service, `1 + C(c, a)/(c(1 − ρ))`, with Erlang C
/// `C`, offered load `a = λ·E[S]` and `ρ = a/c`. For one server this is
/// `1/(1 − ρ)`.
///
/// `None` when `ρ ≥ 1` or the input is invalid.
///
/// Reference: Harchol-Balter (2013), ch. 22 (M/G/1-PS, insensitivity) and
/// ch. 30; Kleinrock, *Queueing Systems* Vol. 2 (1976), §4.4; Cohen, "The
/// multiple phase service network with generalized processor sharing", Acta
/// Informatica 12 (1979).
#[must_use]
pub fn ps_slowdown(lambda: f64, mean_service: f64, c: u32) -> Option<f64> {
    if !(lambda >= 0.0 && lambda.is_finite() && mean_service > 0.0 && mean_service.is_finite()) {
        return None;
    }
    let a = lambda * mean_service;
    let rho = a / f64::from(c);
    let wait_probability = erlang_c(c, a)?;
    Some(1.0 + wait_probability / (f64::from(c) * (1.0 - rho)))
}

/// Mean slowdown of an M/G/c/K-PS station (at most `K` present, arrivals
/// finding it full are refused): `L/(λ_eff·E[S])` from the M/M/c/K chain,
/// which the PS station shares by insensitivity. Defined at any load.
///
/// Reference: Kelly, *Reversibility and Stochastic Networks* (1979), §3.3
/// (symmetric queues); Gross & Harris (2008), ch. 2 (M/M/c/K).
#[must_use]
pub fn ps_slowdown_limited(lambda: f64, mean_service: f64, c: u32, k: u32) -> Option<f64> {
    if !(mean_service > 0.0 && mean_service.is_finite()) {
        return None;
    }
    let m = mmck(lambda, 1.0 / mean_service, c, k)?;
    if m.effective_arrival_rate <= 0.0 {
        return Some(1.0);
    }
    Some(m.mean_in_system / (m.effective_arrival_rate * mean_service))
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn one_server_slows_down_by_one_over_idle() {
        // M/G/1-PS: E[T | x] = x/(1 − ρ).
        for rho in [0.1, 0.5, 0.9, 0.99] {
            assert_relative_eq!(
                ps_slowdown(rho, 1.0, 1).unwrap(),
                1.0 / (1.0 - rho),
                max_relative = 1e-13
            );
        }
        assert_eq!(ps_slowdown(1.0, 1.0, 1), None);
    }

    #[test]
    fn many_servers_match_the_mmc_mean_response() {
        // M/M/2: C = 2ρ²/(1 + ρ), E[T]/E[S] = 1 + C/(2(1 − ρ)) = 1/(1 − ρ²).
        let rho: f64 = 0.6;
        let f = ps_slowdown(2.0 * rho, 1.0, 2).unwrap();
        assert_relative_eq!(f, 1.0 / (1.0 - rho * rho), max_relative = 1e-13);
    }

    #[test]
    fn a_large_capacity_limit_changes_nothing() {
        let f = ps_slowdown(3.0, 1.0, 4).unwrap();
        let g = ps_slowdown_limited(3.0, 1.0, 4, 10_000).unwrap();
        assert_relative_eq!(f, g, max_relative = 1e-12);
        // M/M/1/1: nobody shares, slowdown 1.
        assert_relative_eq!(ps_slowdown_limited(5.0, 1.0, 1, 1).unwrap(), 1.0);
    }
}
