//! The result of `planner fit`: plain serialisable data, rendered by
//! [`super::render`] and [`super::chart`]. JSON is `planner.fit/v1`.

use serde::Serialize;

use super::model::Discipline;

/// JSON schema name of fit reports.
pub const FIT_SCHEMA: &str = "planner.fit/v1";

/// What `planner fit` found in a load test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitReport {
    /// Always `planner.fit/v1`.
    pub schema: &'static str,
    /// The load-test file or folder, as named.
    pub source: String,
    /// `open` (constant-rate steps) or `closed` (concurrency levels).
    pub kind: &'static str,
    /// How each figure was fitted, in words.
    pub method: String,
    /// Throughput at which the resource under test is fully busy, req/s.
    pub saturation_rps: f64,
    /// 95% interval of `saturation_rps`, [low, high], req/s.
    pub saturation_rps_interval: [f64; 2],
    /// Marginal CPU demand per request `D = dU/dX`, ms.
    pub demand_ms: f64,
    /// Busy fraction of the resource at zero load `U₀` (0–1); it is how a
    /// per-request demand that falls with load shows in the regression.
    pub background_utilization: f64,
    /// Coefficient of variation of the service time (dimensionless).
    pub service_cv: f64,
    /// Fixed latency outside the station (client, network), ms.
    pub fixed_latency_ms: f64,
    /// Squared coefficient of variation of inter-arrival times used
    /// (0 for a constant-rate load generator, 1 for Poisson).
    pub arrival_scv: f64,
    /// How the fitted station serves: `ps` (processor sharing) or `fcfs`.
    pub discipline: Discipline,
    /// Rows (steps or levels) in the load test.
    pub steps: usize,
    /// Rows used in the fit (the others are only compared).
    pub fitted_steps: usize,
    /// Universal Scalability Law fitted to closed-loop data; `null` for
    /// open-loop data.
    pub usl: Option<UslFit>,
    /// Predicted behaviour at each input row's rate, then at each
    /// `--predict` rate.
    pub predictions: Vec<Prediction>,
    /// Measured against fitted, for every figure of every input row.
    pub residuals: Vec<Residual>,
    /// Closed-loop rows: measured throughput against the USL and a
    /// single-station MVA; empty for open-loop data.
    pub closed: Vec<ClosedRow>,
    /// Chart data: the model on a fine grid of rates (open) or clients
    /// (closed). Not serialised.
    #[serde(skip)]
    pub curve: Vec<CurvePoint>,
    /// Chart data: the measured rows. Not serialised.
    #[serde(skip)]
    pub measured: Vec<CurvePoint>,
}

/// One point of a chart series: load (offered req/s or clients), carried
/// throughput (req/s) and latency percentiles (ms) where known.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CurvePoint {
    /// Offered req/s (open) or clients (closed).
    pub load: f64,
    /// Throughput carried, req/s.
    pub throughput_rps: f64,
    /// Median latency, ms.
    pub p50_ms: Option<f64>,
    /// 95th percentile latency, ms.
    pub p95_ms: Option<f64>,
    /// 99th percentile latency, ms.
    pub p99_ms: Option<f64>,
    /// Second model throughput (closed: MVA), req/s.
    pub alt_rps: Option<f64>,
}

/// USL coefficients and what follows from them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct UslFit {
    /// Contention coefficient σ (dimensionless, 0–1).
    pub sigma: f64,
    /// Coherency coefficient κ (dimensionless, ≥ 0).
    pub kappa: f64,
    /// Throughput of one client λ = X(1), req/s.
    pub lambda: f64,
    /// Clients at peak throughput `N* = √((1 − σ)/κ)`; `null` when κ = 0.
    pub peak_clients: Option<f64>,
    /// Peak throughput `X(N*)` (or the limit λ/σ when κ = 0), req/s.
    pub peak_rps: f64,
    /// Highest throughput measured, req/s.
    pub measured_peak_rps: f64,
}

/// Predicted steady state at one arrival rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    /// Arrival rate, req/s.
    pub offered_rps: f64,
    /// Whether the rate is an input row (`measured`) or a `--predict` rate.
    pub source: &'static str,
    /// Predicted busy fraction of the resource (0–1; 1 when saturated).
    pub utilization: f64,
    /// Predicted median latency, ms; `null` when saturated.
    pub p50_ms: Option<f64>,
    /// Predicted 95th percentile latency, ms; `null` when saturated.
    pub p95_ms: Option<f64>,
    /// Predicted 99th percentile latency, ms; `null` when saturated.
    pub p99_ms: Option<f64>,
    /// `stable` or `saturated`.
    pub status: &'static str,
}

/// One measured figure against its fitted value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Residual {
    /// Line of the row in the input file (0 for JSON input).
    pub line: u64,
    /// The row's load: offered req/s (open) or clients (closed).
    pub load: f64,
    /// `utilization`, `p50_ms`, `p95_ms`, `p99_ms` or `throughput_rps`.
    pub figure: &'static str,
    /// Whether the row was used in the fit.
    pub fitted: bool,
    /// Measured value, in the figure's unit.
    pub measured: f64,
    /// Model value, in the figure's unit.
    pub model: f64,
    /// (model − measured) / measured (dimensionless).
    pub relative_error: f64,
}

/// One closed-loop concurrency level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosedRow {
    /// Concurrent clients.
    pub clients: f64,
    /// Measured throughput, req/s.
    pub measured_rps: f64,
    /// USL throughput, req/s.
    pub usl_rps: f64,
    /// Exact MVA throughput of one queueing station with demand
    /// `1/saturation_rps` and the fixed latency as a delay, req/s.
    pub mva_rps: f64,
    /// Measured mean latency, ms, when given.
    pub measured_mean_ms: Option<f64>,
    /// MVA mean latency, ms.
    pub mva_mean_ms: f64,
}
