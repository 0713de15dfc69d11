//! The app profile (`app.yaml`): what a founder knows about their app.
//!
//! `raw` mirrors the file; `validate` applies the defaults below, checks
//! ranges and units, and builds the `model` in SI units. The current setup is
//! checked against the tier catalog later, by `assess`.
//!
//! # Defaults and where they come from
//!
//! | key | default | source |
//! |---|---|---|
//! | `users.daily_active_share` | 20% | DAU/MAU "stickiness" of typical apps is 10–25% (consumer), higher for B2B |
//! | `users.growth` | 0% a month | no growth unless stated |
//! | `users.horizon_months` | 24 | |
//! | `traffic.api_requests_per_user_day` | 60 | ~3 sessions a day × ~20 API calls |
//! | `traffic.static_requests_per_user_day` | 30 | images, scripts and styles not already in the browser cache |
//! | `traffic.peak_to_average` | 3 | busiest hour vs. the 24-hour mean for one-time-zone audiences (2–4) |
//! | `traffic.read_share` | 90% | web workloads are 80–95% reads |
//! | `traffic.search_share` | 0% | |
//! | `traffic.background_share` | 5% | emails, webhooks, reports: a few jobs per hundred requests |
//! | `traffic.media_share` | 0% | |
//! | `traffic.bot_share` | 0% | the default request counts are per human user; set it from your logs where an `edge` tier blocks bots (Imperva's 2024 Bad Bot Report: bad bots are 32% of all web traffic) |
//! | `traffic.notification_share` | 0% | notifications per write; set it when writes send email, push or SMS (a comment that notifies its thread's followers: 100–300%) |
//! | `traffic.api_response_size` | 5KB | compressed JSON |
//! | `traffic.static_size` | 50KB | average of scripts, styles and images |
//! | `work.app_cpu` | 20ms, cv 1 | typical framework request CPU is 5–50 ms |
//! | `work.static_cpu` | 1ms | serving a file through the app |
//! | `work.db_queries_per_read` / `_per_write` | 5 / 8 | ORMs issue several queries per request (N+1) |
//! | `work.db_writes_per_write` | 2 (at most `db_queries_per_write`) | the row itself and one counter, index or audit row |
//! | `work.db_writes_per_job` | 1 (at most `job_db_queries`) | the job records its result |
//! | `work.db_query_time` | 2ms, cv 1.5 | an indexed query on a warm buffer cache, 0.1–5 ms, long tail |
//! | `work.cache_lookups_per_read` / `_per_write` | 3 / 1 | cache-aside reads, invalidation on write |
//! | `work.cache_lookup_time` | 0.3ms, cv 0.5 | in-memory key-value stores answer in well under 1 ms |
//! | `work.search_db_time` | 50ms | a `LIKE '%term%'` scan over a mid-size table |
//! | `work.search_engine_time` | 10ms, cv 1 | a dedicated search engine query |
//! | `work.job_cpu` | 200ms, cv 2 | |
//! | `work.job_db_queries` | 5 | |
//! | `work.media_cpu` | 2s, cv 1 | resizing an image set or a short transcode |
//! | `work.notification_cpu` | 10ms, cv 1 | render a template and make one HTTPS call to the provider |
//! | `work.notification_db_queries` | 2 | load the recipient, record the send (in the workers only) |
//! | `edge.offload` | 0% | nothing is answered at the edge unless the app is built for it (personalised cached pages in edge storage) |
//! | `edge.cpu_time` | 2ms | a token signature check and a bot-score lookup take 1–5 ms of CPU in a V8 isolate |
//! | `notifications.retry_rate` | 2% | throttling and transient provider errors (SES, FCM, SMS gateways), each failed attempt retried |
//! | `notifications.email_share` / `push_share` / `sms_share` | 50% / 50% / 0% | SMS is opt-in (two-factor codes) and costs ~100× an email |
//! | `cache.hit_ratio` | 80% | "healthy is above 80%" |
//! | `cdn.hit_ratio` | 90% | static assets with long TTLs |
//! | `database.max_connections` | from the instance's memory: LEAST(memory / 9,531,392 B, 5000) | the RDS for PostgreSQL default parameter group (db.m7g.large, 8 GiB: 901) |
//! | `database.pool_per_instance` | 10 | HikariCP's default `maximumPoolSize` |
//! | `slo.api_p95` | 200ms | the usual "tier is running out" threshold |
//! | `slo.max_utilization` | 70% | database CPU alert threshold |
//! | `slo.max_error_rate` | 1% | |
//! | `slo.max_connection_utilization` | 80% | the connections alert of the scaling guides |
//! | `slo.max_replication_lag` | 100ms | the guides' "replication lag acceptable (< 100 ms)" for read replicas |
//! | `slo.survive_instance_loss` | false | |
//! | `storage.per_user` | 2MB | rows and indexes of a user of a typical SaaS or social app (0.5–10 MB) |
//! | `storage.media_per_upload` | 2MB | a phone photo (~1.5 MB) and its resized variants |
//! | `storage.media_kept_months` | 12 | uploads are kept; a year of them is what a growing app holds |
//! | `storage.log_per_request` | 1KB | one structured access-log line plus a little application logging |
//! | `storage.backup_retention_days` | 7 | the RDS console default for automated backups |
//! | `pricing` | `on_demand` | list prices; `savings_1yr` / `savings_3yr` take the price sheet's ratios |
//! | `regions` | one region, `primary`, 100% | |
//! | `planning.lead_time_months` | 2 | "start 30–60 days ahead" |
//! | `checks.*` | none | thresholds of `planner check`; flags override them |
//! | `scenarios.spike` | ×10 for 60min, autoscaling lag 3min | launch spikes; autoscaling takes 1–3 minutes to add an instance |
//! | `scenarios.instance_loss.replacement` | 5min | an autoscaled fleet replaces a failed instance in minutes |
//! | `scenarios.replica_loss.replacement` | 10min | a managed read replica is re-created in minutes |
//! | `scenarios.cold_cache.warmup` | 30min | time for the hit ratio to climb from 0 back to its steady value |
//! | `scenarios.region_failover.duration` | 60min | how long a region stays lost |

pub mod gate;
pub mod growth;
pub mod model;
pub mod observed;
pub mod raw;
mod read;
pub mod starter;
pub mod validate;
mod workload;

pub use model::{
    CurrentComponent, CurrentSetup, Edge, Growth, GrowthDist, Notifications, Pricing, Profile,
    Region, Slo, Spike, Storage, Timed, Traffic, Users, Work, default_max_connections,
};
pub use observed::Observed;
pub use validate::{PROFILE_SCHEMA, load_profile, profile_from_str};

/// Default values (see the table in the module documentation).
pub mod defaults {
    /// Share of monthly users active on a day.
    pub const DAILY_ACTIVE_SHARE: f64 = 0.20;
    /// Monthly growth rate.
    pub const GROWTH: f64 = 0.0;
    /// Months to plan ahead.
    pub const HORIZON_MONTHS: u32 = 24;
    /// API requests per daily active user per day.
    pub const API_PER_USER_DAY: f64 = 60.0;
    /// Static requests per daily active user per day.
    pub const STATIC_PER_USER_DAY: f64 = 30.0;
    /// Peak-hour over average rate.
    pub const PEAK_TO_AVERAGE: f64 = 3.0;
    /// Share of API requests that read.
    pub const READ_SHARE: f64 = 0.90;
    /// Share of API requests that search.
    pub const SEARCH_SHARE: f64 = 0.0;
    /// Background jobs per API request.
    pub const BACKGROUND_SHARE: f64 = 0.05;
    /// Share of writes uploading media.
    pub const MEDIA_SHARE: f64 = 0.0;
    /// API response size, bytes.
    pub const API_RESPONSE_BYTES: f64 = 5_000.0;
    /// Static object size, bytes.
    pub const STATIC_BYTES: f64 = 50_000.0;
    /// App CPU per API request, ms.
    pub const APP_CPU_MS: f64 = 20.0;
    /// Its coefficient of variation.
    pub const APP_CPU_CV: f64 = 1.0;
    /// App CPU per static request, ms.
    pub const STATIC_CPU_MS: f64 = 1.0;
    /// Queries per read.
    pub const DB_QUERIES_PER_READ: f64 = 5.0;
    /// Queries per write.
    pub const DB_QUERIES_PER_WRITE: f64 = 8.0;
    /// Time per query, ms.
    pub const DB_QUERY_MS: f64 = 2.0;
    /// Its coefficient of variation.
    pub const DB_QUERY_CV: f64 = 1.5;
    /// Cache lookups per read.
    pub const CACHE_LOOKUPS_PER_READ: f64 = 3.0;
    /// Cache writes per write.
    pub const CACHE_LOOKUPS_PER_WRITE: f64 = 1.0;
    /// Time per cache lookup, ms.
    pub const CACHE_LOOKUP_MS: f64 = 0.3;
    /// Its coefficient of variation.
    pub const CACHE_LOOKUP_CV: f64 = 0.5;
    /// Database search time, ms.
    pub const SEARCH_DB_MS: f64 = 50.0;
    /// Search engine time, ms.
    pub const SEARCH_ENGINE_MS: f64 = 10.0;
    /// Coefficient of variation of searches.
    pub const SEARCH_CV: f64 = 1.0;
    /// CPU per background job, ms.
    pub const JOB_CPU_MS: f64 = 200.0;
    /// Its coefficient of variation.
    pub const JOB_CPU_CV: f64 = 2.0;
    /// Queries per background job.
    pub const JOB_DB_QUERIES: f64 = 5.0;
    /// CPU per media upload, ms.
    pub const MEDIA_CPU_MS: f64 = 2_000.0;
    /// Its coefficient of variation.
    pub const MEDIA_CPU_CV: f64 = 1.0;
    /// Cache hit ratio.
    pub const CACHE_HIT_RATIO: f64 = 0.80;
    /// CDN hit ratio.
    pub const CDN_HIT_RATIO: f64 = 0.90;
    /// Database max connections of the starter profile (PostgreSQL's own
    /// default); a profile without the key takes the managed default for
    /// the instance's memory.
    pub const MAX_CONNECTIONS: u32 = 100;
    /// Highest share of max connections held.
    pub const MAX_CONNECTION_UTILIZATION: f64 = 0.80;
    /// Database data per user, bytes.
    pub const STORAGE_PER_USER_BYTES: f64 = 2e6;
    /// Object storage per media upload, bytes.
    pub const MEDIA_PER_UPLOAD_BYTES: f64 = 2e6;
    /// Months of uploads kept.
    pub const MEDIA_KEPT_MONTHS: f64 = 12.0;
    /// Log bytes per request.
    pub const LOG_PER_REQUEST_BYTES: f64 = 1e3;
    /// Days of backups kept.
    pub const BACKUP_RETENTION_DAYS: f64 = 7.0;
    /// Connection pool per instance.
    pub const POOL_PER_INSTANCE: u32 = 10;
    /// API p95, ms.
    pub const API_P95_MS: f64 = 200.0;
    /// Highest utilization.
    pub const MAX_UTILIZATION: f64 = 0.70;
    /// Highest error rate.
    pub const MAX_ERROR_RATE: f64 = 0.01;
    /// Name of the only region when none are listed.
    pub const REGION: &str = "primary";
    /// Months of lead time before a breach.
    pub const LEAD_TIME_MONTHS: u32 = 2;
    /// Largest coefficient of variation accepted.
    pub const MAX_CV: f64 = 20.0;
    /// Most users accepted.
    pub const MAX_USERS: f64 = 1e10;
    /// Highest monthly growth rate accepted (300%).
    pub const MAX_GROWTH: f64 = 3.0;
    /// Longest horizon, months.
    pub const MAX_HORIZON_MONTHS: u32 = 120;
    /// Longest round trip between regions, seconds.
    pub const MAX_ROUND_TRIP_S: f64 = 2.0;
    /// Share of API requests from bots.
    pub const BOT_SHARE: f64 = 0.0;
    /// Notifications per write request.
    pub const NOTIFICATION_SHARE: f64 = 0.0;
    /// Share of API reads answered at the edge.
    pub const EDGE_OFFLOAD: f64 = 0.0;
    /// Edge CPU per request, ms.
    pub const EDGE_CPU_MS: f64 = 2.0;
    /// Row changes per write request.
    pub const DB_WRITES_PER_WRITE: f64 = 2.0;
    /// Row changes per job.
    pub const DB_WRITES_PER_JOB: f64 = 1.0;
    /// CPU per notification, ms.
    pub const NOTIFICATION_CPU_MS: f64 = 10.0;
    /// Its coefficient of variation.
    pub const NOTIFICATION_CPU_CV: f64 = 1.0;
    /// Queries per notification sent from the workers.
    pub const NOTIFICATION_DB_QUERIES: f64 = 2.0;
    /// Share of send attempts retried.
    pub const NOTIFICATION_RETRY_RATE: f64 = 0.02;
    /// Share of notifications sent as email.
    pub const EMAIL_SHARE: f64 = 0.5;
    /// Share sent as push.
    pub const PUSH_SHARE: f64 = 0.5;
    /// Share sent as SMS.
    pub const SMS_SHARE: f64 = 0.0;
    /// Highest mean replication lag, ms.
    pub const MAX_REPLICATION_LAG_MS: f64 = 100.0;
}
