//! Tables and Markdown of a fit report. Formats; computes nothing.

use crate::render::{Grid, num, opt, pct};

use super::model::Discipline;
use super::report::FitReport;

fn summary(r: &FitReport) -> Grid {
    let mut g = Grid::new(["figure", "value"]);
    g.row([
        "saturation throughput".to_string(),
        format!(
            "{} req/s (95% interval {}–{} req/s)",
            num(r.saturation_rps),
            num(r.saturation_rps_interval[0]),
            num(r.saturation_rps_interval[1])
        ),
    ]);
    g.row([
        "demand per request D".to_string(),
        format!("{} ms", num(r.demand_ms)),
    ]);
    g.row([
        "background utilization U0".to_string(),
        pct(r.background_utilization),
    ]);
    g.row(["service-time cv".to_string(), num(r.service_cv)]);
    g.row([
        "service discipline".to_string(),
        match r.discipline {
            Discipline::Ps => "processor sharing (with the background)",
            Discipline::Fcfs => "first come, first served",
        }
        .to_string(),
    ]);
    g.row([
        "fixed latency".to_string(),
        format!("{} ms", num(r.fixed_latency_ms)),
    ]);
    g.row([
        "steps fitted".to_string(),
        format!("{} of {}", r.fitted_steps, r.steps),
    ]);
    if let Some(u) = &r.usl {
        g.row(["USL σ (contention)".to_string(), format!("{:.5}", u.sigma)]);
        g.row(["USL κ (coherency)".to_string(), format!("{:.3e}", u.kappa)]);
        g.row([
            "USL λ = X(1)".to_string(),
            format!("{} req/s", num(u.lambda)),
        ]);
        g.row([
            "USL peak".to_string(),
            format!(
                "{} req/s at {} clients (measured peak {} req/s)",
                num(u.peak_rps),
                opt(u.peak_clients),
                num(u.measured_peak_rps)
            ),
        ]);
    }
    g
}

fn predictions(r: &FitReport) -> Grid {
    let mut g = Grid::new([
        "rate (req/s)",
        "from",
        "utilization",
        "p50 (ms)",
        "p95 (ms)",
        "p99 (ms)",
        "status",
    ]);
    for p in &r.predictions {
        g.row([
            num(p.offered_rps),
            p.source.to_string(),
            pct(p.utilization),
            opt(p.p50_ms),
            opt(p.p95_ms),
            opt(p.p99_ms),
            p.status.to_string(),
        ]);
    }
    g
}

fn residuals(r: &FitReport) -> Grid {
    let mut g = Grid::new([
        "line", "load", "figure", "fitted", "measured", "model", "error",
    ]);
    for e in &r.residuals {
        g.row([
            e.line.to_string(),
            num(e.load),
            e.figure.to_string(),
            if e.fitted { "yes" } else { "no" }.to_string(),
            num(e.measured),
            num(e.model),
            format!("{:+.1}%", 100.0 * e.relative_error),
        ]);
    }
    g
}

fn closed(r: &FitReport) -> Grid {
    let mut g = Grid::new([
        "clients",
        "measured (req/s)",
        "USL (req/s)",
        "MVA (req/s)",
        "measured mean (ms)",
        "MVA mean (ms)",
    ]);
    for c in &r.closed {
        g.row([
            num(c.clients),
            num(c.measured_rps),
            num(c.usl_rps),
            num(c.mva_rps),
            opt(c.measured_mean_ms),
            num(c.mva_mean_ms),
        ]);
    }
    g
}

/// The report as terminal tables.
#[must_use]
pub fn render_table(r: &FitReport) -> String {
    let mut out = format!("Fit of {} ({} loop)\n", r.source, r.kind);
    out.push_str(&summary(r).table());
    out.push_str(&format!("\nMethod: {}\n\nPredictions\n", r.method));
    out.push_str(&predictions(r).table());
    if !r.closed.is_empty() {
        out.push_str("\n\nClosed loop: measured, USL and MVA\n");
        out.push_str(&closed(r).table());
    }
    out.push_str("\n\nResiduals (model against measurement)\n");
    out.push_str(&residuals(r).table());
    out.push('\n');
    out
}

/// The report as Markdown.
#[must_use]
pub fn render_markdown(r: &FitReport) -> String {
    let mut out = format!("## Fit of `{}` ({} loop)\n\n", r.source, r.kind);
    out.push_str(&summary(r).markdown());
    out.push_str(&format!("\nMethod: {}\n\n### Predictions\n\n", r.method));
    out.push_str(&predictions(r).markdown());
    if !r.closed.is_empty() {
        out.push_str("\n### Closed loop: measured, USL and MVA\n\n");
        out.push_str(&closed(r).markdown());
    }
    out.push_str("\n### Residuals\n\n");
    out.push_str(&residuals(r).markdown());
    out
}
