//! Fitting the latency side of the model (fixed latency `δ`, service-time
//! cv) to measured percentiles, and turning a fitted model into the
//! predictions and residuals of the report.

use super::model::{LEVELS, StationModel};
use super::numeric::levenberg_marquardt;
use super::report::{Prediction, Residual};

/// Measured latency percentiles at one rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatencyPoint {
    /// Rate carried, req/s.
    pub rate: f64,
    /// p50, p95, p99, ms.
    pub ms: [f64; 3],
}

/// Percentiles the fit uses: p50 and p95. A step's p99 rests on 1% of its
/// requests and moves with every stall (GC, checkpoints, host noise), so it
/// is predicted and compared but not fitted.
pub const FITTED_LEVELS: usize = 2;

/// Bounds of the service cv in the fit.
const CV_RANGE: (f64, f64) = (0.05, 8.0);

/// Fits `δ` and `c_s` of `base` (its station part fixed) by least squares
/// on the logarithms of the measured p50, p95 and p99: every percentile
/// counts by its relative error. Returns the model with the fitted values,
/// or `None` when no point is stable under the model.
#[must_use]
pub fn fit_latency(base: StationModel, points: &[LatencyPoint]) -> Option<StationModel> {
    let usable: Vec<LatencyPoint> = points
        .iter()
        .copied()
        .filter(|p| base.utilization(p.rate) < 1.0 && p.ms.iter().all(|v| *v > 0.0))
        .collect();
    if usable.is_empty() {
        return None;
    }
    let min_p50 = usable.iter().map(|p| p.ms[0]).fold(f64::INFINITY, f64::min) * 1e-3;
    let model = |theta: &[f64]| StationModel {
        delay: theta[0],
        service_cv: theta[1],
        ..base
    };
    let residuals = |theta: &[f64]| -> Option<Vec<f64>> {
        let m = model(theta);
        let mut r = Vec::with_capacity(usable.len() * 3);
        for p in &usable {
            for (k, q) in LEVELS.iter().enumerate().take(FITTED_LEVELS) {
                let t = m.latency_quantile(p.rate, *q)?;
                r.push((t * 1e3).ln() - p.ms[k].ln());
            }
        }
        Some(r)
    };
    let clamp = |theta: &mut [f64]| {
        theta[0] = theta[0].clamp(0.0, min_p50 * 0.999);
        theta[1] = theta[1].clamp(CV_RANGE.0, CV_RANGE.1);
    };
    // A few starts: the problem is small and its surface not convex.
    let mut best: Option<(f64, Vec<f64>)> = None;
    for d0 in [0.0, 0.3, 0.6, 0.9] {
        for cv0 in [0.3, 1.0, 2.5] {
            if let Some(f) = levenberg_marquardt(residuals, &[d0 * min_p50, cv0], clamp)
                && best.as_ref().is_none_or(|b| f.sse < b.0)
            {
                best = Some((f.sse, f.params));
            }
        }
    }
    best.map(|(_, p)| model(&p))
}

/// The model's prediction at `rate` req/s.
#[must_use]
pub fn predict(m: &StationModel, rate: f64, source: &'static str) -> Prediction {
    let u = m.utilization(rate);
    match m.percentiles_ms(rate).filter(|_| u < 1.0) {
        Some([p50, p95, p99]) => Prediction {
            offered_rps: rate,
            source,
            utilization: u.max(0.0),
            p50_ms: Some(p50),
            p95_ms: Some(p95),
            p99_ms: Some(p99),
            status: "stable",
        },
        None => Prediction {
            offered_rps: rate,
            source,
            utilization: 1.0,
            p50_ms: None,
            p95_ms: None,
            p99_ms: None,
            status: "saturated",
        },
    }
}

/// A residual entry; `None` when the measured value is zero (no relative
/// error).
#[must_use]
pub fn residual(
    line: u64,
    load: f64,
    figure: &'static str,
    fitted: bool,
    measured: f64,
    model: f64,
) -> Option<Residual> {
    (measured > 0.0 && model.is_finite()).then(|| Residual {
        line,
        load,
        figure,
        fitted,
        measured,
        model,
        relative_error: (model - measured) / measured,
    })
}

/// Residuals of the latency percentiles at one stable rate.
pub fn latency_residuals(
    m: &StationModel,
    line: u64,
    load: f64,
    fitted: bool,
    point: &LatencyPoint,
    out: &mut Vec<Residual>,
) {
    if let Some(model) = m.percentiles_ms(point.rate) {
        for (k, figure) in ["p50_ms", "p95_ms", "p99_ms"].into_iter().enumerate() {
            out.extend(residual(line, load, figure, fitted, point.ms[k], model[k]));
        }
    }
}
