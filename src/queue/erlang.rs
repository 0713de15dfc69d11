//! Erlang B (loss) and Erlang C (delay) probabilities for `c` parallel servers.
//!
//! Both underlie every multi-server station in the planner: Erlang C is the
//! probability an arrival to an M/M/c queue must wait, Erlang B the probability
//! an arrival to an M/M/c/c loss system is turned away. Server pools in the tens
//! of thousands are realistic, so both are computed with the numerically stable
//! Erlang B recursion, never with factorials or powers that overflow.

/// Erlang B blocking probability of an M/M/c/c loss system.
///
/// `c` servers, offered load `a = λ/μ` in erlangs (dimensionless: arrival rate
/// in 1/s times mean service time in seconds). Computed by the recursion
/// `B_0 = 1`, `B_k = a·B_{k−1} / (k + a·B_{k−1})`, which is stable and
/// overflow-free for any `c` (O(c) time, about a millisecond for
/// `c` = 100,000; it stops early once the terms underflow to 0).
///
/// Returns 1 when `c = 0`, 0 when `a ≤ 0`, 1 when `a = +∞`, NaN when `a` is NaN.
///
/// Reference: Harchol-Balter, *Performance Modeling and Design of Computer
/// Systems* (2013), ch. 14 (M/M/k/k); Gross & Harris, *Fundamentals of Queueing
/// Theory* (2008), ch. 2 (the recursion).
#[must_use]
pub fn erlang_b(c: u32, a: f64) -> f64 {
    if a.is_nan() {
        return f64::NAN;
    }
    if c == 0 || a == f64::INFINITY {
        return 1.0;
    }
    if a <= 0.0 {
        return 0.0;
    }
    let mut b = 1.0_f64;
    for k in 1..=c {
        let ab = a * b;
        b = ab / (f64::from(k) + ab);
        if b == 0.0 {
            // Underflowed; every later term is smaller still.
            break;
        }
    }
    b
}

/// Erlang C probability that an arrival to an M/M/c queue waits.
///
/// `C = B / (1 − ρ(1 − B))` with `B = erlang_b(c, a)`, offered load
/// `a = λ/μ` (erlangs) and per-server utilization `ρ = a/c`.
///
/// `None` when the queue has no steady state (`ρ ≥ 1`, or `c = 0`) or `a` is NaN;
/// `Some(0.0)` when `a ≤ 0`.
///
/// Reference: Harchol-Balter (2013), ch. 14 (Erlang C and its relation to
/// Erlang B); Kleinrock, *Queueing Systems* Vol. 1 (1975), ch. 3 (M/M/m).
#[must_use]
pub fn erlang_c(c: u32, a: f64) -> Option<f64> {
    if c == 0 {
        return None;
    }
    let rho = a / f64::from(c);
    if rho.is_nan() || rho >= 1.0 {
        return None;
    }
    if a <= 0.0 {
        return Some(0.0);
    }
    let b = erlang_b(c, a);
    Some(b / (1.0 - rho * (1.0 - b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    /// Halfin–Whitt heavy-traffic approximation of Erlang C, used only as a
    /// sanity bound: C ≈ [1 + β·Φ(β)/φ(β)]⁻¹ with β = (1 − ρ)√c.
    fn halfin_whitt(c: u32, rho: f64) -> f64 {
        let beta = (1.0 - rho) * f64::from(c).sqrt();
        let phi = (-0.5 * beta * beta).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let cdf = 0.5 * statrs::function::erf::erfc(-beta / std::f64::consts::SQRT_2);
        1.0 / (1.0 + beta * cdf / phi)
    }

    #[test]
    fn erlang_b_textbook_value() {
        // B(10, 5) = 390625/21247437 exactly (rational recursion).
        assert_relative_eq!(
            erlang_b(10, 5.0),
            390_625.0 / 21_247_437.0,
            max_relative = 1e-13
        );
        assert_relative_eq!(erlang_b(10, 5.0), 0.018_384, max_relative = 1e-4);
    }

    #[test]
    fn erlang_b_single_server_is_a_over_one_plus_a() {
        assert_relative_eq!(erlang_b(1, 3.0), 0.75, max_relative = 1e-15);
    }

    #[test]
    fn erlang_b_large_pools_match_high_precision_reference() {
        // References: the same recursion in 60-digit decimal arithmetic.
        assert_relative_eq!(
            erlang_b(100_000, 100_000.0),
            0.002_518_893_423_546_906_4,
            max_relative = 1e-10
        );
        assert_relative_eq!(
            erlang_b(100_000, 95_000.0),
            8.587_131_329_516_881e-60,
            max_relative = 1e-9
        );
    }

    #[test]
    fn erlang_b_edge_cases() {
        assert_relative_eq!(erlang_b(0, 2.0), 1.0);
        assert_relative_eq!(erlang_b(5, 0.0), 0.0);
        assert_relative_eq!(erlang_b(5, -1.0), 0.0);
        assert_relative_eq!(erlang_b(5, f64::INFINITY), 1.0);
        assert!(erlang_b(5, f64::NAN).is_nan());
        assert!(erlang_b(1_000_000, 1e300).is_finite());
        assert_relative_eq!(erlang_b(u32::MAX, 1.0), 0.0);
    }

    #[test]
    fn erlang_c_two_servers_textbook() {
        // c = 2, a = 1.5: C = 9/14.
        assert_relative_eq!(erlang_c(2, 1.5).unwrap(), 9.0 / 14.0, max_relative = 1e-14);
    }

    #[test]
    fn erlang_c_single_server_equals_rho() {
        assert_relative_eq!(erlang_c(1, 0.8).unwrap(), 0.8, max_relative = 1e-14);
    }

    #[test]
    fn erlang_c_64_servers_matches_exact_rational() {
        // Exact rational arithmetic (Python fractions), c = 64.
        assert_relative_eq!(
            erlang_c(64, 57.6).unwrap(),
            0.310_663_316_532_959_2,
            max_relative = 1e-12
        );
        assert_relative_eq!(
            erlang_c(64, 60.0).unwrap(),
            0.506_866_270_975_763_3,
            max_relative = 1e-12
        );
    }

    #[test]
    fn erlang_c_ten_thousand_servers_at_rho_099() {
        // Exact rational recursion and an independent 60-digit log-sum-exp of
        // C = 1 / (1 + (1−ρ)·Σ_{k<c} c!/(k!·a^{c−k})) both give 0.2227769288641482…
        let c = erlang_c(10_000, 9_900.0).unwrap();
        assert_relative_eq!(c, 0.222_776_928_864_148_24, max_relative = 1e-10);
        // Halfin–Whitt (β = 1) gives 0.2234; agree to within 1 %.
        assert_relative_eq!(c, halfin_whitt(10_000, 0.99), max_relative = 1e-2);
    }

    #[test]
    fn erlang_c_hundred_thousand_servers() {
        assert_relative_eq!(
            erlang_c(100_000, 99_000.0).unwrap(),
            0.000_821_908_237_410_795_4,
            max_relative = 1e-9
        );
    }

    #[test]
    fn erlang_c_has_no_answer_at_or_above_saturation() {
        assert_eq!(erlang_c(4, 4.0), None);
        assert_eq!(erlang_c(4, 5.0), None);
        assert_eq!(erlang_c(0, 0.5), None);
        assert_eq!(erlang_c(4, f64::NAN), None);
        assert_eq!(erlang_c(4, 0.0), Some(0.0));
    }

    proptest! {
        #![proptest_config(crate::test_support::proptest_config())]

        #[test]
        fn erlang_probabilities_lie_in_unit_interval(c in 1u32..2_000, rho in 0.0f64..0.999) {
            let a = rho * f64::from(c);
            let b = erlang_b(c, a);
            let cc = erlang_c(c, a).unwrap();
            prop_assert!((0.0..=1.0).contains(&b));
            prop_assert!((0.0..=1.0).contains(&cc));
            // Waiting is at least as likely as blocking would be.
            prop_assert!(cc >= b * (1.0 - 1e-12));
        }

        #[test]
        fn more_servers_never_raise_erlang_c(c in 1u32..500, a in 0.0f64..400.0) {
            if let (Some(now), Some(more)) = (erlang_c(c, a), erlang_c(c + 1, a)) {
                prop_assert!(more <= now * (1.0 + 1e-12));
            }
        }

        #[test]
        fn more_load_never_lowers_erlang_c(c in 1u32..500, rho in 0.0f64..0.99, bump in 0.0f64..0.5) {
            let a = rho * f64::from(c);
            let a2 = (a + bump).min(0.999 * f64::from(c));
            let lo = erlang_c(c, a).unwrap();
            let hi = erlang_c(c, a2.max(a)).unwrap();
            prop_assert!(hi >= lo * (1.0 - 1e-12));
        }
    }
}
