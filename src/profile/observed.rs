//! The `observed:` section of a profile: what monitoring showed at a peak
//! (API request rate, per-component utilization, database connections in
//! use, API p50 and p95), raw and validated. `assess` turns it into
//! per-request demands by the service demand law and checks the model
//! against it (`assess::calibrate`). The section is optional; a profile
//! without it reads as before.
//!
//! Utilization is the busy share of a component's servers, averaged over
//! all of them: for compute pools and databases, CPU busy over all vCPUs of
//! all instances (what CloudWatch's `CPUUtilization` averaged over the fleet
//! shows); for a cache, the share of its nodes' published commands a second
//! in use. Component names are those of `current.components` and the tier
//! files; they are checked against the current tier by `assess`.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::error::{InputError, Origin};
use crate::input::{Ctx, Spanned};
use crate::units::{self, Human, Kind};

/// Most API requests a second accepted in `observed.api_rps`.
pub const MAX_OBSERVED_RPS: f64 = 1e9;
/// Longest API p50 or p95 accepted, seconds.
pub const MAX_OBSERVED_LATENCY_S: f64 = 600.0;
/// Most database connections accepted in `observed.db_connections_in_use`.
pub const MAX_OBSERVED_CONNECTIONS: f64 = 1e7;

/// `observed:` as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawObserved {
    /// Month of the measurement, counted from now as `users.spikes[].month`
    /// (0 = this month, the default). The setup measured is
    /// `current`.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub at: Option<Spanned<Human>>,
    /// Peak API requests a second at the time of the measurement.
    #[schemars(with = "Human")]
    pub api_rps: Spanned<Human>,
    /// Component name (as in the tier file) → busy share of its servers at
    /// that peak, `42%` or `0.42`: CPU over all vCPUs of all instances for
    /// compute pools and databases, the share of published commands a
    /// second for a cache.
    #[serde(default)]
    #[schemars(with = "Option<IndexMap<String, Human>>")]
    pub utilization: Option<Spanned<IndexMap<String, Spanned<Human>>>>,
    /// Database connections busy at that peak (active, not idle in the
    /// pool), over all database instances.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub db_connections_in_use: Option<Spanned<Human>>,
    /// API median response time at that peak (`40ms`).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub api_p50: Option<Spanned<Human>>,
    /// API 95th percentile response time at that peak (`180ms`).
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub api_p95: Option<Spanned<Human>>,
}

/// What monitoring showed, validated (SI units).
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// Month of the measurement, from now (0..=horizon).
    pub at_month: u32,
    /// Peak API requests a second (> 0).
    pub api_rps: f64,
    /// Where `api_rps` was written.
    pub origin: Origin,
    /// Component name → (busy share in (0, 1], where it was written), in
    /// file order.
    pub utilization: IndexMap<String, (f64, Origin)>,
    /// Database connections busy at the peak (≥ 0).
    pub db_connections_in_use: Option<f64>,
    /// API median response time, seconds (> 0).
    pub api_p50: Option<f64>,
    /// API 95th percentile response time, seconds (> 0, ≥ the p50).
    pub api_p95: Option<f64>,
}

/// Validates `observed:`; `horizon` bounds `at`.
pub(super) fn observed(
    cx: Ctx<'_>,
    raw: Option<&RawObserved>,
    horizon: u32,
) -> Result<Option<Observed>, InputError> {
    let Some(o) = raw else { return Ok(None) };
    let at_month = match &o.at {
        None => 0,
        Some(v) => {
            let allowed = format!(
                "must be a whole month from 0 (this month) to the horizon ({horizon}), \
                 counted from now like users.spikes[].month"
            );
            match units::read(cx, v, "observed.at", Kind::Count) {
                Ok(x) if x.fract() == 0.0 && (0.0..=f64::from(horizon)).contains(&x) => x as u32,
                _ => return Err(cx.invalid(v, "observed.at", allowed)),
            }
        }
    };
    let api_rps = units::read(cx, &o.api_rps, "observed.api_rps", Kind::Count)?;
    if !(api_rps > 0.0 && api_rps <= MAX_OBSERVED_RPS) {
        return Err(cx.invalid(
            &o.api_rps,
            "observed.api_rps",
            format!("must be > 0 and at most {MAX_OBSERVED_RPS:e} requests a second"),
        ));
    }
    let mut utilization = IndexMap::new();
    if let Some(map) = &o.utilization {
        if map.value.is_empty() {
            return Err(cx.invalid_at(
                cx.at(map),
                "observed.utilization",
                "{}",
                "must list at least one component: name → busy share (or be left out)",
            ));
        }
        for (name, v) in &map.value {
            let key = format!("observed.utilization.{name}");
            let u = units::read_within(
                cx,
                v,
                &key,
                Kind::Fraction,
                0.0,
                1.0,
                "between 0% and 100% (or 0 and 1)",
            )?;
            if u <= 0.0 {
                return Err(cx.invalid(
                    v,
                    key,
                    "must be > 0% and at most 100%: an idle component tells nothing of its demand (leave it out)",
                ));
            }
            utilization.insert(name.clone(), (u, cx.at(v)));
        }
    }
    let db_connections_in_use = match &o.db_connections_in_use {
        None => None,
        Some(v) => Some(units::read_within(
            cx,
            v,
            "observed.db_connections_in_use",
            Kind::Count,
            0.0,
            MAX_OBSERVED_CONNECTIONS,
            &format!("between 0 and {MAX_OBSERVED_CONNECTIONS:e}"),
        )?),
    };
    let time = |v: &Option<Spanned<Human>>, key: &str| -> Result<Option<f64>, InputError> {
        let Some(v) = v else { return Ok(None) };
        let x = units::read(cx, v, key, Kind::Duration)?;
        if x > 0.0 && x <= MAX_OBSERVED_LATENCY_S {
            Ok(Some(x))
        } else {
            Err(cx.invalid(v, key, "must be > 0 and at most 10min"))
        }
    };
    let api_p50 = time(&o.api_p50, "observed.api_p50")?;
    let api_p95 = time(&o.api_p95, "observed.api_p95")?;
    if let (Some(p50), Some(p95), Some(v)) = (api_p50, api_p95, &o.api_p95)
        && p95 < p50
    {
        return Err(cx.invalid(
            v,
            "observed.api_p95",
            format!(
                "must be at least observed.api_p50 ({} ms): a 95th percentile is never below the median",
                p50 * 1000.0
            ),
        ));
    }
    Ok(Some(Observed {
        at_month,
        api_rps,
        origin: cx.at(&o.api_rps),
        utilization,
        db_connections_in_use,
        api_p50,
        api_p95,
    }))
}
