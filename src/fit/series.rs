//! Validated load-test series: what the readers produce and the fit
//! consumes. Loads strictly increase, every number is finite and ≥ 0,
//! fractions lie in [0, 1], percentiles do not decrease, and there are at
//! least three steps.

/// One step of an open-loop (constant arrival rate) load test.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenStep {
    /// Line in the input file (0 for a step read from JSON).
    pub line: u64,
    /// Rate the load generator was told to send, req/s.
    pub offered_rps: f64,
    /// Successful responses per second, req/s.
    pub achieved_rps: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 95th percentile latency, ms.
    pub p95_ms: f64,
    /// 99th percentile latency, ms.
    pub p99_ms: f64,
    /// Busy fraction of the resource under test (0–1), when measured.
    pub utilization: Option<f64>,
    /// Failed or unsent requests / requests scheduled (0–1), when measured.
    pub error_rate: Option<f64>,
}

/// One step of a closed-loop (fixed number of clients) load test.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosedStep {
    /// Line in the input file.
    pub line: u64,
    /// Concurrent clients (connections), each sending as soon as its last
    /// request returns.
    pub clients: f64,
    /// Completed requests per second, req/s.
    pub throughput_rps: f64,
    /// Mean latency, ms.
    pub mean_ms: Option<f64>,
    /// Median latency, ms.
    pub p50_ms: Option<f64>,
    /// 95th percentile latency, ms.
    pub p95_ms: Option<f64>,
    /// 99th percentile latency, ms.
    pub p99_ms: Option<f64>,
    /// Busy fraction of the resource under test (0–1), when measured.
    pub utilization: Option<f64>,
}

/// A load test, open or closed.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadTest {
    /// Constant-rate steps, lowest rate first.
    Open(Vec<OpenStep>),
    /// Concurrency levels, fewest clients first.
    Closed(Vec<ClosedStep>),
}

impl OpenStep {
    /// Whether the generator's rate was carried: achieved within 3% of
    /// offered and (when measured) under 1% errors. A step that is not
    /// fully served is overloaded.
    #[must_use]
    pub fn fully_served(&self) -> bool {
        self.achieved_rps >= FULLY_SERVED * self.offered_rps
            && self.error_rate.is_none_or(|e| e <= MAX_SERVED_ERRORS)
    }
}

/// Share of the offered rate a fully served step achieves (dimensionless).
pub const FULLY_SERVED: f64 = 0.97;
/// Highest error rate of a fully served step (fraction).
pub const MAX_SERVED_ERRORS: f64 = 0.01;
