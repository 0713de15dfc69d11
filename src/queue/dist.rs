//! Service-time distributions and their moments.
//!
//! Queueing formulas need only a few moments of the service time: the mean and
//! squared coefficient of variation for M/G/1 and G/G/c means, and the third
//! moment for the variance of waiting (Takács). Users describe a service time by
//! a family, a mean and a coefficient of variation; this module turns that into
//! moments. Gamma fitting and quantiles for tail estimates live in
//! [`super::gamma`] and are re-exported here.

use serde::{Deserialize, Serialize};

pub use super::gamma::{
    GammaComponent, gamma_cdf_from_moments, gamma_mixture_quantile, gamma_quantile_from_moments,
    mixture_quantile,
};

/// Family of a service-time distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Distribution {
    /// Memoryless; coefficient of variation 1 whatever `cv` says.
    Exponential,
    /// Constant; coefficient of variation 0 whatever `cv` says.
    Deterministic,
    /// Lognormal with the given mean and coefficient of variation.
    Lognormal,
    /// Gamma with the given mean and coefficient of variation
    /// (shape `1/cv²`; `cv = 1` is exponential, `cv → 0` deterministic).
    Gamma,
}

/// A service-time distribution given by family, mean and coefficient of variation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ServiceTime {
    /// Distribution family.
    pub distribution: Distribution,
    /// Mean service time, seconds.
    pub mean: f64,
    /// Coefficient of variation (standard deviation / mean, dimensionless);
    /// ignored for the exponential (1) and deterministic (0) families.
    pub cv: f64,
}

impl ServiceTime {
    /// Exponential service time with the given mean (seconds).
    #[must_use]
    pub fn exponential(mean: f64) -> Self {
        Self {
            distribution: Distribution::Exponential,
            mean,
            cv: 1.0,
        }
    }

    /// Deterministic service time with the given value (seconds).
    #[must_use]
    pub fn deterministic(mean: f64) -> Self {
        Self {
            distribution: Distribution::Deterministic,
            mean,
            cv: 0.0,
        }
    }

    /// Coefficient of variation actually in force: 1 for exponential, 0 for
    /// deterministic, `|cv|` otherwise (dimensionless).
    #[must_use]
    pub fn effective_cv(&self) -> f64 {
        match self.distribution {
            Distribution::Exponential => 1.0,
            Distribution::Deterministic => 0.0,
            Distribution::Lognormal | Distribution::Gamma => self.cv.abs(),
        }
    }

    /// Squared coefficient of variation `SCV = Var[S]/E[S]²` (dimensionless).
    #[must_use]
    pub fn scv(&self) -> f64 {
        let cv = self.effective_cv();
        cv * cv
    }

    /// Variance `Var[S] = SCV·m²`, seconds².
    #[must_use]
    pub fn variance(&self) -> f64 {
        self.scv() * self.mean * self.mean
    }

    /// Raw moment `E[S^k]` in seconds^k, for any `k` (`k = 0` gives 1).
    ///
    /// With mean `m` and coefficient of variation `cv`:
    /// - exponential: `E[S^k] = k!·m^k` (so `E[S²] = 2m²`, `E[S³] = 6m³`);
    /// - deterministic: `m^k`;
    /// - lognormal: `σ² = ln(1 + cv²)`, `μ = ln m − σ²/2`,
    ///   `E[S^k] = exp(kμ + k²σ²/2) = m^k·(1 + cv²)^{k(k−1)/2}`;
    /// - gamma: shape `α = 1/cv²`, scale `θ = m·cv²`,
    ///   `E[S^k] = α(α+1)…(α+k−1)·θ^k = m^k·Π_{i<k}(1 + i·cv²)`
    ///   (so `E[S³] = α(α+1)(α+2)θ³`); `cv = 0` is deterministic.
    ///
    /// The product forms are used: they are exact rearrangements that stay
    /// finite for `cv → 0` and need no logarithms.
    ///
    /// Reference: Harchol-Balter (2013), ch. 3 and ch. 20; Johnson, Kotz &
    /// Balakrishnan, *Continuous Univariate Distributions* Vol. 1 (lognormal, gamma).
    #[must_use]
    pub fn moment(&self, k: u32) -> f64 {
        let m = self.mean;
        let scv = self.scv();
        let mut acc = 1.0_f64;
        for i in 0..k {
            let fi = f64::from(i);
            let factor = match self.distribution {
                Distribution::Exponential => fi + 1.0,
                Distribution::Deterministic => 1.0,
                // (1 + cv²)^{k(k−1)/2} = Π_{i<k} (1 + cv²)^i
                Distribution::Lognormal => (1.0 + scv).powi(i32::try_from(i).unwrap_or(i32::MAX)),
                Distribution::Gamma => 1.0 + fi * scv,
            };
            acc *= factor * m;
            if acc == 0.0 || !acc.is_finite() {
                break;
            }
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn st(distribution: Distribution, mean: f64, cv: f64) -> ServiceTime {
        ServiceTime {
            distribution,
            mean,
            cv,
        }
    }

    #[test]
    fn exponential_moments() {
        let s = ServiceTime::exponential(0.2);
        assert_relative_eq!(s.moment(0), 1.0);
        assert_relative_eq!(s.moment(1), 0.2, max_relative = 1e-15);
        assert_relative_eq!(s.moment(2), 2.0 * 0.04, max_relative = 1e-15);
        assert_relative_eq!(s.moment(3), 6.0 * 0.008, max_relative = 1e-15);
        assert_relative_eq!(s.scv(), 1.0);
    }

    #[test]
    fn deterministic_moments_ignore_cv() {
        let s = st(Distribution::Deterministic, 0.5, 3.0);
        assert_relative_eq!(s.scv(), 0.0);
        assert_relative_eq!(s.moment(3), 0.125, max_relative = 1e-15);
    }

    #[test]
    fn lognormal_moments_match_exp_form() {
        let (m, cv) = (0.03, 1.5);
        let s = st(Distribution::Lognormal, m, cv);
        let sigma2 = (1.0 + cv * cv).ln();
        let mu = m.ln() - sigma2 / 2.0;
        for k in 1..=3u32 {
            let kf = f64::from(k);
            let reference = (kf * mu + kf * kf * sigma2 / 2.0).exp();
            assert_relative_eq!(s.moment(k), reference, max_relative = 1e-13);
        }
        assert_relative_eq!(s.moment(2), m * m * 3.25, max_relative = 1e-14);
        assert_relative_eq!(
            s.moment(3),
            m.powi(3) * 3.25_f64.powi(3),
            max_relative = 1e-14
        );
    }

    #[test]
    fn gamma_moments_match_shape_scale_form() {
        let (m, cv) = (2.0, 0.5);
        let s = st(Distribution::Gamma, m, cv);
        let k = 1.0 / (cv * cv);
        let theta = m * cv * cv;
        assert_relative_eq!(
            s.moment(2),
            k * (k + 1.0) * theta * theta,
            max_relative = 1e-14
        );
        assert_relative_eq!(
            s.moment(3),
            k * (k + 1.0) * (k + 2.0) * theta.powi(3),
            max_relative = 1e-14
        );
        assert_relative_eq!(s.variance(), 1.0, max_relative = 1e-14);
    }

    #[test]
    fn gamma_with_unit_cv_is_exponential_and_zero_cv_is_deterministic() {
        let g = st(Distribution::Gamma, 0.7, 1.0);
        let e = ServiceTime::exponential(0.7);
        let d = ServiceTime::deterministic(0.7);
        let g0 = st(Distribution::Gamma, 0.7, 0.0);
        for k in 0..=5 {
            assert_relative_eq!(g.moment(k), e.moment(k), max_relative = 1e-14);
            assert_relative_eq!(g0.moment(k), d.moment(k), max_relative = 1e-14);
        }
    }

    #[test]
    fn serde_names_are_lowercase() {
        let json = serde_json::to_string(&Distribution::Lognormal).unwrap();
        assert_eq!(json, "\"lognormal\"");
        let d: Distribution = serde_json::from_str("\"deterministic\"").unwrap();
        assert_eq!(d, Distribution::Deterministic);
    }

    #[test]
    fn moments_never_panic_on_extreme_inputs() {
        for dist in [
            Distribution::Exponential,
            Distribution::Deterministic,
            Distribution::Lognormal,
            Distribution::Gamma,
        ] {
            let s = st(dist, 1e300, 1e300);
            let _ = s.moment(200);
            let s = st(dist, -1.0, -2.0);
            assert!(s.moment(3).is_finite());
        }
    }
}
