//! The mean-value equations of a shared host: the slowdown each of its
//! stations' threads sees, from the CPU work of every station on it and
//! their thread limits (the model is in the parent module's doc).

use crate::queue::ps::ps_slowdown;
use crate::queue::root::regula_falsi;

/// The M/M/`c`-PS slowdown at the load whose mean population `a·f_c(a)`
/// is `n`: what a thread that runs beside `n` others on average is slowed
/// by (`1 + n` on one core).
fn slowdown_seen(n: f64, c: u32) -> f64 {
    if n <= 0.0 {
        return 1.0;
    }
    if c == 1 {
        return 1.0 + n;
    }
    let cf = f64::from(c);
    let f = |a: f64| ps_slowdown(a, 1.0, c).unwrap_or(f64::INFINITY);
    // a·f(a) rises from 0 to ∞ on [0, c); a ≤ n since f ≥ 1.
    let hi = n.min(cf * (1.0 - 1e-15));
    let a = regula_falsi(|a| n - a * f(a), 0.0, hi, 1e-14);
    f(a)
}

/// Threads of its own station a starting thread runs beside, when `n`
/// run there on average and it has `k` threads: `E[min(X, k − 1)]` with
/// `X` Poisson of mean `n` (the busy threads of a station that rarely
/// fills; none beside a lone thread, all `n` without a limit).
fn busy_beside(n: f64, k: u32) -> f64 {
    let k = k.saturating_sub(1);
    if n <= 0.0 || k == 0 {
        return 0.0;
    }
    if n > 500.0 {
        return n.min(f64::from(k));
    }
    // Σ_{j<k} P(X > j).
    let (mut p, mut cdf, mut sum) = ((-n).exp(), (-n).exp(), 0.0);
    for j in 0..k {
        let tail = 1.0 - cdf;
        if tail <= 1e-17 {
            break;
        }
        sum += tail;
        p *= n / f64::from(j + 1);
        cdf += p;
    }
    sum
}

/// Slowdowns of the stations `on` one host of `c` cores, with work rates
/// `w` (CPU seconds per second) and thread limits `limit` (`None` for
/// `servers: infinite`), from the mean-value equations of the module doc;
/// `None` when they have no solution (the host is saturated).
pub(super) fn host_slowdowns(w: &[f64], limit: &[Option<u32>], c: u32) -> Option<Vec<f64>> {
    // Threads running at station i when the total is s.
    let running = |i: usize, s: f64| -> f64 {
        let top = w[i] * slowdown_seen(s, c);
        match limit[i] {
            None => top,
            // N = w·g(s − N + m(N)): the right side falls as N grows.
            Some(k) => regula_falsi(
                |m| w[i] * slowdown_seen(s - m + busy_beside(m, k), c) - m,
                0.0,
                top,
                1e-13,
            ),
        }
    };
    let total = |s: f64| (0..w.len()).map(|i| running(i, s)).sum::<f64>();
    // The fixed point s = total(s): total rises with s, slower at the root.
    let mut hi = 1.0_f64;
    while total(hi) >= hi {
        hi *= 2.0;
        if hi > 1e12 {
            return None;
        }
    }
    let s = regula_falsi(|s| total(s) - s, 0.0, hi, 1e-13);
    Some(
        (0..w.len())
            .map(|i| match limit[i] {
                None => slowdown_seen(s, c),
                Some(k) => {
                    let m = running(i, s);
                    slowdown_seen(s - m + busy_beside(m, k), c)
                }
            })
            .collect(),
    )
}
