//! The mean-value equations of a shared host: the slowdown each of its
//! stations' threads sees, from the CPU work of every station on it and
//! their thread limits (the model is in the parent module's doc).

use crate::queue::erlang::erlang_b;
use std::cell::Cell;

use crate::queue::root::regula_falsi;

/// The M/M/`c`-PS slowdown at the load whose mean population `a·f_c(a)`
/// is `n`: what a thread that runs beside `n` others on average is slowed
/// by (`1 + n` on one core). The population is the M/M/c one,
/// `L(a) = a + a·C(c, a)/(c − a)`, so the slowdown at the root is `n/a`;
/// the root is found by Newton steps on `L(a) = n` kept inside a shrinking
/// bracket, from the load of the previous call (`last`: the equations ask
/// for nearby populations one after another).
fn slowdown_seen(n: f64, c: u32, last: &Cell<f64>) -> f64 {
    if n <= 0.0 {
        return 1.0;
    }
    if c == 1 {
        return 1.0 + n;
    }
    // L(a) rises from 0 to ∞ on [0, c); a ≤ n since f ≥ 1.
    let (mut lo, mut hi) = (0.0, n.min(f64::from(c) * (1.0 - 1e-15)));
    let mut a = last.get();
    if !(a > lo && a < hi) {
        a = 0.5 * hi;
    }
    for _ in 0..200 {
        let (l, dl) = population(a, c);
        let v = l - n;
        if v == 0.0 {
            break;
        }
        if v > 0.0 {
            hi = a;
        } else {
            lo = a;
        }
        let newton = a - v / dl;
        let next = if dl > 0.0 && newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        let done = (next - a).abs() <= 1e-14 * next || hi - lo <= 1e-14 * hi;
        a = next;
        if done {
            break;
        }
    }
    last.set(a);
    if a > 0.0 { (n / a).max(1.0) } else { 1.0 }
}

/// The mean number present in an M/M/`c` queue at offered load `a`
/// (erlangs), `L = a + a·C/(c − a)`, and `dL/da`, from Erlang B and its
/// derivative `dB/da = B·(c/a − 1 + B)` (Jagerman 1974), with
/// `C = c·B/(c − a(1 − B))`.
fn population(a: f64, c: u32) -> (f64, f64) {
    let cf = f64::from(c);
    if a <= 0.0 {
        return (0.0, 1.0);
    }
    let b = erlang_b(c, a);
    let db = b * (cf / a - 1.0 + b);
    let d = cf - a * (1.0 - b);
    let dd = -(1.0 - b) + a * db;
    let wait = cf * b / d;
    let dwait = cf * (db * d - b * dd) / (d * d);
    let free = cf - a;
    let g = a * wait / free;
    let dg = (wait + a * dwait) / free + a * wait / (free * free);
    (a + g, 1.0 + dg)
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
/// `None` when they have no solution (the host is saturated). Also
/// returns the total of threads running, `s`; `hint` is a guess of it (the
/// last round's, in a fixed point), tried first as a narrow bracket.
pub(super) fn host_slowdowns(
    w: &[f64],
    limit: &[Option<u32>],
    c: u32,
    hint: Option<f64>,
) -> Option<(Vec<f64>, f64)> {
    let last = Cell::new(0.0);
    let seen = |n: f64| slowdown_seen(n, c, &last);
    // Threads running at station i when the total is s.
    let running = |i: usize, s: f64| -> f64 {
        let top = w[i] * seen(s);
        match limit[i] {
            None => top,
            // N = w·g(s − N + m(N)): the right side falls as N grows.
            Some(k) => regula_falsi(
                |m| w[i] * seen(s - m + busy_beside(m, k)) - m,
                0.0,
                top,
                1e-13,
            ),
        }
    };
    let total = |s: f64| (0..w.len()).map(|i| running(i, s)).sum::<f64>();
    // The fixed point s = total(s): total rises with s, slower at the root.
    let near = hint
        .filter(|h| *h > 0.0 && h.is_finite())
        .map(|h| (h * (1.0 - 1e-3), h * (1.0 + 1e-3)))
        .filter(|&(lo, hi)| total(lo) >= lo && total(hi) < hi);
    let (lo, hi) = match near {
        Some(bracket) => bracket,
        None => {
            let mut hi = 1.0_f64;
            while total(hi) >= hi {
                hi *= 2.0;
                if hi > 1e12 {
                    return None;
                }
            }
            (0.0, hi)
        }
    };
    let s = regula_falsi(|s| total(s) - s, lo, hi, 1e-13);
    let slowdowns = (0..w.len())
        .map(|i| match limit[i] {
            None => seen(s),
            Some(k) => {
                let m = running(i, s);
                seen(s - m + busy_beside(m, k))
            }
        })
        .collect();
    Some((slowdowns, s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queue::ps::ps_slowdown;
    use approx::assert_relative_eq;

    #[test]
    fn the_slowdown_seen_inverts_the_mmc_population() {
        // At load a the M/M/c population is a·f_c(a) (Little's law on the
        // PS slowdown f_c): seen from that population, the slowdown is f_c(a).
        for c in [2, 3, 8, 64, 500] {
            for rho in [1e-6, 0.01, 0.3, 0.7, 0.95, 0.999] {
                let a = rho * f64::from(c);
                let f = ps_slowdown(a, 1.0, c).unwrap();
                let (l, dl) = population(a, c);
                assert_relative_eq!(l, a * f, max_relative = 1e-12);
                // The derivative against a central difference.
                let h = 1e-6 * a;
                let fd = (population(a + h, c).0 - population(a - h, c).0) / (2.0 * h);
                assert_relative_eq!(dl, fd, max_relative = 1e-5);
                assert_relative_eq!(
                    slowdown_seen(a * f, c, &Cell::new(0.0)),
                    f,
                    max_relative = 1e-11
                );
                // From a poor start too.
                let far = Cell::new(0.999 * f64::from(c));
                assert_relative_eq!(slowdown_seen(a * f, c, &far), f, max_relative = 1e-11);
            }
        }
        assert_relative_eq!(slowdown_seen(2.5, 1, &Cell::new(0.0)), 3.5);
        assert_relative_eq!(slowdown_seen(0.0, 4, &Cell::new(0.0)), 1.0);
    }
}
