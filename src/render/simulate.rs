//! `planner simulate` output: figures with their 95% confidence half-widths,
//! and the analytic-vs-simulated cross-check.

use super::{Grid, json, num, pct};
use crate::crosscheck::CrossCheckReport;
use crate::error::Error;
use crate::output::Format;
use crate::sim::{SimReport, Status};

/// Renders a simulation report in `format`.
pub fn render(report: &SimReport, format: Format) -> Result<String, Error> {
    let (grid, heading): (fn(&Grid) -> String, &str) = match format {
        Format::Json => return json(report),
        Format::Html => return Err(Format::html_unsupported("simulate")),
        Format::Table => (Grid::table, ""),
        Format::Markdown => (Grid::markdown, "## "),
    };
    let mut out = verdict(report);
    out.push_str(&short_run_warning(report));
    out.push_str(&format!(
        "\n\n{heading}Stations (per visit; ± is the 95% confidence half-width)\n\n"
    ));
    out.push_str(&grid(&stations(report)));
    if !report.hosts.is_empty() {
        out.push_str(&format!("\n\n{heading}Shared hosts\n\n"));
        out.push_str(&grid(&hosts(report)));
    }
    out.push_str(&format!("\n\n{heading}End to end\n\n"));
    out.push_str(&grid(&end_to_end(report)));
    let run = &report.run;
    out.push_str(&format!(
        "\nRun: {} replications, {} requests measured, {} model events, seed {}. Warm-up: {}.\n",
        run.replications, run.requests_measured, run.model_events, run.seed, run.warmup_rule
    ));
    Ok(out)
}

/// The figures the run is too short for, and why; empty when none.
fn short_run_warning(r: &SimReport) -> String {
    if r.run.notes.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "\nWarning: this run is too short for {}:",
        r.run.too_short_for.join(", ")
    );
    for n in &r.run.notes {
        s.push_str(&format!("\n  - {n}"));
    }
    s
}

fn verdict(r: &SimReport) -> String {
    match r.status {
        Status::Saturated => {
            let names: Vec<String> = r
                .saturated_hosts
                .iter()
                .map(|h| format!("host {h}"))
                .chain(r.saturated_stations.iter().cloned())
                .collect();
            format!(
                "SATURATED at {}: queues grew without bound in simulation; no latency figures exist.",
                names.join(", ")
            )
        }
        Status::Stable => {
            let n = &r.network;
            format!(
                "Stable in simulation. Bottleneck: {}. Mean sojourn {} ms, p99 {} ms.",
                n.bottleneck,
                with_ci(n.figures.mean_sojourn_ms, n.ci95.figures.mean_sojourn_ms),
                with_ci(n.figures.p99_sojourn_ms, n.ci95.figures.p99_sojourn_ms),
            )
        }
    }
}

/// `12.3 ± 0.4`, `—` when absent.
fn with_ci(v: Option<f64>, h: Option<f64>) -> String {
    match (v, h) {
        (Some(v), Some(h)) => format!("{} ± {}", num(v), num(h)),
        (Some(v), None) => num(v),
        _ => "—".into(),
    }
}

fn pct_ci(v: Option<f64>, h: Option<f64>) -> String {
    match (v, h) {
        (Some(v), Some(h)) => format!("{} ± {}", pct(v), pct(h)),
        (Some(v), None) => pct(v),
        _ => "—".into(),
    }
}

fn stations(r: &SimReport) -> Grid {
    let mut g = Grid::new([
        "station",
        "arrivals (req/s)",
        "utilization",
        "P(wait)",
        "wait (ms)",
        "response (ms)",
        "in station (req)",
        "blocked",
    ]);
    for (name, s) in &r.stations {
        let (f, h) = (&s.figures, &s.ci95);
        g.row([
            name.clone(),
            with_ci(f.arrival_rate_rps, h.arrival_rate_rps),
            if s.servers.is_some() {
                pct_ci(f.utilization, h.utilization)
            } else {
                format!("{} busy", with_ci(f.utilization, h.utilization))
            },
            pct_ci(f.p_wait, h.p_wait),
            with_ci(f.mean_wait_ms, h.mean_wait_ms),
            with_ci(f.mean_response_ms, h.mean_response_ms),
            with_ci(f.mean_in_station, h.mean_in_station),
            pct_ci(f.blocking_probability, h.blocking_probability),
        ]);
    }
    g
}

fn hosts(r: &SimReport) -> Grid {
    let mut g = Grid::new([
        "host",
        "cores",
        "utilization",
        "offered load",
        "threads running",
    ]);
    for (name, h) in &r.hosts {
        let (f, c) = (&h.figures, &h.ci95);
        g.row([
            name.clone(),
            h.cores.to_string(),
            pct_ci(f.utilization, c.utilization),
            pct_ci(f.offered_utilization, c.offered_utilization),
            with_ci(f.mean_threads, c.mean_threads),
        ]);
    }
    g
}

fn end_to_end(r: &SimReport) -> Grid {
    let mut g = Grid::new([
        "class",
        "throughput (req/s)",
        "lost",
        "mean (ms)",
        "p50 (ms)",
        "p95 (ms)",
        "p99 (ms)",
        "p99.9 (ms)",
    ]);
    let mut add = |name: &str, f: &crate::sim::EndToEndFigures, h: &crate::sim::EndToEndFigures| {
        g.row([
            name.to_string(),
            with_ci(f.throughput_rps, h.throughput_rps),
            pct_ci(f.loss_probability, h.loss_probability),
            with_ci(f.mean_sojourn_ms, h.mean_sojourn_ms),
            with_ci(f.p50_sojourn_ms, h.p50_sojourn_ms),
            with_ci(f.p95_sojourn_ms, h.p95_sojourn_ms),
            with_ci(f.p99_sojourn_ms, h.p99_sojourn_ms),
            with_ci(f.p999_sojourn_ms, h.p999_sojourn_ms),
        ]);
    };
    add("all", &r.network.figures, &r.network.ci95.figures);
    if r.network.classes.len() > 1 {
        for (name, c) in &r.network.classes {
            add(name, &c.figures, &c.ci95);
        }
    }
    g
}

/// Renders a cross-check report in `format`.
pub fn render_crosscheck(report: &CrossCheckReport, format: Format) -> Result<String, Error> {
    let grid: fn(&Grid) -> String = match format {
        Format::Json => return json(report),
        Format::Html => return Err(Format::html_unsupported("simulate")),
        Format::Table => Grid::table,
        Format::Markdown => Grid::markdown,
    };
    let mut g = Grid::new([
        "scope",
        "figure",
        "analytic",
        "simulated ± 95%",
        "error",
        "in CI",
        "analytic method",
    ]);
    for r in &report.rows {
        g.row([
            r.scope.clone(),
            r.figure.clone(),
            r.analytic.map(num).unwrap_or_else(|| "—".into()),
            with_ci(r.simulated, r.ci95),
            r.relative_error
                .map(|e| format!("{:+.1}%", 100.0 * e))
                .unwrap_or_else(|| "—".into()),
            match r.within_ci {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => "—".into(),
            },
            r.method.clone(),
        ]);
    }
    Ok(format!(
        "Analytic vs simulated: {} of {} figures inside the simulation's 95% interval.\n\n{}\n",
        report.within_ci,
        report.compared,
        grid(&g)
    ))
}
