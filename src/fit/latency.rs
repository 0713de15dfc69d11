//! Fitting the latency side of the model (fixed latency `δ`, service-time
//! cv) to measured percentiles by a Chebyshev fit, and turning a fitted model into the
//! predictions and residuals of the report.

use super::model::{LEVELS, StationModel};
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
const CV_RANGE: (f64, f64) = (0.02, 8.0);
/// Service cvs tried before the search refines the best (log-spaced).
const CV_GRID: usize = 16;
/// Relative precision of the quantiles inside the search.
const SEARCH_TOL: f64 = 1e-9;

/// Fits `δ` and `c_s` of `base` (its station part fixed) to the measured
/// p50 and p95 of `points` by a Chebyshev (minimax) fit on their
/// logarithms: the largest relative error over the fitted percentiles is
/// made as small as it can be, so that no step is given up for the
/// others. Returns the model with the fitted values, or `None` when no
/// point is stable under the model.
///
/// The fixed part adds to every percentile, so for a given `c_s` the
/// percentiles without it are computed once and the best `δ` follows from
/// them alone (each error is monotone in `δ`: the largest one is smallest
/// where the largest over-estimate meets the largest under-estimate). The
/// search over `c_s` scans a log-spaced grid, then narrows the best cell
/// by golden sections.
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
    let max_delay = usable.iter().map(|p| p.ms[0]).fold(f64::INFINITY, f64::min) * 1e-3 * 0.999;
    // (percentile without δ, measured), seconds, for one cv.
    let pairs = |cv: f64| -> Option<Vec<(f64, f64)>> {
        let m = StationModel {
            delay: 0.0,
            service_cv: cv,
            ..base
        };
        let mut out = Vec::with_capacity(usable.len() * FITTED_LEVELS);
        for p in &usable {
            for (k, q) in LEVELS.iter().enumerate().take(FITTED_LEVELS) {
                out.push((
                    m.latency_quantile_to(p.rate, *q, SEARCH_TOL)?,
                    p.ms[k] * 1e-3,
                ));
            }
        }
        Some(out)
    };
    let score = |cv: f64| -> Option<(f64, f64)> {
        let pairs = pairs(cv)?;
        let (delay, worst) = best_delay(&pairs, max_delay);
        Some((worst, delay))
    };
    let ln_lo = CV_RANGE.0.ln();
    let step = (CV_RANGE.1.ln() - ln_lo) / (CV_GRID - 1) as f64;
    let grid: Vec<(f64, Option<(f64, f64)>)> = (0..CV_GRID)
        .map(|i| {
            let cv = (ln_lo + step * i as f64).exp();
            (cv, score(cv))
        })
        .collect();
    let (best_i, _) = grid
        .iter()
        .enumerate()
        .filter_map(|(i, (_, s))| s.map(|s| (i, s.0)))
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    // Golden sections on ln cv over the neighbouring cells.
    let (mut a, mut b) = (
        ln_lo + step * best_i.saturating_sub(1) as f64,
        ln_lo + step * (best_i + 1).min(CV_GRID - 1) as f64,
    );
    let worst_at = |u: f64| score(u.exp()).map_or(f64::INFINITY, |s| s.0);
    let r = (5f64.sqrt() - 1.0) / 2.0;
    let (mut c, mut d) = (b - r * (b - a), a + r * (b - a));
    let (mut fc, mut fd) = (worst_at(c), worst_at(d));
    for _ in 0..30 {
        if fc <= fd {
            b = d;
            (d, fd) = (c, fc);
            c = b - r * (b - a);
            fc = worst_at(c);
        } else {
            a = c;
            (c, fc) = (d, fd);
            d = a + r * (b - a);
            fd = worst_at(d);
        }
    }
    let (grid_cv, grid_score) = (grid[best_i].0, grid[best_i].1?);
    let refined = if fc <= fd { c } else { d };
    let (cv, (_, delay)) = match score(refined.exp()) {
        Some(s) if s.0 <= grid_score.0 => (refined.exp(), s),
        _ => (grid_cv, grid_score),
    };
    Some(StationModel {
        delay,
        service_cv: cv,
        ..base
    })
}

/// The fixed part `δ ∈ [0, max]` that minimises the largest
/// `|ln((δ + t)/m)|` over `pairs` of (percentile without δ, measured), and
/// that error. Each error rises with `δ`, so the largest over-estimate
/// rises and the largest under-estimate falls: the optimum is where they
/// meet, or an end of the range.
fn best_delay(pairs: &[(f64, f64)], max: f64) -> (f64, f64) {
    let over = |d: f64| {
        pairs
            .iter()
            .map(|&(t, m)| ((d + t) / m).ln())
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let under = |d: f64| {
        pairs
            .iter()
            .map(|&(t, m)| (m / (d + t)).ln())
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let worst = |d: f64| over(d).max(under(d));
    let max = max.max(0.0);
    if over(0.0) >= under(0.0) {
        return (0.0, worst(0.0));
    }
    if over(max) <= under(max) {
        return (max, worst(max));
    }
    let (mut lo, mut hi) = (0.0, max);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if over(mid) < under(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-12 * max {
            break;
        }
    }
    let d = 0.5 * (lo + hi);
    (d, worst(d))
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
