//! The request mix, the work per request and the SLOs of a profile.

use super::defaults as d;
use super::model::{Edge, Notifications, Slo, Storage, Timed, Traffic, Work};
use super::raw::{RawEdge, RawNotifications, RawProfile, RawStorage, RawTraffic, RawWork};
use super::read::R;
use crate::error::InputError;
use crate::input::Spanned;
use crate::units::{Human, Kind};

pub(super) fn traffic(r: &R<'_>, t: &RawTraffic) -> Result<Traffic, InputError> {
    let out = Traffic {
        api_per_user_day: r.count(
            &t.api_requests_per_user_day,
            "traffic.api_requests_per_user_day",
            d::API_PER_USER_DAY,
            1e6,
        )?,
        static_per_user_day: r.count(
            &t.static_requests_per_user_day,
            "traffic.static_requests_per_user_day",
            d::STATIC_PER_USER_DAY,
            1e6,
        )?,
        peak_to_average: r.get(
            &t.peak_to_average,
            "traffic.peak_to_average",
            Kind::Factor,
            d::PEAK_TO_AVERAGE,
            1.0,
            100.0,
            "between 1 and 100",
        )?,
        read_share: r.fraction(&t.read_share, "traffic.read_share", d::READ_SHARE)?,
        search_share: r.fraction(&t.search_share, "traffic.search_share", d::SEARCH_SHARE)?,
        background_share: r.get(
            &t.background_share,
            "traffic.background_share",
            Kind::Fraction,
            d::BACKGROUND_SHARE,
            0.0,
            10.0,
            "between 0% and 1000% (jobs per API request)",
        )?,
        media_share: r.fraction(&t.media_share, "traffic.media_share", d::MEDIA_SHARE)?,
        bot_share: r.get(
            &t.bot_share,
            "traffic.bot_share",
            Kind::Fraction,
            d::BOT_SHARE,
            0.0,
            0.99,
            "between 0% and 99%",
        )?,
        notification_share: r.get(
            &t.notification_share,
            "traffic.notification_share",
            Kind::Fraction,
            d::NOTIFICATION_SHARE,
            0.0,
            100.0,
            "between 0% and 10000% (notifications per write request)",
        )?,
        api_response_bytes: r.get(
            &t.api_response_size,
            "traffic.api_response_size",
            Kind::Bytes,
            d::API_RESPONSE_BYTES,
            0.0,
            1e9,
            "between 0 and 1GB",
        )?,
        static_bytes: r.get(
            &t.static_size,
            "traffic.static_size",
            Kind::Bytes,
            d::STATIC_BYTES,
            0.0,
            1e10,
            "between 0 and 10GB",
        )?,
    };
    if out.api_per_user_day <= 0.0 {
        let v = t
            .api_requests_per_user_day
            .as_ref()
            .expect("only a given value can be 0");
        return Err(r
            .cx
            .invalid(v, "traffic.api_requests_per_user_day", "must be > 0"));
    }
    if out.search_share > out.read_share {
        let v = t
            .search_share
            .as_ref()
            .or(t.read_share.as_ref())
            .expect("one was given");
        return Err(r.cx.invalid(
            v,
            "traffic.search_share",
            format!(
                "must be at most traffic.read_share ({}%): searches are reads",
                out.read_share * 100.0
            ),
        ));
    }
    Ok(out)
}

pub(super) fn work(r: &R<'_>, w: &RawWork) -> Result<Work, InputError> {
    let mut out = work_times(r, w)?;
    // Row changes are some of the queries: by default as many as there are
    // queries, up to the default.
    let writes = |v: &Option<Spanned<Human>>,
                  key: &str,
                  default: f64,
                  queries: f64,
                  of: &str|
     -> Result<f64, InputError> {
        let x = r.count(v, key, default.min(queries), 100_000.0)?;
        match v {
            Some(v) if x > queries => Err(r.cx.invalid(
                v,
                key,
                format!("must be at most {of} ({queries}): row changes are some of the queries"),
            )),
            _ => Ok(x),
        }
    };
    out.db_writes_per_write = writes(
        &w.db_writes_per_write,
        "work.db_writes_per_write",
        d::DB_WRITES_PER_WRITE,
        out.db_queries_per_write,
        "work.db_queries_per_write",
    )?;
    out.db_writes_per_job = writes(
        &w.db_writes_per_job,
        "work.db_writes_per_job",
        d::DB_WRITES_PER_JOB,
        out.job_db_queries,
        "work.job_db_queries",
    )?;
    Ok(out)
}

fn work_times(r: &R<'_>, w: &RawWork) -> Result<Work, InputError> {
    let ms = |v: &Option<Spanned<Human>>, key: &str, default_ms: f64, max_s: f64, what: &str| {
        r.duration(v, key, default_ms / 1000.0, max_s, what)
    };
    Ok(Work {
        db_writes_per_write: 0.0,
        db_writes_per_job: 0.0,
        notification_cpu: Timed {
            mean: ms(
                &w.notification_cpu,
                "work.notification_cpu",
                d::NOTIFICATION_CPU_MS,
                600.0,
                "10min",
            )?,
            cv: r.cv(
                &w.notification_cpu_cv,
                "work.notification_cpu_cv",
                d::NOTIFICATION_CPU_CV,
            )?,
        },
        notification_db_queries: r.count(
            &w.notification_db_queries,
            "work.notification_db_queries",
            d::NOTIFICATION_DB_QUERIES,
            10_000.0,
        )?,
        app_cpu: Timed {
            mean: ms(&w.app_cpu, "work.app_cpu", d::APP_CPU_MS, 60.0, "60s")?,
            cv: r.cv(&w.app_cpu_cv, "work.app_cpu_cv", d::APP_CPU_CV)?,
        },
        static_cpu: ms(
            &w.static_cpu,
            "work.static_cpu",
            d::STATIC_CPU_MS,
            60.0,
            "60s",
        )?,
        db_queries_per_read: r.count(
            &w.db_queries_per_read,
            "work.db_queries_per_read",
            d::DB_QUERIES_PER_READ,
            10_000.0,
        )?,
        db_queries_per_write: r.count(
            &w.db_queries_per_write,
            "work.db_queries_per_write",
            d::DB_QUERIES_PER_WRITE,
            10_000.0,
        )?,
        db_query: Timed {
            mean: ms(
                &w.db_query_time,
                "work.db_query_time",
                d::DB_QUERY_MS,
                60.0,
                "60s",
            )?,
            cv: r.cv(&w.db_query_cv, "work.db_query_cv", d::DB_QUERY_CV)?,
        },
        cache_lookups_per_read: r.count(
            &w.cache_lookups_per_read,
            "work.cache_lookups_per_read",
            d::CACHE_LOOKUPS_PER_READ,
            10_000.0,
        )?,
        cache_lookups_per_write: r.count(
            &w.cache_lookups_per_write,
            "work.cache_lookups_per_write",
            d::CACHE_LOOKUPS_PER_WRITE,
            10_000.0,
        )?,
        cache_lookup: Timed {
            mean: ms(
                &w.cache_lookup_time,
                "work.cache_lookup_time",
                d::CACHE_LOOKUP_MS,
                1.0,
                "1s",
            )?,
            cv: d::CACHE_LOOKUP_CV,
        },
        search_db_time: ms(
            &w.search_db_time,
            "work.search_db_time",
            d::SEARCH_DB_MS,
            600.0,
            "10min",
        )?,
        search_engine_time: ms(
            &w.search_engine_time,
            "work.search_engine_time",
            d::SEARCH_ENGINE_MS,
            600.0,
            "10min",
        )?,
        search_cv: r.cv(&w.search_cv, "work.search_cv", d::SEARCH_CV)?,
        job_cpu: Timed {
            mean: ms(&w.job_cpu, "work.job_cpu", d::JOB_CPU_MS, 3600.0, "60min")?,
            cv: r.cv(&w.job_cpu_cv, "work.job_cpu_cv", d::JOB_CPU_CV)?,
        },
        job_db_queries: r.count(
            &w.job_db_queries,
            "work.job_db_queries",
            d::JOB_DB_QUERIES,
            100_000.0,
        )?,
        media_cpu: Timed {
            mean: ms(
                &w.media_cpu,
                "work.media_cpu",
                d::MEDIA_CPU_MS,
                3600.0,
                "60min",
            )?,
            cv: r.cv(&w.media_cpu_cv, "work.media_cpu_cv", d::MEDIA_CPU_CV)?,
        },
    })
}

pub(super) fn slo(r: &R<'_>, raw: &RawProfile) -> Result<Slo, InputError> {
    let s = raw.slo.as_ref();
    let max_utilization = r.fraction(
        &s.and_then(|s| s.max_utilization.clone()),
        "slo.max_utilization",
        d::MAX_UTILIZATION,
    )?;
    if !(0.05..=0.99).contains(&max_utilization) {
        let v = s
            .and_then(|s| s.max_utilization.as_ref())
            .expect("defaults are in range");
        return Err(r
            .cx
            .invalid(v, "slo.max_utilization", "must be between 5% and 99%"));
    }
    let max_connection_utilization = r.fraction(
        &s.and_then(|s| s.max_connection_utilization.clone()),
        "slo.max_connection_utilization",
        d::MAX_CONNECTION_UTILIZATION,
    )?;
    if max_connection_utilization < 0.05 {
        let v = s
            .and_then(|s| s.max_connection_utilization.as_ref())
            .expect("the default is in range");
        return Err(r.cx.invalid(
            v,
            "slo.max_connection_utilization",
            "must be between 5% and 100%",
        ));
    }
    Ok(Slo {
        max_replication_lag: r.duration(
            &s.and_then(|s| s.max_replication_lag.clone()),
            "slo.max_replication_lag",
            d::MAX_REPLICATION_LAG_MS / 1000.0,
            3600.0,
            "1h",
        )?,
        max_connection_utilization,
        api_p95: r.duration(
            &s.and_then(|s| s.api_p95.clone()),
            "slo.api_p95",
            d::API_P95_MS / 1000.0,
            600.0,
            "10min",
        )?,
        max_utilization,
        max_error_rate: r.get(
            &s.and_then(|s| s.max_error_rate.clone()),
            "slo.max_error_rate",
            Kind::Fraction,
            d::MAX_ERROR_RATE,
            0.0,
            0.5,
            "between 0% and 50%",
        )?,
        survive_instance_loss: s
            .and_then(|s| s.survive_instance_loss.as_ref())
            .is_some_and(|b| b.value),
    })
}

pub(super) fn storage(r: &R<'_>, s: Option<&RawStorage>) -> Result<Storage, InputError> {
    let d0 = RawStorage::default();
    let s = s.unwrap_or(&d0);
    let bytes = |v: &Option<Spanned<Human>>, key: &str, default: f64, hi: f64, what: &str| {
        r.get(v, key, Kind::Bytes, default, 0.0, hi, what)
    };
    Ok(Storage {
        per_user_bytes: bytes(
            &s.per_user,
            "storage.per_user",
            d::STORAGE_PER_USER_BYTES,
            1e12,
            "between 0 and 1TB",
        )?,
        media_per_upload_bytes: bytes(
            &s.media_per_upload,
            "storage.media_per_upload",
            d::MEDIA_PER_UPLOAD_BYTES,
            1e12,
            "between 0 and 1TB",
        )?,
        media_kept_months: r.count(
            &s.media_kept_months,
            "storage.media_kept_months",
            d::MEDIA_KEPT_MONTHS,
            1200.0,
        )?,
        log_per_request_bytes: bytes(
            &s.log_per_request,
            "storage.log_per_request",
            d::LOG_PER_REQUEST_BYTES,
            1e9,
            "between 0 and 1GB",
        )?,
        backup_retention_days: r.count(
            &s.backup_retention_days,
            "storage.backup_retention_days",
            d::BACKUP_RETENTION_DAYS,
            35.0,
        )?,
    })
}

pub(super) fn edge(r: &R<'_>, e: Option<&RawEdge>) -> Result<Edge, InputError> {
    let d0 = RawEdge::default();
    let e = e.unwrap_or(&d0);
    Ok(Edge {
        offload: r.fraction(&e.offload, "edge.offload", d::EDGE_OFFLOAD)?,
        cpu_time: r.duration(
            &e.cpu_time,
            "edge.cpu_time",
            d::EDGE_CPU_MS / 1000.0,
            30.0,
            "30s",
        )?,
    })
}

pub(super) fn notifications(
    r: &R<'_>,
    n: Option<&RawNotifications>,
) -> Result<Notifications, InputError> {
    let d0 = RawNotifications::default();
    let n = n.unwrap_or(&d0);
    let out = Notifications {
        retry_rate: r.get(
            &n.retry_rate,
            "notifications.retry_rate",
            Kind::Fraction,
            d::NOTIFICATION_RETRY_RATE,
            0.0,
            0.9,
            "between 0% and 90%",
        )?,
        email_share: r.fraction(&n.email_share, "notifications.email_share", d::EMAIL_SHARE)?,
        push_share: r.fraction(&n.push_share, "notifications.push_share", d::PUSH_SHARE)?,
        sms_share: r.fraction(&n.sms_share, "notifications.sms_share", d::SMS_SHARE)?,
    };
    let sum = out.email_share + out.push_share + out.sms_share;
    if (sum - 1.0).abs() > 1e-6 {
        let given = [&n.email_share, &n.push_share, &n.sms_share];
        let v = given
            .into_iter()
            .flatten()
            .next()
            .expect("the defaults sum to 100%");
        return Err(r.cx.invalid(
            v,
            "notifications",
            format!(
                "must have email_share, push_share and sms_share summing to 100% (they sum to {:.1}%; left out: email 50%, push 50%, sms 0%)",
                sum * 100.0
            ),
        ));
    }
    Ok(out)
}
