//! Service-time samplers, parameterised by mean and coefficient of
//! variation exactly as the analytic solver reads them.
//!
//! A sampler is an enum, not a trait object: the event loop matches on it,
//! with no dynamic dispatch per event.

use rand::RngExt;
use rand::rngs::Xoshiro256PlusPlus;
use rand_distr::{Distribution as _, Exp1, Gamma, StandardNormal};

use crate::queue::dist::{Distribution, ServiceTime};

/// Draws service times in seconds.
#[derive(Debug, Clone)]
pub(crate) enum Sampler {
    /// Exponential with this mean (ziggurat `Exp1` scaled).
    Exponential { mean: f64 },
    /// Always this value.
    Deterministic { value: f64 },
    /// `exp(mu + sigma·Z)`, `Z` standard normal (ziggurat):
    /// σ² = ln(1 + cv²), μ = ln m − σ²/2.
    Lognormal { mu: f64, sigma: f64 },
    /// Gamma with shape 1/cv² and scale m·cv².
    Gamma(Gamma<f64>),
}

impl Sampler {
    /// The sampler of a validated service time (mean > 0, cv ≥ 0, finite).
    pub(crate) fn new(s: &ServiceTime) -> Sampler {
        match s.distribution {
            Distribution::Exponential => Sampler::Exponential { mean: s.mean },
            Distribution::Deterministic => Sampler::Deterministic { value: s.mean },
            Distribution::Lognormal => {
                let var = (1.0 + s.cv * s.cv).ln();
                Sampler::Lognormal {
                    mu: s.mean.ln() - var / 2.0,
                    sigma: var.sqrt(),
                }
            }
            Distribution::Gamma => {
                let cv2 = s.cv * s.cv;
                match Gamma::new(1.0 / cv2, s.mean * cv2) {
                    Ok(g) => Sampler::Gamma(g),
                    // Validation keeps cv in (0, 100], so the parameters are
                    // finite and positive; fall back to the mean otherwise.
                    Err(_) => Sampler::Deterministic { value: s.mean },
                }
            }
        }
    }

    /// One service time, seconds (≥ 0, finite).
    #[inline]
    pub(crate) fn sample(&self, rng: &mut Xoshiro256PlusPlus) -> f64 {
        match self {
            Sampler::Exponential { mean } => {
                let e: f64 = rng.sample(Exp1);
                mean * e
            }
            Sampler::Deterministic { value } => *value,
            Sampler::Lognormal { mu, sigma } => {
                let z: f64 = rng.sample(StandardNormal);
                (mu + sigma * z).exp().min(f64::MAX)
            }
            Sampler::Gamma(g) => g.sample(rng),
        }
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    /// Sample mean and cv of `n` draws.
    fn moments(s: &ServiceTime, n: usize) -> (f64, f64) {
        let sampler = Sampler::new(s);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let (mut sum, mut sum2) = (0.0, 0.0);
        for _ in 0..n {
            let x = sampler.sample(&mut rng);
            assert!(x.is_finite() && x >= 0.0);
            sum += x;
            sum2 += x * x;
        }
        let m = sum / n as f64;
        let var = sum2 / n as f64 - m * m;
        (m, var.sqrt() / m)
    }

    fn st(distribution: Distribution, mean: f64, cv: f64) -> ServiceTime {
        ServiceTime {
            distribution,
            mean,
            cv,
        }
    }

    // Tolerances: with 10^6 draws the standard error of the mean is
    // cv/1000 of the mean; 1% on the mean and 3% on the cv (for cv ≤ 1, whose
    // fourth moment is moderate) are several standard errors.
    #[test]
    fn samplers_match_mean_and_cv() {
        let n = 1_000_000;
        for (d, cv) in [
            (Distribution::Exponential, 1.0),
            (Distribution::Lognormal, 0.5),
            (Distribution::Lognormal, 1.0),
            (Distribution::Gamma, 0.5),
            (Distribution::Gamma, 1.0),
            (Distribution::Gamma, 1.0 / 3.0),
        ] {
            let (m, c) = moments(&st(d, 0.02, cv), n);
            assert!((m / 0.02 - 1.0).abs() < 0.01, "{d:?} cv {cv}: mean {m}");
            assert!((c / cv - 1.0).abs() < 0.03, "{d:?} cv {cv}: cv {c}");
        }
        let (m, c) = moments(&st(Distribution::Deterministic, 0.5, 0.0), 10);
        assert!((m - 0.5).abs() < 1e-15 && c.abs() < 1e-6);
    }

    #[test]
    fn high_cv_keeps_the_mean() {
        // cv 2: heavier tails; 2% on the mean is ~4 standard errors.
        for d in [Distribution::Lognormal, Distribution::Gamma] {
            let (m, _) = moments(&st(d, 1.0, 2.0), 2_000_000);
            assert!((m - 1.0).abs() < 0.02, "{d:?}: mean {m}");
        }
    }
}
