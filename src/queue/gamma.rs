//! Gamma distributions fitted to two moments, and quantiles of mixtures.
//!
//! End-to-end latency percentiles are not sums of per-station percentiles. The
//! planner's analytic estimate matches the mean and variance of a sojourn time
//! and inverts a fitted gamma distribution; traffic split across classes or
//! paths gives a mixture of such fits, inverted here by Newton steps kept
//! inside a bisection bracket.

use statrs::function::erf::{erfc, erfc_inv};
use statrs::function::gamma::{checked_gamma_lr, checked_gamma_ur, ln_gamma};

use super::root::{REL_TOL, bisect_to, grow_upper, newton_bracketed};

/// Above this shape the gamma is evaluated with the Wilson–Hilferty normal
/// approximation: the incomplete-gamma series would need O(√shape) terms and
/// lose accuracy, while Wilson–Hilferty's error there is below 1e-8.
const WILSON_HILFERTY_SHAPE: f64 = 1e5;

/// A gamma law `Gamma(shape, scale)` or a point mass (zero variance).
#[derive(Debug, Clone, Copy)]
enum Fit {
    Point(f64),
    Gamma { shape: f64, mean: f64 },
}

fn fit(mean: f64, variance: f64) -> Option<Fit> {
    if !mean.is_finite() || !variance.is_finite() {
        return None;
    }
    if mean <= 0.0 || variance <= 0.0 {
        return Some(Fit::Point(mean.max(0.0)));
    }
    // shape = mean²/variance, computed so it neither overflows nor underflows early.
    let shape = (mean / variance) * mean;
    if shape.is_infinite() {
        return Some(Fit::Point(mean));
    }
    if shape == 0.0 {
        // Shape → 0 at fixed mean: every quantile below 1 tends to 0.
        return Some(Fit::Point(0.0));
    }
    Some(Fit::Gamma { shape, mean })
}

/// Wilson–Hilferty: (X/(αθ))^{1/3} ≈ Normal(1 − 1/(9α), 1/(9α)) for X ~ Gamma(α, θ).
fn wh_z(shape: f64, y: f64) -> f64 {
    let v = 1.0 / (9.0 * shape);
    ((y / shape).cbrt() - (1.0 - v)) / v.sqrt()
}

/// `P(Y ≤ y)` (`upper` false) or `P(Y > y)` (`upper` true) for
/// `Y ~ Gamma(shape, 1)`, each computed directly so that it keeps its
/// precision in its own tail.
fn std_gamma_tail(shape: f64, y: f64, upper: bool) -> f64 {
    let (cdf, sf) = if y.is_nan() {
        (f64::NAN, f64::NAN)
    } else if y <= 0.0 {
        (0.0, 1.0)
    } else if y == f64::INFINITY || shape <= 0.0 {
        (1.0, 0.0)
    } else if shape > WILSON_HILFERTY_SHAPE {
        let z = wh_z(shape, y) / std::f64::consts::SQRT_2;
        (0.5 * erfc(-z), 0.5 * erfc(z))
    } else if upper {
        (f64::NAN, checked_gamma_ur(shape, y).unwrap_or(f64::NAN))
    } else {
        (checked_gamma_lr(shape, y).unwrap_or(f64::NAN), f64::NAN)
    };
    if upper { sf } else { cdf }
}

/// Density of `Gamma(shape, 1)` at `y`, for Newton steps (0 outside its
/// support or where it underflows).
fn std_gamma_pdf(shape: f64, y: f64) -> f64 {
    if !(y > 0.0 && y.is_finite() && shape > 0.0) {
        return 0.0;
    }
    let ln = (shape - 1.0) * y.ln() - y - ln_gamma(shape);
    let d = ln.exp();
    if d.is_finite() { d } else { 0.0 }
}

/// Quantile of `Gamma(shape, 1)` at `0 < q < 1`.
fn std_gamma_quantile(shape: f64, q: f64, rel_tol: f64) -> f64 {
    if shape <= 0.0 {
        return 0.0;
    }
    if shape > WILSON_HILFERTY_SHAPE {
        let z = -std::f64::consts::SQRT_2 * erfc_inv(2.0 * q);
        let v = 1.0 / (9.0 * shape);
        let base = (1.0 - v + z * v.sqrt()).max(0.0);
        return shape * base * base * base;
    }
    // Compare in whichever tail is smaller, where it is computed accurately:
    // g(y) = F(y) − q, or (1 − q) − S(y); both rise with y at the density.
    let upper = q > 0.5;
    let g = |y: f64| {
        let t = std_gamma_tail(shape, y, upper);
        if upper { (1.0 - q) - t } else { t - q }
    };
    let above = |y: f64| g(y) >= 0.0;
    let Some(hi) = grow_upper(shape.max(1.0), above) else {
        return f64::INFINITY;
    };
    // Walk the lower end down until it is below the quantile (or underflows).
    let mut lo = hi;
    while lo > 0.0 && above(lo) {
        lo *= 0.5;
    }
    if lo == 0.0 {
        return 0.0;
    }
    newton_bracketed(lo, (2.0 * lo).min(hi), rel_tol, |y| {
        (g(y), std_gamma_pdf(shape, y))
    })
}

/// Cumulative probability `P(X ≤ x)` of the gamma law with the given mean
/// (seconds) and variance (seconds²); shape `α = m²/v`, scale `θ = v/m`.
///
/// Zero variance (or mean ≤ 0) is a point mass at `max(mean, 0)`. NaN when an
/// input is NaN or infinite. Shapes above 10⁵ use the Wilson–Hilferty normal
/// approximation.
///
/// Reference: Johnson, Kotz & Balakrishnan, *Continuous Univariate
/// Distributions* Vol. 1 (1994), ch. 17 (incl. Wilson–Hilferty, 1931).
#[must_use]
pub fn gamma_cdf_from_moments(mean: f64, variance: f64, x: f64) -> f64 {
    match fit(mean, variance) {
        None => f64::NAN,
        Some(_) if x.is_nan() => f64::NAN,
        Some(Fit::Point(p)) => {
            if x >= p {
                1.0
            } else {
                0.0
            }
        }
        Some(Fit::Gamma { shape, mean }) => std_gamma_tail(shape, x / mean * shape, false),
    }
}

/// Quantile at level `q` of the gamma law fitted to `mean` (seconds) and
/// `variance` (seconds²) by matching moments: shape `α = m²/v`, scale `θ = v/m`.
///
/// Inverted by bracketing and safeguarded Newton steps on the regularised
/// incomplete gamma function (upper tail used for `q > 0.5`), to ~1e-15
/// relative. `q ≤ 0` gives
/// 0, `q ≥ 1` gives +∞; zero variance gives `mean`; NaN or infinite inputs
/// give NaN.
///
/// Reference: as [`gamma_cdf_from_moments`]; Whitt, "Approximating a point
/// process by a renewal process" (1982) for two-moment fitting.
#[must_use]
pub fn gamma_quantile_from_moments(mean: f64, variance: f64, q: f64) -> f64 {
    quantile_from_moments_to(mean, variance, q, REL_TOL)
}

fn quantile_from_moments_to(mean: f64, variance: f64, q: f64, rel_tol: f64) -> f64 {
    let Some(f) = fit(mean, variance) else {
        return f64::NAN;
    };
    if q.is_nan() {
        return f64::NAN;
    }
    match f {
        Fit::Point(p) => p,
        Fit::Gamma { .. } if q <= 0.0 => 0.0,
        Fit::Gamma { .. } if q >= 1.0 => f64::INFINITY,
        Fit::Gamma { shape, mean } => mean * (std_gamma_quantile(shape, q, rel_tol) / shape),
    }
}

/// One component of a gamma mixture: probability weight, mean (seconds) and
/// variance (seconds²).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GammaComponent {
    /// Relative weight (any non-negative scale; normalised by the sum).
    pub weight: f64,
    /// Mean, seconds.
    pub mean: f64,
    /// Variance, seconds².
    pub variance: f64,
}

/// Quantile at level `q` of a finite mixture `F(x) = Σ_k w_k·F_k(x) / Σ_k w_k`.
///
/// `cdf(k, x)` is the CDF of component `k`; it must be non-decreasing in `x`.
/// `bracket = (lo, hi)` must satisfy `F(lo) < q ≤ F(hi)` (checked; `None`
/// otherwise), and the result is the smallest `x` with `F(x) ≥ q` to ~1e-15
/// relative, found by bisection. `None` also when the weights are negative,
/// non-finite or all zero, or `q` is not in `(0, 1)`.
#[must_use]
pub fn mixture_quantile(
    weights: &[f64],
    cdf: impl Fn(usize, f64) -> f64,
    q: f64,
    bracket: (f64, f64),
) -> Option<f64> {
    let total: f64 = weights.iter().sum();
    let weights_ok = weights.iter().all(|w| w.is_finite() && *w >= 0.0);
    let valid = weights_ok && total > 0.0 && total.is_finite() && q > 0.0 && q < 1.0;
    if !valid {
        return None;
    }
    let mix = |x: f64| -> f64 {
        weights
            .iter()
            .enumerate()
            .map(|(k, w)| w * cdf(k, x))
            .sum::<f64>()
            / total
    };
    let (lo, hi) = bracket;
    let brackets = lo <= hi && mix(lo) < q && mix(hi) >= q;
    if !brackets {
        return None;
    }
    Some(bisect_to(lo, hi, REL_TOL, |x| mix(x) >= q))
}

/// Quantile at level `q` of a mixture of moment-fitted gamma laws, e.g. the
/// response time of traffic spread over classes or paths with different
/// latency profiles. Result in seconds.
///
/// The quantile lies between the smallest and the largest component quantile
/// at `q` (the mixture CDF is a weighted average of the component CDFs), which
/// brackets the safeguarded Newton steps on `Σ w_k F_k(x) / Σ w_k = q`.
///
/// `None` when the weights are invalid (see [`mixture_quantile`]), a component
/// has a NaN/infinite moment, or `q` is NaN. `q ≤ 0` gives 0; `q ≥ 1` gives +∞.
#[must_use]
pub fn gamma_mixture_quantile(components: &[GammaComponent], q: f64) -> Option<f64> {
    mixture_quantile_to(components, q, REL_TOL)
}

/// Relative precision of [`gamma_mixture_guess`].
const GUESS_REL_TOL: f64 = 1e-3;

/// [`gamma_mixture_quantile`] to about 1e-3 relative, at a fraction of the
/// work: a starting point for a search that refines it (a two-moment fit is
/// itself further than that from the law it stands for).
#[must_use]
pub fn gamma_mixture_guess(components: &[GammaComponent], q: f64) -> Option<f64> {
    mixture_quantile_to(components, q, GUESS_REL_TOL)
}

fn mixture_quantile_to(components: &[GammaComponent], q: f64, rel_tol: f64) -> Option<f64> {
    let weights: Vec<f64> = components.iter().map(|c| c.weight).collect();
    let total: f64 = weights.iter().sum();
    let weights_ok = weights.iter().all(|w| w.is_finite() && *w >= 0.0);
    let moments_ok = components.iter().all(|c| fit(c.mean, c.variance).is_some());
    let valid = weights_ok && moments_ok && total > 0.0 && total.is_finite() && !q.is_nan();
    if !valid {
        return None;
    }
    if q <= 0.0 {
        return Some(0.0);
    }
    if q >= 1.0 {
        return Some(f64::INFINITY);
    }
    let live = components.iter().filter(|c| c.weight > 0.0);
    let quantiles = live.map(|c| quantile_from_moments_to(c.mean, c.variance, q, rel_tol));
    let (lo, hi) = quantiles.fold((f64::INFINITY, 0.0_f64), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    });
    if !hi.is_finite() {
        return Some(hi);
    }
    let cdf = |k: usize, x: f64| {
        let c = components[k];
        gamma_cdf_from_moments(c.mean, c.variance, x)
    };
    // Density of component k at x, for the Newton steps (0 for a point mass).
    let pdf = |k: usize, x: f64| match fit(components[k].mean, components[k].variance) {
        Some(Fit::Gamma { shape, mean }) => std_gamma_pdf(shape, x / mean * shape) * shape / mean,
        _ => 0.0,
    };
    let mix = |x: f64| -> f64 {
        weights
            .iter()
            .enumerate()
            .map(|(k, w)| w * cdf(k, x))
            .sum::<f64>()
            / total
    };
    // Point masses make the CDF jump; the lower end must sit strictly below q.
    let mut lo = lo;
    while lo > 0.0 && mix(lo) >= q {
        lo *= 0.5;
    }
    if mix(lo) >= q {
        return Some(lo);
    }
    Some(newton_bracketed(lo, hi, rel_tol, |x| {
        let density = weights
            .iter()
            .enumerate()
            .filter(|(_, w)| **w > 0.0)
            .map(|(k, w)| w * pdf(k, x))
            .sum::<f64>()
            / total;
        (mix(x) - q, density)
    }))
}

/// Quantile at level `q` of a scale mixture of one gamma law: `X = S·g`
/// with `S` gamma of `mean` and `variance` (seconds, seconds²) and `g`
/// taking the values of `scales` (weight, factor > 0): the sojourn of a
/// request whose service is stretched by a random slowdown (processor
/// sharing). Every component shares `S`'s shape, so one quantile of `S`
/// brackets the mixture's (between the smallest and largest factor times
/// it), and Newton steps on the mixture CDF refine it to `rel_tol`
/// relative (at least 1e-15). `None` as for [`gamma_mixture_quantile`],
/// and when a factor is not positive and finite.
#[must_use]
pub fn gamma_scale_mixture_quantile(
    mean: f64,
    variance: f64,
    scales: &[(f64, f64)],
    q: f64,
    rel_tol: f64,
) -> Option<f64> {
    let total: f64 = scales.iter().map(|s| s.0).sum();
    let ok = scales
        .iter()
        .all(|&(w, g)| w.is_finite() && w >= 0.0 && g.is_finite() && g > 0.0);
    if !(ok && total > 0.0 && total.is_finite() && !q.is_nan()) {
        return None;
    }
    let shape = match fit(mean, variance)? {
        Fit::Point(p) => {
            // Point masses at p·g: the smallest factor whose cumulative
            // weight reaches q.
            let mut order: Vec<(f64, f64)> = scales.to_vec();
            order.sort_by(|a, b| a.1.total_cmp(&b.1));
            let mut acc = 0.0;
            for (w, g) in &order {
                acc += w / total;
                if acc >= q * (1.0 - 1e-15) {
                    return Some(p * g);
                }
            }
            return order.last().map(|s| p * s.1);
        }
        Fit::Gamma { shape, .. } => shape,
    };
    if q <= 0.0 {
        return Some(0.0);
    }
    if q >= 1.0 {
        return Some(f64::INFINITY);
    }
    let scale = mean / shape;
    let base = std_gamma_quantile(shape, q, rel_tol.min(1e-6)) * scale;
    let live = scales.iter().filter(|s| s.0 > 0.0);
    let (g_lo, g_hi) = live.fold((f64::INFINITY, 0.0_f64), |(lo, hi), s| {
        (lo.min(s.1), hi.max(s.1))
    });
    // The upper tail where it is small, computed directly for precision.
    let upper = q > 0.5;
    let value = |x: f64| -> (f64, f64) {
        let (mut tail, mut density) = (0.0, 0.0);
        for &(w, g) in scales.iter().filter(|s| s.0 > 0.0) {
            let y = x / (scale * g);
            tail += w * std_gamma_tail(shape, y, upper);
            density += w * std_gamma_pdf(shape, y) / (scale * g);
        }
        let (tail, density) = (tail / total, density / total);
        (if upper { (1.0 - q) - tail } else { tail - q }, density)
    };
    let (mut lo, mut hi) = (base * g_lo * (1.0 - 1e-9), base * g_hi * (1.0 + 1e-9));
    while lo > 0.0 && value(lo).0 >= 0.0 {
        lo *= 0.5;
    }
    while value(hi).0 < 0.0 {
        hi *= 2.0;
        if !hi.is_finite() {
            return None;
        }
    }
    Some(newton_bracketed(lo, hi, rel_tol, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    #[test]
    fn the_guess_is_the_mixture_quantile_to_a_thousandth() {
        let mixtures = [
            vec![(1.0, 0.05, 0.002)],
            vec![(0.7, 0.03, 0.001), (0.3, 0.2, 0.09)],
            vec![(0.5, 0.01, 1e-6), (0.4, 0.1, 0.05), (0.1, 2.0, 8.0)],
        ];
        for m in &mixtures {
            let components: Vec<GammaComponent> = m
                .iter()
                .map(|&(weight, mean, variance)| GammaComponent {
                    weight,
                    mean,
                    variance,
                })
                .collect();
            for q in [0.5, 0.95, 0.99] {
                let full = gamma_mixture_quantile(&components, q).unwrap();
                let guess = gamma_mixture_guess(&components, q).unwrap();
                assert_relative_eq!(guess, full, max_relative = 2e-3);
            }
        }
    }

    #[test]
    fn unit_scv_gamma_is_exponential() {
        for q in [1e-9_f64, 0.1, 0.5, 0.9, 0.99, 0.999_999, 1.0 - 1e-15] {
            let exact = -2.0 * (-q).ln_1p();
            assert_relative_eq!(
                gamma_quantile_from_moments(2.0, 4.0, q),
                exact,
                max_relative = 1e-12
            );
        }
    }

    #[test]
    fn half_shape_gamma_is_scaled_chi_square_one() {
        // Gamma(1/2, scale 2) = χ²(1): mean 1, variance 2. Table values.
        assert_relative_eq!(
            gamma_quantile_from_moments(1.0, 2.0, 0.95),
            3.841_458_820_694_124,
            max_relative = 1e-12
        );
        assert_relative_eq!(
            gamma_quantile_from_moments(1.0, 2.0, 0.5),
            0.454_936_423_119_572_7,
            max_relative = 1e-12
        );
    }

    #[test]
    fn erlang_two_cdf_has_closed_form() {
        // Gamma(2, 1): mean 2, variance 2, F(x) = 1 − e^{−x}(1 + x).
        for x in [0.01_f64, 0.5, 2.0, 10.0] {
            let exact = 1.0 - (-x).exp() * (1.0 + x);
            assert_relative_eq!(
                gamma_cdf_from_moments(2.0, 2.0, x),
                exact,
                max_relative = 1e-12
            );
        }
    }

    #[test]
    fn huge_shape_uses_wilson_hilferty_and_is_near_normal() {
        // Shape 1e8: nearly Normal(1, 1e-4²), skewness γ = 2/√shape = 2e-4.
        // Cornish–Fisher: x ≈ 1 + σ(z + (z² − 1)γ/6), z = Φ⁻¹(0.99) = 2.3263478740.
        let x = gamma_quantile_from_moments(1.0, 1e-8, 0.99);
        let z = 2.326_347_874_040_841_f64;
        let cornish_fisher = 1.0 + 1e-4 * (z + (z * z - 1.0) * 2e-4 / 6.0);
        assert_relative_eq!(x, cornish_fisher, max_relative = 1e-11);
        assert_relative_eq!(
            gamma_cdf_from_moments(1.0, 1e-8, x),
            0.99,
            max_relative = 1e-9
        );
    }

    #[test]
    fn degenerate_inputs() {
        assert_relative_eq!(gamma_quantile_from_moments(0.3, 0.0, 0.99), 0.3);
        assert_relative_eq!(gamma_quantile_from_moments(-1.0, 1.0, 0.5), 0.0);
        assert_relative_eq!(gamma_quantile_from_moments(1.0, 1.0, 0.0), 0.0);
        assert!(gamma_quantile_from_moments(1.0, 1.0, 1.0).is_infinite());
        assert!(gamma_quantile_from_moments(f64::NAN, 1.0, 0.5).is_nan());
        assert!(gamma_quantile_from_moments(1e-200, 1e300, 0.5).is_finite());
        assert!(gamma_quantile_from_moments(1e300, 1e-300, 0.5).is_finite());
    }

    #[test]
    fn single_component_mixture_is_the_component() {
        let c = GammaComponent {
            weight: 3.0,
            mean: 0.2,
            variance: 0.01,
        };
        let q = gamma_mixture_quantile(&[c], 0.99).unwrap();
        assert_relative_eq!(
            q,
            gamma_quantile_from_moments(0.2, 0.01, 0.99),
            max_relative = 1e-12
        );
    }

    #[test]
    fn two_exponential_mixture_inverts_its_cdf() {
        // 0.9·Exp(mean 0.01) + 0.1·Exp(mean 1): F(x) = 1 − 0.9e^{−100x} − 0.1e^{−x}.
        let comps = [
            GammaComponent {
                weight: 0.9,
                mean: 0.01,
                variance: 1e-4,
            },
            GammaComponent {
                weight: 0.1,
                mean: 1.0,
                variance: 1.0,
            },
        ];
        for q in [0.5, 0.9, 0.95, 0.99, 0.999] {
            let x = gamma_mixture_quantile(&comps, q).unwrap();
            let f = 1.0 - 0.9 * (-100.0 * x).exp() - 0.1 * (-x).exp();
            assert_relative_eq!(f, q, max_relative = 1e-12);
        }
        // p99 of this mixture is ln(10) ≈ 2.3 s: the rare slow path dominates.
        let p99 = gamma_mixture_quantile(&comps, 0.99).unwrap();
        assert_relative_eq!(p99, 10.0_f64.ln(), max_relative = 1e-6);
    }

    #[test]
    fn mixture_with_a_point_mass() {
        // Half the traffic takes exactly 1 s, half is Exp(mean 1 s).
        let comps = [
            GammaComponent {
                weight: 1.0,
                mean: 1.0,
                variance: 0.0,
            },
            GammaComponent {
                weight: 1.0,
                mean: 1.0,
                variance: 1.0,
            },
        ];
        // F(1⁻) = 0.5·(1 − e⁻¹) ≈ 0.316, F(1) ≈ 0.816: the 0.5 quantile is 1.
        assert_relative_eq!(
            gamma_mixture_quantile(&comps, 0.5).unwrap(),
            1.0,
            max_relative = 1e-12
        );
        // Above the jump: 0.5 + 0.5(1 − e^{−x}) = 0.9 → x = ln 5.
        assert_relative_eq!(
            gamma_mixture_quantile(&comps, 0.9).unwrap(),
            5.0_f64.ln(),
            max_relative = 1e-12
        );
    }

    #[test]
    fn invalid_mixtures_have_no_answer() {
        let ok = GammaComponent {
            weight: 1.0,
            mean: 1.0,
            variance: 1.0,
        };
        let neg = GammaComponent { weight: -1.0, ..ok };
        let zero = GammaComponent { weight: 0.0, ..ok };
        assert_eq!(gamma_mixture_quantile(&[], 0.5), None);
        assert_eq!(gamma_mixture_quantile(&[ok, neg], 0.5), None);
        assert_eq!(gamma_mixture_quantile(&[zero], 0.5), None);
        assert_eq!(gamma_mixture_quantile(&[ok], f64::NAN), None);
        assert_eq!(mixture_quantile(&[1.0], |_, x| x, 0.5, (0.6, 1.0)), None);
        let x = mixture_quantile(
            &[1.0, 1.0],
            |k, x| (x / (k as f64 + 1.0)).min(1.0),
            0.5,
            (0.0, 2.0),
        );
        // F(x) = (x + x/2)/2 = 0.75x → x = 2/3.
        assert_relative_eq!(x.unwrap(), 2.0 / 3.0, max_relative = 1e-13);
    }

    proptest! {
        #![proptest_config(crate::test_support::proptest_config())]

        #[test]
        fn quantile_round_trips_the_cdf(log_shape in -1.5f64..7.0, mean in 1e-4f64..1e3, q in 0.001f64..0.999) {
            let shape = 10f64.powf(log_shape);
            let variance = mean * mean / shape;
            let x = gamma_quantile_from_moments(mean, variance, q);
            prop_assert!(x.is_finite() && x >= 0.0);
            if x == 0.0 {
                // The quantile underflows (tiny shape): mass q already sits below 1e-300.
                prop_assert!(gamma_cdf_from_moments(mean, variance, 1e-300) >= q);
                return Ok(());
            }
            let f = gamma_cdf_from_moments(mean, variance, x);
            prop_assert!((f - q).abs() <= 1e-9 * q.max(1e-3), "shape {shape} q {q} F {f}");
        }

        #[test]
        fn quantiles_increase_with_level(mean in 1e-3f64..10.0, scv in 0.01f64..20.0, q in 0.01f64..0.98) {
            let v = scv * mean * mean;
            let a = gamma_quantile_from_moments(mean, v, q);
            let b = gamma_quantile_from_moments(mean, v, q + 0.01);
            prop_assert!(b >= a);
        }
    }

    #[test]
    fn a_scale_mixture_is_the_mixture_of_its_scaled_components() {
        let (mean, variance) = (0.002, 0.002f64.powi(2) * 0.09);
        let scales = [(0.5, 1.0), (0.3, 1.7), (0.15, 3.2), (0.05, 9.0)];
        let components: Vec<GammaComponent> = scales
            .iter()
            .map(|&(w, g)| GammaComponent {
                weight: w,
                mean: mean * g,
                variance: variance * g * g,
            })
            .collect();
        for q in [0.01, 0.5, 0.95, 0.99, 0.9999] {
            let a = gamma_scale_mixture_quantile(mean, variance, &scales, q, 1e-13).unwrap();
            let b = gamma_mixture_quantile(&components, q).unwrap();
            assert_relative_eq!(a, b, max_relative = 1e-11);
        }
        // Deterministic service: the point masses' own quantile.
        let p = gamma_scale_mixture_quantile(0.002, 0.0, &scales, 0.9, 1e-12).unwrap();
        assert_relative_eq!(p, 0.002 * 3.2);
        assert!(gamma_scale_mixture_quantile(0.002, 1e-7, &[(1.0, 0.0)], 0.5, 1e-9).is_none());
    }
}
