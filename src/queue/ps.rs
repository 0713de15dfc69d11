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

/// Each segment of the excess law holds at most this share of the tail
/// mass left before it (whole numbers of requests: one value a segment
/// where the geometric falls faster).
const SEGMENT_KEEP: f64 = 0.5;
/// A segment spans at most this share of the slowdown at its start.
const RESOLUTION: f64 = 0.25;
/// The tail beyond this mass (of the whole law) is one last segment.
const LUMPED_TAIL: f64 = 1e-4;
/// Segments of a law growing with the excess (overload under a capacity).
const GROWING_SEGMENTS: usize = 16;
/// Points lighter than this are merged into their neighbour.
const NEGLIGIBLE: f64 = 1e-9;

/// The law of the stretch of a request's own service at an M/G/c-PS station
/// (Poisson arrivals), as `planner` approximates it.
///
/// An arrival that finds `n` requests present is served at rate
/// `min(1, c/(n + 1))` at first: its *initial slowdown* is
/// `g(n) = max(1, (n + 1)/c)`. By insensitivity the number found has the
/// M/M/c (or M/M/c/K) law whatever the service distribution, so `g(N)` has an
/// exact law: 1 with probability `P(N < c)`, and `1 + (1 + m)/c` with the
/// geometric probability of an excess `m = N − c`; its mean is the exact
/// mean slowdown `1 + C/(c(1 − ρ))`.
///
/// - A short request (size `x` well below the relaxation `τ`) sees the
///   state frozen: `T = x·g(N)` — exact as `x → 0`.
/// - A long one sees it averaged: `T ≈ x·f` with `f = E[g(N)]`.
///
/// In between, `T | x ≈ x·(r·g(N) + (1 − r)·f)` with the frozen share
/// `r(u) = √(2(u − 1 + e^{−u}))/u`, `u = x/τ`, chosen so that the variance
/// `x²r²·Var g(N) = 2·Var g(N)·τ²(u − 1 + e^{−u})` is that of a slowdown
/// with exponentially fading memory. For M/M/1-PS, with `τ = E[S]/(1 − ρ)`
/// this is exactly the conditional variance of Coffman, Muntz & Trotter
/// (1970); in general `τ = E[S_e]·(f − 1)/P(N ≥ c)`, with the mean residual
/// service `E[S_e] = E[S²]/(2E[S])` of the station's class mix (for one
/// server `E[S_e]/(1 − ρ)`, which gives the exact large-`x` growth
/// `Var T(x) ~ x·λE[S²]/(1 − ρ)³` of M/G/1-PS: a busy period started by
/// `x`). The mean is exact at every `x`; the distribution is an
/// approximation, checked against the simulator.
///
/// The excess law is kept in segments of whole numbers of requests, each
/// at its conditional mean and spread to keep the exact variance: a segment
/// holds at most half the tail mass left before it and spans at most a
/// quarter of the slowdown at its start (so single values where the bulk
/// lies), and the tail beyond 1e-4 of the whole law is one last segment.
/// From a few points at light load to about 25 at ρ = 0.95, so the
/// transform of a PS visit costs that many service transforms. The points are scaled so that their mean is exactly `f`
/// (which also carries a non-Poisson correction of `f` through to the law).
#[derive(Debug, Clone, PartialEq)]
pub struct PsStretch {
    /// (probability, initial slowdown) pairs; probabilities sum to 1.
    points: Vec<(f64, f64)>,
    /// Mean slowdown `f`.
    mean: f64,
    /// Relaxation `τ` of the slowdown, seconds of own service.
    relaxation: f64,
}

impl PsStretch {
    /// The stretch law of a station with `servers` servers where an
    /// admitted arrival finds every server taken with probability
    /// `p_share`, the excess `N − c` then being geometric with ratio
    /// `ratio` (offered load per server), truncated at `max_excess` under a
    /// capacity limit; `mean_slowdown` is the exact mean slowdown `f` and
    /// `residual` the mean residual service `E[S²]/(2E[S])` of the class
    /// mix, seconds.
    #[must_use]
    pub fn new(
        servers: u32,
        p_share: f64,
        ratio: f64,
        max_excess: Option<u32>,
        mean_slowdown: f64,
        residual: f64,
    ) -> Self {
        let c = f64::from(servers.max(1));
        let share = p_share.clamp(0.0, 1.0);
        let excess = if share > 0.0 && mean_slowdown > 1.0 && ratio > 0.0 {
            excess_points(ratio, max_excess, LUMPED_TAIL / share, c)
        } else {
            Vec::new()
        };
        // Raw excess slowdown (1 + m)/c, scaled to the exact mean.
        let raw: f64 = excess.iter().map(|&(p, m)| p * (1.0 + m) / c).sum();
        let mut points = Vec::with_capacity(excess.len() + 1);
        if share < 1.0 || excess.is_empty() {
            points.push((if excess.is_empty() { 1.0 } else { 1.0 - share }, 1.0));
        }
        if raw > 0.0 {
            let scale = (mean_slowdown - 1.0) / (share * raw);
            for &(p, m) in &excess {
                points.push((share * p, 1.0 + scale * (1.0 + m) / c));
            }
        }
        let mean = if raw > 0.0 { mean_slowdown } else { 1.0 };
        let relaxation = if share > 0.0 && mean > 1.0 {
            residual.max(0.0) * (mean - 1.0) / share
        } else {
            0.0
        };
        PsStretch {
            points,
            mean,
            relaxation,
        }
    }

    /// Mean slowdown `f`.
    #[must_use]
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// Relaxation `τ`, seconds of own service.
    #[must_use]
    pub fn relaxation(&self) -> f64 {
        self.relaxation
    }

    /// The law of `T/x` for a request class of mean size `mean_service`
    /// (seconds): (probability, stretch) pairs, mean `f`.
    #[must_use]
    pub fn stretches(&self, mean_service: f64) -> Vec<(f64, f64)> {
        if let [(_, g)] = self.points[..] {
            return vec![(1.0, g)];
        }
        let r = frozen_share(mean_service / self.relaxation);
        self.points
            .iter()
            .map(|&(p, g)| (p, r * g + (1.0 - r) * self.mean))
            .collect()
    }
}

/// `r(u) = √(2(u − 1 + e^{−u}))/u`: 1 at 0, `√(2/u)` for large `u`.
#[must_use]
pub fn frozen_share(u: f64) -> f64 {
    if u.is_nan() || u <= 0.0 {
        return 1.0;
    }
    if u.is_infinite() {
        return 0.0;
    }
    if u < 1e-3 {
        // 2(u − 1 + e^{−u})/u² = 1 − u/3 + u²/12 − …
        return (1.0 - u / 3.0 + u * u / 12.0).sqrt();
    }
    (2.0 * (u + (-u).exp_m1())).sqrt() / u
}

/// The law of the excess `m = N − c` (given `N ≥ c`) as (probability,
/// value) points: geometric with ratio `ratio` on `0..=max` (unbounded
/// without `max`), in segments; the tail beyond mass `eps` is lumped.
fn excess_points(ratio: f64, max: Option<u32>, eps: f64, servers: f64) -> Vec<(f64, f64)> {
    let top = max.map(f64::from);
    let mut points: Vec<(f64, f64)> = Vec::new();
    if ratio < 1.0 {
        let lambda = -ratio.ln();
        let width = (-SEGMENT_KEEP.ln() / lambda).ceil().max(1.0);
        let beyond = top.map_or(0.0, |t| ratio.powf(t + 1.0));
        let tail = |a: f64| (ratio.powf(a) - beyond) / (1.0 - beyond);
        let mut a = 0.0;
        loop {
            let left = tail(a);
            if left.is_nan() || left <= 0.0 {
                break;
            }
            // No wider than a quarter of the slowdown (c + 1 + a)/c there.
            let width = width.min((RESOLUTION * (servers + 1.0 + a)).floor().max(1.0));
            let last = left < eps || top.is_some_and(|t| a + width > t);
            let n = if last {
                top.map_or(f64::INFINITY, |t| t - a + 1.0)
            } else {
                width
            };
            let mass = if last { left } else { left - tail(a + n) };
            points.push((mass, a + geometric_segment_mean(ratio, n)));
            if last {
                break;
            }
            a += n;
        }
    } else {
        // Weights ratio^m growing toward the capacity: equal-width segments,
        // summed directly (normalised by the largest weight).
        let k = max.unwrap_or(0) as usize;
        let ln = ratio.ln();
        let w = |m: usize| (ln * (m as f64 - k as f64)).exp();
        let total: f64 = (0..=k).map(w).sum();
        let width = (k + 1).div_ceil(GROWING_SEGMENTS).max(1);
        let mut lo = 0;
        while lo <= k {
            let hi = (lo + width).min(k + 1);
            let mass: f64 = (lo..hi).map(w).sum();
            let mean = (lo..hi).map(|m| w(m) * m as f64).sum::<f64>() / mass;
            points.push((mass / total, mean));
            lo = hi;
        }
    }
    let (mean, var) = excess_moments(ratio, max);
    match_variance(merge_light(points), mean, var)
}

/// Exact mean and variance of the excess law of [`excess_points`].
fn excess_moments(ratio: f64, max: Option<u32>) -> (f64, f64) {
    match max {
        None => (
            ratio / (1.0 - ratio),
            ratio / ((1.0 - ratio) * (1.0 - ratio)),
        ),
        Some(k) => {
            // Direct sums, normalised by the largest weight; terms below
            // 1e-18 of it are dropped.
            let ln = ratio.ln();
            let peak = if ln > 0.0 { f64::from(k) } else { 0.0 };
            let (mut s0, mut s1, mut s2) = (0.0, 0.0, 0.0);
            for m in 0..=k {
                let x = f64::from(m);
                let w = (ln * (x - peak)).exp();
                if w < 1e-18 {
                    if ln < 0.0 {
                        break;
                    }
                    continue;
                }
                s0 += w;
                s1 += w * x;
                s2 += w * x * x;
            }
            let mean = s1 / s0;
            (mean, (s2 / s0 - mean * mean).max(0.0))
        }
    }
}

/// Spreads the points about their mean `mean` so that their variance is
/// `var` (each segment at its mean loses the spread inside it).
fn match_variance(mut points: Vec<(f64, f64)>, mean: f64, var: f64) -> Vec<(f64, f64)> {
    let have: f64 = points
        .iter()
        .map(|&(p, m)| p * (m - mean) * (m - mean))
        .sum();
    if have > 0.0 && var > have {
        let s = (var / have).sqrt();
        for point in &mut points {
            point.1 = (mean + (point.1 - mean) * s).max(0.0);
        }
    }
    points
}

/// Mean of `j` over `0..n` (`n` may be infinite) with weights `r^j`, `r < 1`.
fn geometric_segment_mean(r: f64, n: f64) -> f64 {
    if n.is_infinite() {
        return r / (1.0 - r);
    }
    if n <= 64.0 {
        let (mut s0, mut s1, mut w) = (0.0, 0.0, 1.0);
        for j in 0..n as usize {
            s0 += w;
            s1 += w * j as f64;
            w *= r;
        }
        return s1 / s0;
    }
    // Σ j r^j = r(1 − n r^{n−1} + (n − 1)r^n)/(1 − r)², Σ r^j = (1 − r^n)/(1 − r).
    let rn = r.powf(n);
    let s1 = r * (1.0 - n * rn / r + (n - 1.0) * rn) / ((1.0 - r) * (1.0 - r));
    let s0 = (1.0 - rn) / (1.0 - r);
    s1 / s0
}

/// Merges points lighter than [`NEGLIGIBLE`] into the previous one (keeping
/// the mass; the mean is rescaled by the caller).
fn merge_light(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for (p, m) in points {
        match out.last_mut() {
            Some(last) if p < NEGLIGIBLE => {
                let total = last.0 + p;
                if total > 0.0 {
                    last.1 = (last.0 * last.1 + p * m) / total;
                }
                last.0 = total;
            }
            _ => out.push((p, m)),
        }
    }
    out
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

    /// Mean and variance of (probability, value) points.
    fn moments(points: &[(f64, f64)]) -> (f64, f64, f64) {
        let total: f64 = points.iter().map(|p| p.0).sum();
        let mean: f64 = points.iter().map(|p| p.0 * p.1).sum();
        let second: f64 = points.iter().map(|p| p.0 * p.1 * p.1).sum();
        (total, mean, second - mean * mean)
    }

    #[test]
    fn stretch_has_the_exact_mean_slowdown_at_every_size() {
        for (c, rho) in [(1, 0.1), (1, 0.5), (1, 0.95), (4, 0.3), (4, 0.9), (64, 0.8)] {
            let a = rho * f64::from(c);
            let f = ps_slowdown(a, 1.0, c).unwrap();
            let share = crate::queue::erlang::erlang_c(c, a).unwrap();
            let law = PsStretch::new(c, share, rho, None, f, 1.0);
            for x in [1e-6, 0.1, 1.0, 10.0, 1e4] {
                let (total, mean, _) = moments(&law.stretches(x));
                assert_relative_eq!(total, 1.0, max_relative = 1e-12);
                assert_relative_eq!(mean, f, max_relative = 1e-12);
            }
        }
    }

    #[test]
    fn small_requests_see_the_number_present_frozen() {
        // M/M/1-PS: N is geometric, P(N = n) = (1 − ρ)ρⁿ, so the slowdown
        // 1 + N of a tiny request has mean 1/(1 − ρ), variance ρ/(1 − ρ)²,
        // and P(slowdown = 1) = 1 − ρ.
        for rho in [0.2, 0.7, 0.95] {
            let f = 1.0 / (1.0 - rho);
            let law = PsStretch::new(1, rho, rho, None, f, 1.0);
            let points = law.stretches(1e-9);
            let (_, mean, var) = moments(&points);
            assert_relative_eq!(mean, f, max_relative = 1e-9);
            // The tail lumped into segments loses a little variance.
            assert_relative_eq!(var, rho / ((1.0 - rho) * (1.0 - rho)), max_relative = 0.02);
            let free: f64 = points
                .iter()
                .filter(|p| p.1 < 1.0 + 1e-6)
                .map(|p| p.0)
                .sum();
            assert_relative_eq!(free, 1.0 - rho, max_relative = 1e-6);
        }
    }

    #[test]
    fn mm1_ps_conditional_variance_is_coffman_muntz_trotter() {
        // Coffman, Muntz & Trotter (1970): in M/M/1-PS (rate μ, load ρ) a job
        // of size x has Var T(x) = 2ρx/(μ(1 − ρ)³) − 2ρ(1 − e^{−(1−ρ)μx})/(μ²(1 − ρ)⁴).
        // (Integrated over x ~ Exp(μ) it gives the known unconditional
        // Var T = (2 + ρ)/((2 − ρ)(μ − λ)²).)
        let mu = 1.0;
        for rho in [0.3, 0.8] {
            let f = 1.0 / (1.0 - rho);
            // E[S_e] = E[S²]/(2E[S]) = 1/μ for exponential service.
            let law = PsStretch::new(1, rho, rho, None, f, 1.0 / mu);
            assert_relative_eq!(
                law.relaxation(),
                1.0 / (mu * (1.0 - rho)),
                max_relative = 1e-12
            );
            for x in [0.01, 0.5, 2.0, 20.0] {
                let (_, _, var) = moments(&law.stretches(x));
                let q = 1.0 - rho;
                let cmt = 2.0 * rho * x / (mu * q.powi(3))
                    - 2.0 * rho * (1.0 - (-q * mu * x).exp()) / (mu * mu * q.powi(4));
                assert_relative_eq!(x * x * var, cmt, max_relative = 0.02);
            }
        }
    }

    #[test]
    fn frozen_share_limits() {
        assert_relative_eq!(frozen_share(0.0), 1.0);
        assert_relative_eq!(frozen_share(1e-4), 1.0 - 1e-4 / 6.0, max_relative = 1e-8);
        // Continuous across the series switch.
        assert_relative_eq!(
            frozen_share(0.999e-3),
            frozen_share(1.001e-3),
            max_relative = 1e-6
        );
        assert_relative_eq!(
            frozen_share(1e6),
            (2.0f64 / 1e6).sqrt(),
            max_relative = 1e-5
        );
    }

    #[test]
    fn capacity_truncates_the_excess() {
        // M/M/1/3-PS at ρ = 2: an admitted arrival finds 0, 1 or 2 present
        // with weights 1, 2, 4: slowdown 1, 2 or 3.
        let law = PsStretch::new(1, 6.0 / 7.0, 2.0, Some(1), 1.0 + 10.0 / 7.0, 1.0);
        let points = law.stretches(1e-12);
        let (total, mean, _) = moments(&points);
        assert_relative_eq!(total, 1.0, max_relative = 1e-12);
        assert_relative_eq!(mean, (1.0 + 4.0 + 12.0) / 7.0, max_relative = 1e-9);
        assert_eq!(points.len(), 3);
        assert_relative_eq!(points[2].1, 3.0, max_relative = 1e-9);
        assert_relative_eq!(points[2].0, 4.0 / 7.0, max_relative = 1e-12);
    }
}
