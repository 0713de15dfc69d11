//! Whitt's Queueing Network Analyzer (QNA, 1983): carrying variability
//! (squared coefficients of variation) through an open network.
//!
//! Outside Jackson networks, a station's delay depends on how bursty its
//! arrivals are. QNA approximates every flow by its rate and SCV and gives
//! rules for how a station, a random split and a merge change the SCV; the
//! network solver (`solve::variability`) applies them, in their affine form,
//! and feeds the resulting arrival SCVs to Allen–Cunneen ([`super::ggc`]).

use serde::Serialize;

/// A flow of customers summarised by its first two moments.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Flow {
    /// Mean rate, 1/s.
    pub rate: f64,
    /// Squared coefficient of variation of the inter-arrival times, dimensionless.
    pub scv: f64,
}

/// Departure SCV of a `c`-server station (QNA eq. 4.4 with Whitt's
/// multi-server refinement):
/// `c_d² = 1 + (1 − ρ²)(c_a² − 1) + ρ²(c_s² − 1)/√c`.
///
/// `rho` is the per-server utilization `λE[S]/c` (dimensionless), `scv_a` and
/// `scv_s` the arrival and service SCVs. The result is ≥ 0 on the valid domain.
/// `None` unless `0 ≤ ρ < 1` (a saturated station has no departure process
/// of its own arrivals), `c ≥ 1` and both SCVs are finite and ≥ 0.
///
/// Reference: Whitt, "The Queueing Network Analyzer", *Bell System Technical
/// Journal* 62(9), 1983 (departure approximation for multi-server stations).
#[must_use]
pub fn departure_scv(rho: f64, c: u32, scv_a: f64, scv_s: f64) -> Option<f64> {
    let scvs_ok = scv_a >= 0.0 && scv_s >= 0.0 && scv_a.is_finite() && scv_s.is_finite();
    if !scvs_ok || c == 0 || !(0.0..1.0).contains(&rho) {
        return None;
    }
    let (alpha, beta) = departure_scv_linear(rho, c, scv_s);
    Some((alpha + beta * scv_a).max(0.0))
}

/// [`departure_scv`] as an affine function of the arrival SCV,
/// `c_d² = α + β·c_a²` with `α = ρ²(1 + (c_s² − 1)/√c)` and `β = 1 − ρ²`:
/// the form the network solver needs to set up QNA's linear system.
#[must_use]
pub fn departure_scv_linear(rho: f64, c: u32, scv_s: f64) -> (f64, f64) {
    let r2 = rho * rho;
    (r2 * (1.0 + (scv_s - 1.0) / f64::from(c).sqrt()), 1.0 - r2)
}

/// Service SCV of a station whose immediate feedback (a share `p` of
/// departures sent straight back) is eliminated: the service becomes a
/// geometric sum of services, SCV `p + (1 − p)·c_s²`.
///
/// Reference: Whitt (1983), §4 (immediate feedback elimination).
#[must_use]
pub fn feedback_scv(p: f64, scv_s: f64) -> f64 {
    p + (1.0 - p) * scv_s
}

/// Whitt's merge weight `w = 1/(1 + 4(1 − ρ)²(ν − 1))`, `ν = 1/Σ share²`,
/// for flows making up the given shares of a station's arrivals
/// (see [`superpose_whitt`]).
#[must_use]
pub fn merge_weight(rho: f64, concentration: f64) -> f64 {
    let nu = 1.0 / concentration;
    1.0 / (1.0 + 4.0 * (1.0 - rho).powi(2) * (nu - 1.0))
}

/// Departure SCV of an infinite-server (pure delay) station: `c_d² = c_a²`.
///
/// Choice: customers are delayed independently and never queue, so the output
/// is the input jittered by i.i.d. delays. This is the `c → ∞` limit of
/// [`departure_scv`] (per-server `ρ = λE[S]/c → 0` and `ρ²/√c → 0`); it is
/// exact for Poisson input (M/G/∞ output is Poisson) and for a constant delay
/// (the output is the input shifted in time). It overstates the smoothing
/// random delays give to very regular inputs, a conservative error for
/// latency.
///
/// Reference: Whitt (1983) (the c → ∞ limit of the departure formula); Gross &
/// Harris (2008), ch. 2 and 6 (M/G/∞ departures are Poisson for Poisson input).
#[must_use]
pub fn departure_scv_infinite_server(scv_a: f64) -> f64 {
    scv_a
}

/// SCV of the flow sent on a random (Bernoulli) branch with probability `p`:
/// `c² = p·c_in² + 1 − p`. `p` must lie in [0, 1].
///
/// Reference: Whitt (1983) (splitting).
#[must_use]
pub fn split_scv(p: f64, scv: f64) -> f64 {
    p * scv + 1.0 - p
}

/// The branch of `flow` taken with probability `p` ∈ [0, 1]: rate `p·λ`,
/// SCV from [`split_scv`].
#[must_use]
pub fn split(flow: Flow, p: f64) -> Flow {
    Flow {
        rate: p * flow.rate,
        scv: split_scv(p, flow.scv),
    }
}

/// Total rate and the rate-weighted average SCV `Σ(λ_i/λ)c_i²` of merged flows
/// (the asymptotic method; exact for merging Poisson flows), or `None` if
/// rates are negative/non-finite, an SCV is negative/non-finite, or the total
/// rate is 0.
///
/// Reference: Whitt (1983) (superposition, asymptotic method, `w = 1`).
#[must_use]
pub fn superpose(flows: &[Flow]) -> Option<Flow> {
    let ok = flows
        .iter()
        .all(|f| f.rate >= 0.0 && f.rate.is_finite() && f.scv >= 0.0 && f.scv.is_finite());
    let total: f64 = flows.iter().map(|f| f.rate).sum();
    if !(ok && total > 0.0 && total.is_finite()) {
        return None;
    }
    let scv = flows.iter().map(|f| f.rate / total * f.scv).sum();
    Some(Flow { rate: total, scv })
}

/// Merge flows with Whitt's hybrid weighting:
/// `c_a² = w·Σ(λ_i/λ)c_i² + 1 − w`, `w = 1/(1 + 4(1 − ρ)²(ν − 1))`,
/// `ν = 1/Σ(λ_i/λ)²` (the effective number of merged flows).
///
/// `rho` is the utilization of the station receiving the merged flow: under
/// heavy traffic (`ρ → 1`) the weighted average holds; with many small flows
/// at light load the merge looks Poisson (`c² → 1`). `None` as for
/// [`superpose`] or when `ρ` is not in [0, 1].
///
/// Reference: Whitt (1983) (superposition, hybrid method with Albin's
/// `(1 − ρ)²` weight).
#[must_use]
pub fn superpose_whitt(flows: &[Flow], rho: f64) -> Option<Flow> {
    if !(0.0..=1.0).contains(&rho) {
        return None;
    }
    let plain = superpose(flows)?;
    let concentration: f64 = flows.iter().map(|f| (f.rate / plain.rate).powi(2)).sum();
    let w = merge_weight(rho, concentration);
    Some(Flow {
        rate: plain.rate,
        scv: w * plain.scv + 1.0 - w,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    #[test]
    fn poisson_through_exponential_stays_poisson() {
        for c in [1_u32, 2, 16, 10_000] {
            for rho in [0.0, 0.3, 0.95] {
                assert_relative_eq!(
                    departure_scv(rho, c, 1.0, 1.0).unwrap(),
                    1.0,
                    max_relative = 1e-15
                );
            }
        }
    }

    #[test]
    fn md1_departures_are_smoother() {
        // c = 1, c_a² = 1, c_s² = 0: c_d² = 1 − ρ².
        assert_relative_eq!(
            departure_scv(0.8, 1, 1.0, 0.0).unwrap(),
            0.36,
            max_relative = 1e-14
        );
        // Four servers: 1 − ρ²/2.
        assert_relative_eq!(
            departure_scv(0.8, 4, 1.0, 0.0).unwrap(),
            0.68,
            max_relative = 1e-14
        );
    }

    #[test]
    fn light_and_heavy_traffic_limits() {
        assert_relative_eq!(departure_scv(0.0, 1, 3.0, 0.2).unwrap(), 3.0);
        assert_relative_eq!(
            departure_scv(0.999_999, 1, 3.0, 0.2).unwrap(),
            0.2,
            max_relative = 1e-4
        );
        assert_relative_eq!(departure_scv_infinite_server(2.5), 2.5);
    }

    #[test]
    fn departure_scv_rejects_saturation_and_bad_input() {
        assert_eq!(departure_scv(1.0, 1, 1.0, 1.0), None);
        assert_eq!(departure_scv(-0.1, 1, 1.0, 1.0), None);
        assert_eq!(departure_scv(0.5, 0, 1.0, 1.0), None);
        assert_eq!(departure_scv(0.5, 1, -1.0, 1.0), None);
        assert_eq!(departure_scv(f64::NAN, 1, 1.0, 1.0), None);
    }

    #[test]
    fn affine_form_and_feedback_by_hand() {
        // ρ = 0.5, c = 4, c_s² = 3: α = 0.25·(1 + 2/2) = 0.5, β = 0.75.
        let (a, b) = departure_scv_linear(0.5, 4, 3.0);
        assert_relative_eq!(a, 0.5, max_relative = 1e-15);
        assert_relative_eq!(b, 0.75, max_relative = 1e-15);
        assert_relative_eq!(departure_scv(0.5, 4, 2.0, 3.0).unwrap(), 2.0);
        // Exponential service stays exponential under feedback; a constant
        // service repeated a geometric number of times has SCV p.
        assert_relative_eq!(feedback_scv(0.3, 1.0), 1.0);
        assert_relative_eq!(feedback_scv(0.3, 0.0), 0.3);
        // Two equal flows: ν = 2, at ρ = 0.5 w = 1/(1 + 4·0.25·1) = 0.5.
        assert_relative_eq!(merge_weight(0.5, 0.5), 0.5);
    }

    #[test]
    fn splitting() {
        assert_relative_eq!(split_scv(0.3, 1.0), 1.0);
        assert_relative_eq!(split_scv(0.5, 0.0), 0.5);
        assert_relative_eq!(split_scv(1.0, 4.0), 4.0);
        let f = split(
            Flow {
                rate: 10.0,
                scv: 2.0,
            },
            0.25,
        );
        assert_relative_eq!(f.rate, 2.5);
        assert_relative_eq!(f.scv, 1.25);
    }

    #[test]
    fn superposition_by_hand() {
        let flows = [
            Flow {
                rate: 1.0,
                scv: 0.0,
            },
            Flow {
                rate: 3.0,
                scv: 2.0,
            },
        ];
        let plain = superpose(&flows).unwrap();
        assert_relative_eq!(plain.rate, 4.0);
        assert_relative_eq!(plain.scv, 1.5, max_relative = 1e-15);
        // ν = 1/(1/16 + 9/16) = 1.6; ρ = 0.5: w = 1/(1 + 4·0.25·0.6) = 0.625.
        let whitt = superpose_whitt(&flows, 0.5).unwrap();
        assert_relative_eq!(whitt.scv, 0.625 * 1.5 + 0.375, max_relative = 1e-14);
        // Heavy traffic: plain average.
        assert_relative_eq!(
            superpose_whitt(&flows, 1.0).unwrap().scv,
            1.5,
            max_relative = 1e-15
        );
        // Two equal deterministic flows at ρ = 0: w = 1/5, c² = 0.8.
        let det = [
            Flow {
                rate: 1.0,
                scv: 0.0,
            },
            Flow {
                rate: 1.0,
                scv: 0.0,
            },
        ];
        assert_relative_eq!(
            superpose_whitt(&det, 0.0).unwrap().scv,
            0.8,
            max_relative = 1e-15
        );
        // Merging Poisson flows gives Poisson under both rules.
        let poisson = [
            Flow {
                rate: 2.0,
                scv: 1.0,
            },
            Flow {
                rate: 5.0,
                scv: 1.0,
            },
        ];
        assert_relative_eq!(superpose(&poisson).unwrap().scv, 1.0, max_relative = 1e-15);
        assert_relative_eq!(
            superpose_whitt(&poisson, 0.3).unwrap().scv,
            1.0,
            max_relative = 1e-15
        );
    }

    #[test]
    fn superposition_rejects_bad_input() {
        assert_eq!(superpose(&[]), None);
        assert_eq!(
            superpose(&[Flow {
                rate: 0.0,
                scv: 1.0
            }]),
            None
        );
        assert_eq!(
            superpose(&[Flow {
                rate: -1.0,
                scv: 1.0
            }]),
            None
        );
        assert_eq!(
            superpose_whitt(
                &[Flow {
                    rate: 1.0,
                    scv: 1.0
                }],
                1.5
            ),
            None
        );
    }

    proptest! {
        #![proptest_config(crate::test_support::proptest_config())]

        #[test]
        fn single_server_departure_scv_is_a_convex_combination(rho in 0.0f64..0.9999, ca in 0.0f64..20.0, cs in 0.0f64..20.0) {
            let d = departure_scv(rho, 1, ca, cs).unwrap();
            prop_assert!(d >= ca.min(cs) - 1e-12 && d <= ca.max(cs) + 1e-12);
        }

        #[test]
        fn departure_scv_is_finite_and_non_negative(rho in 0.0f64..0.9999, c in 1u32..100_000, ca in 0.0f64..50.0, cs in 0.0f64..50.0) {
            let d = departure_scv(rho, c, ca, cs).unwrap();
            prop_assert!(d.is_finite() && d >= 0.0);
        }

        #[test]
        fn whitt_merge_lies_between_plain_average_and_poisson(
            rates in prop::collection::vec(0.01f64..100.0, 1..8),
            scvs in prop::collection::vec(0.0f64..10.0, 8),
            rho in 0.0f64..=1.0,
        ) {
            let flows: Vec<Flow> = rates.iter().zip(&scvs).map(|(&rate, &scv)| Flow { rate, scv }).collect();
            let plain = superpose(&flows).unwrap().scv;
            let w = superpose_whitt(&flows, rho).unwrap().scv;
            prop_assert!(w >= plain.min(1.0) - 1e-12 && w <= plain.max(1.0) + 1e-12);
        }
    }
}
