//! The app profile exactly as written: serde types, no checks beyond shape.
//!
//! Every quantity is a [`Human`] value (`15%`, `200ms`, `40k`, `$120`, `4KB`)
//! read by `validate` according to its key. Unknown keys are errors.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::input::Spanned;
use crate::units::Human;

/// A whole `app.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    /// Optional format marker; only `planner.profile/v1` is known.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub schema: Option<Spanned<String>>,
    /// A name for the app, shown in reports.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
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
    /// Edge functions, where the tier has an `edge` component: what they
    /// answer and what they cost in CPU.
    #[serde(default)]
    pub edge: Option<RawEdge>,
    /// Notifications sent for writes: retries and the channel mix.
    #[serde(default)]
    pub notifications: Option<RawNotifications>,
    /// Database connection limits.
    #[serde(default)]
    pub database: Option<RawDatabase>,
    /// What the app stores, for the bill: data per user, media, logs and
    /// backups.
    #[serde(default)]
    pub storage: Option<RawStorage>,
    /// How instances are paid for: `on_demand`, `savings_1yr` or
    /// `savings_3yr` (a 1- or 3-year savings plan / reserved instances).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub pricing: Option<Spanned<String>>,
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
    /// What monitoring showed at a peak, to calibrate the work per request
    /// (`assess` derives demands from it by the service demand law).
    #[serde(default)]
    pub observed: Option<super::observed::RawObserved>,
}

/// `users:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawUsers {
    /// Monthly active users today.
    #[schemars(with = "Human")]
    pub monthly_active: Spanned<Human>,
    /// Share of monthly users active on a given day.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub daily_active_share: Option<Spanned<Human>>,
    /// Compound monthly growth rate of monthly active users: `15%`,
    /// `15% ± 5%`, `{ low, likely, high }` or `{ p10, p50, p90 }`.
    #[serde(default)]
    #[schemars(with = "Option<RawGrowth>")]
    pub growth: Option<Spanned<RawGrowth>>,
    /// Launch spikes: a month whose peak is multiplied for some hours.
    #[serde(default)]
    #[schemars(with = "Option<Vec<RawSpike>>")]
    pub spikes: Option<Spanned<Vec<RawSpike>>>,
    /// Forecast points: month from now → monthly active users.
    #[serde(default)]
    #[schemars(with = "Option<IndexMap<u32, Human>>")]
    pub forecast: Option<Spanned<IndexMap<u32, Spanned<Human>>>>,
    /// Months to plan ahead.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub horizon_months: Option<Spanned<Human>>,
}

/// `traffic:`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTraffic {
    /// API requests per daily active user per day.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub api_requests_per_user_day: Option<Spanned<Human>>,
    /// Static asset and media requests per daily active user per day.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub static_requests_per_user_day: Option<Spanned<Human>>,
    /// Peak-hour rate over the 24-hour average rate.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub peak_to_average: Option<Spanned<Human>>,
    /// Share of API requests that only read.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub read_share: Option<Spanned<Human>>,
    /// Share of API requests that are searches (taken out of the reads).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub search_share: Option<Spanned<Human>>,
    /// Background jobs enqueued per API request.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub background_share: Option<Spanned<Human>>,
    /// Share of writes that upload media needing processing.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub media_share: Option<Spanned<Human>>,
    /// Share of API requests that come from bots (scrapers, credential
    /// stuffing), which an edge function blocks before the origin.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub bot_share: Option<Spanned<Human>>,
    /// Notifications (email, push, SMS) sent per write request.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub notification_share: Option<Spanned<Human>>,
    /// Mean API response size.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub api_response_size: Option<Spanned<Human>>,
    /// Mean static asset or media object size.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub static_size: Option<Spanned<Human>>,
}

/// `work:`: time per request at each component, with variability.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWork {
    /// App CPU time per API request.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub app_cpu: Option<Spanned<Human>>,
    /// Coefficient of variation of the app CPU time.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub app_cpu_cv: Option<Spanned<Human>>,
    /// App CPU time to serve one static request from the origin.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub static_cpu: Option<Spanned<Human>>,
    /// Database queries per read request (on a cache miss, where there is a
    /// cache).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub db_queries_per_read: Option<Spanned<Human>>,
    /// Database queries per write request.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub db_queries_per_write: Option<Spanned<Human>>,
    /// Row-changing statements (INSERT, UPDATE, DELETE) per write request,
    /// part of `db_queries_per_write`: what read replicas must apply.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub db_writes_per_write: Option<Spanned<Human>>,
    /// Row-changing statements per background, media or notification job.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub db_writes_per_job: Option<Spanned<Human>>,
    /// Database time per query.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub db_query_time: Option<Spanned<Human>>,
    /// Coefficient of variation of one query's time.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub db_query_cv: Option<Spanned<Human>>,
    /// Cache lookups per read request.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub cache_lookups_per_read: Option<Spanned<Human>>,
    /// Cache writes/invalidations per write request.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub cache_lookups_per_write: Option<Spanned<Human>>,
    /// Time per cache lookup.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub cache_lookup_time: Option<Spanned<Human>>,
    /// Database time of one search done in the database (LIKE scan).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub search_db_time: Option<Spanned<Human>>,
    /// Search engine time of one search, where the tier has one.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub search_engine_time: Option<Spanned<Human>>,
    /// Coefficient of variation of search times.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub search_cv: Option<Spanned<Human>>,
    /// CPU time of one background job.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub job_cpu: Option<Spanned<Human>>,
    /// Coefficient of variation of the background job CPU time.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub job_cpu_cv: Option<Spanned<Human>>,
    /// Database queries per background or media job.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub job_db_queries: Option<Spanned<Human>>,
    /// CPU time to process one media upload.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub media_cpu: Option<Spanned<Human>>,
    /// Coefficient of variation of the media processing time.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub media_cpu_cv: Option<Spanned<Human>>,
    /// CPU time to send one notification (render it, call the provider).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub notification_cpu: Option<Spanned<Human>>,
    /// Coefficient of variation of the notification CPU time.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub notification_cpu_cv: Option<Spanned<Human>>,
    /// Database queries per notification sent from the workers (load the
    /// recipient, record the send); an extracted notification service keeps
    /// its own store.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub notification_db_queries: Option<Spanned<Human>>,
}

/// `edge:`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEdge {
    /// Share of API reads answered at the edge (personalised cached pages,
    /// A/B routing) without reaching the origin.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub offload: Option<Spanned<Human>>,
    /// Edge function CPU time per request (token check, bot score).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub cpu_time: Option<Spanned<Human>>,
}

/// `notifications:`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNotifications {
    /// Share of send attempts that fail transiently (throttling, provider
    /// errors) and are retried.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub retry_rate: Option<Spanned<Human>>,
    /// Share of notifications sent as email.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub email_share: Option<Spanned<Human>>,
    /// Share sent as mobile push.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub push_share: Option<Spanned<Human>>,
    /// Share sent as SMS.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub sms_share: Option<Spanned<Human>>,
}

/// `cache:` and `cdn:`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHitRatio {
    /// Share of lookups answered without going further.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub hit_ratio: Option<Spanned<Human>>,
}

/// `storage:`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStorage {
    /// Database data per monthly active user (rows, indexes).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub per_user: Option<Spanned<Human>>,
    /// Object storage kept per media upload (the original and its
    /// processed variants).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub media_per_upload: Option<Spanned<Human>>,
    /// Months of media uploads kept in object storage.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub media_kept_months: Option<Spanned<Human>>,
    /// Log volume per request (API, origin static and jobs).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub log_per_request: Option<Spanned<Human>>,
    /// Days of automated database backups kept.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub backup_retention_days: Option<Spanned<Human>>,
}

/// `database:`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDatabase {
    /// Most client connections one database server accepts; when left out,
    /// the managed default for the instance's memory (RDS for PostgreSQL:
    /// LEAST(memory / 9,531,392 bytes, 5000)).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub max_connections: Option<Spanned<Human>>,
    /// Connections each app or worker instance keeps in its pool.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub pool_per_instance: Option<Spanned<Human>>,
}

/// `slo:`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSlo {
    /// 95th percentile API response time.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub api_p95: Option<Spanned<Human>>,
    /// Highest busy share of any component at peak.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub max_utilization: Option<Spanned<Human>>,
    /// Highest share of requests refused or blocked.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub max_error_rate: Option<Spanned<Human>>,
    /// Highest share of a database's max connections the app's pools may
    /// hold (the usual alert is at 80%).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub max_connection_utilization: Option<Spanned<Human>>,
    /// Highest mean replication lag of a read replica (the guides' "< 100
    /// ms").
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub max_replication_lag: Option<Spanned<Human>>,
    /// Whether every SLO must still hold after losing one instance of a pool.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub survive_instance_loss: Option<Spanned<bool>>,
}

/// `current:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCurrent {
    /// Name of the tier in use today.
    #[schemars(with = "String")]
    pub tier: Spanned<String>,
    /// Component name (as in the tier file) → size and count in use.
    #[serde(default)]
    pub components: IndexMap<String, RawCurrentComponent>,
    /// Components (as in the tier file) that run on one machine today,
    /// sharing its CPU cores, e.g. `[app, db]` for a monolith with its
    /// database on the same server. The machine is the first one's instance.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub colocate: Option<Spanned<Vec<String>>>,
}

/// One component of the current setup.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCurrentComponent {
    /// Instance size name from the price sheet.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub size: Option<Spanned<String>>,
    /// Instances (per region for regional components).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub count: Option<Spanned<Human>>,
}

/// One region of users.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRegion {
    /// Share of users in this region.
    #[schemars(with = "Human")]
    pub share: Spanned<Human>,
    /// Network round trip from this region to the primary region.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub round_trip: Option<Spanned<Human>>,
}

/// `planning:`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPlanning {
    /// Months before the breach to start moving to the next tier.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub lead_time_months: Option<Spanned<Human>>,
}

/// `users.growth`: a single value (`15%`, `15% ± 5%`) or a range mapping.
#[derive(Debug, Clone)]
pub enum RawGrowth {
    /// `15%` or `15% ± 5%` (also `15% +- 5%`).
    Value(Human),
    /// `{ low, likely, high }` or `{ p10, p50, p90 }`.
    Range(Box<RawGrowthRange>),
}

impl std::fmt::Display for RawGrowth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RawGrowth::Value(h) => write!(f, "{h}"),
            RawGrowth::Range(r) => {
                let parts: Vec<String> = [
                    ("low", &r.low),
                    ("likely", &r.likely),
                    ("high", &r.high),
                    ("p10", &r.p10),
                    ("p50", &r.p50),
                    ("p90", &r.p90),
                ]
                .into_iter()
                .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: {}", v.value)))
                .collect();
                write!(f, "{{ {} }}", parts.join(", "))
            }
        }
    }
}

impl JsonSchema for RawGrowth {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Growth".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A monthly rate like `15%`, a rate with an uncertainty like `15% ± 5%`, or a mapping `{ low, likely, high }` or `{ p10, p50, p90 }`.",
            "anyOf": [
                generator.subschema_for::<Human>(),
                generator.subschema_for::<RawGrowthRange>()
            ]
        })
    }
}

impl<'de> Deserialize<'de> for RawGrowth {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawGrowth;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a monthly rate like 15%, a rate with an uncertainty like 15% ± 5%, \
                     or a mapping { low, likely, high } or { p10, p50, p90 }",
                )
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawGrowth, E> {
                Ok(RawGrowth::Value(Human::Number(v as f64)))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawGrowth, E> {
                Ok(RawGrowth::Value(Human::Number(v as f64)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RawGrowth, E> {
                Ok(RawGrowth::Value(Human::Number(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawGrowth, E> {
                Ok(RawGrowth::Value(Human::Text(v.to_string())))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawGrowth, A::Error> {
                RawGrowthRange::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|r| RawGrowth::Range(Box::new(r)))
            }
        }
        d.deserialize_any(V)
    }
}

/// `users.growth` as a mapping.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGrowthRange {
    /// Lowest plausible monthly rate (PERT minimum).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub low: Option<Spanned<Human>>,
    /// Most likely monthly rate (PERT mode).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub likely: Option<Spanned<Human>>,
    /// Highest plausible monthly rate (PERT maximum).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub high: Option<Spanned<Human>>,
    /// Monthly rate with a 10% chance of being lower.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub p10: Option<Spanned<Human>>,
    /// Median monthly rate.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub p50: Option<Spanned<Human>>,
    /// Monthly rate with a 10% chance of being higher.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub p90: Option<Spanned<Human>>,
}

/// One launch spike.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "LaunchSpike")]
pub struct RawSpike {
    /// Month from now (0 = this month).
    #[schemars(with = "Human")]
    pub month: Spanned<Human>,
    /// Peak multiplier during the spike (`10x`).
    #[schemars(with = "Human")]
    pub factor: Spanned<Human>,
    /// How long the spike lasts.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub hours: Option<Spanned<Human>>,
}
