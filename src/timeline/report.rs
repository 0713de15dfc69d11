//! What `planner timeline` returns: plain data, serialised as the
//! `planner.timeline/v1` JSON contract. Every figure is finite; a figure
//! that does not exist is `null`.

use serde::Serialize;

use crate::assess::report::BreachLimit;

/// JSON schema name of timeline reports.
pub const TIMELINE_SCHEMA: &str = "planner.timeline/v1";

/// A growth timeline of one app profile.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineReport {
    /// Always `planner.timeline/v1`.
    pub schema: &'static str,
    /// The app's name.
    pub app: String,
    /// Months shown after month 0.
    pub months: u32,
    /// Growth paths simulated.
    pub paths: u32,
    /// Seed of the growth paths.
    pub seed: u64,
    /// Months between starting a tier move and needing it.
    pub lead_time_months: u32,
    /// The growth assumption.
    pub growth: GrowthReport,
    /// Launch spikes.
    pub spikes: Vec<SpikeReport>,
    /// The tier in use today.
    pub current_tier: String,
    /// Most users today's configuration serves within every SLO (`null`:
    /// more than 1e10).
    pub current_setup_ceiling_users: Option<f64>,
    /// The same ceiling as peak API requests per second.
    pub current_setup_ceiling_api_rps: Option<f64>,
    /// Each tier's ceiling, in ladder order.
    pub tiers: Vec<TierCeiling>,
    /// The upgrades the plan makes, in order, with their month percentiles.
    pub upgrades: Vec<UpgradeReport>,
    /// One row per month.
    pub rows: Vec<TimelineRow>,
    /// Remarks.
    pub notes: Vec<String>,
    /// How the figures were obtained.
    pub method: Vec<String>,
}

/// The monthly growth rate assumed.
#[derive(Debug, Clone, Serialize)]
pub struct GrowthReport {
    /// `fixed`, `forecast`, `normal`, `pert` or `split_normal`.
    pub form: &'static str,
    /// 10th percentile monthly rate (fraction; `null` for a forecast).
    pub monthly_rate_p10: Option<f64>,
    /// Median monthly rate (fraction).
    pub monthly_rate_p50: Option<f64>,
    /// 90th percentile monthly rate (fraction).
    pub monthly_rate_p90: Option<f64>,
}

/// One launch spike.
#[derive(Debug, Clone, Serialize)]
pub struct SpikeReport {
    /// Month from now.
    pub month: u32,
    /// Peak multiplier.
    pub factor: f64,
    /// Duration, hours.
    pub hours: f64,
}

/// A tier's load ceiling.
#[derive(Debug, Clone, Serialize)]
pub struct TierCeiling {
    /// Machine name.
    pub name: String,
    /// Ladder position.
    pub rank: u32,
    /// Most monthly active users the tier can be right-sized for (`null`:
    /// more than 1e10).
    pub ceiling_users: Option<f64>,
    /// The same as peak API requests per second.
    pub ceiling_api_rps: Option<f64>,
    /// The limit that breaks just beyond the ceiling.
    pub limit: Option<BreachLimit>,
}

/// The k-th tier move of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct UpgradeReport {
    /// 1 for the first move, 2 for the second…
    pub ordinal: u32,
    /// The tier most paths move to.
    pub to_tier: String,
    /// Share of the paths making this move that move to `to_tier` (0..1).
    pub to_tier_share: f64,
    /// Share of paths making this move within the months shown (0..1).
    pub probability: f64,
    /// Upgrade-by month, 10th percentile over paths (`null`: beyond the months shown).
    pub month_p10: Option<u32>,
    /// Upgrade-by month, median.
    pub month_p50: Option<u32>,
    /// Upgrade-by month, 90th percentile.
    pub month_p90: Option<u32>,
}

/// One month.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineRow {
    /// Months from now.
    pub month: u32,
    /// Monthly active users, 10th percentile over paths.
    pub users_p10: f64,
    /// Monthly active users, median.
    pub users_p50: f64,
    /// Monthly active users, 90th percentile.
    pub users_p90: f64,
    /// Peak multiplier of a spike this month (1: none).
    pub spike_factor: f64,
    /// Peak API requests per second (spike included), 10th percentile.
    pub peak_api_rps_p10: f64,
    /// Peak API requests per second, median.
    pub peak_api_rps_p50: f64,
    /// Peak API requests per second, 90th percentile.
    pub peak_api_rps_p90: f64,
    /// The tier in use on the median path under the plan (`null`: no tier
    /// carries the load).
    pub tier: Option<String>,
    /// Whether the median path's plan moves to a new tier this month.
    pub upgrade: bool,
    /// The busiest component of that tier right-sized at the median peak.
    pub limiting_component: Option<String>,
    /// Its utilization (0..1).
    pub limiting_utilization: Option<f64>,
    /// API p95 at the median peak, milliseconds.
    pub api_p95_ms: Option<f64>,
    /// Monthly cost on the median path, US dollars a month.
    pub monthly_cost_usd: Option<f64>,
    /// Monthly cost, 10th percentile over paths, US dollars a month.
    pub monthly_cost_usd_p10: Option<f64>,
    /// Monthly cost, 90th percentile over paths, US dollars a month.
    pub monthly_cost_usd_p90: Option<f64>,
    /// Probability that today's configuration has broken an SLO by this
    /// month (0..1).
    pub breach_probability: f64,
    /// `monthly_cost_usd` line by line (empty when no tier carries the
    /// month); the lines sum to it.
    pub lines: Vec<crate::assess::cost::LineItem>,
}
