//! Gunther's Universal Scalability Law (USL): throughput of `N` nodes.
//!
//! Adding servers gives less than proportional capacity: contention (σ)
//! serialises part of the work and coherency (κ) makes nodes spend time
//! agreeing with each other, so throughput can even fall past a peak. The
//! planner uses the USL to turn "how many replicas" into "how much capacity",
//! and back.

use serde::{Deserialize, Serialize};

/// The USL slowdown of `n` nodes, `1 + σ(n − 1) + κn(n − 1)` (dimensionless,
/// 1 for one node): `n` nodes deliver `n`/slowdown times one node's
/// throughput, and each request's work is stretched by it.
///
/// Reference: Gunther, *Guerrilla Capacity Planning* (2007), ch. 4.
#[must_use]
pub fn slowdown(sigma: f64, kappa: f64, n: f64) -> f64 {
    1.0 + sigma * (n - 1.0) + kappa * n * (n - 1.0)
}

/// USL parameters: `X(N) = N·X(1) / (1 + σ(N − 1) + κN(N − 1))`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Usl {
    /// Throughput of one node `X(1)`, requests/s.
    pub x1: f64,
    /// Contention coefficient σ, dimensionless in [0, 1].
    pub sigma: f64,
    /// Coherency coefficient κ, dimensionless, ≥ 0.
    pub kappa: f64,
}

impl Usl {
    /// Validated parameters: `None` unless `x1 > 0`, `0 ≤ σ ≤ 1`, `κ ≥ 0`,
    /// all finite.
    #[must_use]
    pub fn new(x1: f64, sigma: f64, kappa: f64) -> Option<Self> {
        let ok = x1 > 0.0 && x1.is_finite() && (0.0..=1.0).contains(&sigma);
        (ok && kappa >= 0.0 && kappa.is_finite()).then_some(Self { x1, sigma, kappa })
    }

    /// Relative capacity `C(N) = N / (1 + σ(N − 1) + κN(N − 1))`
    /// (dimensionless; `C(1) = 1`), for `N` nodes (real `N ≥ 1` allowed).
    ///
    /// Reference: Gunther, *Guerrilla Capacity Planning* (2007), ch. 4–5.
    #[must_use]
    pub fn relative_capacity(&self, n: f64) -> f64 {
        n / slowdown(self.sigma, self.kappa, n)
    }

    /// Throughput `X(N) = X(1)·C(N)`, requests/s.
    ///
    /// Reference: Gunther (2007), ch. 4–5.
    #[must_use]
    pub fn throughput(&self, n: f64) -> f64 {
        self.x1 * self.relative_capacity(n)
    }

    /// Real node count of peak throughput, `N* = √((1 − σ)/κ)` (at least 1).
    ///
    /// `None` when `κ ≤ 0`: throughput then rises monotonically towards
    /// `X(1)/σ` (or without bound if σ = 0) and has no peak.
    ///
    /// Reference: Gunther (2007), ch. 5 (maximum of the USL).
    #[must_use]
    pub fn peak_nodes(&self) -> Option<f64> {
        (self.kappa > 0.0).then(|| ((1.0 - self.sigma).max(0.0) / self.kappa).sqrt().max(1.0))
    }

    /// Whole node count with the highest throughput (the better of ⌊N*⌋ and
    /// ⌈N*⌉, clamped to `u32`), or `None` when there is no peak (`κ ≤ 0`).
    #[must_use]
    pub fn best_nodes(&self) -> Option<u32> {
        let peak = self.peak_nodes()?;
        let lo = clamp_u32(peak.floor());
        let hi = clamp_u32(peak.ceil());
        let better = if self.throughput(f64::from(hi)) > self.throughput(f64::from(lo)) {
            hi
        } else {
            lo
        };
        Some(better)
    }

    /// Smallest whole node count `N ≥ 1` with `X(N) ≥ target` (requests/s).
    ///
    /// `X` increases on `1..=best_nodes()` (all of `u32` when `κ = 0`), so the
    /// answer is found by binary search there. `None` when no node count up to
    /// the peak (or `u32::MAX`) reaches `target`, or `target` is NaN.
    ///
    /// Reference: Gunther (2007), ch. 5 (inverting the USL).
    #[must_use]
    pub fn nodes_for_throughput(&self, target: f64) -> Option<u32> {
        if target.is_nan() {
            return None;
        }
        if self.throughput(1.0) >= target {
            return Some(1);
        }
        let top = self.best_nodes().unwrap_or(u32::MAX);
        let reaches = |n: u32| self.throughput(f64::from(n)) >= target;
        if !reaches(top) {
            return None;
        }
        // Invariant: !reaches(lo), reaches(hi).
        let (mut lo, mut hi) = (1_u32, top);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if reaches(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    }
}

fn clamp_u32(x: f64) -> u32 {
    if x >= f64::from(u32::MAX) {
        u32::MAX
    } else if x >= 1.0 {
        // 1 ≤ x < 2³², so the conversion is exact for the integer-valued x.
        x as u32
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn slowdown_by_hand() {
        // σ = 0.05, κ = 0.001, 10 nodes: 1 + 0.45 + 0.09 = 1.54.
        assert_relative_eq!(slowdown(0.05, 0.001, 10.0), 1.54, max_relative = 1e-14);
        assert_relative_eq!(slowdown(0.3, 0.2, 1.0), 1.0);
    }
    use proptest::prelude::*;

    #[test]
    fn linear_when_no_contention_or_coherency() {
        let u = Usl::new(100.0, 0.0, 0.0).unwrap();
        assert_relative_eq!(u.throughput(10.0), 1_000.0);
        assert_eq!(u.peak_nodes(), None);
        assert_eq!(u.nodes_for_throughput(1_001.0), Some(11));
        assert_eq!(u.nodes_for_throughput(1_000.0), Some(10));
    }

    #[test]
    fn hand_computed_capacity() {
        // σ = 0.05, κ = 0.001, N = 10: 10 / (1 + 0.45 + 0.09) = 6.493506…
        let u = Usl::new(50.0, 0.05, 0.001).unwrap();
        assert_relative_eq!(u.relative_capacity(10.0), 10.0 / 1.54, max_relative = 1e-15);
        assert_relative_eq!(u.throughput(1.0), 50.0);
        // Amdahl (κ = 0): σ = 1/27 gives "10 servers give 7.5×".
        let amdahl = Usl::new(1.0, 1.0 / 27.0, 0.0).unwrap();
        assert_relative_eq!(amdahl.relative_capacity(10.0), 7.5, max_relative = 1e-14);
    }

    #[test]
    fn peak_is_where_throughput_turns() {
        let u = Usl::new(50.0, 0.05, 0.001).unwrap();
        let peak = u.peak_nodes().unwrap();
        assert_relative_eq!(peak, (0.95_f64 / 0.001).sqrt(), max_relative = 1e-15);
        for d in [0.5, 1.0, 5.0] {
            assert!(u.throughput(peak) > u.throughput(peak - d));
            assert!(u.throughput(peak) > u.throughput(peak + d));
        }
        // N* = 30.82: X(31) > X(30).
        assert_eq!(u.best_nodes(), Some(31));
    }

    #[test]
    fn inverse_finds_smallest_sufficient_count() {
        let u = Usl::new(50.0, 0.05, 0.001).unwrap();
        let target = 0.5 * (u.throughput(7.0) + u.throughput(8.0));
        assert_eq!(u.nodes_for_throughput(target), Some(8));
        assert_eq!(u.nodes_for_throughput(u.throughput(8.0)), Some(8));
        assert_eq!(u.nodes_for_throughput(10.0), Some(1));
        assert_eq!(u.nodes_for_throughput(u.throughput(31.0) * 1.000_001), None);
        assert_eq!(u.nodes_for_throughput(f64::NAN), None);
        // σ = 0.5, κ = 0: X → 2·X(1) but never reaches it.
        let capped = Usl::new(1.0, 0.5, 0.0).unwrap();
        assert_eq!(capped.nodes_for_throughput(2.0), None);
        assert_eq!(capped.nodes_for_throughput(1.9), Some(19));
    }

    #[test]
    fn validation() {
        assert_eq!(Usl::new(0.0, 0.1, 0.0), None);
        assert_eq!(Usl::new(1.0, 1.5, 0.0), None);
        assert_eq!(Usl::new(1.0, 0.1, -1.0), None);
        let full = Usl::new(1.0, 1.0, 0.01).unwrap();
        assert_eq!(full.best_nodes(), Some(1));
    }

    proptest! {
        #![proptest_config(crate::test_support::proptest_config())]

        #[test]
        fn inverse_is_consistent(
            x1 in 0.1f64..1e4, sigma in 0.0f64..1.0, kappa in 0.0f64..0.1, frac in 0.0f64..1.0,
        ) {
            let u = Usl::new(x1, sigma, kappa).unwrap();
            let top = u.best_nodes().unwrap_or(1_000);
            let target = x1 + frac * (u.throughput(f64::from(top)) - x1);
            let n = u.nodes_for_throughput(target).unwrap();
            prop_assert!(u.throughput(f64::from(n)) >= target);
            if n > 1 {
                prop_assert!(u.throughput(f64::from(n - 1)) < target);
            }
        }

        #[test]
        fn relative_capacity_never_exceeds_linear(n in 1.0f64..1e6, sigma in 0.0f64..1.0, kappa in 0.0f64..1.0) {
            let u = Usl::new(1.0, sigma, kappa).unwrap();
            let c = u.relative_capacity(n);
            prop_assert!(c.is_finite() && c > 0.0 && c <= n * (1.0 + 1e-15));
        }
    }
}
