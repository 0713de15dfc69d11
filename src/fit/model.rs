//! The fitted model of the system under test: one station whose busy
//! fraction grows as `U(X) = U₀ + D·X`, plus a fixed latency outside it,
//! and its predicted latency percentiles. The station serves in one of
//! two ways ([`Discipline`]).
//!
//! - **Processor sharing** (a CPU time-sliced among the processes and
//!   requests on it, the default): a request's own service `S` (gamma,
//!   mean `D`, coefficient of variation `c_s`) is stretched by the slowdown
//!   it meets, `T = δ + S·g`, where the background `U₀` (other work on the
//!   CPU) shares the processor with the requests, so `ρ = U(X)`. The law of
//!   `g` is the one `planner solve` gives an M/G/1-PS station
//!   ([`PsStretch`]): exact mean `1/(1 − ρ)`, outside Poisson input the
//!   excess scaled by `(c_a² + 1)/2`.
//! - **First come, first served** (a resource that serves one request at
//!   a time in order: a single worker, a lock): `T = δ + S + W` with `S`
//!   of mean `s(X) = U(X)/X` and a wait `W` that is zero with probability
//!   `1 − ρ` and otherwise exponential with mean `W_q/ρ`, `W_q` the
//!   Allen–Cunneen (Kingman) mean wait of a G/G/1 queue,
//!   `W_q = ρ/(1 − ρ) · (c_a² + c_s²)/2 · s`.
//!
//! `δ` is the fixed part spent outside the station (client, network,
//! kernel on other cores). Percentiles come from the resulting gamma
//! mixture.

use crate::queue::dist::{GammaComponent, gamma_mixture_quantile};
use crate::queue::gamma::gamma_scale_mixture_quantile;
use crate::queue::ps::PsStretch;

/// A request's service mean (s) and variance (s²), and the (probability,
/// factor) pairs of the slowdown that stretches it.
type PsLaw = (f64, f64, Vec<(f64, f64)>);

/// How the fitted resource serves the requests present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Discipline {
    /// Processor sharing: a CPU time-sliced among everything on it.
    Ps,
    /// First come, first served: one request at a time, in order.
    Fcfs,
}

impl Discipline {
    /// The name used in files and reports.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Discipline::Ps => "ps",
            Discipline::Fcfs => "fcfs",
        }
    }
}

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
    /// How the station serves.
    pub discipline: Discipline,
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
        self.latency_quantile_to(x, q, 1e-12)
    }

    /// [`StationModel::latency_quantile`] to `rel_tol` relative (the fit's
    /// searches need fewer digits than a report).
    #[must_use]
    pub fn latency_quantile_to(&self, x: f64, q: f64, rel_tol: f64) -> Option<f64> {
        let t = match self.discipline {
            Discipline::Ps => {
                let (mean, variance, stretches) = self.ps_law(x)?;
                gamma_scale_mixture_quantile(mean, variance, &stretches, q, rel_tol)?
            }
            Discipline::Fcfs => gamma_mixture_quantile(&self.fcfs_parts(x)?, q)?,
        };
        t.is_finite().then_some(self.delay + t)
    }

    /// The processor-sharing sojourn at `x` req/s: the service `S` (mean
    /// `D`; its mean and variance) and the slowdown law it is stretched by,
    /// (probability, factor) pairs.
    fn ps_law(&self, x: f64) -> Option<PsLaw> {
        let rho = self.utilization(x).max(0.0);
        if rho >= 1.0 || self.demand <= 0.0 {
            return None;
        }
        let s = self.demand;
        let slowdown = 1.0 + rho / (1.0 - rho) * (self.arrival_scv + 1.0) / 2.0;
        let residual = s * (1.0 + self.service_cv * self.service_cv) / 2.0;
        let law = PsStretch::new(1, rho, rho, None, slowdown, residual);
        Some((s, (self.service_cv * s).powi(2), law.stretches(s)))
    }

    /// The first-come-first-served sojourn at `x` req/s: no wait with
    /// probability `1 − ρ`, else service plus an exponential wait.
    fn fcfs_parts(&self, x: f64) -> Option<Vec<GammaComponent>> {
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
        Some(parts)
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
            discipline: Discipline::Fcfs,
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
            discipline: Discipline::Fcfs,
        };
        // U(100) = 0.6, s = 6 ms, no wait: every percentile is 7 ms.
        let p = m.percentiles_ms(100.0).unwrap();
        for v in p {
            assert_relative_eq!(v, 7.0, max_relative = 1e-9);
        }
        assert_relative_eq!(m.saturation(), 200.0, max_relative = 1e-12);
    }

    /// Mean of the PS sojourn (without the fixed part), seconds.
    fn ps_mean(m: &StationModel, x: f64) -> f64 {
        let (s, _, law) = m.ps_law(x).unwrap();
        let total: f64 = law.iter().map(|p| p.0).sum();
        s * law.iter().map(|p| p.0 * p.1).sum::<f64>() / total
    }

    #[test]
    fn processor_sharing_mean_is_the_exact_slowdown_with_the_background() {
        // M/G/1-PS: E[T] = E[S]/(1 − ρ) whatever the service law (Kleinrock
        // 1976, §4.4); the background shares the processor, ρ = U₀ + D·X.
        for (cv, u0, x) in [(1.0, 0.0, 60.0), (0.2, 0.15, 100.0), (2.0, 0.3, 10.0)] {
            let m = StationModel {
                background: u0,
                demand: 0.004,
                delay: 0.0,
                service_cv: cv,
                arrival_scv: 1.0,
                discipline: Discipline::Ps,
            };
            let rho = u0 + 0.004 * x;
            assert_relative_eq!(ps_mean(&m, x), 0.004 / (1.0 - rho), max_relative = 1e-9);
        }
    }

    #[test]
    fn processor_sharing_percentiles_rise_with_load_and_stop_at_saturation() {
        let m = StationModel {
            background: 0.1,
            demand: 0.001,
            delay: 0.0002,
            service_cv: 0.3,
            arrival_scv: 1.0,
            discipline: Discipline::Ps,
        };
        let mut last = [0.0; 3];
        for x in [0.0, 200.0, 400.0, 600.0, 800.0] {
            let p = m.percentiles_ms(x).unwrap();
            assert!(p[0] < p[1] && p[1] < p[2], "{p:?}");
            assert!(
                p.iter().zip(last).all(|(a, b)| *a > b),
                "{p:?} after {last:?}"
            );
            // Never below the fixed part plus the unshared service's p50.
            assert!(p[0] > 0.2 + 0.9 * 1.0 * 0.95);
            last = p;
        }
        assert!(m.percentiles_ms(900.0).is_none());
        // Poisson input at the same load: a constant-rate generator
        // (c_a² = 0) halves the excess slowdown.
        let smooth = StationModel {
            arrival_scv: 0.0,
            ..m
        };
        assert_relative_eq!(
            ps_mean(&smooth, 500.0),
            0.001 * (1.0 + 0.5 * 0.6 / 0.4),
            max_relative = 1e-9
        );
    }
}
