//! Bracketed root finding shared by the quantile inversions.
//!
//! Quantiles of response-time distributions have no closed form, so they are
//! found by bisection on a monotone predicate. Bisection cannot diverge, needs
//! no derivative and reaches full double precision in a bounded number of steps.

/// Relative width at which [`bisect`] stops.
pub(crate) const REL_TOL: f64 = 1e-15;

/// Smallest `x` in `[lo, hi]` (to [`REL_TOL`] relative width) at which the
/// monotone predicate `above` turns true, given `above(hi)` is true.
///
/// While `hi` is more than four times `lo > 0` the step is the geometric mean,
/// so brackets spanning many orders of magnitude shrink as fast as narrow ones.
pub(crate) fn bisect(lo: f64, hi: f64, above: impl FnMut(f64) -> bool) -> f64 {
    bisect_to(lo, hi, REL_TOL, above)
}

/// [`bisect`], stopping at a relative width of `rel_tol` (for a starting
/// point that a later refinement corrects).
pub(crate) fn bisect_to(
    mut lo: f64,
    mut hi: f64,
    rel_tol: f64,
    mut above: impl FnMut(f64) -> bool,
) -> f64 {
    for _ in 0..2_000 {
        if hi - lo <= rel_tol * hi.abs() {
            break;
        }
        let mid = if lo > 0.0 && hi > 4.0 * lo {
            (lo.sqrt() * hi.sqrt()).clamp(lo, hi)
        } else {
            lo + 0.5 * (hi - lo)
        };
        if mid <= lo || mid >= hi {
            break;
        }
        if above(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    lo + 0.5 * (hi - lo)
}

/// Smallest `x` in `[lo, hi]` with `f(x) ≥ 0` for a non-decreasing `f`
/// given as `(f(x), f′(x))`, with `f(lo) < 0 ≤ f(hi)`: Newton steps kept
/// inside the bracket, and a bisection step (geometric while the bracket
/// spans more than a factor four) whenever Newton would leave it or does
/// not halve the bracket's width. Converges quadratically where `f` is
/// smooth, and never more slowly than [`bisect`]; stops at `rel_tol`
/// relative (at least [`REL_TOL`]).
pub(crate) fn newton_bracketed(
    mut lo: f64,
    mut hi: f64,
    rel_tol: f64,
    mut f: impl FnMut(f64) -> (f64, f64),
) -> f64 {
    let rel_tol = rel_tol.max(REL_TOL);
    let mut x = lo + 0.5 * (hi - lo);
    let (mut step, mut step_before) = (hi - lo, hi - lo);
    for _ in 0..2_000 {
        if hi - lo <= rel_tol * hi.abs() {
            break;
        }
        let (v, d) = f(x);
        if v == 0.0 {
            return x;
        }
        if v > 0.0 {
            hi = x;
        } else {
            lo = x;
        }
        let newton = x - v / d;
        // Numerical Recipes' rtsafe rule: Newton only while it stays in the
        // bracket and its step is under half the step before last.
        let use_newton = d > 0.0
            && newton.is_finite()
            && newton > lo
            && newton < hi
            && 2.0 * (v / d).abs() <= step_before.abs();
        let next = if use_newton {
            newton
        } else if lo > 0.0 && hi > 4.0 * lo {
            (lo.sqrt() * hi.sqrt()).clamp(lo, hi)
        } else {
            lo + 0.5 * (hi - lo)
        };
        step_before = step;
        step = next - x;
        if step.abs() <= rel_tol * x.abs().max(next.abs()) {
            return next;
        }
        if next <= lo || next >= hi {
            break;
        }
        x = next;
    }
    lo + 0.5 * (hi - lo)
}

/// Doubles `hi` (starting from a positive value) until `above(hi)` holds;
/// `None` if no finite `hi` does.
pub(crate) fn grow_upper(mut hi: f64, mut above: impl FnMut(f64) -> bool) -> Option<f64> {
    if !(hi > 0.0 && hi.is_finite()) {
        hi = 1.0;
    }
    for _ in 0..2_100 {
        if above(hi) {
            return Some(hi);
        }
        hi *= 2.0;
        if !hi.is_finite() {
            return None;
        }
    }
    None
}

/// The root of `phi` in `[lo, hi]`, where `phi(lo) ≥ 0 ≥ phi(hi)`, by the
/// Illinois variant of regula falsi (superlinear, and never leaves the
/// bracket), to `rel` of `hi`.
pub(crate) fn regula_falsi(
    mut phi: impl FnMut(f64) -> f64,
    mut lo: f64,
    mut hi: f64,
    rel: f64,
) -> f64 {
    let (mut flo, mut fhi) = (phi(lo), phi(hi));
    if flo <= 0.0 {
        return lo;
    }
    if fhi >= 0.0 {
        return hi;
    }
    let mut side = 0;
    for round in 0..200 {
        // Every third step bisects: a steep φ cannot stall the bracket.
        let x = (lo * fhi - hi * flo) / (fhi - flo);
        let x = if x > lo && x < hi && round % 3 != 2 {
            x
        } else {
            0.5 * (lo + hi)
        };
        let fx = phi(x);
        if fx > 0.0 {
            lo = x;
            flo = fx;
            if side == 1 {
                fhi *= 0.5;
            }
            side = 1;
        } else if fx < 0.0 {
            hi = x;
            fhi = fx;
            if side == -1 {
                flo *= 0.5;
            }
            side = -1;
        } else {
            return x;
        }
        if hi - lo <= rel * hi.abs().max(1e-300) {
            break;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn regula_falsi_finds_falling_roots_and_keeps_to_the_bracket() {
        let x = regula_falsi(|x| 2.0 - x * x, 0.0, 2.0, 1e-14);
        assert_relative_eq!(x, std::f64::consts::SQRT_2, max_relative = 1e-13);
        // A steep, one-sided function (Illinois halving and every third
        // step a bisection keep it from stalling).
        let x = regula_falsi(|x| (1.0 - x).powi(9) * 1e6, 0.0, 3.0, 1e-12);
        assert!((x - 1.0).abs() < 1e-3, "{x}");
        // Ends that are already roots, or no sign change: the nearer end.
        assert_relative_eq!(regula_falsi(|x| -x, 0.0, 1.0, 1e-12), 0.0);
        assert_relative_eq!(regula_falsi(|_| 1.0, 0.0, 1.0, 1e-12), 1.0);
    }

    #[test]
    fn bisect_finds_square_root_of_two_to_full_precision() {
        let x = bisect(0.0, 2.0, |x| x * x >= 2.0);
        assert_relative_eq!(x, std::f64::consts::SQRT_2, max_relative = 1e-14);
    }

    #[test]
    fn bisect_handles_brackets_spanning_many_decades() {
        let x = bisect(1e-300, 1e300, |x| x >= 3e-200);
        assert_relative_eq!(x, 3e-200, max_relative = 1e-14);
    }

    #[test]
    fn newton_finds_square_root_of_two_in_few_steps() {
        let mut calls = 0;
        let x = newton_bracketed(0.0, 2.0, REL_TOL, |x| {
            calls += 1;
            (x * x - 2.0, 2.0 * x)
        });
        assert_relative_eq!(x, std::f64::consts::SQRT_2, max_relative = 1e-14);
        assert!(calls < 12, "{calls} evaluations");
    }

    #[test]
    fn newton_falls_back_to_bisection_on_a_step() {
        // A jump at 3: no derivative, the bracket still closes on it.
        let x = newton_bracketed(0.0, 10.0, REL_TOL, |x| {
            (if x >= 3.0 { 1.0 } else { -1.0 }, 0.0)
        });
        assert_relative_eq!(x, 3.0, max_relative = 1e-14);
        let y = newton_bracketed(1e-300, 1e300, REL_TOL, |x| (x.ln() - 5.0, 1.0 / x));
        assert_relative_eq!(y, 5f64.exp(), max_relative = 1e-14);
    }

    #[test]
    fn grow_upper_gives_up_on_unreachable_targets() {
        assert_eq!(grow_upper(1.0, |_| false), None);
        assert_eq!(grow_upper(1.0, |x| x >= 5.0), Some(8.0));
    }
}
