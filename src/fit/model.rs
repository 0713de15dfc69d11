//! The fitted model of the system under test: one station whose busy
//! fraction grows as `U(X) = U₀ + D·X`, plus a fixed latency outside it,
//! and its predicted latency percentiles.
//!
//! A request's latency is `δ + S + W`: a fixed part `δ` spent outside the
//! station (client, network, kernel on other cores), its own service `S`
//! (gamma, mean `s(X) = U(X)/X`, coefficient of variation `c_s`) and a wait
//! `W` for the station. `W` is zero with probability `1 − ρ` and otherwise
//! exponential with mean `W_q/ρ`, where `ρ = U(X)` and `W_q` is the
//! Allen–Cunneen (Kingman) mean wait of a G/G/1 queue,
//! `W_q = ρ/(1 − ρ) · (c_a² + c_s²)/2 · s`. Percentiles come from that
//! two-part gamma mixture.

use crate::queue::dist::{GammaComponent, gamma_mixture_quantile};

/// Quantile levels reported: p50, p95, p99.
pub const LEVELS: [f64; 3] = [0.50, 0.95, 0.99];

/// A fitted single-station model. Times in seconds, rates in req/s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StationModel {
    /// Busy fraction of the resource at zero load `U₀` (dimensionless).
    pub background: f64,
    /// Marginal demand per request `D = dU/dX`, seconds.
    pub demand: f64,
    /// Fixed latency outside the station `δ`, seconds.
    pub delay: f64,
    /// Coefficient of variation of the service time `c_s`.
    pub service_cv: f64,
    /// Squared coefficient of variation of the inter-arrival times `c_a²`.
    pub arrival_scv: f64,
}

impl StationModel {
    /// Busy fraction at `x` req/s, `U₀ + D·x` (may exceed 1: overload).
    #[must_use]
    pub fn utilization(&self, x: f64) -> f64 {
        self.background + self.demand * x
    }

    /// Throughput at which `U(X) = 1`, req/s.
    #[must_use]
    pub fn saturation(&self) -> f64 {
        (1.0 - self.background) / self.demand
    }

    /// Mean service time per request at `x` req/s, `U(x)/x` seconds (the
    /// demand `D + U₀/x` falls as load rises when `U₀ > 0`).
    #[must_use]
    pub fn service_mean(&self, x: f64) -> f64 {
        if x > 0.0 {
            self.utilization(x) / x
        } else {
            self.demand
        }
    }

    /// Mean wait for the station at `x` req/s (Allen–Cunneen), seconds;
    /// `None` when saturated.
    #[must_use]
    pub fn mean_wait(&self, x: f64) -> Option<f64> {
        let rho = self.utilization(x).max(0.0);
        (rho < 1.0).then(|| {
            rho / (1.0 - rho) * (self.arrival_scv + self.service_cv * self.service_cv) / 2.0
                * self.service_mean(x)
        })
    }

    /// Latency at quantile `q` at `x` req/s, seconds; `None` when the
    /// station is saturated (`U(x) ≥ 1`).
    #[must_use]
    pub fn latency_quantile(&self, x: f64, q: f64) -> Option<f64> {
        let rho = self.utilization(x).clamp(0.0, 1.0);
        let wq = self.mean_wait(x)?;
        let s = self.service_mean(x);
        let var_s = (self.service_cv * s).powi(2);
        let mut parts = vec![GammaComponent {
            weight: 1.0 - rho,
            mean: s,
            variance: var_s,
        }];
        if rho > 0.0 && wq > 0.0 {
            let w = wq / rho;
            parts.push(GammaComponent {
                weight: rho,
                mean: s + w,
                variance: var_s + w * w,
            });
        }
        let t = gamma_mixture_quantile(&parts, q)?;
        t.is_finite().then_some(self.delay + t)
    }

    /// p50, p95 and p99 at `x` req/s, ms; `None` when saturated.
    #[must_use]
    pub fn percentiles_ms(&self, x: f64) -> Option<[f64; 3]> {
        let mut out = [0.0; 3];
        for (o, q) in out.iter_mut().zip(LEVELS) {
            *o = self.latency_quantile(x, q)? * 1e3;
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn exponential_service_poisson_arrivals_is_mm1() {
        // c_s = c_a = 1, U₀ = 0: the M/M/1 sojourn is exponential with mean
        // S/(1 − ρ). The mixture (1 − ρ)·Exp(S) + ρ·(Exp(S) ∗ Exp(S/(1 − ρ)))
        // is that law exactly; the gamma fit of the second part costs a few
        // percent.
        let m = StationModel {
            background: 0.0,
            demand: 0.01,
            delay: 0.0,
            service_cv: 1.0,
            arrival_scv: 1.0,
        };
        let x = 60.0;
        let mean = 0.01 / (1.0 - 0.6);
        for q in [0.5, 0.95, 0.99] {
            let t = m.latency_quantile(x, q).unwrap();
            assert_relative_eq!(t, -mean * (1.0 - q).ln(), max_relative = 0.05);
        }
        assert!(m.latency_quantile(100.0, 0.5).is_none());
        assert_relative_eq!(m.saturation(), 100.0);
    }

    #[test]
    fn deterministic_everything_is_the_service_time_plus_delay() {
        let m = StationModel {
            background: 0.2,
            demand: 0.004,
            delay: 0.001,
            service_cv: 0.0,
            arrival_scv: 0.0,
        };
        // U(100) = 0.6, s = 6 ms, no wait: every percentile is 7 ms.
        let p = m.percentiles_ms(100.0).unwrap();
        for v in p {
            assert_relative_eq!(v, 7.0, max_relative = 1e-9);
        }
        assert_relative_eq!(m.saturation(), 200.0, max_relative = 1e-12);
    }
}
