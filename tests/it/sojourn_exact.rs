//! End-to-end sojourn percentiles against independent exact results.
//!
//! Each case solves a network file with the library and compares p50, p95
//! and p99 with a closed form or a numerical value computed here, by other
//! means than the solver's (own recursions, own closed forms, bisection on
//! the distribution function), within 1e-6 relative.

use planner::network::network_from_str;
use planner::solve::{SolveReport, solve};

const TOL: f64 = 1e-6;
const QS: [f64; 3] = [0.50, 0.95, 0.99];

fn solved(yaml: &str) -> SolveReport {
    let net = network_from_str("test.yaml", yaml).expect("valid network");
    solve(&net).expect("solves")
}

/// p50, p95, p99 of the network, seconds.
fn percentiles(r: &SolveReport) -> [f64; 3] {
    let n = &r.network;
    [
        n.p50_sojourn_ms.unwrap() / 1000.0,
        n.p95_sojourn_ms.unwrap() / 1000.0,
        n.p99_sojourn_ms.unwrap() / 1000.0,
    ]
}

/// The `q`-quantile of a distribution given by its CDF, by plain bisection.
fn quantile_of(cdf: impl Fn(f64) -> f64, q: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, 1.0);
    while cdf(hi) < q {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if cdf(mid) >= q {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    0.5 * (lo + hi)
}

fn assert_close(got: [f64; 3], want: [f64; 3], what: &str) {
    for i in 0..3 {
        let rel = (got[i] - want[i]).abs() / want[i];
        assert!(
            rel <= TOL,
            "{what} p{}: solver {} s, exact {} s (relative error {rel:.2e})",
            (QS[i] * 100.0).round(),
            got[i],
            want[i]
        );
    }
}

/// Σ_{i<j} e^{−x} x^i / i!: P(Poisson(x) < j) = P(Erlang(j, 1) > x).
fn poisson_below(j: usize, x: f64) -> f64 {
    let mut term = (-x).exp();
    let mut sum = 0.0;
    for i in 0..j {
        sum += term;
        term *= x / (i + 1) as f64;
    }
    sum
}

#[test]
fn mmck_sojourn_is_a_mixture_of_erlangs_plus_service() {
    // M/M/2/6, λ = 15/s, μ = 10/s (E[S] = 100 ms). Gross & Harris (2008)
    // §2.5: p_n ∝ a^n/n! for n ≤ 2, a²/2·(a/2)^{n−2} above, a = λ/μ = 1.5.
    // An admitted arrival finds n < K with probability p_n/(1 − p_K); if
    // n ≥ c it waits Erlang(n − c + 1, cμ), then is served Exp(μ).
    // With r = cμ = 20 > μ = 10, for X ~ Exp(μ) and E_j ~ Erlang(j, r):
    // P(E_j + X > t) = P(E_j > t) + e^{−μt}(r/(r − μ))^j P(Erlang(j, r − μ) ≤ t)
    // (convolve the Erlang density with e^{−μ(t−x)}; Kleinrock 1975, §2.1).
    let (lambda, mu, c, k) = (15.0f64, 10.0f64, 2usize, 6usize);
    let a = lambda / mu;
    let mut p = vec![1.0f64];
    for n in 1..=k {
        let servers = n.min(c) as f64;
        p.push(p[n - 1] * a / servers);
    }
    let admitted: f64 = p[..k].iter().sum();
    let r = c as f64 * mu;
    let ccdf = |t: f64| -> f64 {
        let mut g = 0.0;
        for (n, &pn) in p.iter().enumerate().take(k) {
            let w = pn / admitted;
            if n < c {
                g += w * (-mu * t).exp();
            } else {
                let j = n - c + 1;
                let ratio = (r / (r - mu)).powi(j as i32);
                g += w
                    * (poisson_below(j, r * t)
                        + (-mu * t).exp() * ratio * (1.0 - poisson_below(j, (r - mu) * t)));
            }
        }
        g
    };
    let want = QS.map(|q| quantile_of(|t| 1.0 - ccdf(t), q));
    let r = solved(
        "arrivals: [{ rate: 15, to: db }]\nstations:\n  db:\n    servers: 2\n    capacity: 6\n    service: { distribution: exponential, mean_ms: 100 }\n",
    );
    assert_close(percentiles(&r), want, "M/M/2/6");
    assert!(r.network.sojourn_method.starts_with("exact"));
}

#[test]
fn md1_sojourn_from_erlangs_formula() {
    // M/D/1, D = 100 ms, λ = 7/s (ρ = 0.7). Erlang's formula for the wait
    // (Gross & Harris 2008, §5.1.6; Kleinrock 1975, ex. 5.x):
    // P(W ≤ t) = (1 − ρ) Σ_{k=0}^{⌊t/D⌋} (λ(kD − t))^k / k! · e^{−λ(kD − t)},
    // and T = W + D. At these t (λt < 10) the alternating sum keeps 12 digits.
    let (lambda, d) = (7.0f64, 0.1f64);
    let rho = lambda * d;
    let wait_cdf = |t: f64| -> f64 {
        if t < 0.0 {
            return 0.0;
        }
        let mut sum = 0.0;
        let mut k = 0usize;
        while (k as f64) * d <= t {
            let x = lambda * (k as f64 * d - t);
            let mut term = (-x).exp();
            for i in 1..=k {
                term *= x / i as f64;
            }
            sum += term;
            k += 1;
        }
        (1.0 - rho) * sum
    };
    let want = QS.map(|q| quantile_of(|t| wait_cdf(t - d), q));
    let r = solved(
        "arrivals: [{ rate: 7, to: s }]\nstations:\n  s:\n    servers: 1\n    service: { distribution: deterministic, mean_ms: 100 }\n",
    );
    assert_close(percentiles(&r), want, "M/D/1");
    assert!(r.network.sojourn_method.starts_with("exact"));
}

/// `E[e^{−zS}]` of a lognormal with mean `m` and SCV `scv`, by a trapezoid
/// sum in ln S fine enough for the highest frequency used (independent of
/// the library's Gauss–Legendre panels).
fn lognormal_lst_reference(m: f64, scv: f64, z: (f64, f64)) -> (f64, f64) {
    let s2 = (1.0 + scv).ln();
    let (s, mu) = (s2.sqrt(), m.ln() - s2 / 2.0);
    let lo = mu - 9.0 * s;
    let hi = (mu + 9.0 * s).min((45.0 / z.0).ln());
    let za = z.0.hypot(z.1);
    let h = (s / 20.0).min(std::f64::consts::TAU / (16.0 * za * hi.exp()));
    let n = ((hi - lo) / h).ceil() as usize;
    let h = (hi - lo) / n as f64;
    let (mut re, mut im) = (0.0, 0.0);
    for i in 0..=n {
        let u = lo + i as f64 * h;
        let w = if i == 0 || i == n { 0.5 } else { 1.0 };
        let dens = (-0.5 * ((u - mu) / s).powi(2)).exp() / (s * (std::f64::consts::TAU).sqrt());
        let x = u.exp();
        let mag = (-z.0 * x).exp();
        re += w * h * dens * mag * (z.1 * x).cos();
        im -= w * h * dens * mag * (z.1 * x).sin();
    }
    (re, im)
}

#[test]
fn mg1_lognormal_sojourn_from_the_pollaczek_khinchine_transform() {
    // M/G/1, lognormal service mean 50 ms, cv 1.5, λ = 12/s (ρ = 0.6).
    // Pollaczek–Khinchine (Harchol-Balter 2013, ch. 26; Kleinrock 1975,
    // eq. 5.105): T̃(z) = (1 − ρ) z S̃(z) / (z − λ(1 − S̃(z))). The lognormal
    // has no closed-form transform: S̃ is a fine trapezoid sum here, and
    // P(T > t) is recovered with the Fourier-series method (Abate & Whitt
    // 1992) at parameters other than the library's (A = 30, 60 + 30 terms),
    // then bisected.
    let (lambda, m, cv) = (12.0f64, 0.05f64, 1.5f64);
    let scv = cv * cv;
    let rho = lambda * m;
    let transform = |z: (f64, f64)| -> (f64, f64) {
        let (sr, si) = lognormal_lst_reference(m, scv, z);
        // num = (1 − ρ) z S, den = z − λ(1 − S)
        let (nr, ni) = (
            (1.0 - rho) * (z.0 * sr - z.1 * si),
            (1.0 - rho) * (z.0 * si + z.1 * sr),
        );
        let (dr, di) = (z.0 - lambda * (1.0 - sr), z.1 + lambda * si);
        let den = dr * dr + di * di;
        ((nr * dr + ni * di) / den, (ni * dr - nr * di) / den)
    };
    let ccdf = |t: f64| -> f64 {
        let (a, n, mm) = (30.0f64, 60usize, 30usize);
        let x = a / (2.0 * t);
        let mut partial = Vec::new();
        let mut sum = 0.0;
        for k in 0..=n + mm {
            let z = (x, std::f64::consts::PI * k as f64 / t);
            let (tr, ti) = transform(z);
            // (1 − T̃(z))/z
            let (ur, ui) = (1.0 - tr, -ti);
            let den = z.0 * z.0 + z.1 * z.1;
            let g = (ur * z.0 + ui * z.1) / den;
            let term = if k == 0 {
                g / 2.0
            } else if k % 2 == 1 {
                -g
            } else {
                g
            };
            sum += term;
            if k >= n {
                partial.push(sum);
            }
        }
        let mut coef = 0.5f64.powi(mm as i32);
        let mut avg = 0.0;
        for (j, s) in partial.iter().enumerate() {
            avg += coef * s;
            coef *= (mm - j) as f64 / (j + 1) as f64;
        }
        (a / 2.0).exp() / t * avg
    };
    let want = QS.map(|q| {
        // The Illinois variant of regula falsi on ln t over [1e-4 s, 2 s]
        // (Dowell & Jarratt, BIT 11 (1971) 168–174): superlinear, a dozen
        // inversions to 1e-13 in ln t where bisection needs forty.
        let f = |x: f64| ccdf(x.exp()) - (1.0 - q);
        let (mut a, mut b) = (1e-4f64.ln(), 2.0f64.ln());
        let (mut fa, mut fb) = (f(a), f(b));
        assert!(fa > 0.0 && fb < 0.0, "bracket");
        let (mut c, mut side) = (a, 0);
        for _ in 0..100 {
            let next = (fa * b - fb * a) / (fa - fb);
            if (next - c).abs() < 1e-13 {
                c = next;
                break;
            }
            c = next;
            let fc = f(c);
            if fc * fb > 0.0 {
                (b, fb) = (c, fc);
                if side == -1 {
                    fa *= 0.5;
                }
                side = -1;
            } else if fa * fc > 0.0 {
                (a, fa) = (c, fc);
                if side == 1 {
                    fb *= 0.5;
                }
                side = 1;
            } else {
                break;
            }
        }
        c.exp()
    });
    let r = solved(
        "arrivals: [{ rate: 12, to: s }]\nstations:\n  s:\n    servers: 1\n    service: { distribution: lognormal, mean_ms: 50, cv: 1.5 }\n",
    );
    assert_close(percentiles(&r), want, "M/G/1 lognormal");
    assert!(r.network.sojourn_method.starts_with("exact"));
}

#[test]
fn tandem_of_mm1_is_a_sum_of_independent_exponentials() {
    // Two M/M/1 stations in series, λ = 6/s, μ₁ = 10/s, μ₂ = 15/s. Burke and
    // Reich (1957): the sojourns are independent Exp(μᵢ − λ) (Harchol-Balter
    // 2013, ch. 17; Kleinrock 1975, §4.8), so T is hypoexponential with
    // rates a = 4, b = 9: P(T > t) = (b e^{−at} − a e^{−bt})/(b − a).
    let (a, b) = (4.0f64, 9.0f64);
    let want = QS.map(|q| {
        quantile_of(
            |t| 1.0 - (b * (-a * t).exp() - a * (-b * t).exp()) / (b - a),
            q,
        )
    });
    let r = solved(
        "arrivals: [{ rate: 6, to: one }]\nstations:\n  one:\n    servers: 1\n    service: { distribution: exponential, mean_ms: 100 }\n    routes: { two: 1 }\n  two:\n    servers: 1\n    service: { distribution: exponential, mean_ms: 66.666666666666667 }\n",
    );
    assert_close(percentiles(&r), want, "M/M/1 tandem");
    assert!(r.network.sojourn_method.starts_with("exact"));
}

#[test]
fn mm1_with_bernoulli_feedback_is_exponential() {
    // M/M/1, λ = 2/s, μ = 10/s, fed back with p = 0.5. With the fed-back
    // request served again at once (immediate feedback), each request's
    // total service is a geometric sum of Exp(μ), i.e. Exp(μ(1 − p)), so the
    // station is an M/M/1 with rate μ(1 − p) = 5/s and the total sojourn is
    // Exp(μ(1 − p) − λ) = Exp(3/s) (Takács 1963; Kleinrock 1975, §4.8 for
    // the Jackson visit rates λ/(1 − p) = 4/s, ρ = 0.4). The solver composes
    // independent visits, each Exp(μ − λ/(1 − p)) = Exp(6/s), a geometric
    // number of times: Exp(6·(1 − p)) = Exp(3/s), the same law.
    let want = QS.map(|q| -(1.0 - q).ln() / 3.0);
    let r = solved(
        "arrivals: [{ rate: 2, to: s }]\nstations:\n  s:\n    servers: 1\n    service: { distribution: exponential, mean_ms: 100 }\n    routes: { s: 0.5 }\n",
    );
    assert_close(percentiles(&r), want, "M/M/1 with feedback");
    // Feedback to the end of the queue is not the same process: the label
    // says the composition is an approximation there.
    assert!(r.network.sojourn_method.starts_with("approx."));
    assert!((r.network.mean_sojourn_ms.unwrap() - 1000.0 / 3.0).abs() < 1e-9);
}
