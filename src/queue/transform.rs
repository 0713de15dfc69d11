//! Laplace–Stieltjes transforms of service and waiting times.
//!
//! A sojourn made of independent pieces (a wait, a service, the next
//! station) has as transform the product of the pieces' transforms, and a
//! random choice between paths the weighted sum: composing distributions is
//! algebra on transforms, and [`super::invert`] turns the result back into a
//! distribution function. This module holds a small complex type and the
//! transforms `E[e^{−zX}]` (`Re z > 0`) of the families the planner knows.

use std::ops::{Add, Div, Mul, Neg, Sub};

use super::dist::{Distribution, ServiceTime};

/// A complex number (the transform variable and transform values).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct C64 {
    /// Real part.
    pub re: f64,
    /// Imaginary part.
    pub im: f64,
}

impl C64 {
    /// `re + i·im`.
    #[must_use]
    pub const fn new(re: f64, im: f64) -> Self {
        Self { re, im }
    }

    /// The real number `re`.
    #[must_use]
    pub const fn real(re: f64) -> Self {
        Self { re, im: 0.0 }
    }

    /// 1.
    pub const ONE: C64 = C64 { re: 1.0, im: 0.0 };
    /// 0.
    pub const ZERO: C64 = C64 { re: 0.0, im: 0.0 };

    /// `|z|`.
    #[must_use]
    pub fn abs(self) -> f64 {
        self.re.hypot(self.im)
    }

    /// `e^z`.
    #[must_use]
    pub fn exp(self) -> Self {
        let r = self.re.exp();
        let (s, c) = self.im.sin_cos();
        Self::new(r * c, r * s)
    }

    /// Principal logarithm.
    #[must_use]
    pub fn ln(self) -> Self {
        Self::new(self.abs().ln(), self.im.atan2(self.re))
    }

    /// `z^p` for real `p` (principal branch).
    #[must_use]
    pub fn powf(self, p: f64) -> Self {
        (self.ln() * p).exp()
    }

    /// `1/z`.
    #[must_use]
    pub fn recip(self) -> Self {
        Self::ONE / self
    }

    /// Whether both parts are finite.
    #[must_use]
    pub fn is_finite(self) -> bool {
        self.re.is_finite() && self.im.is_finite()
    }
}

impl Add for C64 {
    type Output = C64;
    fn add(self, o: C64) -> C64 {
        C64::new(self.re + o.re, self.im + o.im)
    }
}

impl Sub for C64 {
    type Output = C64;
    fn sub(self, o: C64) -> C64 {
        C64::new(self.re - o.re, self.im - o.im)
    }
}

impl Mul for C64 {
    type Output = C64;
    fn mul(self, o: C64) -> C64 {
        C64::new(
            self.re * o.re - self.im * o.im,
            self.re * o.im + self.im * o.re,
        )
    }
}

impl Mul<f64> for C64 {
    type Output = C64;
    fn mul(self, o: f64) -> C64 {
        C64::new(self.re * o, self.im * o)
    }
}

impl Div for C64 {
    type Output = C64;
    /// Smith's algorithm: no overflow for large parts.
    fn div(self, o: C64) -> C64 {
        if o.re.abs() >= o.im.abs() {
            let r = o.im / o.re;
            let d = o.re + o.im * r;
            C64::new((self.re + self.im * r) / d, (self.im - self.re * r) / d)
        } else {
            let r = o.re / o.im;
            let d = o.re * r + o.im;
            C64::new((self.re * r + self.im) / d, (self.im * r - self.re) / d)
        }
    }
}

impl Neg for C64 {
    type Output = C64;
    fn neg(self) -> C64 {
        C64::new(-self.re, -self.im)
    }
}

/// Eight-point Gauss–Legendre nodes on [−1, 1] (positive half) and weights.
const GL_NODES: [f64; 4] = [
    0.183_434_642_495_649_8,
    0.525_532_409_916_329,
    0.796_666_477_413_626_7,
    0.960_289_856_497_536_3,
];
const GL_WEIGHTS: [f64; 4] = [
    0.362_683_783_378_362,
    0.313_706_645_877_887_3,
    0.222_381_034_453_374_5,
    0.101_228_536_290_376_3,
];

/// Standard deviations of ln S beyond which the lognormal's mass is
/// negligible (below 1e-17 on each side).
const LOGNORMAL_REACH: f64 = 8.7;

/// `E[e^{−zS}]` for the service time `s`, `Re z ≥ 0`.
///
/// - exponential (mean m): `1/(1 + zm)`;
/// - deterministic: `e^{−zm}`;
/// - gamma (shape α = 1/cv², scale θ = m·cv²): `(1 + zθ)^{−α}`;
/// - lognormal: no closed form; `∫ φ(u) exp(−z·e^{μ+σu}) du` by composite
///   Gauss–Legendre quadrature in `ln S`, panels narrow enough both for the
///   normal density (σ/3) and for the oscillation of `e^{−zS}` (a phase of at
///   most π per panel), cut where `e^{−Re z·S}` falls below e^{−40}.
///
/// Reference: Abate & Whitt, "The Fourier-series method for inverting
/// transforms of probability distributions", Queueing Systems 10 (1992);
/// Harchol-Balter (2013), ch. 25 (transforms of common distributions).
#[must_use]
pub fn service_lst(s: &ServiceTime, z: C64) -> C64 {
    let m = s.mean;
    match s.distribution {
        Distribution::Exponential => (C64::ONE + z * m).recip(),
        Distribution::Deterministic => (-(z * m)).exp(),
        Distribution::Gamma => {
            let scv = s.scv();
            if scv <= 0.0 {
                return (-(z * m)).exp();
            }
            (C64::ONE + z * (m * scv)).powf(-1.0 / scv)
        }
        Distribution::Lognormal => {
            let scv = s.scv();
            if scv <= 0.0 {
                return (-(z * m)).exp();
            }
            lognormal_lst(m, scv, z)
        }
    }
}

/// `Σ p·E[e^{−z·a·S}]` over (probability `p`, factor `a > 0`) pairs
/// `stretch`: the transform of the service `s` times an independent random
/// factor (a processor-sharing slowdown). For the lognormal, `ln(aS)` is a
/// mixture of normals, integrated in one quadrature pass instead of one per
/// factor.
#[must_use]
pub fn stretched_lst(s: &ServiceTime, z: C64, stretch: &[(f64, f64)]) -> C64 {
    if s.distribution == Distribution::Lognormal && s.scv() > 0.0 && stretch.len() > 1 {
        let shifts: Vec<(f64, f64)> = stretch.iter().map(|&(p, a)| (p, a.ln())).collect();
        return lognormal_mixture_lst(s.mean, s.scv(), &shifts, z);
    }
    stretch
        .iter()
        .fold(C64::ZERO, |acc, &(p, a)| acc + service_lst(s, z * a) * p)
}

/// The work of one [`stretched_lst`] call with `points` factors, in units of
/// a closed-form transform.
#[must_use]
pub fn stretched_cost(s: &ServiceTime, points: usize) -> usize {
    match s.distribution {
        Distribution::Lognormal if s.scv() > 0.0 && points > 1 => 2 * lst_cost(s) + 4 * points,
        _ => lst_cost(s) * points,
    }
}

/// Lognormal transform with mean `m` and squared coefficient of variation
/// `scv > 0` (see [`service_lst`]).
fn lognormal_lst(m: f64, scv: f64, z: C64) -> C64 {
    lognormal_mixture_lst(m, scv, &[(1.0, 0.0)], z)
}

/// The transform of a mixture of lognormals of mean `m·e^{shift}` and
/// squared coefficient of variation `scv > 0`, weights and shifts
/// `shifts` (see [`service_lst`] for the quadrature).
fn lognormal_mixture_lst(m: f64, scv: f64, shifts: &[(f64, f64)], z: C64) -> C64 {
    let sigma2 = scv.ln_1p();
    let sigma = sigma2.sqrt();
    let mu = m.ln() - sigma2 / 2.0;
    let (least, most) = shifts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &(_, d)| {
            (a.min(d), b.max(d))
        });
    let lo = mu + least - LOGNORMAL_REACH * sigma;
    let mut hi = mu + most + LOGNORMAL_REACH * sigma;
    if z.re > 0.0 {
        hi = hi.min((40.0 / z.re).ln());
    }
    if hi <= lo {
        return C64::ZERO;
    }
    let za = z.abs();
    let norm = 1.0 / (sigma * (2.0 * std::f64::consts::PI).sqrt());
    let density_step = sigma / 3.0;
    let mut acc = C64::ZERO;
    let mut a = lo;
    while a < hi {
        // A panel [a, b] with at most π of phase at its far end.
        let mut width = density_step;
        let rate = za * a.exp();
        if rate > 0.0 {
            width = width.min(std::f64::consts::PI / (rate * density_step.exp()));
        }
        let b = (a + width).min(hi);
        let (mid, half) = (0.5 * (a + b), 0.5 * (b - a));
        for (&x, &w) in GL_NODES.iter().zip(&GL_WEIGHTS) {
            for u in [mid - half * x, mid + half * x] {
                let density: f64 = shifts
                    .iter()
                    .map(|&(p, shift)| {
                        let d = (u - mu - shift) / sigma;
                        if d.abs() > LOGNORMAL_REACH {
                            0.0
                        } else {
                            p * (-0.5 * d * d).exp()
                        }
                    })
                    .sum();
                if density > 0.0 {
                    acc = acc + (-(z * u.exp())).exp() * (w * half * norm * density);
                }
            }
        }
        a = b;
    }
    acc
}

/// A rough measure of the work of one [`service_lst`] call, in units of a
/// closed-form transform (the lognormal needs quadrature).
#[must_use]
pub fn lst_cost(s: &ServiceTime) -> usize {
    match s.distribution {
        Distribution::Lognormal if s.scv() > 0.0 => 60,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn lognormal(mean: f64, cv: f64) -> ServiceTime {
        ServiceTime {
            distribution: Distribution::Lognormal,
            mean,
            cv,
        }
    }

    #[test]
    fn complex_arithmetic_matches_hand_results() {
        let a = C64::new(1.0, 2.0);
        let b = C64::new(3.0, -1.0);
        assert_eq!(a * b, C64::new(5.0, 5.0));
        let q = a / b;
        assert_relative_eq!(q.re, 0.1, max_relative = 1e-15);
        assert_relative_eq!(q.im, 0.7, max_relative = 1e-15);
        let e = C64::new(0.0, std::f64::consts::PI).exp();
        assert_relative_eq!(e.re, -1.0, max_relative = 1e-15);
    }

    #[test]
    fn closed_forms_at_real_arguments() {
        // E[e^{-zS}] for exponential mean 2 at z = 0.5: 1/(1 + 1) = 0.5.
        let v = service_lst(&ServiceTime::exponential(2.0), C64::real(0.5));
        assert_relative_eq!(v.re, 0.5, max_relative = 1e-15);
        let v = service_lst(&ServiceTime::deterministic(2.0), C64::real(0.5));
        assert_relative_eq!(v.re, (-1.0f64).exp(), max_relative = 1e-15);
        // Gamma shape 4 (cv 0.5), mean 2: scale 0.5, (1 + 0.25)^-4.
        let g = ServiceTime {
            distribution: Distribution::Gamma,
            mean: 2.0,
            cv: 0.5,
        };
        let v = service_lst(&g, C64::real(0.5));
        assert_relative_eq!(v.re, 1.25f64.powi(-4), max_relative = 1e-14);
    }

    #[test]
    fn lognormal_transform_matches_its_moments_and_a_fine_sum() {
        // Near z = 0 the transform is 1 − zE[S] + z²E[S²]/2 − …
        let s = lognormal(1.0, 0.8);
        let z = 1e-4;
        let v = service_lst(&s, C64::real(z));
        let series = 1.0 - z * s.moment(1) + z * z * s.moment(2) / 2.0;
        assert_relative_eq!(v.re, series, max_relative = 1e-11);
        // At a complex point: a midpoint sum over 2e6 cells of ln S.
        let z = C64::new(3.0, 40.0);
        let sigma2 = (1.0f64 + 0.64).ln();
        let (sigma, mu) = (sigma2.sqrt(), -sigma2 / 2.0);
        let n = 2_000_000;
        let (lo, hi) = (mu - 9.0 * sigma, mu + 9.0 * sigma);
        let h = (hi - lo) / f64::from(n);
        let mut reference = C64::ZERO;
        for i in 0..n {
            let u = lo + (f64::from(i) + 0.5) * h;
            let d = (u - mu) / sigma;
            let w = h * (-0.5 * d * d).exp() / (sigma * (2.0 * std::f64::consts::PI).sqrt());
            reference = reference + (-(z * u.exp())).exp() * w;
        }
        let v = service_lst(&s, z);
        assert!((v - reference).abs() < 1e-10, "{v:?} vs {reference:?}");
    }

    #[test]
    fn stretched_lognormal_is_the_mixture_of_scaled_transforms() {
        // One quadrature over the mixture of shifted normals in ln S equals
        // the sum of the scaled transforms, each by its own quadrature.
        let s = lognormal(0.01, 2.0);
        let stretch = [(0.5, 1.0), (0.3, 2.0), (0.15, 3.5), (0.05, 20.0)];
        for z in [
            C64::new(50.0, 0.0),
            C64::new(30.0, 400.0),
            C64::new(5.0, -3000.0),
        ] {
            let one = stretched_lst(&s, z, &stretch);
            let sum = stretch
                .iter()
                .fold(C64::ZERO, |acc, &(p, a)| acc + service_lst(&s, z * a) * p);
            assert!((one - sum).abs() < 1e-10, "{z:?}: {one:?} vs {sum:?}");
        }
    }
}
