//! The app profile exactly as written: serde types, no checks beyond shape.
//!
//! Every quantity is a [`Human`] value (`15%`, `200ms`, `40k`, `$120`, `4KB`)
//! read by `validate` according to its key. Unknown keys are errors.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::input::Spanned;
use crate::units::Human;

/// A whole `app.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    /// Optional format marker; only `planner.profile/v1` is known.
    #[serde(default)]
    pub schema: Option<Spanned<String>>,
    /// A name for the app, shown in reports.
    #[serde(default)]
    pub name: Option<Spanned<String>>,
    /// Who uses the app and how that grows.
    pub users: RawUsers,
    /// How users turn into requests.
    #[serde(default)]
    pub traffic: Option<RawTraffic>,
    /// The work each request does.
    #[serde(default)]
    pub work: Option<RawWork>,
    /// Cache behaviour.
    #[serde(default)]
    pub cache: Option<RawHitRatio>,
    /// CDN behaviour.
    #[serde(default)]
    pub cdn: Option<RawHitRatio>,
    /// Database connection limits.
    #[serde(default)]
    pub database: Option<RawDatabase>,
    /// Service-level objectives.
    #[serde(default)]
    pub slo: Option<RawSlo>,
    /// What runs today.
    pub current: RawCurrent,
    /// Where users are: region name → share and round trip to the primary.
    #[serde(default)]
    pub regions: Option<IndexMap<String, RawRegion>>,
    /// Planning options.
    #[serde(default)]
    pub planning: Option<RawPlanning>,
    /// Thresholds of `planner check`.
    #[serde(default)]
    pub checks: Option<super::gate::RawChecks>,
    /// Parameters of the failure scenarios.
    #[serde(default)]
    pub scenarios: Option<super::gate::RawScenarios>,
}

/// `users:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUsers {
    /// Monthly active users today.
    pub monthly_active: Spanned<Human>,
    /// Share of monthly users active on a given day.
    #[serde(default)]
    pub daily_active_share: Option<Spanned<Human>>,
    /// Compound monthly growth rate of monthly active users.
    #[serde(default)]
    pub growth: Option<Spanned<Human>>,
    /// Forecast points: month from now → monthly active users.
    #[serde(default)]
    pub forecast: Option<Spanned<IndexMap<u32, Spanned<Human>>>>,
    /// Months to plan ahead.
    #[serde(default)]
    pub horizon_months: Option<Spanned<Human>>,
}

/// `traffic:`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTraffic {
    /// API requests per daily active user per day.
    #[serde(default)]
    pub api_requests_per_user_day: Option<Spanned<Human>>,
    /// Static asset and media requests per daily active user per day.
    #[serde(default)]
    pub static_requests_per_user_day: Option<Spanned<Human>>,
    /// Peak-hour rate over the 24-hour average rate.
    #[serde(default)]
    pub peak_to_average: Option<Spanned<Human>>,
    /// Share of API requests that only read.
    #[serde(default)]
    pub read_share: Option<Spanned<Human>>,
    /// Share of API requests that are searches (taken out of the reads).
    #[serde(default)]
    pub search_share: Option<Spanned<Human>>,
    /// Background jobs enqueued per API request.
    #[serde(default)]
    pub background_share: Option<Spanned<Human>>,
    /// Share of writes that upload media needing processing.
    #[serde(default)]
    pub media_share: Option<Spanned<Human>>,
    /// Mean API response size.
    #[serde(default)]
    pub api_response_size: Option<Spanned<Human>>,
    /// Mean static asset or media object size.
    #[serde(default)]
    pub static_size: Option<Spanned<Human>>,
}

/// `work:`: time per request at each component, with variability.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWork {
    /// App CPU time per API request.
    #[serde(default)]
    pub app_cpu: Option<Spanned<Human>>,
    /// Coefficient of variation of the app CPU time.
    #[serde(default)]
    pub app_cpu_cv: Option<Spanned<Human>>,
    /// App CPU time to serve one static request from the origin.
    #[serde(default)]
    pub static_cpu: Option<Spanned<Human>>,
    /// Database queries per read request (on a cache miss, where there is a
    /// cache).
    #[serde(default)]
    pub db_queries_per_read: Option<Spanned<Human>>,
    /// Database queries per write request.
    #[serde(default)]
    pub db_queries_per_write: Option<Spanned<Human>>,
    /// Database time per query.
    #[serde(default)]
    pub db_query_time: Option<Spanned<Human>>,
    /// Coefficient of variation of one query's time.
    #[serde(default)]
    pub db_query_cv: Option<Spanned<Human>>,
    /// Cache lookups per read request.
    #[serde(default)]
    pub cache_lookups_per_read: Option<Spanned<Human>>,
    /// Cache writes/invalidations per write request.
    #[serde(default)]
    pub cache_lookups_per_write: Option<Spanned<Human>>,
    /// Time per cache lookup.
    #[serde(default)]
    pub cache_lookup_time: Option<Spanned<Human>>,
    /// Database time of one search done in the database (LIKE scan).
    #[serde(default)]
    pub search_db_time: Option<Spanned<Human>>,
    /// Search engine time of one search, where the tier has one.
    #[serde(default)]
    pub search_engine_time: Option<Spanned<Human>>,
    /// Coefficient of variation of search times.
    #[serde(default)]
    pub search_cv: Option<Spanned<Human>>,
    /// CPU time of one background job.
    #[serde(default)]
    pub job_cpu: Option<Spanned<Human>>,
    /// Coefficient of variation of the background job CPU time.
    #[serde(default)]
    pub job_cpu_cv: Option<Spanned<Human>>,
    /// Database queries per background or media job.
    #[serde(default)]
    pub job_db_queries: Option<Spanned<Human>>,
    /// CPU time to process one media upload.
    #[serde(default)]
    pub media_cpu: Option<Spanned<Human>>,
    /// Coefficient of variation of the media processing time.
    #[serde(default)]
    pub media_cpu_cv: Option<Spanned<Human>>,
}

/// `cache:` and `cdn:`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHitRatio {
    /// Share of lookups answered without going further.
    #[serde(default)]
    pub hit_ratio: Option<Spanned<Human>>,
}

/// `database:`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDatabase {
    /// Most client connections one database server accepts.
    #[serde(default)]
    pub max_connections: Option<Spanned<Human>>,
    /// Connections each app or worker instance keeps in its pool.
    #[serde(default)]
    pub pool_per_instance: Option<Spanned<Human>>,
}

/// `slo:`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSlo {
    /// 95th percentile API response time.
    #[serde(default)]
    pub api_p95: Option<Spanned<Human>>,
    /// Highest busy share of any component at peak.
    #[serde(default)]
    pub max_utilization: Option<Spanned<Human>>,
    /// Highest share of requests refused or blocked.
    #[serde(default)]
    pub max_error_rate: Option<Spanned<Human>>,
    /// Whether every SLO must still hold after losing one instance of a pool.
    #[serde(default)]
    pub survive_instance_loss: Option<Spanned<bool>>,
}

/// `current:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCurrent {
    /// Name of the tier in use today.
    pub tier: Spanned<String>,
    /// Component name (as in the tier file) → size and count in use.
    #[serde(default)]
    pub components: IndexMap<String, RawCurrentComponent>,
}

/// One component of the current setup.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCurrentComponent {
    /// Instance size name from the price sheet.
    #[serde(default)]
    pub size: Option<Spanned<String>>,
    /// Instances (per region for regional components).
    #[serde(default)]
    pub count: Option<Spanned<Human>>,
}

/// One region of users.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegion {
    /// Share of users in this region.
    pub share: Spanned<Human>,
    /// Network round trip from this region to the primary region.
    #[serde(default)]
    pub round_trip: Option<Spanned<Human>>,
}

/// `planning:`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlanning {
    /// Months before the breach to start moving to the next tier.
    #[serde(default)]
    pub lead_time_months: Option<Spanned<Human>>,
}
