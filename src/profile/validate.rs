//! From the raw profile to a `Profile` whose invariants hold, applying the
//! documented defaults (see the module `profile` for the table).

use std::path::Path;

use indexmap::IndexMap;

use super::defaults as d;
use super::model::{CurrentComponent, CurrentSetup, Growth, Pricing, Profile, Region, Users};
use super::raw::{RawProfile, RawTraffic, RawWork};
use super::read::{R, whole_or};
use super::workload::{slo, traffic, work};
use crate::error::InputError;
use crate::input::{Ctx, load_yaml, parse_yaml};
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
        None => (None, d::POOL_PER_INSTANCE),
        Some(db) => (
            match &db.max_connections {
                None => None,
                Some(v) => Some(units::read_whole(
                    cx,
                    v,
                    "database.max_connections",
                    1,
                    1_000_000,
                )?),
            },
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
        units::MAX_LEAD_TIME_MONTHS,
    )?;
    let storage = super::workload::storage(&r, raw.storage.as_ref())?;
    let pricing = match &raw.pricing {
        None => Pricing::default(),
        Some(p) => Pricing::from_name(&p.value).ok_or_else(|| {
            cx.invalid(
                p,
                "pricing",
                format!(
                    "must be one of: {}",
                    Pricing::ALL.map(Pricing::name).join(", ")
                ),
            )
        })?,
    };
    let edge = super::workload::edge(&r, raw.edge.as_ref())?;
    let notifications = super::workload::notifications(&r, raw.notifications.as_ref())?;
    let checks = super::gate::checks(&r, raw.checks.as_ref())?;
    let scenarios = super::gate::scenarios(&r, raw.scenarios.as_ref())?;
    let observed = super::observed::observed(cx, raw.observed.as_ref(), users.horizon_months)?;
    Ok(Profile {
        name,
        file: cx.file.to_string(),
        users,
        traffic,
        work,
        cache_hit_ratio,
        cdn_hit_ratio,
        edge,
        notifications,
        max_connections,
        pool_per_instance,
        slo,
        current,
        regions,
        lead_time_months,
        storage,
        pricing,
        checks,
        scenarios,
        observed,
    })
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
    let mut growth_dist = None;
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
        (Some(g), None) => {
            let (rate, dist) = super::growth::growth(cx, g)?;
            growth_dist = dist;
            rate
        }
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
    let spikes = super::growth::spikes(cx, &u.spikes)?;
    Ok(Users {
        monthly_active: mau,
        daily_active_share,
        growth,
        growth_dist,
        spikes,
        horizon_months,
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
    let colocate = match &c.colocate {
        Some(list) => {
            let names = &list.value;
            let mut seen: Vec<&str> = Vec::new();
            for n in names {
                if n.trim().is_empty() || seen.contains(&n.as_str()) {
                    return Err(cx.invalid_at(
                        cx.at(list),
                        "current.colocate",
                        format!("{names:?}"),
                        "must list distinct, non-empty component names",
                    ));
                }
                seen.push(n);
            }
            if names.len() < 2 {
                return Err(cx.invalid_at(
                    cx.at(list),
                    "current.colocate",
                    format!("{names:?}"),
                    "must list at least two components that share one machine (e.g. [app, db])",
                ));
            }
            names.clone()
        }
        None => Vec::new(),
    };
    Ok(CurrentSetup {
        tier: c.tier.value.clone(),
        tier_origin: cx.at(&c.tier),
        components,
        colocate,
        colocate_origin: c.colocate.as_ref().map(|l| cx.at(l)),
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
            return Err(cx.invalid_at(
                cx.at(&rr.share),
                "regions",
                format!("{name:?} (a region name)"),
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
                return Err(cx.invalid_at(
                    cx.at(&rr.share),
                    format!("{key}.round_trip"),
                    "nothing",
                    format!(
                        "is required for every region after the first (the primary, {:?}): the network round trip to it, like 150ms",
                        map.keys().next().expect("not empty")
                    ),
                ));
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
