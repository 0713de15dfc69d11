//! `planner fit`: calibrate a model from load-test results.
//!
//! Every other figure `planner` gives rests on numbers a person typed; this
//! module turns what was measured into those numbers. It reads an
//! open-loop or closed-loop load test (CSV, or oha's JSON), fits the demand
//! per request and its background share, the service-time variability, the
//! saturation throughput with an interval and, for closed loops, the USL,
//! then predicts utilization and latency percentiles at any rate. The
//! pipeline is `read` → `series` (validated) → `open`/`closed` (fit) →
//! `report` → `render`/`chart`/`emit`.

pub mod chart;
pub mod cli;
pub mod closed;
pub mod emit;
pub mod latency;
pub mod model;
pub mod numeric;
mod oha;
pub mod open;
pub mod read;
pub mod render;
pub mod report;
pub mod series;

use std::path::Path;

use crate::error::Error;

pub use read::InputFormat;
pub use report::FitReport;
pub use series::LoadTest;

/// How to fit.
#[derive(Debug, Clone, PartialEq)]
pub struct FitOptions {
    /// Fit only the steps whose measured utilization is at most this (0–1).
    pub max_utilization: Option<f64>,
    /// Extra arrival rates to predict, req/s.
    pub predict: Vec<f64>,
    /// Squared coefficient of variation of the load generator's
    /// inter-arrival times (0: constant rate, 1: Poisson).
    pub arrival_scv: f64,
    /// How the resource under test serves its requests.
    pub discipline: model::Discipline,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            max_utilization: None,
            predict: Vec::new(),
            arrival_scv: DEFAULT_ARRIVAL_SCV,
            discipline: model::Discipline::Ps,
        }
    }
}

/// Default arrival SCV: Poisson arrivals, the textbook assumption and the
/// one production traffic is closest to.
pub const DEFAULT_ARRIVAL_SCV: f64 = 1.0;

/// Fits a validated load test; `source` names it in the report.
pub fn fit(test: &LoadTest, source: &str, opts: &FitOptions) -> Result<FitReport, Error> {
    match test {
        LoadTest::Open(steps) => open::fit_open(steps, source, opts),
        LoadTest::Closed(steps) => closed::fit_closed(steps, source, opts),
    }
}

/// Reads `path` and fits it.
pub fn fit_file(path: &Path, format: InputFormat, opts: &FitOptions) -> Result<FitReport, Error> {
    let test = read::read_load_test(path, format)?;
    fit(&test, &path.display().to_string(), opts)
}
