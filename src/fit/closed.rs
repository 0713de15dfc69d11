//! Fitting closed-loop (fixed concurrency) levels: Gunther's USL by
//! nonlinear least squares, the demand from utilization (or from the USL
//! peak), and a single-station exact MVA to set beside the USL curve.

use crate::error::Error;
use crate::queue::mva::{MvaStation, mva_exact};
use crate::queue::usl::Usl;

use super::FitOptions;
use super::latency::{LatencyPoint, fit_latency, predict, residual};
use super::model::StationModel;
use super::numeric::{levenberg_marquardt, solve_dense};
use super::report::{ClosedRow, CurvePoint, FIT_SCHEMA, FitReport, UslFit};
use super::series::ClosedStep;

/// USL coefficients fitted to `(clients, throughput)` points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UslCoefficients {
    /// Contention σ.
    pub sigma: f64,
    /// Coherency κ.
    pub kappa: f64,
    /// Throughput of one client λ, req/s.
    pub lambda: f64,
}

fn usl_x(c: &[f64], n: f64) -> f64 {
    c[2] * n / (1.0 + c[0] * (n - 1.0) + c[1] * n * (n - 1.0))
}

/// Fits `X(N) = λN / (1 + σ(N − 1) + κN(N − 1))` to `(N, X)` points by
/// Levenberg–Marquardt on the throughput residuals (σ in [0, 1], κ ≥ 0,
/// λ > 0), started from Gunther's linearisation `N/C − 1 = σ(N − 1) +
/// κN(N − 1)` with `C = X/λ₀`. `None` with fewer than three points.
///
/// Reference: Gunther, *Guerrilla Capacity Planning* (2007), §5.5 (the
/// regression); the R package `usl` (Möding) fits the same model by
/// nonlinear least squares.
#[must_use]
pub fn fit_usl(points: &[(f64, f64)]) -> Option<UslCoefficients> {
    if points.len() < 3 {
        return None;
    }
    let first = points
        .iter()
        .copied()
        .fold((f64::INFINITY, 0.0), |a, p| if p.0 < a.0 { p } else { a });
    let lambda0 = first.1 / first.0;
    // Linearised start: least squares for (σ, κ) without intercept.
    let (mut a11, mut a12, mut a22, mut b1, mut b2) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (n, x) in points {
        let y = n / (x / lambda0) - 1.0;
        let (u, v) = (n - 1.0, n * (n - 1.0));
        a11 += u * u;
        a12 += u * v;
        a22 += v * v;
        b1 += u * y;
        b2 += v * y;
    }
    let start = solve_dense(vec![vec![a11, a12], vec![a12, a22]], vec![b1, b2])
        .unwrap_or_else(|| vec![0.01, 0.0001]);
    let residuals = |c: &[f64]| -> Option<Vec<f64>> {
        Some(points.iter().map(|(n, x)| usl_x(c, *n) - x).collect())
    };
    let clamp = |c: &mut [f64]| {
        c[0] = c[0].clamp(0.0, 1.0);
        c[1] = c[1].max(0.0);
        c[2] = c[2].max(1e-12);
    };
    let mut best: Option<super::numeric::LmFit> = None;
    for s in [
        vec![start[0], start[1], lambda0],
        vec![0.05, 1e-4, lambda0],
        vec![0.0, 0.0, lambda0],
    ] {
        if let Some(f) = levenberg_marquardt(residuals, &s, clamp)
            && best.as_ref().is_none_or(|b| f.sse < b.sse)
        {
            best = Some(f);
        }
    }
    let p = best?.params;
    Some(UslCoefficients {
        sigma: p[0],
        kappa: p[1],
        lambda: p[2],
    })
}

/// Fits closed-loop levels.
pub fn fit_closed(
    steps: &[ClosedStep],
    source: &str,
    opts: &FitOptions,
) -> Result<FitReport, Error> {
    let pts: Vec<(f64, f64)> = steps
        .iter()
        .map(|s| (s.clients, s.throughput_rps))
        .collect();
    let c = fit_usl(&pts)
        .ok_or_else(|| Error::Usage(format!("{source}: the USL fit found no solution")))?;
    let usl = Usl::new(c.lambda, c.sigma, c.kappa)
        .ok_or_else(|| Error::Internal(format!("USL fit out of range: {c:?}")))?;
    let peak_clients = usl.peak_nodes();
    let peak_rps = match peak_clients {
        Some(n) => usl.throughput(n),
        None if c.sigma > 0.0 => c.lambda / c.sigma,
        None => usl.throughput(steps.last().map_or(1.0, |s| s.clients)),
    };
    let measured_peak = pts.iter().map(|p| p.1).fold(0.0, f64::max);
    if opts.max_utilization.is_some() {
        return Err(Error::Usage(format!(
            "--max-utilization selects open-loop steps; {source} is a closed-loop scan, \
             whose levels are all fitted by the USL"
        )));
    }
    // A closed scan runs at or near saturation from a few clients on, so
    // its utilizations do not spread enough for a regression: the capacity
    // is the USL's peak, and the demand per request at that rate 1/X_peak.
    let (background, demand) = (0.0, 1.0 / peak_rps);
    let base = StationModel {
        background,
        demand,
        delay: 0.0,
        service_cv: 1.0,
        arrival_scv: opts.arrival_scv,
        discipline: opts.discipline,
    };
    // Latency: from the lowest level, where queueing is least.
    let low = &steps[0];
    let model = match (low.p50_ms, low.p95_ms, low.p99_ms) {
        (Some(a), Some(b), Some(d)) => {
            let idle = StationModel {
                background: 0.0,
                demand: base.service_mean(low.throughput_rps),
                ..base
            };
            let p = LatencyPoint {
                rate: 0.0,
                ms: [a, b, d],
            };
            fit_latency(idle, &[p]).map_or(base, |f| StationModel {
                delay: f.delay,
                service_cv: f.service_cv,
                ..base
            })
        }
        _ => {
            let r1 = low
                .mean_ms
                .unwrap_or(low.clients / low.throughput_rps * 1e3)
                * 1e-3;
            StationModel {
                delay: (r1 - base.service_mean(low.throughput_rps)).max(0.0),
                ..base
            }
        }
    };
    let sat = model.saturation();
    let n_max = steps.last().map_or(1.0, |s| s.clients) as u32;
    let mva = mva_exact(
        &[
            MvaStation::Queueing(1.0 / sat),
            MvaStation::Delay(model.delay),
        ],
        0.0,
        n_max,
    )
    .unwrap_or_default();
    let mut closed = Vec::new();
    let mut residuals = Vec::new();
    for s in steps {
        let usl_rps = usl.throughput(s.clients);
        let m = mva.get(s.clients as usize - 1);
        closed.push(ClosedRow {
            clients: s.clients,
            measured_rps: s.throughput_rps,
            usl_rps,
            mva_rps: m.map_or(f64::NAN, |p| p.throughput),
            measured_mean_ms: s.mean_ms,
            mva_mean_ms: m.map_or(f64::NAN, |p| p.response * 1e3),
        });
        residuals.extend(residual(
            s.line,
            s.clients,
            "throughput_rps",
            true,
            s.throughput_rps,
            usl_rps,
        ));
        if let Some(u) = s.utilization {
            residuals.extend(residual(
                s.line,
                s.clients,
                "utilization",
                false,
                u,
                model.utilization(s.throughput_rps).min(1.0),
            ));
        }
    }
    let interval = usl_peak_interval(&pts, &c, peak_rps);
    let mut predictions: Vec<_> = steps
        .iter()
        .map(|s| predict(&model, s.throughput_rps, "measured"))
        .collect();
    predictions.extend(opts.predict.iter().map(|r| predict(&model, *r, "predict")));
    let n_top = f64::from(n_max).max(peak_clients.unwrap_or(1.0)) * 1.2;
    let curve = (1..=160)
        .map(|i| {
            let n = 1.0 + (n_top - 1.0) * f64::from(i - 1) / 159.0;
            CurvePoint {
                load: n,
                throughput_rps: usl.throughput(n),
                alt_rps: None,
                ..CurvePoint::default()
            }
        })
        .chain(mva.iter().map(|p| CurvePoint {
            load: f64::from(p.population),
            throughput_rps: f64::NAN,
            alt_rps: Some(p.throughput),
            ..CurvePoint::default()
        }))
        .collect();
    let measured = steps
        .iter()
        .map(|s| CurvePoint {
            load: s.clients,
            throughput_rps: s.throughput_rps,
            p50_ms: s.mean_ms,
            ..CurvePoint::default()
        })
        .collect();
    Ok(FitReport {
        schema: FIT_SCHEMA,
        source: source.to_string(),
        kind: "closed",
        method: format!(
            "USL by Levenberg–Marquardt on throughput over {} levels; saturation = USL peak, \
             demand D = 1/peak; latency fixed part and cv from the lowest level's percentiles; \
             MVA: one queueing station of demand D with the fixed latency as a delay",
            steps.len()
        ),
        saturation_rps: sat,
        saturation_rps_interval: [interval[0].min(sat), interval[1].max(sat)],
        demand_ms: demand * 1e3,
        background_utilization: background,
        service_cv: model.service_cv,
        fixed_latency_ms: model.delay * 1e3,
        arrival_scv: opts.arrival_scv,
        discipline: opts.discipline,
        steps: steps.len(),
        fitted_steps: steps.len(),
        usl: Some(UslFit {
            sigma: c.sigma,
            kappa: c.kappa,
            lambda: c.lambda,
            peak_clients,
            peak_rps,
            measured_peak_rps: measured_peak,
        }),
        predictions,
        residuals,
        closed,
        curve,
        measured,
    })
}

/// 95% interval of the USL peak from the spread of the throughput
/// residuals: the peak ± t·s where s is their standard deviation.
fn usl_peak_interval(pts: &[(f64, f64)], c: &UslCoefficients, peak: f64) -> [f64; 2] {
    let coef = [c.sigma, c.kappa, c.lambda];
    let sse: f64 = pts
        .iter()
        .map(|(n, x)| (usl_x(&coef, *n) - x).powi(2))
        .sum();
    let dof = pts.len().saturating_sub(3).max(1);
    let s = (sse / dof as f64).sqrt();
    [(peak - 1.96 * s).max(0.0), peak + 1.96 * s]
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn recovers_exact_usl_data() {
        // The `usl` R package's coef test: σ = κ = 0.02, X(1) = 1.
        let pts = [
            (1.0, 1.0),
            (2.0, 1.8868),
            (4.0, 3.0769),
            (6.0, 3.5294),
            (8.0, 3.5398),
            (10.0, 3.3557),
        ];
        let c = fit_usl(&pts).unwrap();
        assert_relative_eq!(c.sigma, 0.02, max_relative = 1e-3);
        assert_relative_eq!(c.kappa, 0.02, max_relative = 1e-3);
        assert_relative_eq!(c.lambda, 1.0, max_relative = 1e-4);
    }
}
