//! From the raw profile to a `Profile` whose invariants hold, applying the
//! documented defaults (see the module `profile` for the table).

use std::path::Path;

use indexmap::IndexMap;

use super::defaults as d;
use super::model::{
    CurrentComponent, CurrentSetup, Growth, Profile, Region, Slo, Timed, Traffic, Users, Work,
};
use super::raw::{RawProfile, RawTraffic, RawWork};
use crate::error::InputError;
use crate::input::{Ctx, Spanned, load_yaml, parse_yaml};
use crate::units::{self, Human, Kind};

/// The only profile format version this build reads.
pub const PROFILE_SCHEMA: &str = "planner.profile/v1";

/// Reads and validates an app profile.
pub fn load_profile(path: &Path) -> Result<Profile, InputError> {
    let raw: RawProfile = load_yaml(path)?;
    let file = path.display().to_string();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    validate(&raw, Ctx::new(&file), &stem)
}

/// Parses and validates profile YAML held in memory (`file` names it in errors).
pub fn profile_from_str(file: &str, text: &str) -> Result<Profile, InputError> {
    let raw: RawProfile = parse_yaml(file, text)?;
    validate(&raw, Ctx::new(file), file)
}

/// A reader of optional human values with defaults and ranges.
struct R<'a> {
    cx: Ctx<'a>,
}

impl R<'_> {
    #[allow(clippy::too_many_arguments, reason = "one call per key reads best")]
    fn get(
        &self,
        v: &Option<Spanned<Human>>,
        key: &str,
        kind: Kind,
        default: f64,
        lo: f64,
        hi: f64,
        what: &str,
    ) -> Result<f64, InputError> {
        match v {
            None => Ok(default),
            Some(v) => units::read_within(self.cx, v, key, kind, lo, hi, what),
        }
    }

    fn fraction(
        &self,
        v: &Option<Spanned<Human>>,
        key: &str,
        default: f64,
    ) -> Result<f64, InputError> {
        self.get(
            v,
            key,
            Kind::Fraction,
            default,
            0.0,
            1.0,
            "between 0% and 100%",
        )
    }

    fn duration(
        &self,
        v: &Option<Spanned<Human>>,
        key: &str,
        default: f64,
        max_s: f64,
        what: &str,
    ) -> Result<f64, InputError> {
        match v {
            None => Ok(default),
            Some(v) => {
                let x = units::read(self.cx, v, key, Kind::Duration)?;
                if x > 0.0 && x <= max_s {
                    Ok(x)
                } else {
                    Err(self
                        .cx
                        .invalid(v, key, format!("must be > 0 and at most {what}")))
                }
            }
        }
    }

    fn count(
        &self,
        v: &Option<Spanned<Human>>,
        key: &str,
        default: f64,
        hi: f64,
    ) -> Result<f64, InputError> {
        self.get(
            v,
            key,
            Kind::Count,
            default,
            0.0,
            hi,
            &format!("between 0 and {hi}"),
        )
    }

    fn cv(&self, v: &Option<Spanned<Human>>, key: &str, default: f64) -> Result<f64, InputError> {
        self.get(
            v,
            key,
            Kind::Factor,
            default,
            0.0,
            d::MAX_CV,
            &format!("between 0 and {}", d::MAX_CV),
        )
    }
}

/// Validates a raw profile. `stem` names the app when the file gives no name.
pub fn validate(raw: &RawProfile, cx: Ctx<'_>, stem: &str) -> Result<Profile, InputError> {
    if let Some(schema) = &raw.schema
        && schema.value != PROFILE_SCHEMA
    {
        return Err(cx.invalid(
            schema,
            "schema",
            format!("must be {PROFILE_SCHEMA:?} (this version of planner reads no other)"),
        ));
    }
    let r = R { cx };
    let name = match &raw.name {
        Some(n) if n.value.trim().is_empty() => {
            return Err(cx.invalid(n, "name", "must be a non-empty name"));
        }
        Some(n) => n.value.clone(),
        None => stem.to_string(),
    };
    let users = users(&r, raw)?;
    let traffic = traffic(&r, raw.traffic.as_ref().unwrap_or(&RawTraffic::default()))?;
    let work = work(&r, raw.work.as_ref().unwrap_or(&RawWork::default()))?;
    let cache_hit_ratio = r.fraction(
        &raw.cache.as_ref().and_then(|c| c.hit_ratio.clone()),
        "cache.hit_ratio",
        d::CACHE_HIT_RATIO,
    )?;
    let cdn_hit_ratio = r.fraction(
        &raw.cdn.as_ref().and_then(|c| c.hit_ratio.clone()),
        "cdn.hit_ratio",
        d::CDN_HIT_RATIO,
    )?;
    let (max_connections, pool_per_instance) = match &raw.database {
        None => (d::MAX_CONNECTIONS, d::POOL_PER_INSTANCE),
        Some(db) => (
            whole_or(
                cx,
                &db.max_connections,
                "database.max_connections",
                d::MAX_CONNECTIONS,
                1,
                1_000_000,
            )?,
            whole_or(
                cx,
                &db.pool_per_instance,
                "database.pool_per_instance",
                d::POOL_PER_INSTANCE,
                1,
                100_000,
            )?,
        ),
    };
    let slo = slo(&r, raw)?;
    let current = current(cx, raw)?;
    let regions = regions(&r, raw)?;
    let lead_time_months = whole_or(
        cx,
        &raw.planning
            .as_ref()
            .and_then(|p| p.lead_time_months.clone()),
        "planning.lead_time_months",
        d::LEAD_TIME_MONTHS,
        0,
        120,
    )?;
    Ok(Profile {
        name,
        file: cx.file.to_string(),
        users,
        traffic,
        work,
        cache_hit_ratio,
        cdn_hit_ratio,
        max_connections,
        pool_per_instance,
        slo,
        current,
        regions,
        lead_time_months,
    })
}

fn whole_or(
    cx: Ctx<'_>,
    v: &Option<Spanned<Human>>,
    key: &str,
    default: u32,
    lo: u32,
    hi: u32,
) -> Result<u32, InputError> {
    match v {
        None => Ok(default),
        Some(v) => units::read_whole(cx, v, key, lo, hi),
    }
}

fn users(r: &R<'_>, raw: &RawProfile) -> Result<Users, InputError> {
    let cx = r.cx;
    let u = &raw.users;
    let mau = units::read(cx, &u.monthly_active, "users.monthly_active", Kind::Count)?;
    if !(1.0..=d::MAX_USERS).contains(&mau) {
        return Err(cx.invalid(
            &u.monthly_active,
            "users.monthly_active",
            format!("must be between 1 and {:e} users", d::MAX_USERS),
        ));
    }
    let daily_active_share = r.fraction(
        &u.daily_active_share,
        "users.daily_active_share",
        d::DAILY_ACTIVE_SHARE,
    )?;
    if daily_active_share <= 0.0 {
        let v = u
            .daily_active_share
            .as_ref()
            .expect("only a given value can be 0");
        return Err(cx.invalid(
            v,
            "users.daily_active_share",
            "must be > 0% and at most 100%",
        ));
    }
    let horizon_months = whole_or(
        cx,
        &u.horizon_months,
        "users.horizon_months",
        d::HORIZON_MONTHS,
        1,
        d::MAX_HORIZON_MONTHS,
    )?;
    let growth = match (&u.growth, &u.forecast) {
        (Some(g), Some(f)) => {
            return Err(cx.invalid_at(
                cx.at(f),
                "users.forecast",
                "a forecast",
                format!(
                    "cannot be given together with users.growth ({}); give one of them",
                    g.value
                ),
            ));
        }
        (Some(g), None) => Growth::Rate(units::read_within(
            cx,
            g,
            "users.growth",
            Kind::Fraction,
            -0.5,
            d::MAX_GROWTH,
            "a monthly rate between -50% and 300%",
        )?),
        (None, None) => Growth::Rate(d::GROWTH),
        (None, Some(f)) => {
            let mut points = vec![(0.0, mau)];
            if f.value.is_empty() {
                return Err(cx.invalid_at(
                    cx.at(f),
                    "users.forecast",
                    "{}",
                    "must list at least one point: month → users",
                ));
            }
            let mut last = 0u32;
            for (&month, users) in &f.value {
                let key = format!("users.forecast.{month}");
                if month <= last || month > d::MAX_HORIZON_MONTHS {
                    return Err(cx.invalid_at(
                        cx.at(users),
                        "users.forecast",
                        format!("month {month}"),
                        format!(
                            "must have months increasing from 1 to {}",
                            d::MAX_HORIZON_MONTHS
                        ),
                    ));
                }
                last = month;
                let n = units::read(cx, users, &key, Kind::Count)?;
                if !(1.0..=d::MAX_USERS).contains(&n) {
                    return Err(cx.invalid(
                        users,
                        key,
                        format!("must be between 1 and {:e} users", d::MAX_USERS),
                    ));
                }
                points.push((f64::from(month), n));
            }
            Growth::Forecast(points)
        }
    };
    Ok(Users {
        monthly_active: mau,
        daily_active_share,
        growth,
        horizon_months,
    })
}

fn traffic(r: &R<'_>, t: &RawTraffic) -> Result<Traffic, InputError> {
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

fn work(r: &R<'_>, w: &RawWork) -> Result<Work, InputError> {
    let ms = |v: &Option<Spanned<Human>>, key: &str, default_ms: f64, max_s: f64, what: &str| {
        r.duration(v, key, default_ms / 1000.0, max_s, what)
    };
    Ok(Work {
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

fn slo(r: &R<'_>, raw: &RawProfile) -> Result<Slo, InputError> {
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
    Ok(Slo {
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

fn current(cx: Ctx<'_>, raw: &RawProfile) -> Result<CurrentSetup, InputError> {
    let c = &raw.current;
    let mut components = IndexMap::new();
    for (name, rc) in &c.components {
        let key = format!("current.components.{name}");
        let size = rc.size.as_ref().map(|s| (s.value.clone(), cx.at(s)));
        let count = match &rc.count {
            Some(v) => Some((
                units::read_whole(cx, v, &format!("{key}.count"), 0, 100_000)?,
                cx.at(v),
            )),
            None => None,
        };
        let origin = match (&size, &count) {
            (Some((_, o)), _) | (None, Some((_, o))) => o.clone(),
            (None, None) => cx.at(&c.tier),
        };
        components.insert(
            name.clone(),
            CurrentComponent {
                size,
                count,
                origin,
            },
        );
    }
    Ok(CurrentSetup {
        tier: c.tier.value.clone(),
        tier_origin: cx.at(&c.tier),
        components,
    })
}

fn regions(r: &R<'_>, raw: &RawProfile) -> Result<Vec<Region>, InputError> {
    let cx = r.cx;
    let Some(map) = &raw.regions else {
        return Ok(vec![Region {
            name: d::REGION.to_string(),
            share: 1.0,
            round_trip: 0.0,
        }]);
    };
    if map.is_empty() {
        return Err(cx.invalid_at(
            cx.whole(),
            "regions",
            "{}",
            "must list at least one region (or be left out)",
        ));
    }
    let mut out = Vec::with_capacity(map.len());
    let mut sum = 0.0;
    for (i, (name, rr)) in map.iter().enumerate() {
        let key = format!("regions.{name}");
        if name.trim().is_empty() || name.contains('@') {
            return Err(cx.invalid(
                &rr.share,
                "regions",
                "must have non-empty names without '@'",
            ));
        }
        let share = units::read_within(
            cx,
            &rr.share,
            &format!("{key}.share"),
            Kind::Fraction,
            0.0,
            1.0,
            "between 0% and 100%",
        )?;
        if share <= 0.0 {
            return Err(cx.invalid(
                &rr.share,
                format!("{key}.share"),
                "must be > 0% (leave out regions without users)",
            ));
        }
        sum += share;
        let round_trip = match &rr.round_trip {
            None if i == 0 => 0.0,
            None => {
                return Err(cx.invalid(&rr.share, format!("{key}.round_trip"), format!(
                    "is required for every region after the first (the primary, {:?}): the network round trip to it, like 150ms",
                    map.keys().next().expect("not empty")
                )));
            }
            Some(v) => {
                let x = units::read(cx, v, &format!("{key}.round_trip"), Kind::Duration).or_else(
                    |e| match &v.value {
                        Human::Number(n) if *n == 0.0 => Ok(0.0),
                        _ => Err(e),
                    },
                )?;
                if i == 0 && x != 0.0 {
                    return Err(cx.invalid(
                        v,
                        format!("{key}.round_trip"),
                        "must be 0ms: the first region listed is the primary",
                    ));
                }
                if !(0.0..=d::MAX_ROUND_TRIP_S).contains(&x) {
                    return Err(cx.invalid(
                        v,
                        format!("{key}.round_trip"),
                        "must be between 0ms and 2s",
                    ));
                }
                x
            }
        };
        out.push(Region {
            name: name.clone(),
            share,
            round_trip,
        });
    }
    if (sum - 1.0).abs() > 1e-3 {
        let first = &map[0].share;
        return Err(cx.invalid_at(
            cx.at(first),
            "regions",
            format!("shares summing to {:.1}%", sum * 100.0),
            "must have shares summing to 100%",
        ));
    }
    for r in &mut out {
        r.share /= sum;
    }
    Ok(out)
}
