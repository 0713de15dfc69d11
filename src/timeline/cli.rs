//! The `planner timeline` arguments and command, kept out of `cli.rs`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::error::Error;
use crate::exit;
use crate::output::{Outcome, OutputArgs, outcome};

/// Timeline output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    /// A table for people, with units in the headers.
    Table,
    /// JSON for machines (`planner.timeline/v1`).
    Json,
    /// Markdown.
    Markdown,
    /// CSV, one line per month, units in the column names.
    Csv,
}

/// `planner timeline`.
#[derive(Debug, Clone, Args)]
pub struct TimelineArgs {
    /// The app profile (YAML).
    pub profile: PathBuf,
    /// Months to show (default: the profile's `users.horizon_months`).
    #[arg(long, value_name = "N")]
    pub months: Option<u32>,
    /// Monte Carlo growth paths (1 to 1,000,000).
    #[arg(long, value_name = "N", default_value_t = super::DEFAULT_PATHS)]
    pub paths: u32,
    /// Seed of the growth paths: the same seed gives the same output.
    #[arg(long, value_name = "S", default_value_t = super::DEFAULT_SEED)]
    pub seed: u64,
    /// Months to start moving before a tier breaches (default: the
    /// profile's `planning.lead_time_months`, else 2).
    #[arg(long, value_name = "N")]
    pub lead_time_months: Option<u32>,
    /// How instances are paid for: on_demand, savings_1yr or savings_3yr
    /// (default: the profile's `pricing`, else on_demand).
    #[arg(long, value_name = "TERMS", value_parser = crate::profile::Pricing::parse_flag)]
    pub pricing: Option<crate::profile::Pricing>,
    /// A folder of tier files that add to or override the built-in catalog.
    #[arg(long, value_name = "DIR")]
    pub tiers: Option<PathBuf>,
    /// Also draw the timeline as an SVG chart to FILE (written atomically).
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = TimelineFormat::Table)]
    pub format: TimelineFormat,
    /// Write the output to FILE (written atomically) instead of stdout; `-` is stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `planner timeline`.
pub fn run(args: &TimelineArgs) -> Result<Outcome, Error> {
    let opts = super::TimelineOptions {
        months: args.months,
        paths: args.paths,
        seed: args.seed,
        lead_time_months: args.lead_time_months,
        pricing: args.pricing,
    };
    let report = super::timeline_file(&args.profile, args.tiers.as_deref(), &opts)?;
    if let Some(chart) = &args.chart {
        let svg = super::chart::render_svg(&report)?;
        crate::output::write_file_atomically(chart, &svg, std::slice::from_ref(&args.profile))?;
    }
    let text = match args.format {
        TimelineFormat::Table => super::render::render_table(&report),
        TimelineFormat::Markdown => super::render::render_markdown(&report),
        TimelineFormat::Csv => super::render::render_csv(&report),
        TimelineFormat::Json => crate::render::json(&report)?,
    };
    let out = OutputArgs {
        format: crate::output::Format::Table,
        output: args.output.clone(),
    };
    Ok(outcome(text, &out, &[&args.profile], exit::SUCCESS))
}
