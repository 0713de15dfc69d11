//! Failure scenarios: does today's setup of the current tier survive a launch
//! spike, a lost app instance, a lost read replica, a cold cache or a lost
//! region, which component fails first, and for how long are SLOs broken?
//!
//! Each scenario changes the load, the configuration or the profile and runs
//! the assess evaluation (build the network, solve, check the SLOs) on
//! today's configuration. The N−1 SLO is switched off inside scenarios:
//! losing an instance is modelled explicitly.
//!
//! Breach durations:
//! - spike ×N for H: none when today's setup holds at ×N; else, when the
//!   tier autoscales (a compute pool below its tier's `max_count`) and the
//!   scaled-out setup holds, the autoscaling lag; else the whole spike;
//! - instance or replica loss: the replacement time when the remaining
//!   instances break an SLO (always, for the only instance);
//! - cold cache: the hit ratio climbs linearly from 0 to its steady value
//!   over the warm-up; SLOs are broken until it reaches the least hit ratio
//!   at which they hold (found by bisection);
//! - region failover: the largest secondary region's users move to the
//!   primary region; broken for the autoscaling lag or the whole outage as
//!   for a spike. A single-region setup loses the whole site.

mod render;
mod run;

use serde::Serialize;

pub use crate::profile::gate::ScenarioKind;
pub use render::{render_markdown, render_table};
pub use run::run_scenarios;

use crate::assess::evaluate::Limit;

/// JSON schema name of `assess --scenarios` additions.
pub const SCENARIOS_SCHEMA: &str = "planner.scenarios/v1";

/// The outcome of one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    /// `spike`, `instance_loss`, `replica_loss`, `cold_cache` or
    /// `region_failover`.
    pub name: ScenarioKind,
    /// What was simulated, with its parameters.
    pub title: String,
    /// Whether the tier has what the scenario takes away (a replica, a
    /// cache, a second region).
    pub applicable: bool,
    /// Whether every SLO holds throughout.
    pub survives: bool,
    /// The first component to break an SLO, and which limit; `null` when it
    /// survives or when the whole site is down.
    pub first_failure: Option<Failure>,
    /// Minutes during which SLOs are broken (0 when it survives).
    pub breach_minutes: f64,
    /// How the figures come about.
    pub detail: String,
}

/// A component and the limit it breaks.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// Component (pool or station name).
    pub component: String,
    /// `utilization`, `p95`, `connections`, `round_trip` or `n_minus_1`
    /// (an instance lost with none left to take its load).
    pub limit: Limit,
}

/// Every scenario against today's setup.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioReport {
    /// Always `planner.scenarios/v1`.
    pub schema: &'static str,
    /// The app's name.
    pub app: String,
    /// The tier in use today.
    pub tier: String,
    /// One entry per scenario.
    pub scenarios: Vec<ScenarioResult>,
}

impl ScenarioReport {
    /// The result of scenario `k`.
    pub fn get(&self, k: ScenarioKind) -> Option<&ScenarioResult> {
        self.scenarios.iter().find(|s| s.name == k)
    }
}

/// `planner assess --scenarios --format json`: the assess report with the
/// scenarios added.
#[derive(Debug, Serialize)]
pub struct AssessWithScenarios<'a> {
    /// The assessment.
    #[serde(flatten)]
    pub assess: &'a crate::assess::AssessReport,
    /// The scenarios of today's setup.
    pub scenarios: &'a [ScenarioResult],
}

/// `planner assess --scenarios`: the assessment followed by the scenarios
/// of today's setup, in the requested format.
pub fn assess_with_scenarios(
    profile_path: &std::path::Path,
    tiers: Option<&std::path::Path>,
    format: crate::output::Format,
    opts: &crate::assess::AssessOptions,
) -> Result<String, crate::error::Error> {
    use crate::output::Format;
    let profile = crate::profile::load_profile(profile_path)?;
    let catalog = crate::catalog::load_catalog(tiers)?;
    let report = crate::assess::assess(&profile, &catalog, opts)?;
    let profile = crate::assess::calibrate::demands_profile(&profile, &catalog, opts.demands)?;
    let scenarios = run_scenarios(&profile, &catalog, None)?;
    Ok(match format {
        Format::Table => format!(
            "{}\n{}",
            crate::assess::render_summary(&report),
            render_table(&scenarios.scenarios)
        ),
        Format::Markdown => format!(
            "{}\n{}",
            crate::assess::render_markdown(&report),
            render_markdown(&scenarios.scenarios)
        ),
        Format::Json => crate::render::json(&AssessWithScenarios {
            assess: &report,
            scenarios: &scenarios.scenarios,
        })?,
        Format::Html => return Err(Format::html_unsupported("assess --scenarios")),
    })
}
