//! Analytic against simulated: how far to trust the formulas for a network.
//!
//! Pairs each figure of `planner solve` with the same figure from
//! `planner simulate`, with the relative error and whether the analytic value
//! lies inside the simulation's 95% confidence interval.

use serde::Serialize;

use crate::sim::SimReport;
use crate::solve::{SolveReport, Status};

/// JSON schema name of cross-check reports.
pub const CROSSCHECK_SCHEMA: &str = "planner.crosscheck/v1";

/// Both solvers side by side.
#[derive(Debug, Clone, Serialize)]
pub struct CrossCheckReport {
    /// Always `planner.crosscheck/v1`.
    pub schema: &'static str,
    /// Status of the analytic solution.
    pub analytic_status: Status,
    /// Status of the simulation.
    pub simulated_status: Status,
    /// One row per figure.
    pub rows: Vec<CrossCheckRow>,
    /// Rows whose analytic value lies inside the simulation's interval
    /// (of the `compared` rows).
    pub within_ci: usize,
    /// Rows compared: analytic value, simulated value and interval all
    /// present.
    pub compared: usize,
}

/// One figure from both solvers.
#[derive(Debug, Clone, Serialize)]
pub struct CrossCheckRow {
    /// `network`, `station NAME`, `host NAME` or `class NAME`.
    pub scope: String,
    /// The JSON field name of the figure (its unit is in the name).
    pub figure: String,
    /// The analytic value.
    pub analytic: Option<f64>,
    /// The simulated mean over replications.
    pub simulated: Option<f64>,
    /// Half-width of the simulation's 95% confidence interval.
    pub ci95: Option<f64>,
    /// (analytic − simulated) / simulated.
    pub relative_error: Option<f64>,
    /// Whether the analytic value is inside simulated ± ci95.
    pub within_ci: Option<bool>,
    /// How the analytic figure was obtained.
    pub method: String,
}

fn row(
    scope: &str,
    figure: &str,
    analytic: Option<f64>,
    simulated: Option<f64>,
    ci95: Option<f64>,
    method: &str,
) -> CrossCheckRow {
    let relative_error = match (analytic, simulated) {
        (Some(a), Some(s)) if s.abs() > 0.0 => Some((a - s) / s),
        (Some(a), Some(s)) if (a - s).abs() == 0.0 => Some(0.0),
        _ => None,
    };
    let within_ci = match (analytic, simulated, ci95) {
        // A tiny absolute floor: 1e-11 against an exact 0 is agreement.
        (Some(a), Some(s), Some(h)) => Some((a - s).abs() <= h.max(1e-9)),
        _ => None,
    };
    CrossCheckRow {
        scope: scope.to_string(),
        figure: figure.to_string(),
        analytic,
        simulated,
        ci95,
        relative_error,
        within_ci,
        method: method.to_string(),
    }
}

/// Pairs the figures of an analytic solution and a simulation of one network.
pub fn crosscheck(solved: &SolveReport, simulated: &SimReport) -> CrossCheckReport {
    let mut rows = Vec::new();
    for (name, a) in &solved.stations {
        let Some(s) = simulated.stations.get(name) else {
            continue;
        };
        let (f, h) = (&s.figures, &s.ci95);
        let scope = format!("station {name}");
        let m = a.method.as_str();
        rows.push(row(
            &scope,
            "utilization",
            Some(a.utilization),
            f.utilization,
            h.utilization,
            m,
        ));
        rows.push(row(&scope, "p_wait", a.p_wait, f.p_wait, h.p_wait, m));
        rows.push(row(
            &scope,
            "mean_wait_ms",
            a.mean_wait_ms,
            f.mean_wait_ms,
            h.mean_wait_ms,
            m,
        ));
        rows.push(row(
            &scope,
            "mean_response_ms",
            a.mean_response_ms,
            f.mean_response_ms,
            h.mean_response_ms,
            m,
        ));
        rows.push(row(
            &scope,
            "mean_in_station",
            a.mean_in_station,
            f.mean_in_station,
            h.mean_in_station,
            m,
        ));
        if a.blocking_probability.is_some() {
            rows.push(row(
                &scope,
                "blocking_probability",
                a.blocking_probability,
                f.blocking_probability,
                h.blocking_probability,
                m,
            ));
        }
    }
    for (name, a) in &solved.hosts {
        let Some(s) = simulated.hosts.get(name) else {
            continue;
        };
        rows.push(row(
            &format!("host {name}"),
            "utilization",
            Some(a.utilization),
            s.figures.utilization,
            s.ci95.utilization,
            &a.method,
        ));
    }
    let (n, f, h) = (
        &solved.network,
        &simulated.network.figures,
        &simulated.network.ci95.figures,
    );
    let method = n.sojourn_method.as_str();
    // Networks with clients: both figures come from MVA.
    let mva = n.mva_method.as_deref();
    rows.push(row(
        "network",
        "throughput_rps",
        n.throughput_rps,
        f.throughput_rps,
        h.throughput_rps,
        mva.unwrap_or("traffic equations"),
    ));
    rows.push(row(
        "network",
        "mean_sojourn_ms",
        n.mean_sojourn_ms,
        f.mean_sojourn_ms,
        h.mean_sojourn_ms,
        mva.unwrap_or("visit counts × station means"),
    ));
    rows.push(row(
        "network",
        "p50_sojourn_ms",
        n.p50_sojourn_ms,
        f.p50_sojourn_ms,
        h.p50_sojourn_ms,
        method,
    ));
    rows.push(row(
        "network",
        "p95_sojourn_ms",
        n.p95_sojourn_ms,
        f.p95_sojourn_ms,
        h.p95_sojourn_ms,
        method,
    ));
    rows.push(row(
        "network",
        "p99_sojourn_ms",
        n.p99_sojourn_ms,
        f.p99_sojourn_ms,
        h.p99_sojourn_ms,
        method,
    ));
    if n.classes.len() > 1 {
        for (name, a) in &n.classes {
            let Some(s) = simulated.network.classes.get(name) else {
                continue;
            };
            let scope = format!("class {name}");
            if a.population.is_some() {
                // A closed class's throughput is a result, not an input.
                rows.push(row(
                    &scope,
                    "throughput_rps",
                    a.throughput_rps,
                    s.figures.throughput_rps,
                    s.ci95.throughput_rps,
                    mva.unwrap_or("MVA"),
                ));
            }
            rows.push(row(
                &scope,
                "mean_sojourn_ms",
                a.mean_sojourn_ms,
                s.figures.mean_sojourn_ms,
                s.ci95.mean_sojourn_ms,
                mva.unwrap_or("visit counts × station means"),
            ));
            rows.push(row(
                &scope,
                "p50_sojourn_ms",
                a.p50_sojourn_ms,
                s.figures.p50_sojourn_ms,
                s.ci95.p50_sojourn_ms,
                method,
            ));
            rows.push(row(
                &scope,
                "p95_sojourn_ms",
                a.p95_sojourn_ms,
                s.figures.p95_sojourn_ms,
                s.ci95.p95_sojourn_ms,
                method,
            ));
            rows.push(row(
                &scope,
                "p99_sojourn_ms",
                a.p99_sojourn_ms,
                s.figures.p99_sojourn_ms,
                s.ci95.p99_sojourn_ms,
                method,
            ));
        }
    }
    let compared = rows.iter().filter(|r| r.within_ci.is_some()).count();
    let within_ci = rows.iter().filter(|r| r.within_ci == Some(true)).count();
    CrossCheckReport {
        schema: CROSSCHECK_SCHEMA,
        analytic_status: solved.status,
        simulated_status: simulated.status,
        rows,
        within_ci,
        compared,
    }
}
