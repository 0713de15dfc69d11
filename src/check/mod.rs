//! `planner check`: the CI gate. Thresholds come from flags or from the
//! profile's `checks:` section (flags win); each is measured on today's setup
//! of the current tier by the assessment, scenarios are run when survival is
//! required, and a baseline profile turns headroom and cost into regression
//! checks. The command exits 1 when any check fails.

mod args;
mod render;

use serde::Serialize;

pub use args::{CheckArgs, run_cli};
pub(crate) use render::short;
pub use render::{render_markdown, render_table};

use crate::assess::{AssessOptions, AssessReport, assess};
use crate::catalog::Catalog;
use crate::error::Error;
use crate::profile::Profile;
use crate::profile::gate::Checks;
use crate::scenarios::{ScenarioResult, run_scenarios};

/// JSON schema name of check reports.
pub const CHECK_SCHEMA: &str = "planner.check/v1";

/// Default regression limits when a baseline is given without them.
pub const DEFAULT_MAX_HEADROOM_DROP: f64 = 0.10;
/// Default cost-rise limit against a baseline.
pub const DEFAULT_MAX_COST_RISE: f64 = 0.10;

/// How a measured figure is compared with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// measured ≥ threshold.
    AtLeast,
    /// measured ≤ threshold.
    AtMost,
}

/// The unit of a check's threshold and measured figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A load multiplier.
    Multiplier,
    /// Months.
    Months,
    /// Milliseconds.
    Milliseconds,
    /// US dollars a month.
    UsdPerMonth,
    /// A fraction (0..1), shown as a percentage.
    Fraction,
    /// Minutes.
    Minutes,
}

/// One check.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    /// Machine name: `headroom`, `months`, `p95`, `cost`, `utilization`,
    /// `survive.<scenario>`, `headroom_drop`, `cost_rise`.
    pub name: String,
    /// What is measured, for people.
    pub label: String,
    /// How measured and threshold compare.
    pub comparison: Comparison,
    /// The threshold, in `unit`.
    pub threshold: f64,
    /// The measured figure, in `unit`; `null` when it does not exist (see
    /// `measured_note`).
    pub measured: Option<f64>,
    /// Why there is no measured figure (beyond the horizon, saturated).
    pub measured_note: Option<String>,
    /// Unit of `threshold` and `measured`.
    pub unit: Unit,
    /// Whether the check holds.
    pub passed: bool,
    /// The component concerned, where one is.
    pub component: Option<String>,
    /// Why it fails or what the figure means.
    pub detail: String,
}

/// The outcome of `planner check`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Always `planner.check/v1`.
    pub schema: &'static str,
    /// The profile checked, as named.
    pub file: String,
    /// The app's name.
    pub app: String,
    /// The tier in use today.
    pub tier: String,
    /// Whether every check holds.
    pub passed: bool,
    /// Checks that failed.
    pub failed: usize,
    /// The checks, in a fixed order.
    pub checks: Vec<CheckResult>,
    /// The scenarios run for `survive` checks.
    pub scenarios: Vec<ScenarioResult>,
    /// The baseline profile, when one was given.
    pub baseline: Option<String>,
}

/// Thresholds after flags and the profile are merged, and the baseline.
#[derive(Debug, Clone, Default)]
pub struct Gate {
    /// The thresholds.
    pub checks: Checks,
    /// The baseline's assessment and its file name.
    pub baseline: Option<(String, AssessReport)>,
}

fn current(r: &AssessReport) -> Result<&crate::assess::report::TierReport, Error> {
    r.tiers
        .iter()
        .find(|t| t.is_current)
        .ok_or_else(|| Error::Internal("the assessment has no current tier".into()))
}

#[allow(clippy::too_many_arguments, reason = "one call per check reads best")]
fn numeric(
    name: &str,
    label: &str,
    comparison: Comparison,
    threshold: f64,
    measured: Option<f64>,
    none_passes: bool,
    measured_note: Option<String>,
    unit: Unit,
    component: Option<String>,
    detail: String,
) -> CheckResult {
    let passed = match measured {
        Some(m) => match comparison {
            Comparison::AtLeast => m >= threshold,
            Comparison::AtMost => m <= threshold,
        },
        None => none_passes,
    };
    CheckResult {
        name: name.into(),
        label: label.into(),
        comparison,
        threshold,
        measured,
        measured_note: if measured.is_none() {
            measured_note
        } else {
            None
        },
        unit,
        passed,
        component,
        detail,
    }
}

/// Runs the checks of `gate` on `profile`.
pub fn check(
    file: &str,
    profile: &Profile,
    catalog: &Catalog,
    gate: &Gate,
) -> Result<CheckReport, Error> {
    let report = assess(profile, catalog, &AssessOptions::default())?;
    let cur = current(&report)?;
    let c = &gate.checks;
    let horizon = profile.users.horizon_months;
    let bottleneck = cur.first_bottleneck.as_ref();
    let why_breaks = bottleneck
        .map(|b| format!("{} breaks the {} limit first", b.component, b.limit.name()))
        .unwrap_or_else(|| "no limit breaks within 1e10 users".into());
    let mut checks = Vec::new();
    if let Some(t) = c.min_headroom {
        checks.push(numeric(
            "headroom",
            "headroom",
            Comparison::AtLeast,
            t,
            cur.headroom_multiplier,
            true,
            Some("more than 1e10 users".into()),
            Unit::Multiplier,
            bottleneck.map(|b| b.component.clone()),
            format!("load today's setup takes before an SLO breaks; {why_breaks}"),
        ));
    }
    if let Some(t) = c.months {
        checks.push(numeric(
            "months",
            "months until breach",
            Comparison::AtLeast,
            t,
            cur.months_until_breach,
            true,
            Some(format!("no breach within the {horizon}-month horizon")),
            Unit::Months,
            bottleneck.map(|b| b.component.clone()),
            format!("months of forecast growth before today's setup breaks an SLO; {why_breaks}"),
        ));
    }
    if let Some(t) = c.max_p95 {
        checks.push(numeric(
            "p95",
            "API p95",
            Comparison::AtMost,
            t * 1000.0,
            cur.api_p95_ms_now,
            false,
            Some("saturated: a component runs at or above 100%".into()),
            Unit::Milliseconds,
            None,
            "95th percentile API response time of today's setup at today's peak".into(),
        ));
    }
    if let Some(t) = c.max_cost {
        checks.push(numeric(
            "cost",
            "monthly cost",
            Comparison::AtMost,
            t,
            cur.monthly_cost_usd.now,
            false,
            Some("today's setup has no cost figure".into()),
            Unit::UsdPerMonth,
            None,
            "today's setup at today's load".into(),
        ));
    }
    if let Some(t) = c.max_utilization {
        let busy = cur.busiest_now.as_ref();
        checks.push(numeric(
            "utilization",
            "utilization",
            Comparison::AtMost,
            t,
            busy.map(|b| b.utilization),
            true,
            Some("no component carries load".into()),
            Unit::Fraction,
            busy.map(|b| b.component.clone()),
            format!(
                "busiest component at today's peak: {}",
                busy.map(|b| b.component.as_str()).unwrap_or("none")
            ),
        ));
    }
    let scenarios = if c.survive.is_empty() {
        Vec::new()
    } else {
        // With `observed:`, on the work figures derived from it, as assessed.
        let profile = crate::assess::calibrate::demands_profile(profile, catalog, None)?;
        run_scenarios(&profile, catalog, Some(&c.survive))?.scenarios
    };
    for s in &scenarios {
        let mut r = numeric(
            &format!("survive.{}", s.name.name()),
            &format!("{}: minutes of SLO breach", s.name.name()),
            Comparison::AtMost,
            0.0,
            Some(s.breach_minutes),
            true,
            None,
            Unit::Minutes,
            s.first_failure.as_ref().map(|f| f.component.clone()),
            format!("{}: {}", s.title, s.detail),
        );
        r.passed = s.survives;
        checks.push(r);
    }
    if let Some((name, base)) = &gate.baseline {
        let b = current(base)?;
        let drop_limit = c.max_headroom_drop.unwrap_or(DEFAULT_MAX_HEADROOM_DROP);
        let drop = match (b.headroom_multiplier, cur.headroom_multiplier) {
            (Some(old), Some(new)) if old > 0.0 => Some(((old - new) / old).max(0.0)),
            (_, None) => Some(0.0),
            _ => None,
        };
        checks.push(numeric(
            "headroom_drop",
            "headroom drop vs baseline",
            Comparison::AtMost,
            drop_limit,
            drop,
            false,
            Some("the baseline has no headroom to compare with".into()),
            Unit::Fraction,
            None,
            format!(
                "headroom {} in {name} → {} now",
                fmt_opt(b.headroom_multiplier, "×"),
                fmt_opt(cur.headroom_multiplier, "×")
            ),
        ));
        let rise_limit = c.max_cost_rise.unwrap_or(DEFAULT_MAX_COST_RISE);
        let rise = match (b.monthly_cost_usd.now, cur.monthly_cost_usd.now) {
            (Some(old), Some(new)) if old > 0.0 => Some(((new - old) / old).max(0.0)),
            _ => None,
        };
        checks.push(numeric(
            "cost_rise",
            "cost rise vs baseline",
            Comparison::AtMost,
            rise_limit,
            rise,
            false,
            Some("no monthly cost to compare".into()),
            Unit::Fraction,
            None,
            format!(
                "monthly cost {} in {name} → {} now",
                fmt_opt(b.monthly_cost_usd.now, " $"),
                fmt_opt(cur.monthly_cost_usd.now, " $")
            ),
        ));
    }
    let failed = checks.iter().filter(|c| !c.passed).count();
    Ok(CheckReport {
        schema: CHECK_SCHEMA,
        file: file.to_string(),
        app: report.app.clone(),
        tier: cur.name.clone(),
        passed: failed == 0,
        failed,
        checks,
        scenarios,
        baseline: gate.baseline.as_ref().map(|b| b.0.clone()),
    })
}

fn fmt_opt(x: Option<f64>, unit: &str) -> String {
    match x {
        Some(v) if unit == "×" => crate::render::times(v),
        Some(v) => format!("{}{unit}", crate::render::num(v)),
        None => "none".into(),
    }
}
