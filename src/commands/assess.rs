//! `planner assess`: its arguments, its run and the choice of renderer
//! (the one-screen summary, `--detail`, Markdown, JSON or the HTML report).

use std::path::PathBuf;

use clap::Args;

use crate::error::Error;
use crate::exit;
use crate::output::{Format, Outcome, OutputArgs, outcome};
use crate::render;

/// `planner assess`.
#[derive(Debug, Clone, Args)]
pub struct AssessArgs {
    /// The app profile (YAML).
    pub profile: PathBuf,
    /// A folder of tier files (`*.toml`) and optionally `prices.toml` that add
    /// to or override the built-in catalog.
    #[arg(long, value_name = "DIR")]
    pub tiers: Option<PathBuf>,
    /// Months to start moving before a tier breaches its SLOs, 0 to 120
    /// (default: the profile's `planning.lead_time_months`, else 2).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = crate::units::lead_time_flag)]
    pub lead_time_months: Option<u32>,
    /// How instances are paid for: on_demand, savings_1yr or savings_3yr
    /// (default: the profile's `pricing`, else on_demand).
    #[arg(long, value_name = "TERMS", value_parser = crate::profile::Pricing::parse_flag)]
    pub pricing: Option<crate::profile::Pricing>,
    /// Also run the failure scenarios on today's setup.
    #[arg(long, conflicts_with = "network")]
    pub scenarios: bool,
    /// Instead of the assessment, print the network assess builds for TIER
    /// as a network file (YAML) that `planner solve` and `planner simulate`
    /// read: its right-sized configuration at --month.
    #[arg(long, value_name = "TIER")]
    pub network: Option<String>,
    /// With --network: the month (0 = today, up to the profile's horizon).
    #[arg(long, value_name = "M", requires = "network")]
    pub month: Option<u32>,
    /// With --network: the profile's current setup (current tier only)
    /// instead of the right-sized configuration.
    #[arg(long, requires = "network")]
    pub current: bool,
    /// Table format: add every tier's month-by-month table and the method
    /// to the one-screen summary.
    #[arg(long)]
    pub detail: bool,
    /// With `observed:` in the profile: assess with the work figures
    /// derived from it (`observed`, the default) or with those typed in
    /// `work:` (`typed`); the calibration table shows both either way.
    #[arg(long, value_name = "WHICH", value_parser = crate::assess::Demands::parse_flag)]
    pub demands: Option<crate::assess::Demands>,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Runs `planner assess`.
pub fn assess(args: &AssessArgs) -> Result<Outcome, Error> {
    let opts = crate::assess::AssessOptions {
        lead_time_months: args.lead_time_months,
        pricing: args.pricing,
        demands: args.demands,
    };
    if let Some(tier) = &args.network {
        let profile = crate::profile::load_profile(&args.profile)?;
        let catalog = crate::catalog::load_catalog(args.tiers.as_deref())?;
        let profile = crate::assess::calibrate::demands_profile(&profile, &catalog, args.demands)?;
        let what = crate::assess::NetworkExport {
            tier: tier.clone(),
            month: args.month.unwrap_or(0),
            current: args.current,
        };
        let text = crate::assess::export_network(&profile, &catalog, &what)?;
        // YAML whatever --format says, never coloured.
        let mut o = outcome(text, &args.out, &assess_inputs(args), exit::SUCCESS);
        o.colorable = false;
        return Ok(o);
    }
    if args.scenarios {
        let text = crate::scenarios::assess_with_scenarios(
            &args.profile,
            args.tiers.as_deref(),
            args.out.format,
            &opts,
        )?;
        return Ok(outcome(
            text,
            &args.out,
            &assess_inputs(args),
            exit::SUCCESS,
        ));
    }
    let profile = crate::profile::load_profile(&args.profile)?;
    let catalog = crate::catalog::load_catalog(args.tiers.as_deref())?;
    let report = crate::assess::assess(&profile, &catalog, &opts)?;
    let text = match args.out.format {
        Format::Table if args.detail => crate::assess::render_table(&report),
        Format::Table => crate::assess::render_summary(&report),
        Format::Markdown => crate::assess::render_markdown(&report),
        Format::Json => render::json(&report)?,
        Format::Html => {
            // The HTML report also draws the growth timeline: the same
            // model over the same horizon, fewer paths to stay quick.
            let profile =
                crate::assess::calibrate::demands_profile(&profile, &catalog, args.demands)?;
            let timeline = crate::timeline::timeline(
                &profile,
                &catalog,
                &crate::timeline::TimelineOptions {
                    months: Some(report.horizon_months),
                    paths: render::html::TIMELINE_PATHS,
                    lead_time_months: args.lead_time_months,
                    pricing: args.pricing,
                    ..Default::default()
                },
            )?;
            render::html::render(&report, &timeline)
        }
    };
    Ok(outcome(
        text,
        &args.out,
        &assess_inputs(args),
        exit::SUCCESS,
    ))
}

/// The inputs of `assess`: the profile and the `--tiers` folder, whose
/// files output must never replace.
fn assess_inputs(args: &AssessArgs) -> Vec<&std::path::Path> {
    std::iter::once(args.profile.as_path())
        .chain(args.tiers.as_deref())
        .collect()
}
