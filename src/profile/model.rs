//! The validated app profile: SI units (seconds, bytes, fractions, requests
//! per second, US dollars) and invariants the planner relies on.

use indexmap::IndexMap;

use crate::error::Origin;

/// Days in an average month (365.25 / 12).
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;
/// Seconds in a day.
pub const SECONDS_PER_DAY: f64 = 86_400.0;

/// A validated app profile.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The app's name (the file stem when not given).
    pub name: String,
    /// The file it came from, for errors about the current setup.
    pub file: String,
    /// Users and growth.
    pub users: Users,
    /// Request mix.
    pub traffic: Traffic,
    /// Work per request.
    pub work: Work,
    /// Cache hit ratio, 0..1.
    pub cache_hit_ratio: f64,
    /// CDN hit ratio, 0..1.
    pub cdn_hit_ratio: f64,
    /// Edge functions.
    pub edge: Edge,
    /// Notifications.
    pub notifications: Notifications,
    /// Most client connections one database server accepts, when given;
    /// `None`: the managed default for the instance's memory (see
    /// [`default_max_connections`]).
    pub max_connections: Option<u32>,
    /// Connections each app or worker instance keeps open to each database.
    pub pool_per_instance: u32,
    /// Service-level objectives.
    pub slo: Slo,
    /// What runs today.
    pub current: CurrentSetup,
    /// Regions of users; the first is the primary (round trip 0). Shares sum
    /// to 1.
    pub regions: Vec<Region>,
    /// Months before a tier's breach to start moving to the next.
    pub lead_time_months: u32,
    /// What the app stores.
    pub storage: Storage,
    /// How instances are paid for.
    pub pricing: Pricing,
    /// Thresholds of `planner check` (all optional).
    pub checks: super::gate::Checks,
    /// Parameters of the failure scenarios.
    pub scenarios: super::gate::ScenarioParams,
    /// What monitoring showed at a peak (`observed:`), when given.
    pub observed: Option<super::observed::Observed>,
}

/// Users now and later.
#[derive(Debug, Clone)]
pub struct Users {
    /// Monthly active users today (> 0).
    pub monthly_active: f64,
    /// Share of monthly users active on a day, (0, 1].
    pub daily_active_share: f64,
    /// How monthly active users change (for uncertain growth: at the
    /// distribution's median rate).
    pub growth: Growth,
    /// The monthly growth rate as a distribution, when the profile gives a
    /// range; `None` when growth is certain.
    pub growth_dist: Option<GrowthDist>,
    /// Launch spikes, by month.
    pub spikes: Vec<Spike>,
    /// Months to plan ahead (≥ 1).
    pub horizon_months: u32,
}

pub use super::growth::{GrowthDist, Spike};

/// How monthly active users change over time.
#[derive(Debug, Clone, PartialEq)]
pub enum Growth {
    /// Compound monthly rate (0.1 = +10% a month; may be negative, > −1).
    Rate(f64),
    /// Points (month, users), months strictly increasing, the first at month
    /// 0 (today's users). Interpolated geometrically; after the last point the
    /// last segment's monthly rate continues.
    Forecast(Vec<(f64, f64)>),
}

impl Users {
    /// Monthly active users `month` months from now (fractional months allowed).
    pub fn at(&self, month: f64) -> f64 {
        match &self.growth {
            Growth::Rate(g) => self.monthly_active * (1.0 + g).powf(month),
            Growth::Forecast(points) => forecast_at(points, month),
        }
    }

    /// The first time (months, ≥ 0) at which users reach `target`, if within
    /// `limit` months.
    pub fn month_reaching(&self, target: f64, limit: f64) -> Option<f64> {
        if self.monthly_active >= target {
            return Some(0.0);
        }
        match &self.growth {
            Growth::Rate(g) => {
                if *g <= 0.0 {
                    return None;
                }
                let t = (target / self.monthly_active).ln() / (1.0 + g).ln();
                (t.is_finite() && t <= limit).then_some(t)
            }
            Growth::Forecast(points) => {
                // Walk the segments (and the extrapolation) for the first
                // crossing; each segment is geometric, so solve in logs.
                let mut segs: Vec<((f64, f64), (f64, f64))> =
                    points.windows(2).map(|w| (w[0], w[1])).collect();
                if let Some(&last) = segs.last() {
                    let end = (
                        limit.max(last.1.0),
                        forecast_at(points, limit.max(last.1.0)),
                    );
                    segs.push((last.1, end));
                }
                for ((m0, u0), (m1, u1)) in segs {
                    if m0 > limit {
                        break;
                    }
                    if u1 >= target && u0 < target {
                        let t = m0 + (m1 - m0) * (target / u0).ln() / (u1 / u0).ln();
                        return (t <= limit).then_some(t);
                    }
                }
                None
            }
        }
    }
}

fn forecast_at(points: &[(f64, f64)], month: f64) -> f64 {
    let n = points.len();
    let seg = match points.windows(2).position(|w| month <= w[1].0) {
        Some(i) => i,
        None => n - 2,
    };
    let (m0, u0) = points[seg];
    let (m1, u1) = points[seg + 1];
    u0 * (u1 / u0).powf((month - m0) / (m1 - m0))
}

/// The request mix.
#[derive(Debug, Clone)]
pub struct Traffic {
    /// API requests per daily active user per day.
    pub api_per_user_day: f64,
    /// Static/media requests per daily active user per day.
    pub static_per_user_day: f64,
    /// Peak-hour rate over the daily average (≥ 1).
    pub peak_to_average: f64,
    /// Share of API requests that only read.
    pub read_share: f64,
    /// Share of API requests that are searches (part of the reads).
    pub search_share: f64,
    /// Background jobs per API request.
    pub background_share: f64,
    /// Share of writes that upload media for processing.
    pub media_share: f64,
    /// Share of API requests from bots, blocked at an edge, 0..1.
    pub bot_share: f64,
    /// Notifications sent per write request (≥ 0).
    pub notification_share: f64,
    /// Mean API response size, bytes.
    pub api_response_bytes: f64,
    /// Mean static object size, bytes.
    pub static_bytes: f64,
}

/// A mean time with its coefficient of variation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timed {
    /// Mean, seconds.
    pub mean: f64,
    /// Coefficient of variation (sd / mean), ≥ 0.
    pub cv: f64,
}

/// Work per request at each component.
#[derive(Debug, Clone)]
pub struct Work {
    /// App CPU per API request.
    pub app_cpu: Timed,
    /// App CPU per static request served from the origin, seconds.
    pub static_cpu: f64,
    /// Queries per read (on a cache miss).
    pub db_queries_per_read: f64,
    /// Queries per write.
    pub db_queries_per_write: f64,
    /// Row-changing statements per write request (at most the queries).
    pub db_writes_per_write: f64,
    /// Row-changing statements per job (at most its queries).
    pub db_writes_per_job: f64,
    /// Time of one query.
    pub db_query: Timed,
    /// Cache lookups per read.
    pub cache_lookups_per_read: f64,
    /// Cache writes per write.
    pub cache_lookups_per_write: f64,
    /// Time of one cache lookup.
    pub cache_lookup: Timed,
    /// Database time of a search without a search engine, seconds.
    pub search_db_time: f64,
    /// Search engine time of a search, seconds.
    pub search_engine_time: f64,
    /// Coefficient of variation of search times.
    pub search_cv: f64,
    /// CPU per background job.
    pub job_cpu: Timed,
    /// Queries per background or media job.
    pub job_db_queries: f64,
    /// CPU per media upload.
    pub media_cpu: Timed,
    /// CPU per notification sent.
    pub notification_cpu: Timed,
    /// Queries per notification sent from the workers.
    pub notification_db_queries: f64,
}

/// Edge functions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// Share of API reads answered at the edge, 0..1.
    pub offload: f64,
    /// CPU time per request at the edge, seconds.
    pub cpu_time: f64,
}

/// Notifications sent for writes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Notifications {
    /// Share of send attempts retried, [0, 0.9].
    pub retry_rate: f64,
    /// Share sent as email.
    pub email_share: f64,
    /// Share sent as mobile push.
    pub push_share: f64,
    /// Share sent as SMS (the three sum to 1).
    pub sms_share: f64,
}

impl Notifications {
    /// Send attempts per notification: 1 / (1 − retry rate), every failed
    /// attempt retried.
    pub fn attempts(&self) -> f64 {
        1.0 / (1.0 - self.retry_rate)
    }
}

/// Service-level objectives.
#[derive(Debug, Clone, Copy)]
pub struct Slo {
    /// 95th percentile API response time, seconds.
    pub api_p95: f64,
    /// Highest utilization of any component, 0..1.
    pub max_utilization: f64,
    /// Highest share of requests refused, 0..1.
    pub max_error_rate: f64,
    /// Highest share of a database's max connections the pools may hold,
    /// (0, 1].
    pub max_connection_utilization: f64,
    /// Highest mean replication lag of a read replica, seconds.
    pub max_replication_lag: f64,
    /// Must the setup meet every SLO after losing one instance of any pool?
    pub survive_instance_loss: bool,
}

/// The setup in use today, as named in the profile (checked against the tier
/// catalog by `assess`).
#[derive(Debug, Clone)]
pub struct CurrentSetup {
    /// Tier name.
    pub tier: String,
    /// Where the tier name was written.
    pub tier_origin: Origin,
    /// Component name → what runs.
    pub components: IndexMap<String, CurrentComponent>,
    /// Components that share one machine's cores today (none, or at least
    /// two distinct names; checked against the tier by `assess`): the
    /// machine is an instance of the first.
    pub colocate: Vec<String>,
    /// Where `colocate` was written.
    pub colocate_origin: Option<Origin>,
}

/// One component of today's setup.
#[derive(Debug, Clone)]
pub struct CurrentComponent {
    /// Size name and where it was written.
    pub size: Option<(String, Origin)>,
    /// Count and where it was written.
    pub count: Option<(u32, Origin)>,
    /// Where the component's key was written (its first value).
    pub origin: Origin,
}

/// A region of users.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Name.
    pub name: String,
    /// Share of users, (0, 1].
    pub share: f64,
    /// Round trip to the primary region, seconds (0 for the primary).
    pub round_trip: f64,
}

/// What the app stores, for the bill.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Storage {
    /// Database data per monthly active user, bytes.
    pub per_user_bytes: f64,
    /// Object storage per media upload, bytes.
    pub media_per_upload_bytes: f64,
    /// Months of media uploads kept.
    pub media_kept_months: f64,
    /// Log volume per request, bytes.
    pub log_per_request_bytes: f64,
    /// Days of automated database backups kept.
    pub backup_retention_days: f64,
}

/// How instances are paid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pricing {
    /// On-demand list prices.
    #[default]
    OnDemand,
    /// A 1-year savings plan or reserved instances, no upfront.
    #[serde(rename = "savings_1yr")]
    Savings1yr,
    /// A 3-year commitment.
    #[serde(rename = "savings_3yr")]
    Savings3yr,
}

impl Pricing {
    /// All choices.
    pub const ALL: [Pricing; 3] = [Pricing::OnDemand, Pricing::Savings1yr, Pricing::Savings3yr];

    /// Name as written in profiles and flags.
    pub fn name(self) -> &'static str {
        match self {
            Pricing::OnDemand => "on_demand",
            Pricing::Savings1yr => "savings_1yr",
            Pricing::Savings3yr => "savings_3yr",
        }
    }

    /// The choice called `name`.
    pub fn from_name(name: &str) -> Option<Pricing> {
        Pricing::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Parses a `--pricing` flag value, with the message for a bad one.
    pub fn parse_flag(name: &str) -> Result<Pricing, String> {
        Pricing::from_name(name).ok_or_else(|| {
            format!(
                "must be one of: {}; got {name:?}",
                Pricing::ALL.map(Pricing::name).join(", ")
            )
        })
    }
}

/// Bytes per connection in the RDS for PostgreSQL default
/// `max_connections = LEAST({DBInstanceClassMemory/9531392}, 5000)`.
pub const BYTES_PER_CONNECTION: f64 = 9_531_392.0;
/// The cap of that default.
pub const MAX_DEFAULT_CONNECTIONS: u32 = 5000;

/// The managed default `max_connections` of a database instance with
/// `memory_gib` GiB (RDS for PostgreSQL's formula, taking the instance
/// class memory as the whole memory).
pub fn default_max_connections(memory_gib: f64) -> u32 {
    let n = (memory_gib * 1024.0 * 1024.0 * 1024.0 / BYTES_PER_CONNECTION).floor();
    (n.max(1.0) as u32).min(MAX_DEFAULT_CONNECTIONS)
}
