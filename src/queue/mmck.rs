//! The M/M/c/K station: `c` servers and room for at most `K` customers.
//!
//! A connection limit, a bounded worker queue or a fixed-size thread pool with
//! a backlog turns overload into rejected requests rather than unbounded
//! delay. This module solves the finite birth–death chain exactly, for any
//! offered load (including overload, `λ ≥ cμ`), for pools of tens of thousands
//! of servers and capacities in the millions, without overflow.

use serde::Serialize;

/// Terms below this (relative to the largest, which is 1) no longer change
/// any sum, even after weighting by `K²` ≤ 10¹⁹.
const NEGLIGIBLE: f64 = 1e-280;

/// Exact steady-state metrics of an M/M/c/K FCFS queue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MmckMetrics {
    /// Probability an arrival finds the system full and is rejected, `P_K`
    /// (PASTA), dimensionless.
    pub blocking_probability: f64,
    /// Admitted (throughput) rate `λ_eff = λ(1 − P_K)`, 1/s.
    pub effective_arrival_rate: f64,
    /// Carried per-server utilization `λ_eff/(cμ)`, dimensionless in [0, 1].
    pub utilization: f64,
    /// Probability an admitted customer has to wait, dimensionless.
    pub p_wait: f64,
    /// Mean wait of admitted customers `Wq = Lq/λ_eff`, seconds.
    pub mean_wait: f64,
    /// Mean response of admitted customers `W = L/λ_eff = Wq + 1/μ`, seconds.
    pub mean_response: f64,
    /// Mean number waiting `Lq`, customers.
    pub mean_in_queue: f64,
    /// Mean number present `L`, customers.
    pub mean_in_system: f64,
    /// Second moment of the wait of admitted customers, seconds².
    pub wait_second_moment: f64,
    /// Second moment of the response time of admitted customers
    /// `E[Wq²] + 2·Wq/μ + 2/μ²`, seconds².
    pub response_second_moment: f64,
}

/// Unnormalised sums over the stationary weights `w_n`.
#[derive(Debug, Default)]
struct Sums {
    /// Σ w_n (all states).
    total: f64,
    /// Σ_{n<K} w_n (states that admit an arrival).
    admitted: f64,
    /// w_K.
    full: f64,
    /// Σ n·w_n.
    number: f64,
    /// Σ (n − s)⁺·w_n.
    queued: f64,
    /// Σ min(n, s)·w_n.
    busy: f64,
    /// Σ_{s≤n<K} w_n: an admitted arrival waits.
    waits: f64,
    /// Σ_{s≤n<K} j·w_n with j = n − s + 1 (Erlang(j) wait).
    wait1: f64,
    /// Σ_{s≤n<K} j(j + 1)·w_n.
    wait2: f64,
}

impl Sums {
    fn add(&mut self, n: u32, s: u32, k: u32, w: f64) {
        let nf = f64::from(n);
        let sf = f64::from(s);
        self.total += w;
        self.number += nf * w;
        self.busy += nf.min(sf) * w;
        if n > s {
            self.queued += (nf - sf) * w;
        }
        if n == k {
            self.full = w;
            return;
        }
        self.admitted += w;
        if n >= s {
            let j = nf - sf + 1.0;
            self.waits += w;
            self.wait1 += j * w;
            self.wait2 += j * (j + 1.0) * w;
        }
    }
}

/// Exact M/M/c/K metrics from the birth–death chain.
///
/// Arrival rate `lambda` (1/s), service rate per server `mu` (1/s), `c`
/// servers, capacity `k` customers in total (waiting plus in service). The
/// stationary law is `p_n ∝ Π_{i=1..n} λ/(min(i, c)μ)`, `n = 0..K`. It is
/// evaluated by normalised recursion outward from its mode (largest term = 1,
/// every other term ≤ 1), so nothing overflows for any load, and terms that
/// underflow are negligible. Cost O(min(K, reach)) where the reach is the
/// number of non-negligible states.
///
/// - blocking `P_K = p_K`; admitted rate `λ_eff = λ(1 − P_K)`;
/// - `L = Σ n·p_n`, `Lq = Σ (n − c)⁺·p_n`, utilization `Σ min(n, c)·p_n / c`;
/// - an admitted arrival sees `n` with probability `p_n/(1 − P_K)`, `n < K`
///   (PASTA); if `n ≥ c` it waits Erlang(n − c + 1, cμ), so
///   `E[Wq] = Σ_{n≥c} p_n (n − c + 1)/(cμ) / (1 − P_K)` (equal to `Lq/λ_eff`
///   by Little's law) and `E[Wq²] = Σ_{n≥c} p_n (j)(j + 1)/(cμ)² / (1 − P_K)`,
///   `j = n − c + 1`.
///
/// If `c > K`, only `K` servers can ever be busy; the chain uses `min(c, K)`
/// servers while utilization is still reported over all `c`.
///
/// `None` for invalid input: `λ < 0`, `μ ≤ 0`, `c = 0`, `K = 0`, non-finite
/// rates or an offered load `λ/μ` that overflows.
///
/// Reference: Gross & Harris, *Fundamentals of Queueing Theory* (2008), ch. 2
/// (M/M/c/K); Kleinrock (1975), ch. 3 (birth–death systems); Harchol-Balter
/// (2013), ch. 14.
#[must_use]
pub fn mmck(lambda: f64, mu: f64, c: u32, k: u32) -> Option<MmckMetrics> {
    let rates_ok = lambda >= 0.0 && lambda.is_finite() && mu > 0.0 && mu.is_finite();
    if !rates_ok || c == 0 || k == 0 {
        return None;
    }
    let a = lambda / mu;
    if !a.is_finite() {
        return None;
    }
    let s = c.min(k);
    let sf = f64::from(s);
    // Mode of the weights: they rise while λ/(min(n, s)μ) ≥ 1.
    let mode = if a < sf {
        // 0 ≤ a < s ≤ u32::MAX, so the floor fits.
        a.floor() as u32
    } else {
        k
    };

    let mut sums = Sums::default();
    sums.add(mode, s, k, 1.0);
    let mut w = 1.0_f64;
    let mut n = mode;
    while n > 0 && w >= NEGLIGIBLE {
        w *= f64::from(n.min(s)) / a;
        n -= 1;
        sums.add(n, s, k, w);
    }
    let mut w = 1.0_f64;
    let mut n = mode;
    while n < k && w >= NEGLIGIBLE {
        n += 1;
        w *= a / f64::from(n.min(s));
        sums.add(n, s, k, w);
    }

    let z = sums.total;
    let admitted = sums.admitted / z;
    let service_rate = sf * mu;
    let mean_wait = sums.wait1 / (sums.admitted * service_rate);
    let wait_second_moment = sums.wait2 / (sums.admitted * service_rate * service_rate);
    Some(MmckMetrics {
        blocking_probability: sums.full / z,
        effective_arrival_rate: lambda * admitted,
        utilization: sums.busy / z / f64::from(c),
        p_wait: sums.waits / sums.admitted,
        mean_wait,
        mean_response: mean_wait + 1.0 / mu,
        mean_in_queue: sums.queued / z,
        mean_in_system: sums.number / z,
        wait_second_moment,
        response_second_moment: wait_second_moment + 2.0 * mean_wait / mu + 2.0 / (mu * mu),
    })
}

/// The wait of an admitted arrival to an M/M/c/K queue as a mixture of
/// Erlang laws: it finds `n` present with probability `p_n/(1 − P_K)`,
/// `n < K` (PASTA), and if `n ≥ c` waits for `n − c + 1` departures at rate
/// `cμ`, an Erlang(n − c + 1, cμ) time.
///
/// Returns `(cμ, q)` with `q[j − 1]` the probability of an Erlang(j, cμ)
/// wait (`1 − Σ q` waits not at all); `None` for the inputs [`mmck`] refuses.
/// Weights below 1e-280 of the mode are dropped, as in [`mmck`].
///
/// Reference: Gross & Harris (2008), ch. 2 (M/M/c/K waiting-time
/// distribution); Kleinrock (1975), ch. 3.
#[must_use]
pub fn mmck_wait_law(lambda: f64, mu: f64, c: u32, k: u32) -> Option<(f64, Vec<f64>)> {
    mmck(lambda, mu, c, k)?;
    let a = lambda / mu;
    let s = c.min(k);
    let sf = f64::from(s);
    let mode = if a < sf { a.floor() as u32 } else { k };
    // Unnormalised weights around the mode.
    let mut low: Vec<(u32, f64)> = Vec::new();
    let mut w = 1.0_f64;
    let mut n = mode;
    while n > 0 && w >= NEGLIGIBLE {
        w *= f64::from(n.min(s)) / a;
        n -= 1;
        low.push((n, w));
    }
    let mut high: Vec<(u32, f64)> = vec![(mode, 1.0)];
    let mut w = 1.0_f64;
    let mut n = mode;
    while n < k && w >= NEGLIGIBLE {
        n += 1;
        w *= a / f64::from(n.min(s));
        high.push((n, w));
    }
    let admitted: f64 = low
        .iter()
        .chain(&high)
        .filter(|(n, _)| *n < k)
        .map(|(_, w)| w)
        .sum();
    let mut q: Vec<f64> = Vec::new();
    for &(n, w) in low.iter().chain(&high) {
        if n >= s && n < k {
            let j = (n - s) as usize;
            if q.len() <= j {
                q.resize(j + 1, 0.0);
            }
            q[j] += w / admitted;
        }
    }
    Some((sf * mu, q))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queue::erlang::erlang_b;
    use crate::queue::mmc::mmc;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    #[test]
    fn wait_law_matches_the_wait_moments() {
        for (lambda, mu, c, k) in [(0.8, 1.0, 1, 10), (9.0, 1.0, 10, 30), (30.0, 1.0, 20, 25)] {
            let m = mmck(lambda, mu, c, k).unwrap();
            let (rate, q) = mmck_wait_law(lambda, mu, c, k).unwrap();
            let p: f64 = q.iter().sum();
            let w1: f64 = q
                .iter()
                .enumerate()
                .map(|(j, p)| p * (j + 1) as f64 / rate)
                .sum();
            assert_relative_eq!(p, m.p_wait, max_relative = 1e-12);
            assert_relative_eq!(w1, m.mean_wait, max_relative = 1e-12);
        }
    }

    #[test]
    fn mm1k_closed_form_blocking() {
        // P_K = (1 − ρ)ρ^K / (1 − ρ^{K+1}).
        for (rho, k) in [(0.5_f64, 5_u32), (0.9, 10), (1.5, 8), (3.0, 3)] {
            let kk = i32::try_from(k).unwrap();
            let exact = (1.0 - rho) * rho.powi(kk) / (1.0 - rho.powi(kk + 1));
            let m = mmck(rho, 1.0, 1, k).unwrap();
            assert_relative_eq!(m.blocking_probability, exact, max_relative = 1e-13);
        }
    }

    #[test]
    fn mm1k_at_rho_one_is_uniform() {
        for k in [1_u32, 7, 1_000, 1_000_000] {
            let m = mmck(2.0, 2.0, 1, k).unwrap();
            assert_relative_eq!(
                m.blocking_probability,
                1.0 / f64::from(k + 1),
                max_relative = 1e-9
            );
            assert_relative_eq!(m.mean_in_system, f64::from(k) / 2.0, max_relative = 1e-9);
        }
    }

    #[test]
    fn matches_exact_rational_references() {
        // Exact rational arithmetic (Python fractions) over the same chain.
        let m = mmck(2.5, 1.0, 3, 6).unwrap();
        assert_relative_eq!(
            m.blocking_probability,
            0.102_416_706_540_904_41,
            max_relative = 1e-13
        );
        assert_relative_eq!(
            m.mean_in_system,
            2.944_488_506_387_525,
            max_relative = 1e-13
        );
        assert_relative_eq!(
            m.mean_in_queue,
            0.700_530_272_739_786_2,
            max_relative = 1e-13
        );
        assert_relative_eq!(m.p_wait, 0.498_400_736_099_548_7, max_relative = 1e-13);
        assert_relative_eq!(m.mean_wait, 0.312_185_076_457_959_07, max_relative = 1e-13);
        assert_relative_eq!(
            m.wait_second_moment,
            0.335_918_444_843_651_85,
            max_relative = 1e-13
        );
        // Overloaded: λ = 3 > cμ = 2.
        let m = mmck(3.0, 1.0, 2, 5).unwrap();
        assert_relative_eq!(
            m.blocking_probability,
            0.374_422_187_981_51,
            max_relative = 1e-13
        );
        assert_relative_eq!(
            m.mean_in_system,
            3.665_639_445_300_462_4,
            max_relative = 1e-13
        );
        assert_relative_eq!(m.mean_wait, 0.953_201_970_443_349_8, max_relative = 1e-13);
        assert_relative_eq!(
            m.wait_second_moment,
            1.684_729_064_039_408_8,
            max_relative = 1e-13
        );
        let m = mmck(0.9, 1.0, 1, 10).unwrap();
        assert_relative_eq!(
            m.wait_second_moment,
            24.751_419_491_587_445,
            max_relative = 1e-13
        );
    }

    #[test]
    fn no_waiting_room_is_erlang_b() {
        let m = mmck(5.0, 1.0, 10, 10).unwrap();
        assert_relative_eq!(
            m.blocking_probability,
            erlang_b(10, 5.0),
            max_relative = 1e-13
        );
        assert_relative_eq!(m.p_wait, 0.0);
        assert_relative_eq!(m.mean_wait, 0.0);
        assert_relative_eq!(m.mean_response, 1.0);
    }

    #[test]
    fn large_capacity_converges_to_mmc() {
        let m = mmck(1.5, 1.0, 2, 2_000).unwrap();
        let r = mmc(1.5, 1.0, 2).unwrap();
        assert!(m.blocking_probability < 1e-200);
        assert_relative_eq!(m.p_wait, r.p_wait, max_relative = 1e-12);
        assert_relative_eq!(m.mean_wait, r.mean_wait, max_relative = 1e-12);
        assert_relative_eq!(m.mean_in_system, r.mean_in_system, max_relative = 1e-12);
        assert_relative_eq!(
            m.wait_second_moment,
            r.wait_second_moment,
            max_relative = 1e-12
        );
        assert_relative_eq!(m.utilization, r.utilization, max_relative = 1e-12);
        let big = mmck(9_900.0, 1.0, 10_000, 1_000_000).unwrap();
        assert_relative_eq!(big.p_wait, 0.222_776_928_864_148_24, max_relative = 1e-9);
    }

    #[test]
    fn huge_pool_at_exactly_full_load() {
        // ρ = 1, c = 10⁴, K = 10⁶: w_n = w_c for n ≥ c and Σ_{n≤c} w_n / w_c = 1/B(c, c),
        // so P_K = 1 / (1/B + K − c).
        let b = erlang_b(10_000, 10_000.0);
        let m = mmck(10_000.0, 1.0, 10_000, 1_000_000).unwrap();
        assert_relative_eq!(
            m.blocking_probability,
            1.0 / (1.0 / b + 990_000.0),
            max_relative = 1e-9
        );
    }

    #[test]
    fn heavy_overload_rejects_the_excess() {
        // ρ = 1.2, large K: the top of the chain is geometric with ratio 1/ρ, so
        // P_K → 1 − 1/ρ and K − L → 1/(ρ − 1) = 5.
        let m = mmck(12_000.0, 1.0, 10_000, 1_000_000).unwrap();
        assert_relative_eq!(m.blocking_probability, 1.0 / 6.0, max_relative = 1e-12);
        assert_relative_eq!(1_000_000.0 - m.mean_in_system, 5.0, max_relative = 1e-6);
        assert_relative_eq!(m.utilization, 1.0, max_relative = 1e-12);
        assert_relative_eq!(m.effective_arrival_rate, 10_000.0, max_relative = 1e-12);
        // Extreme overload still has an answer.
        let m = mmck(1e300, 1e-5, 3, 1_000_000).unwrap();
        assert_relative_eq!(m.blocking_probability, 1.0);
        assert!(m.mean_wait.is_finite());
    }

    #[test]
    fn invalid_input_has_no_answer() {
        assert_eq!(mmck(1.0, 1.0, 0, 5), None);
        assert_eq!(mmck(1.0, 1.0, 2, 0), None);
        assert_eq!(mmck(1.0, 0.0, 2, 5), None);
        assert_eq!(mmck(-1.0, 1.0, 2, 5), None);
        assert_eq!(mmck(f64::MAX, f64::MIN_POSITIVE, 2, 5), None);
    }

    #[test]
    fn more_servers_than_capacity_uses_capacity() {
        let m = mmck(2.0, 1.0, 8, 4).unwrap();
        let r = mmck(2.0, 1.0, 4, 4).unwrap();
        assert_relative_eq!(
            m.blocking_probability,
            r.blocking_probability,
            max_relative = 1e-14
        );
        assert_relative_eq!(
            m.utilization * 8.0,
            r.utilization * 4.0,
            max_relative = 1e-14
        );
    }

    proptest! {
        #![proptest_config(crate::test_support::proptest_config())]

        #[test]
        fn littles_law_and_finiteness_at_any_load(
            c in 1u32..100, extra in 0u32..300, load in 0.0f64..3.0, mu in 0.01f64..100.0,
        ) {
            let k = c + extra;
            let lambda = load * f64::from(c) * mu;
            let m = mmck(lambda, mu, c, k).unwrap();
            for v in [m.blocking_probability, m.effective_arrival_rate, m.utilization, m.p_wait,
                      m.mean_wait, m.mean_response, m.mean_in_queue, m.mean_in_system,
                      m.wait_second_moment, m.response_second_moment] {
                prop_assert!(v.is_finite() && v >= 0.0);
            }
            let l = m.effective_arrival_rate * m.mean_response;
            prop_assert!((m.mean_in_system - l).abs() <= 1e-10 * m.mean_in_system.max(1e-300));
            let lq = m.effective_arrival_rate * m.mean_wait;
            prop_assert!((m.mean_in_queue - lq).abs() <= 1e-10 * m.mean_in_queue.max(1e-12));
            let carried = m.effective_arrival_rate / (f64::from(c) * mu);
            prop_assert!((m.utilization - carried).abs() <= 1e-10 * carried.max(1e-300));
            prop_assert!(m.utilization <= 1.0 + 1e-12 && m.blocking_probability <= 1.0);
        }

        #[test]
        fn more_servers_capacity_or_less_load_never_raise_blocking(
            c in 1u32..60, extra in 0u32..100, load in 0.0f64..2.5,
        ) {
            let k = c + extra + 1;
            let lambda = load * f64::from(c);
            let base = mmck(lambda, 1.0, c, k).unwrap();
            let more_servers = mmck(lambda, 1.0, c + 1, k).unwrap();
            let more_room = mmck(lambda, 1.0, c, k + 1).unwrap();
            let busier = mmck(lambda * 1.01 + 0.01, 1.0, c, k).unwrap();
            let tol = 1.0 + 1e-12;
            prop_assert!(more_servers.blocking_probability <= base.blocking_probability * tol);
            prop_assert!(more_room.blocking_probability <= base.blocking_probability * tol);
            prop_assert!(busier.blocking_probability * tol >= base.blocking_probability);
            prop_assert!(more_servers.mean_wait <= base.mean_wait * tol);
            prop_assert!(busier.mean_wait * tol >= base.mean_wait);
        }
    }
}
