//! Fitting constant-rate (open-loop) steps.
//!
//! With utilization measured, demand comes from the utilization law
//! regressed over the fully served steps, `U = U₀ + D·X`: the intercept
//! `U₀` absorbs the part of the per-request demand that falls as load
//! rises (fixed per-second work amortised over more requests), and the
//! saturation throughput is where the line reaches 1. Without utilization,
//! the plateau of the overloaded steps gives the capacity, or, when no step
//! was overloaded, the rise of latency with load does.

use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::error::Error;

use super::FitOptions;
use super::latency::{LatencyPoint, fit_latency, latency_residuals, predict, residual};
use super::model::{Discipline, StationModel};
use super::numeric::{Line, levenberg_marquardt, ols};
use super::report::{CurvePoint, FIT_SCHEMA, FitReport};
use super::series::OpenStep;

/// The station part of a fit and how it was found.
struct Station {
    background: f64,
    demand: f64,
    interval: [f64; 2],
    method: String,
    fitted: Vec<usize>,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

/// Two-sided 95% Student t quantile with `dof` degrees of freedom.
fn t95(dof: usize) -> f64 {
    StudentsT::new(0.0, 1.0, dof as f64)
        .map(|t| t.inverse_cdf(0.975))
        .unwrap_or(1.96)
}

/// 95% interval of `(1 − U₀)/D` by the delta method on the regression's
/// covariance; `None` without degrees of freedom.
fn delta_interval(line: &Line, sat: f64) -> Option<[f64; 2]> {
    let cov = line.covariance?;
    let d = line.slope;
    let g = [-1.0 / d, -(1.0 - line.intercept) / (d * d)];
    let var = g[0] * g[0] * cov[0][0] + 2.0 * g[0] * g[1] * cov[0][1] + g[1] * g[1] * cov[1][1];
    let half = t95(line.n - 2) * var.max(0.0).sqrt();
    Some([(sat - half).max(0.0), sat + half])
}

fn by_utilization(steps: &[OpenStep], picked: &[usize], max_u: Option<f64>) -> Option<Station> {
    let points: Vec<(f64, f64)> = picked
        .iter()
        .filter_map(|&i| Some((steps[i].achieved_rps, steps[i].utilization?)))
        .collect();
    let line = ols(&points)?;
    let limit = max_u.map_or(String::new(), |m| format!(" at utilization ≤ {m}"));
    let top = points
        .iter()
        .copied()
        .fold((0.0, 0.0), |a, p| if p.0 > a.0 { p } else { a });
    // Operational law at the busiest fitted step: demand U/X, no background.
    let law = top.0 / top.1.max(1e-12);
    if line.slope <= 0.0 || line.intercept >= 1.0 {
        return Some(Station {
            background: 0.0,
            demand: 1.0 / law,
            interval: [law, law],
            method: format!(
                "utilization law D = U/X at the busiest of {} fully served steps{limit} \
                 (utilization did not rise with throughput)",
                points.len()
            ),
            fitted: picked.to_vec(),
        });
    }
    if line.intercept < 0.0 {
        // Demand rising with load: a line through the origin.
        let d = points.iter().map(|p| p.0 * p.1).sum::<f64>()
            / points.iter().map(|p| p.0 * p.0).sum::<f64>();
        let sat = 1.0 / d;
        return Some(Station {
            background: 0.0,
            demand: d,
            interval: [sat.min(law), sat.max(law)],
            method: format!(
                "utilization regression through the origin U = D·X over {} fully served steps{limit} \
                 (the intercept came out negative)",
                points.len()
            ),
            fitted: picked.to_vec(),
        });
    }
    let sat = (1.0 - line.intercept) / line.slope;
    let interval = delta_interval(&line, sat).unwrap_or_else(|| {
        // Two points: no residual variance. Bracket by the constant demand
        // of the busiest step (demand stops falling) and its mirror image.
        let lo = law.min(sat);
        [lo, sat + (sat - lo)]
    });
    Some(Station {
        background: line.intercept,
        demand: line.slope,
        interval,
        method: format!(
            "utilization regression U = U0 + D·X over {} fully served steps{limit}; \
             saturation where U = 1",
            points.len()
        ),
        fitted: picked.to_vec(),
    })
}

fn by_plateau(steps: &[OpenStep], served: &[usize]) -> Option<Station> {
    let over: Vec<f64> = steps
        .iter()
        .filter(|s| !s.fully_served())
        .map(|s| s.achieved_rps)
        .filter(|x| *x > 0.0)
        .collect();
    if over.is_empty() {
        return None;
    }
    let sat = median(over.clone());
    let lo = over.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = over.iter().copied().fold(0.0, f64::max);
    Some(Station {
        background: 0.0,
        demand: 1.0 / sat,
        interval: [lo, hi],
        method: format!(
            "throughput plateau: median achieved rate of {} overloaded steps (no utilization \
             measured); D = 1/X_max",
            over.len()
        ),
        fitted: served.to_vec(),
    })
}

fn by_latency(
    steps: &[OpenStep],
    served: &[usize],
    arrival_scv: f64,
    discipline: Discipline,
) -> Option<Station> {
    let pts: Vec<LatencyPoint> = served.iter().map(|&i| point(&steps[i])).collect();
    let top = pts.iter().map(|p| p.rate).fold(0.0, f64::max);
    let min_p50 = pts.iter().map(|p| p.ms[0]).fold(f64::INFINITY, f64::min) * 1e-3;
    let residuals = |th: &[f64]| -> Option<Vec<f64>> {
        let m = StationModel {
            background: 0.0,
            demand: th[0],
            delay: th[1],
            service_cv: th[2],
            arrival_scv,
            discipline,
        };
        let mut r = Vec::new();
        for p in &pts {
            let ms = m.percentiles_ms(p.rate)?;
            r.extend(ms.iter().zip(p.ms).map(|(a, b)| a.ln() - b.ln()));
        }
        Some(r)
    };
    let clamp = |th: &mut [f64]| {
        th[0] = th[0].clamp(1e-9, 0.999 / top);
        th[1] = th[1].clamp(0.0, 0.999 * min_p50);
        th[2] = th[2].clamp(0.05, 8.0);
    };
    let mut best: Option<super::numeric::LmFit> = None;
    for frac in [0.2, 0.5, 0.8] {
        if let Some(f) = levenberg_marquardt(residuals, &[frac / top, 0.3 * min_p50, 1.0], clamp)
            && best.as_ref().is_none_or(|b| f.sse < b.sse)
        {
            best = Some(f);
        }
    }
    let f = best?;
    let sat = 1.0 / f.params[0];
    Some(Station {
        background: 0.0,
        demand: f.params[0],
        // The latency curve pins capacity loosely: from the busiest served
        // step up to twice the estimate.
        interval: [top.min(sat), sat.max(top) * 2.0 - top.min(sat)],
        method: format!(
            "latency curve: D, fixed latency and cv fitted together to the percentiles of {} \
             fully served steps (no utilization measured, no step overloaded)",
            pts.len()
        ),
        fitted: served.to_vec(),
    })
}

/// How the latency model reads, for the report's method.
pub(super) fn latency_method(discipline: Discipline, arrival_scv: f64) -> String {
    match discipline {
        Discipline::Ps => format!(
            "gamma service of mean D stretched by the M/G/1-PS slowdown law at U0 + D·X \
             (processor sharing with the background; arrival SCV {arrival_scv})"
        ),
        Discipline::Fcfs => format!(
            "gamma service of mean U/X + G/G/1 wait (Allen–Cunneen, arrival SCV {arrival_scv})"
        ),
    }
}

fn point(s: &OpenStep) -> LatencyPoint {
    LatencyPoint {
        rate: s.achieved_rps,
        ms: [s.p50_ms, s.p95_ms, s.p99_ms],
    }
}

/// Fits open-loop steps.
pub fn fit_open(steps: &[OpenStep], source: &str, opts: &FitOptions) -> Result<FitReport, Error> {
    let arrival_scv = opts.arrival_scv;
    let served: Vec<usize> = (0..steps.len())
        .filter(|&i| steps[i].fully_served())
        .collect();
    let measured_u = steps.iter().any(|s| s.utilization.is_some());
    if opts.max_utilization.is_some() && !measured_u {
        return Err(Error::Usage(format!(
            "--max-utilization needs a utilization column, and {source} has none"
        )));
    }
    let picked: Vec<usize> = served
        .iter()
        .copied()
        .filter(|&i| match (steps[i].utilization, opts.max_utilization) {
            (Some(u), Some(m)) => u <= m,
            (Some(_), None) => true,
            (None, _) => false,
        })
        .collect();
    if measured_u && picked.len() < 2 {
        return Err(Error::Usage(format!(
            "{source}: {} fully served step{} with a measured utilization{}; a fit needs at least 2",
            picked.len(),
            if picked.len() == 1 { "" } else { "s" },
            opts.max_utilization
                .map_or(String::new(), |m| format!(" ≤ {m} (--max-utilization)"))
        )));
    }
    if served.is_empty() {
        return Err(Error::Usage(format!(
            "{source}: no step was fully served (achieved ≥ 97% of offered, errors ≤ 1%); \
             a fit needs steps below saturation"
        )));
    }
    let station = if measured_u {
        by_utilization(steps, &picked, opts.max_utilization)
    } else {
        by_plateau(steps, &served)
            .or_else(|| by_latency(steps, &served, arrival_scv, opts.discipline))
    }
    .ok_or_else(|| Error::Usage(format!("{source}: the steps do not determine a demand")))?;
    let base = StationModel {
        background: station.background,
        demand: station.demand,
        delay: 0.0,
        service_cv: 1.0,
        arrival_scv,
        discipline: opts.discipline,
    };
    let pts: Vec<LatencyPoint> = station.fitted.iter().map(|&i| point(&steps[i])).collect();
    let model = fit_latency(base, &pts).ok_or_else(|| {
        Error::Usage(format!(
            "{source}: every fitted step is saturated under the fitted demand; \
             the latency model has nothing to fit"
        ))
    })?;
    let mut predictions: Vec<_> = steps
        .iter()
        .map(|s| predict(&model, s.offered_rps, "measured"))
        .collect();
    predictions.extend(opts.predict.iter().map(|r| predict(&model, *r, "predict")));
    let mut residuals = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let fitted = station.fitted.contains(&i);
        if let Some(u) = s.utilization {
            residuals.extend(residual(
                s.line,
                s.offered_rps,
                "utilization",
                fitted,
                u,
                model.utilization(s.achieved_rps),
            ));
        }
        if s.fully_served() {
            latency_residuals(
                &model,
                s.line,
                s.offered_rps,
                fitted,
                &point(s),
                &mut residuals,
            );
        }
    }
    let top = steps
        .last()
        .map_or(1.0, |s| s.offered_rps)
        .max(model.saturation());
    let curve = (1..=120)
        .map(|i| {
            let rate = top * 1.1 * f64::from(i) / 120.0;
            let p = model
                .percentiles_ms(rate)
                .filter(|_| model.utilization(rate) < 1.0);
            CurvePoint {
                load: rate,
                throughput_rps: rate.min(model.saturation()),
                p50_ms: p.map(|v| v[0]),
                p95_ms: p.map(|v| v[1]),
                p99_ms: p.map(|v| v[2]),
                alt_rps: None,
            }
        })
        .collect();
    let measured = steps
        .iter()
        .map(|s| CurvePoint {
            load: s.offered_rps,
            throughput_rps: s.achieved_rps,
            p50_ms: Some(s.p50_ms),
            p95_ms: Some(s.p95_ms),
            p99_ms: Some(s.p99_ms),
            alt_rps: None,
        })
        .collect();
    Ok(FitReport {
        schema: FIT_SCHEMA,
        source: source.to_string(),
        kind: "open",
        method: format!(
            "{}; latency = fixed part + {}, fixed part and service cv fitted to log p50 and p95 \
             of the same steps (p99 only compared)",
            station.method,
            latency_method(opts.discipline, arrival_scv)
        ),
        saturation_rps: model.saturation(),
        saturation_rps_interval: station.interval,
        demand_ms: model.demand * 1e3,
        background_utilization: model.background,
        service_cv: model.service_cv,
        fixed_latency_ms: model.delay * 1e3,
        arrival_scv,
        discipline: opts.discipline,
        steps: steps.len(),
        fitted_steps: station.fitted.len(),
        usl: None,
        predictions,
        residuals,
        closed: Vec::new(),
        curve,
        measured,
    })
}
