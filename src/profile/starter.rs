//! The commented starter profile `planner init` writes: every key, its
//! default and what it means, so a founder can fill it in top to bottom.

use super::defaults as d;

/// What `planner init` asks for; everything else starts at its default.
#[derive(Debug, Clone, Copy)]
pub struct StarterAnswers {
    /// Monthly active users today.
    pub monthly_active: f64,
    /// Monthly growth rate (0.15 = 15% a month).
    pub growth: f64,
    /// API requests per daily active user per day.
    pub api_requests_per_user_day: f64,
}

impl Default for StarterAnswers {
    fn default() -> Self {
        StarterAnswers {
            monthly_active: 10_000.0,
            growth: 0.10,
            api_requests_per_user_day: d::API_PER_USER_DAY,
        }
    }
}

fn pct(x: f64) -> String {
    let p = 100.0 * x;
    if (p - p.round()).abs() < 1e-9 {
        format!("{p:.0}%")
    } else {
        format!("{p}%")
    }
}

fn n(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// The starter profile text, with `answers` filled in.
pub fn starter_profile(a: &StarterAnswers) -> String {
    format!(
        r#"# planner app profile. Fill in what you know; every other key can stay at
# the default shown (delete a line to use the default). Values take units:
# 15%, 200ms, 1.5s, 40k, 1.2M, $120, 150 KB, 3x.
# Run: planner assess app.yaml     (the plan; --format html -o report.html to share)
#      planner check app.yaml      (the CI gate, with the `checks:` below)
schema: planner.profile/v1
name: My app

users:
  monthly_active: {users}            # monthly active users today
  daily_active_share: {dau}           # share of them active on a given day
  growth: {growth}                    # a month, compounding; or `forecast:` month → users
  horizon_months: {horizon}            # how far ahead to plan

traffic:
  api_requests_per_user_day: {api}     # per daily active user
  static_requests_per_user_day: {stat} # images, scripts, styles
  peak_to_average: {peak}              # busiest hour over the daily mean
  read_share: {read}                  # of API requests; the rest are searches and writes
  search_share: {search}                 # of API requests
  background_share: {bg}               # background jobs per API request
  media_share: {media}                  # of writes that upload media to process
  notification_share: {notif}           # notifications (email, push, SMS) per write
  bot_share: {bots}                     # of API requests from bots (blocked where the tier has an edge)
  api_response_size: {api_size}KB          # for CDN and egress cost
  static_size: {static_size}KB

work:
  app_cpu: {app_cpu}ms                   # app CPU per API request
  app_cpu_cv: {app_cpu_cv}                  # its variability (sd / mean)
  db_queries_per_read: {q_read}
  db_queries_per_write: {q_write}
  db_writes_per_write: {w_write}          # of those, row changes (what read replicas must apply)
  db_query_time: {q_ms}ms               # per query
  db_query_cv: {q_cv}
  cache_lookups_per_read: {c_read}        # where the tier has a cache
  cache_lookups_per_write: {c_write}
  job_cpu: {job}ms                  # per background job
  media_cpu: {media_cpu}ms               # per media job
  notification_cpu: {notif_cpu}ms          # per notification sent

notifications:
  retry_rate: {retry}                  # send attempts that fail and are retried
  email_share: {email}                # how notifications go out (the three sum to 100%)
  push_share: {push}
  sms_share: {sms}

edge:                              # where the tier has edge functions (multi_region)
  offload: {offload}                     # of API reads answered at the edge
  cpu_time: {edge_cpu}ms                   # edge CPU per request

cache:
  hit_ratio: {cache_hit}                  # healthy is above 80%
cdn:
  hit_ratio: {cdn_hit}

database:
  max_connections: {max_conn}          # the database's limit
  pool_per_instance: {pool}          # connection pool per app instance

slo:
  api_p95: {p95}ms                   # the 95th percentile API response time to stay under
  max_utilization: {max_u}            # per component
  max_error_rate: {max_err}              # rejected requests (connection limits)
  max_replication_lag: {lag}ms       # read replicas' mean lag behind the primary
  survive_instance_loss: false     # must today's setup survive losing one instance?

current:                           # what runs today (`planner tiers` lists the choices)
  tier: monolith
  components:
    app: {{ size: c7g.large, count: 1 }}
    db: {{ size: db.m7g.large }}

planning:
  lead_time_months: {lead}              # start the next tier this long before it is needed

checks:                            # what `planner check` gates on; flags override these
  min_headroom: 1.5x               # today's setup must take 1.5× today's peak load
  months: {lead}                        # …and last this many months of growth (the lead time)
  max_p95: {p95}ms                   # API p95 today
  # max_cost: $1000                # monthly cost today
  # max_utilization: 60%           # busiest component today
  # survive: [spike, instance_loss]   # failure scenarios that must hold
  # max_headroom_drop: 10%         # with --baseline OLD.yaml: regression limits
  # max_cost_rise: 20%
"#,
        users = n(a.monthly_active),
        dau = pct(d::DAILY_ACTIVE_SHARE),
        growth = pct(a.growth),
        horizon = d::HORIZON_MONTHS,
        api = n(a.api_requests_per_user_day),
        stat = n(d::STATIC_PER_USER_DAY),
        peak = n(d::PEAK_TO_AVERAGE),
        read = pct(d::READ_SHARE),
        search = pct(d::SEARCH_SHARE),
        bg = pct(d::BACKGROUND_SHARE),
        media = pct(d::MEDIA_SHARE),
        api_size = n(d::API_RESPONSE_BYTES / 1000.0),
        static_size = n(d::STATIC_BYTES / 1000.0),
        app_cpu = n(d::APP_CPU_MS),
        app_cpu_cv = n(d::APP_CPU_CV),
        q_read = n(d::DB_QUERIES_PER_READ),
        q_write = n(d::DB_QUERIES_PER_WRITE),
        q_ms = n(d::DB_QUERY_MS),
        q_cv = n(d::DB_QUERY_CV),
        c_read = n(d::CACHE_LOOKUPS_PER_READ),
        c_write = n(d::CACHE_LOOKUPS_PER_WRITE),
        job = n(d::JOB_CPU_MS),
        media_cpu = n(d::MEDIA_CPU_MS),
        cache_hit = pct(d::CACHE_HIT_RATIO),
        cdn_hit = pct(d::CDN_HIT_RATIO),
        max_conn = d::MAX_CONNECTIONS,
        pool = d::POOL_PER_INSTANCE,
        p95 = n(d::API_P95_MS),
        max_u = pct(d::MAX_UTILIZATION),
        max_err = pct(d::MAX_ERROR_RATE),
        lead = d::LEAD_TIME_MONTHS,
        notif = pct(d::NOTIFICATION_SHARE),
        bots = pct(d::BOT_SHARE),
        w_write = n(d::DB_WRITES_PER_WRITE),
        notif_cpu = n(d::NOTIFICATION_CPU_MS),
        retry = pct(d::NOTIFICATION_RETRY_RATE),
        email = pct(d::EMAIL_SHARE),
        push = pct(d::PUSH_SHARE),
        sms = pct(d::SMS_SHARE),
        offload = pct(d::EDGE_OFFLOAD),
        edge_cpu = n(d::EDGE_CPU_MS),
        lag = n(d::MAX_REPLICATION_LAG_MS),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_profile_is_valid_and_assesses() {
        let text = starter_profile(&StarterAnswers::default());
        let profile =
            crate::profile::profile_from_str("app.yaml", &text).expect("valid starter profile");
        let catalog = crate::catalog::embedded_catalog().expect("catalog");
        crate::assess::assess(&profile, &catalog, &crate::assess::AssessOptions::default())
            .expect("assesses");
        assert!(text.contains("\nchecks: ") && text.contains("\n  min_headroom: 1.5x "));
        for commented in ["max_cost", "max_utilization", "survive", "max_cost_rise"] {
            assert!(text.contains(&format!("  # {commented}: ")), "{commented}");
        }
    }

    #[test]
    fn answers_are_written_in_human_units() {
        let text = starter_profile(&StarterAnswers {
            monthly_active: 2500.0,
            growth: 0.075,
            api_requests_per_user_day: 42.0,
        });
        assert!(text.contains("monthly_active: 2500 "));
        assert!(text.contains("growth: 7.5% "));
        assert!(text.contains("api_requests_per_user_day: 42 "));
        crate::profile::profile_from_str("app.yaml", &text).expect("valid");
    }
}
