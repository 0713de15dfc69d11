//! `planner compare`: two setups side by side, to judge a tier upgrade
//! (`--from monolith --to cache-cdn`, one profile) or a change to the app
//! (`before.yaml after.yaml`, e.g. "this endpoint now does three extra
//! queries"). Per component utilization, then API p95, headroom, months until
//! breach and monthly cost, each with its change, and a one-line verdict.
//!
//! Every figure comes from the assess stage (layout, right-sizing,
//! evaluation, ceilings, cost); this module only picks the configurations,
//! pairs the figures and states the differences.
//!
//! Which configuration each side is:
//! - tiers of one profile: each tier right-sized at today's load, as
//!   `planner assess` sizes a tier that is not in use (when a tier cannot
//!   meet every SLO at today's load, its largest configuration);
//! - two profiles: each at its own current tier with today's setup; when the
//!   tiers differ, a note says so. `--tier NAME` puts both on one tier:
//!   today's setup for a profile already on it, else right-sized.

mod args;
mod build;
mod render;

use serde::Serialize;

pub use args::{CompareArgs, resolve_tier, run_cli};
pub use build::{compare_profiles, compare_tiers};
pub use render::{render_markdown, render_table};

use crate::assess::report::Bottleneck;

/// JSON schema name of compare reports.
pub const COMPARE_SCHEMA: &str = "planner.compare/v1";

/// What is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Two tiers for one profile.
    Tiers,
    /// Two profiles.
    Profiles,
}

/// Which configuration a side's figures are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Setup {
    /// Today's setup from the profile's `current:` section.
    Today,
    /// The size the tier would be bought at today: the cheapest
    /// configuration meeting every SLO for the load 12 months ahead (or as
    /// far as the tier can carry).
    RightSized,
    /// The tier's largest configuration: none meets every SLO today.
    Largest,
    /// No configuration at all (a pool has no allowed option).
    None,
}

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// How the side is named in the output: the tier (tiers) or the file
    /// (profiles).
    pub label: String,
    /// The profile file, as named.
    pub file: String,
    /// The app's name.
    pub app: String,
    /// The tier evaluated.
    pub tier: String,
    /// Which configuration of the tier.
    pub setup: Setup,
    /// Whether that configuration meets every SLO at today's load.
    pub fits_now: bool,
    /// Monthly active users today.
    pub users_now: f64,
    /// Peak API requests per second today.
    pub peak_api_rps_now: f64,
    /// Months planned ahead (months until breach beyond it are `null`).
    pub horizon_months: u32,
    /// What breaks first in that configuration as load grows.
    pub first_bottleneck: Option<Bottleneck>,
}

/// One pool on one side.
#[derive(Debug, Clone, Serialize)]
pub struct PoolState {
    /// Instance size.
    pub size: String,
    /// Instances.
    pub count: u32,
    /// Offered utilization at today's peak (0..1; above 1 when saturated).
    pub utilization: f64,
}

/// One component (pool) side by side.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentChange {
    /// Pool name (`db`, `app@eu-west`).
    pub component: String,
    /// Before; `null` when the pool does not exist there.
    pub before: Option<PoolState>,
    /// After; `null` when the pool does not exist there.
    pub after: Option<PoolState>,
    /// Utilization after − before, percentage points; `null` unless both
    /// exist.
    pub utilization_change_pp: Option<f64>,
}

/// A figure before and after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// Before, in the figure's unit; `null` when it does not exist.
    pub before: Option<f64>,
    /// After, in the figure's unit; `null` when it does not exist.
    pub after: Option<f64>,
    /// after − before, in the figure's unit; `null` unless both exist.
    pub delta: Option<f64>,
    /// (after − before) / before, a fraction; `null` unless both exist and
    /// before is not 0.
    pub relative: Option<f64>,
}

impl Change {
    /// The change from `before` to `after` (non-finite values count as
    /// absent).
    pub fn new(before: Option<f64>, after: Option<f64>) -> Change {
        let before = before.filter(|x| x.is_finite());
        let after = after.filter(|x| x.is_finite());
        let delta = before.zip(after).map(|(b, a)| a - b);
        let relative = before
            .zip(delta)
            .filter(|(b, _)| *b != 0.0)
            .map(|(b, d)| d / b);
        Change {
            before,
            after,
            delta,
            relative,
        }
    }
}

/// The outcome of `planner compare`.
#[derive(Debug, Clone, Serialize)]
pub struct CompareReport {
    /// Always `planner.compare/v1`.
    pub schema: &'static str,
    /// Two tiers of one profile, or two profiles.
    pub mode: Mode,
    /// The baseline.
    pub before: Side,
    /// The alternative.
    pub after: Side,
    /// Per pool, in the before side's order, then pools only after has.
    pub components: Vec<ComponentChange>,
    /// API p95 at today's peak, milliseconds (`null`: saturated).
    pub api_p95_ms: Change,
    /// Load multiplier before an SLO breaks, × (`null`: beyond 1e10 users).
    pub headroom_multiplier: Change,
    /// Months of growth until the headroom is used up, months (`null`: not
    /// within the horizon).
    pub months_until_breach: Change,
    /// Monthly cost at today's load, US dollars a month.
    pub monthly_cost_usd: Change,
    /// One line: headroom, p95 and cost before → after, and the after
    /// side's first bottleneck.
    pub verdict: String,
    /// Why figures are `null`, differing tiers, and other remarks.
    pub notes: Vec<String>,
}
