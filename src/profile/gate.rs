//! The `checks:` and `scenarios:` sections of a profile: thresholds of the CI
//! gate (`planner check`) and the parameters of the failure scenarios, raw
//! and validated. Both sections are optional; a profile without them reads
//! as before.

use schemars::JsonSchema;
use serde::Deserialize;

use super::read::R;
use crate::error::InputError;
use crate::input::Spanned;
use crate::units::{self, Human, Kind};

/// The failure scenarios, by their names in files and flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioKind {
    /// A launch spike: load × multiplier for a while.
    Spike,
    /// Losing one app instance.
    InstanceLoss,
    /// Losing one database read replica.
    ReplicaLoss,
    /// A cold cache after a deploy.
    ColdCache,
    /// Losing a region; its traffic moves to the others.
    RegionFailover,
}

impl ScenarioKind {
    /// Every scenario, in report order.
    pub const ALL: [ScenarioKind; 5] = [
        ScenarioKind::Spike,
        ScenarioKind::InstanceLoss,
        ScenarioKind::ReplicaLoss,
        ScenarioKind::ColdCache,
        ScenarioKind::RegionFailover,
    ];

    /// Name as written.
    pub fn name(self) -> &'static str {
        match self {
            ScenarioKind::Spike => "spike",
            ScenarioKind::InstanceLoss => "instance_loss",
            ScenarioKind::ReplicaLoss => "replica_loss",
            ScenarioKind::ColdCache => "cold_cache",
            ScenarioKind::RegionFailover => "region_failover",
        }
    }

    /// Parses a name, with `-` or `_`.
    pub fn parse(s: &str) -> Option<ScenarioKind> {
        let s = s.trim().replace('-', "_");
        ScenarioKind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// The names, for error messages.
    pub fn names() -> String {
        ScenarioKind::ALL.map(|k| k.name()).join(", ")
    }
}

/// `checks:` as written.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawChecks {
    /// Least load multiplier today's setup must take.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub min_headroom: Option<Spanned<Human>>,
    /// Least months of growth before today's setup breaks an SLO.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub months: Option<Spanned<Human>>,
    /// Highest API p95 today.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub max_p95: Option<Spanned<Human>>,
    /// Highest monthly cost today.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub max_cost: Option<Spanned<Human>>,
    /// Highest utilization of any component today.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub max_utilization: Option<Spanned<Human>>,
    /// Scenarios today's setup must survive.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub survive: Option<Vec<Spanned<String>>>,
    /// Against a baseline: the largest drop of the headroom allowed.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub max_headroom_drop: Option<Spanned<Human>>,
    /// Against a baseline: the largest rise of the monthly cost allowed.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub max_cost_rise: Option<Spanned<Human>>,
}

/// Validated thresholds; `None` means "not checked".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checks {
    /// Least headroom, a load multiplier (> 0).
    pub min_headroom: Option<f64>,
    /// Least months until breach (≥ 0).
    pub months: Option<f64>,
    /// Highest API p95, seconds.
    pub max_p95: Option<f64>,
    /// Highest monthly cost, US dollars.
    pub max_cost: Option<f64>,
    /// Highest utilization of any component, 0..1.
    pub max_utilization: Option<f64>,
    /// Scenarios to survive.
    pub survive: Vec<ScenarioKind>,
    /// Largest headroom drop against a baseline, a fraction of the baseline's.
    pub max_headroom_drop: Option<f64>,
    /// Largest monthly cost rise against a baseline, a fraction of the
    /// baseline's.
    pub max_cost_rise: Option<f64>,
}

/// `scenarios:` as written.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenarios {
    /// The launch spike.
    #[serde(default)]
    pub spike: Option<RawSpike>,
    /// Losing one app instance.
    #[serde(default)]
    pub instance_loss: Option<RawReplacement>,
    /// Losing one read replica.
    #[serde(default)]
    pub replica_loss: Option<RawReplacement>,
    /// The cold cache.
    #[serde(default)]
    pub cold_cache: Option<RawColdCache>,
    /// Losing a region.
    #[serde(default)]
    pub region_failover: Option<RawFailover>,
}

/// `scenarios.spike`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ScenarioSpike")]
pub struct RawSpike {
    /// Load multiplier.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub multiplier: Option<Spanned<Human>>,
    /// How long the spike lasts.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub duration: Option<Spanned<Human>>,
    /// Time autoscaling takes to add instances.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub autoscaling_lag: Option<Spanned<Human>>,
}

/// `scenarios.instance_loss` and `scenarios.replica_loss`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReplacement {
    /// Time until the lost instance is replaced.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub replacement: Option<Spanned<Human>>,
}

/// `scenarios.cold_cache`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawColdCache {
    /// Time for the hit ratio to climb from 0 to its steady value.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub warmup: Option<Spanned<Human>>,
}

/// `scenarios.region_failover`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFailover {
    /// How long the region stays lost.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub duration: Option<Spanned<Human>>,
}

/// Validated scenario parameters (seconds for times).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScenarioParams {
    /// Spike load multiplier (> 1).
    pub spike_multiplier: f64,
    /// Spike duration, seconds.
    pub spike_duration: f64,
    /// Autoscaling lag, seconds.
    pub autoscaling_lag: f64,
    /// Time to replace a lost app instance, seconds.
    pub instance_replacement: f64,
    /// Time to replace a lost read replica, seconds.
    pub replica_replacement: f64,
    /// Cache warm-up time, seconds.
    pub cache_warmup: f64,
    /// Region outage duration, seconds.
    pub failover_duration: f64,
}

impl Default for ScenarioParams {
    fn default() -> Self {
        ScenarioParams {
            spike_multiplier: 10.0,
            spike_duration: 3600.0,
            autoscaling_lag: 180.0,
            instance_replacement: 300.0,
            replica_replacement: 600.0,
            cache_warmup: 1800.0,
            failover_duration: 3600.0,
        }
    }
}

/// Longest scenario time accepted: a week.
const MAX_SCENARIO_S: f64 = 7.0 * 86_400.0;

pub(super) fn checks(r: &R<'_>, raw: Option<&RawChecks>) -> Result<Checks, InputError> {
    let Some(c) = raw else {
        return Ok(Checks::default());
    };
    let cx = r.cx;
    let opt = |v: &Option<Spanned<Human>>,
               key: &str,
               kind: Kind,
               lo: f64,
               hi: f64,
               what: &str|
     -> Result<Option<f64>, InputError> {
        v.as_ref()
            .map(|v| units::read_within(cx, v, key, kind, lo, hi, what))
            .transpose()
    };
    let mut survive = Vec::new();
    for s in c.survive.iter().flatten() {
        let k = ScenarioKind::parse(&s.value).ok_or_else(|| {
            cx.invalid(
                s,
                "checks.survive",
                format!("must name scenarios, from: {}", ScenarioKind::names()),
            )
        })?;
        if !survive.contains(&k) {
            survive.push(k);
        }
    }
    let min_headroom = opt(
        &c.min_headroom,
        "checks.min_headroom",
        Kind::Factor,
        0.0,
        1e6,
        "a factor between 0 and 1e6, like 1.5",
    )?;
    Ok(Checks {
        min_headroom,
        months: opt(
            &c.months,
            "checks.months",
            Kind::Count,
            0.0,
            1200.0,
            "between 0 and 1200 months",
        )?,
        max_p95: match &c.max_p95 {
            None => None,
            Some(v) => Some(r.duration(&Some(v.clone()), "checks.max_p95", 0.0, 60.0, "60s")?),
        },
        max_cost: opt(
            &c.max_cost,
            "checks.max_cost",
            Kind::Money,
            0.0,
            1e9,
            "between $0 and $1bn a month",
        )?,
        max_utilization: opt(
            &c.max_utilization,
            "checks.max_utilization",
            Kind::Fraction,
            0.0,
            1.0,
            "between 0% and 100%",
        )?,
        survive,
        max_headroom_drop: opt(
            &c.max_headroom_drop,
            "checks.max_headroom_drop",
            Kind::Fraction,
            0.0,
            1.0,
            "between 0% and 100%",
        )?,
        max_cost_rise: opt(
            &c.max_cost_rise,
            "checks.max_cost_rise",
            Kind::Fraction,
            0.0,
            100.0,
            "between 0% and 10000%",
        )?,
    })
}

pub(super) fn scenarios(
    r: &R<'_>,
    raw: Option<&RawScenarios>,
) -> Result<ScenarioParams, InputError> {
    let d = ScenarioParams::default();
    let Some(s) = raw else {
        return Ok(d);
    };
    let time = |v: Option<&Spanned<Human>>, key: &str, default: f64| {
        r.duration(&v.cloned(), key, default, MAX_SCENARIO_S, "7 days")
    };
    let spike = s.spike.as_ref();
    let multiplier = match spike.and_then(|x| x.multiplier.as_ref()) {
        None => d.spike_multiplier,
        Some(v) => units::read_within(
            r.cx,
            v,
            "scenarios.spike.multiplier",
            Kind::Factor,
            1.0,
            1e6,
            "a factor between 1 and 1e6, like 10x",
        )?,
    };
    Ok(ScenarioParams {
        spike_multiplier: multiplier,
        spike_duration: time(
            spike.and_then(|x| x.duration.as_ref()),
            "scenarios.spike.duration",
            d.spike_duration,
        )?,
        autoscaling_lag: time(
            spike.and_then(|x| x.autoscaling_lag.as_ref()),
            "scenarios.spike.autoscaling_lag",
            d.autoscaling_lag,
        )?,
        instance_replacement: time(
            s.instance_loss
                .as_ref()
                .and_then(|x| x.replacement.as_ref()),
            "scenarios.instance_loss.replacement",
            d.instance_replacement,
        )?,
        replica_replacement: time(
            s.replica_loss.as_ref().and_then(|x| x.replacement.as_ref()),
            "scenarios.replica_loss.replacement",
            d.replica_replacement,
        )?,
        cache_warmup: time(
            s.cold_cache.as_ref().and_then(|x| x.warmup.as_ref()),
            "scenarios.cold_cache.warmup",
            d.cache_warmup,
        )?,
        failover_duration: time(
            s.region_failover.as_ref().and_then(|x| x.duration.as_ref()),
            "scenarios.region_failover.duration",
            d.failover_duration,
        )?,
    })
}
