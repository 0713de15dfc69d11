//! What `planner assess` returns: plain data, serialised as the
//! `planner.assess/v1` JSON contract. Field names are public interface: add
//! fields freely, never rename. Every figure is finite; a figure that does
//! not exist is `null` and `notes` says why.

use indexmap::IndexMap;
use serde::Serialize;

pub use super::cost::{Category, LineItem};
use super::evaluate::Limit;
use crate::profile::Pricing;

/// JSON schema name of assess reports.
pub const ASSESS_SCHEMA: &str = "planner.assess/v1";

/// The assessment of one app profile against every tier.
#[derive(Debug, Clone, Serialize)]
pub struct AssessReport {
    /// Always `planner.assess/v1`.
    pub schema: &'static str,
    /// The app's name.
    pub app: String,
    /// Monthly active users today.
    pub users_now: f64,
    /// Peak API requests per second today.
    pub peak_api_rps_now: f64,
    /// Peak static requests per second today.
    pub peak_static_rps_now: f64,
    /// Months planned ahead.
    pub horizon_months: u32,
    /// Months between starting a tier move and needing it.
    pub lead_time_months: u32,
    /// The SLOs every figure is checked against.
    pub slo: SloReport,
    /// The tier in use today.
    pub current_tier: String,
    /// The cheapest tier meeting every SLO at today's load; `null` when none.
    pub recommended_tier: Option<String>,
    /// What breaks first in today's setup as load grows.
    pub first_bottleneck: Option<Bottleneck>,
    /// Load multiplier today's setup can take before an SLO breaks (1 = no
    /// headroom; below 1 = already broken); `null` when beyond 1e10 users.
    pub headroom_multiplier: Option<f64>,
    /// Months until growth uses up the headroom (0 = already broken);
    /// `null` when not within the horizon.
    pub months_until_breach: Option<f64>,
    /// Month (from now) by which to start moving to the next tier: the
    /// month of the plan's first tier move (the breach it answers less the
    /// lead time); `null` when the plan needs no tier move within the
    /// horizon (cheaper fixes may do: see `plan`).
    pub upgrade_by_month: Option<u32>,
    /// The tier of the plan's first tier move; `null` when there is none.
    pub next_tier: Option<String>,
    /// Monthly cost now and at the upgrade point.
    pub monthly_cost_usd: CostSummary,
    /// Percentiles over growth paths, present only where the profile's
    /// growth is uncertain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub growth_percentiles: Option<GrowthPercentiles>,
    /// What to do and when, cheapest fix first: each step with its month,
    /// action, what it changes and the monthly cost after it. Empty when
    /// nothing needs doing within the horizon.
    pub plan: Vec<PlanStep>,
    /// One entry per tier, in ladder order.
    pub tiers: Vec<TierReport>,
    /// Why figures are `null`, and other remarks.
    pub notes: Vec<String>,
    /// How the figures were obtained.
    pub assumptions: Vec<String>,
    /// The price sheet used.
    pub prices: PriceInfo,
    /// How instances are paid for: `on_demand`, `savings_1yr` or
    /// `savings_3yr`.
    pub pricing: Pricing,
    /// The work figures derived from the profile's `observed:` beside the
    /// typed ones, and how well the model reproduces the observations;
    /// present only for profiles with `observed:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibration: Option<super::calibrate::Calibration>,
}

/// One step of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanStep {
    /// Month (from today, 0 = now) by which to have done it.
    pub month: u32,
    /// What kind of change.
    pub action: PlanAction,
    /// The component (for resize, configure, add, shard) or `tier` (for a
    /// tier move) it changes.
    pub target: String,
    /// What it is before the step (e.g. `1×c7g.large`, `pool 10`, `monolith`).
    pub from: String,
    /// What it is after the step.
    pub to: String,
    /// Total monthly cost after the step, $/month.
    pub monthly_cost_usd_after: f64,
    /// Why, in words (the limit it fixes or the saving it makes).
    pub reason: String,
    /// Month in which the setup after this step breaks an SLO; `null` when
    /// it lasts the horizon.
    pub lasts_until_month: Option<u32>,
}

/// Kinds of plan step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    /// Change an instance size or count within the tier.
    Resize,
    /// Change a setting (pool size, max connections) at no instance cost.
    Configure,
    /// Add a component within the tier (a read replica, a cache node).
    Add,
    /// Move to another tier.
    UpgradeTier,
    /// Split the database into shards.
    Shard,
}

/// The SLOs.
#[derive(Debug, Clone, Serialize)]
pub struct SloReport {
    /// API p95 objective, milliseconds.
    pub api_p95_ms: f64,
    /// Highest utilization of any component (0..1).
    pub max_utilization: f64,
    /// Highest share of requests refused (0..1).
    pub max_error_rate: f64,
    /// Whether losing one instance of a compute pool must be survived.
    pub survive_instance_loss: bool,
    /// Highest mean replication lag of a read replica, milliseconds.
    pub max_replication_lag_ms: f64,
}

/// The first limit to break as load grows.
#[derive(Debug, Clone, Serialize)]
pub struct Bottleneck {
    /// Component (pool or station name; `wan@region` for a round trip).
    pub component: String,
    /// `utilization`, `p95`, `connections`, `round_trip`, `n_minus_1` or
    /// `replication_lag`.
    pub limit: Limit,
    /// The load, as a multiple of today's, at which it breaks.
    pub load_multiplier: f64,
}

/// Monthly cost, US dollars a month.
#[derive(Debug, Clone, Serialize)]
pub struct CostSummary {
    /// Today's configuration at today's load.
    pub now: Option<f64>,
    /// The tier right-sized at the upgrade-by month.
    pub at_upgrade: Option<f64>,
    /// The next tier right-sized at the upgrade-by month (top level only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_tier_at_upgrade: Option<f64>,
    /// `now` by component (and `egress`, `nat`, `cross_az`,
    /// `inter_region`, `logs`).
    pub breakdown_now: IndexMap<String, f64>,
    /// `at_upgrade` by component.
    pub breakdown_at_upgrade: IndexMap<String, f64>,
    /// `now` line by line; the lines sum to `now`.
    pub lines_now: Vec<LineItem>,
    /// `at_upgrade` line by line; the lines sum to `at_upgrade`.
    pub lines_at_upgrade: Vec<LineItem>,
}

/// One tier's figures.
#[derive(Debug, Clone, Serialize)]
pub struct TierReport {
    /// Machine name.
    pub name: String,
    /// Title.
    pub title: String,
    /// Ladder position.
    pub rank: u32,
    /// Description.
    pub summary: String,
    /// Whether this is the tier in use today.
    pub is_current: bool,
    /// Whether the tier can meet every SLO at today's load.
    pub fits_now: bool,
    /// The configuration the figures below are for: today's setup for the
    /// current tier; for the others, the size they would be bought at today
    /// (the cheapest that carries the load 12 months ahead, or as far as
    /// the tier can), empty when they cannot meet the SLOs today (the
    /// headroom and bottleneck then say how much of today's load they could
    /// carry).
    pub configuration_now: Vec<PoolReport>,
    /// API p95 of that configuration at today's load, milliseconds (`null`
    /// when a component is saturated).
    pub api_p95_ms_now: Option<f64>,
    /// The busiest component of that configuration today.
    pub busiest_now: Option<Busy>,
    /// Mean replication lag of that configuration's slowest read replica at
    /// today's load, milliseconds; absent for tiers without replicas, `null`
    /// when a replica's replay cannot keep up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replication_lag_ms_now: Option<Option<f64>>,
    /// Load multiplier that configuration can take.
    pub headroom_multiplier: Option<f64>,
    /// What breaks first in that configuration.
    pub first_bottleneck: Option<Bottleneck>,
    /// Months until growth uses up that configuration's headroom.
    pub months_until_breach: Option<f64>,
    /// First month in which no configuration of the tier meets every SLO;
    /// `null` when it lasts the horizon.
    pub breach_month: Option<u32>,
    /// The limit that breaks the tier's largest configuration at that month.
    pub breach_limit: Option<BreachLimit>,
    /// `breach_month` less the lead time (not before 0).
    pub upgrade_by_month: Option<u32>,
    /// Cost now and at the upgrade-by month.
    pub monthly_cost_usd: CostSummary,
    /// Month by month right-sizing over the horizon.
    pub timeline: Vec<MonthRow>,
}

/// A component and the limit it breaks.
#[derive(Debug, Clone, Serialize)]
pub struct BreachLimit {
    /// Component.
    pub component: String,
    /// Limit.
    pub limit: Limit,
}

/// The busiest component.
#[derive(Debug, Clone, Serialize)]
pub struct Busy {
    /// Component.
    pub component: String,
    /// Its utilization (0..1, above 1 when saturated).
    pub utilization: f64,
}

/// One sized pool.
#[derive(Debug, Clone, Serialize)]
pub struct PoolReport {
    /// Pool name (`app`, `app@eu-west`).
    pub component: String,
    /// Instance size.
    pub size: String,
    /// Virtual CPUs per instance.
    pub vcpu: u32,
    /// Memory per instance, GiB.
    pub memory_gib: f64,
    /// Instances.
    pub count: u32,
    /// US dollars a month for the pool.
    pub monthly_usd: f64,
}

/// One month of a tier's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct MonthRow {
    /// Months from now.
    pub month: u32,
    /// Monthly active users.
    pub users: f64,
    /// Peak API requests per second.
    pub peak_api_rps: f64,
    /// Whether some configuration of the tier meets every SLO.
    pub fits: bool,
    /// The cheapest such configuration (empty when none).
    pub configuration: Vec<PoolReport>,
    /// Its monthly cost, US dollars.
    pub monthly_cost_usd: Option<f64>,
    /// Its API p95, milliseconds.
    pub api_p95_ms: Option<f64>,
    /// Its busiest component.
    pub busiest: Option<Busy>,
    /// Its slowest read replica's mean replication lag, milliseconds;
    /// absent for tiers without replicas and months that do not fit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replication_lag_ms: Option<f64>,
    /// When it does not fit: the limit that breaks.
    pub limit: Option<BreachLimit>,
    /// `monthly_cost_usd` line by line (empty when it does not fit); the
    /// lines sum to it.
    pub lines: Vec<LineItem>,
}

/// The price sheet's provenance.
#[derive(Debug, Clone, Serialize)]
pub struct PriceInfo {
    /// Date the figures were read.
    pub as_of: String,
    /// Provider region.
    pub region: String,
    /// Terms and caveats.
    pub note: String,
    /// The public price lists used.
    pub sources: Vec<String>,
}

/// Where growth is uncertain: the upgrade-by month and today's setup's
/// breach chances over Monte Carlo growth paths (see `planner timeline`).
#[derive(Debug, Clone, Serialize)]
pub struct GrowthPercentiles {
    /// Growth paths simulated.
    pub paths: u32,
    /// Their seed.
    pub seed: u64,
    /// Upgrade-by month of the first tier move, 10th percentile (`null`:
    /// beyond the horizon).
    pub upgrade_by_month_p10: Option<u32>,
    /// Its median.
    pub upgrade_by_month_p50: Option<u32>,
    /// Its 90th percentile.
    pub upgrade_by_month_p90: Option<u32>,
    /// Share of paths needing a tier move within the horizon (0..1).
    pub upgrade_probability: f64,
    /// Probability today's configuration has broken an SLO by each month
    /// 0..=horizon (0..1).
    pub breach_probability_by_month: Vec<f64>,
}
