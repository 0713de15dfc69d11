//! `planner check` on the command line: flags, merging them over the
//! profile's `checks:` section, and the exit code.

use std::path::PathBuf;

use clap::Args;

use super::{Gate, check};
use crate::assess::{AssessOptions, assess};
use crate::error::Error;
use crate::exit;
use crate::output::{Format, Outcome, OutputArgs};
use crate::profile::gate::ScenarioKind;
use crate::units::Kind;

/// `planner check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// The app profile (YAML).
    pub profile: PathBuf,
    /// A folder of tier files that add to or override the built-in catalog.
    #[arg(long, value_name = "DIR")]
    pub tiers: Option<PathBuf>,
    /// Least headroom: the load multiplier today's setup must take (e.g. 1.5).
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    pub min_headroom: Option<String>,
    /// Least months of growth before today's setup breaks an SLO.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub months: Option<String>,
    /// Highest API p95 today (e.g. 250ms).
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub max_p95: Option<String>,
    /// Highest monthly cost today (e.g. '$5000').
    #[arg(long, value_name = "USD", allow_hyphen_values = true)]
    pub max_cost: Option<String>,
    /// Highest utilization of any component today (e.g. 70%).
    #[arg(long, value_name = "SHARE", allow_hyphen_values = true)]
    pub max_utilization: Option<String>,
    /// Scenarios today's setup must survive (comma-separated): spike,
    /// instance_loss, replica_loss, cold_cache, region_failover.
    #[arg(long, value_name = "SCENARIO", value_delimiter = ',')]
    pub survive: Vec<String>,
    /// A baseline profile (e.g. the main branch's): fail on a regression.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Against the baseline: largest headroom drop allowed (default 10%).
    #[arg(long, value_name = "SHARE", allow_hyphen_values = true)]
    pub max_headroom_drop: Option<String>,
    /// Against the baseline: largest monthly cost rise allowed (default 10%).
    #[arg(long, value_name = "SHARE", allow_hyphen_values = true)]
    pub max_cost_rise: Option<String>,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// A flag's value in `[lo, hi]`, its range worded as the `checks:` key's
/// is (`what`), so that flag and file errors read alike.
fn flag(
    v: &Option<String>,
    name: &str,
    kind: Kind,
    (lo, hi): (f64, f64),
    what: &str,
) -> Result<Option<f64>, Error> {
    v.as_deref()
        .map(|s| crate::units::parse_flag_worded(s, name, kind, lo, hi, what))
        .transpose()
}

/// Runs `planner check`: exit 0 when every check holds, 1 when one fails.
pub fn run_cli(args: &CheckArgs) -> Result<Outcome, Error> {
    let profile = crate::profile::load_profile(&args.profile)?;
    let catalog = crate::catalog::load_catalog(args.tiers.as_deref())?;
    let mut c = profile.checks.clone();
    let set = |slot: &mut Option<f64>, v: Option<f64>| {
        if v.is_some() {
            *slot = v;
        }
    };
    set(
        &mut c.min_headroom,
        flag(
            &args.min_headroom,
            "min-headroom",
            Kind::Factor,
            (0.0, 1e6),
            "a factor between 0 and 1e6, like 1.5",
        )?,
    );
    set(
        &mut c.months,
        flag(
            &args.months,
            "months",
            Kind::Count,
            (0.0, 1200.0),
            "between 0 and 1200 months",
        )?,
    );
    set(
        &mut c.max_p95,
        flag(
            &args.max_p95,
            "max-p95",
            Kind::Duration,
            (f64::MIN_POSITIVE, 60.0),
            "> 0 and at most 60s",
        )?,
    );
    set(
        &mut c.max_cost,
        flag(
            &args.max_cost,
            "max-cost",
            Kind::Money,
            (0.0, 1e9),
            "between $0 and $1bn a month",
        )?,
    );
    set(
        &mut c.max_utilization,
        flag(
            &args.max_utilization,
            "max-utilization",
            Kind::Fraction,
            (0.0, 1.0),
            "between 0% and 100%",
        )?,
    );
    set(
        &mut c.max_headroom_drop,
        flag(
            &args.max_headroom_drop,
            "max-headroom-drop",
            Kind::Fraction,
            (0.0, 1.0),
            "between 0% and 100%",
        )?,
    );
    set(
        &mut c.max_cost_rise,
        flag(
            &args.max_cost_rise,
            "max-cost-rise",
            Kind::Fraction,
            (0.0, 100.0),
            "between 0% and 10000%",
        )?,
    );
    if !args.survive.is_empty() {
        c.survive.clear();
        for s in &args.survive {
            let k = ScenarioKind::parse(s).ok_or_else(|| {
                Error::Usage(format!(
                    "--survive must name scenarios, from: {}; got {s:?}",
                    ScenarioKind::names()
                ))
            })?;
            if !c.survive.contains(&k) {
                c.survive.push(k);
            }
        }
    }
    if args.baseline.is_none() && (args.max_headroom_drop.is_some() || args.max_cost_rise.is_some())
    {
        return Err(Error::Usage(
            "--max-headroom-drop and --max-cost-rise need --baseline FILE".into(),
        ));
    }
    let nothing = c.min_headroom.is_none()
        && c.months.is_none()
        && c.max_p95.is_none()
        && c.max_cost.is_none()
        && c.max_utilization.is_none()
        && c.survive.is_empty()
        && args.baseline.is_none();
    if nothing {
        return Err(Error::Usage(format!(
            "{}: nothing to check: give thresholds (--min-headroom, --months, --max-p95, --max-cost, --max-utilization, --survive, --baseline) or a checks: section in the profile",
            args.profile.display()
        )));
    }
    let baseline = match &args.baseline {
        None => None,
        Some(path) => {
            let bp = crate::profile::load_profile(path)?;
            let report = assess(&bp, &catalog, &AssessOptions::default())?;
            Some((path.display().to_string(), report))
        }
    };
    let gate = Gate {
        checks: c,
        baseline,
    };
    let report = check(
        &args.profile.display().to_string(),
        &profile,
        &catalog,
        &gate,
    )?;
    let text = match args.out.format {
        Format::Table => super::render_table(&report),
        Format::Markdown => super::render_markdown(&report),
        Format::Json => crate::render::json(&report)?,
        Format::Html => return Err(Format::html_unsupported("check")),
    };
    let mut inputs = vec![args.profile.clone()];
    inputs.extend(args.baseline.clone());
    inputs.extend(args.tiers.clone());
    Ok(Outcome {
        text,
        output: args.out.output.clone().filter(|p| p.as_os_str() != "-"),
        inputs,
        exit_code: if report.passed {
            exit::SUCCESS
        } else {
            exit::CHECK_FAILED
        },
        colorable: args.out.format == crate::output::Format::Table,
    })
}
