//! What a calibration reports: the `calibration` key of `planner.assess/v1`
//! (plain data, additive to the contract) and the `--demands` choice.

use serde::Serialize;

/// Which work figures `assess` uses when the profile has `observed:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Demands {
    /// The figures derived from `observed:` (the default).
    #[default]
    Observed,
    /// The figures typed in `work:`.
    Typed,
}

impl Demands {
    /// Name as written in the `--demands` flag and the report.
    pub fn name(self) -> &'static str {
        match self {
            Demands::Observed => "observed",
            Demands::Typed => "typed",
        }
    }

    /// Parses a `--demands` flag value.
    pub fn parse_flag(s: &str) -> Result<Demands, String> {
        match s {
            "observed" => Ok(Demands::Observed),
            "typed" => Ok(Demands::Typed),
            _ => Err(format!("must be typed or observed; got {s:?}")),
        }
    }
}

/// A typed figure further than this factor from its derived value is named.
pub const OFF_FACTOR: f64 = 2.0;

/// The calibration part of an assess report (key `calibration`, present
/// only for profiles with `observed:`).
#[derive(Debug, Clone, Serialize)]
pub struct Calibration {
    /// Which figures the assessment used: `observed` (derived, the default)
    /// or `typed` (`--demands typed`).
    pub demands: Demands,
    /// Month of the measurement (0 = this month).
    pub at_month: u32,
    /// Observed peak API requests a second.
    pub observed_api_rps: f64,
    /// The profile's peak API requests a second at that month, req/s.
    pub profile_api_rps: f64,
    /// One row per observed component, in file order.
    pub components: Vec<CalibratedComponent>,
    /// One row per work figure set from the observations.
    pub figures: Vec<CalibratedFigure>,
    /// The observed latency and connections against the models'.
    pub reproduction: Vec<Reproduced>,
    /// Typed figures more than 2× off their derived value, and figures
    /// that could not be derived, in words.
    pub warnings: Vec<String>,
    /// How the figures were derived.
    pub method: String,
}

/// One observed component.
#[derive(Debug, Clone, Serialize)]
pub struct CalibratedComponent {
    /// Component name, as in the tier file.
    pub component: String,
    /// The work figure it sets, e.g. `work.app_cpu`.
    pub figure: String,
    /// Observed busy share of its servers, 0..1.
    pub utilization: f64,
    /// Servers c of today's setup (vCPUs × instances; see the method).
    pub servers: f64,
    /// Demand per API request from the typed figures at today's setup,
    /// server-milliseconds (U_model·c / X).
    pub typed_demand_ms: f64,
    /// Demand per API request by the service demand law D = U·c / X,
    /// server-milliseconds.
    pub observed_demand_ms: f64,
    /// Utilization of the model the assessment used, at the observed load
    /// and today's setup, 0..1.
    pub model_utilization: f64,
}

/// One work figure set from the observations.
#[derive(Debug, Clone, Serialize)]
pub struct CalibratedFigure {
    /// The profile key, e.g. `work.app_cpu`.
    pub figure: String,
    /// Unit of `typed` and `derived`: `ms`, or `lookups` (per read).
    pub unit: &'static str,
    /// The figure as typed (or defaulted), in `unit`.
    pub typed: f64,
    /// The figure that reproduces the observed utilization, in `unit`;
    /// `null` when it could not be derived (see `warnings`).
    pub derived: Option<f64>,
    /// typed / derived; `null` with `derived`.
    pub ratio: Option<f64>,
    /// Whether the typed figure is more than 2× off the derived one.
    pub off: bool,
}

/// One observed figure against the models.
#[derive(Debug, Clone, Serialize)]
pub struct Reproduced {
    /// `api_p50_ms`, `api_p95_ms` or `db_connections_in_use`.
    pub figure: &'static str,
    /// As observed (ms, or connections).
    pub observed: f64,
    /// The calibrated model's at the observed load on today's setup;
    /// `null` when saturated or not calibrated.
    pub calibrated: Option<f64>,
    /// (calibrated − observed) / observed.
    pub calibrated_error: Option<f64>,
    /// The typed model's; `null` when saturated.
    pub typed: Option<f64>,
    /// (typed − observed) / observed.
    pub typed_error: Option<f64>,
}

/// The method, stated in every calibration.
pub const METHOD: &str = "Service demand law at the observed peak: D = U·c / X per component, U the busy share of its c servers in today's setup (vCPUs × instances; a cache's published ops/s × lookup time × nodes), X the observed API req/s. Each component sets one work figure (app → work.app_cpu, workers → work.job_cpu, media → work.media_cpu, database and replicas → work.db_query_time, cache → lookups per request, search → work.search_engine_time) so that the model's utilization at the observed load, USL slowdown included, equals the observed one; other work keeps its typed figure. The p50, p95 and connections are the model's at the observed load on today's setup.";
