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
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = crate::units::whole_flag)]
    pub months: Option<u32>,
    /// Monte Carlo growth paths (1 to 1,000,000).
    #[arg(long, value_name = "N", default_value_t = super::DEFAULT_PATHS, allow_negative_numbers = true, value_parser = crate::units::whole_flag)]
    pub paths: u32,
    /// Seed of the growth paths: the same seed gives the same output.
    #[arg(long, value_name = "S", default_value_t = super::DEFAULT_SEED, allow_negative_numbers = true, value_parser = crate::units::whole_flag_u64)]
    pub seed: u64,
    /// Months to start moving before a tier breaches, 0 to 120 (default:
    /// the profile's `planning.lead_time_months`, else 2).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = crate::units::lead_time_flag)]
    pub lead_time_months: Option<u32>,
    /// How instances are paid for: on_demand, savings_1yr or savings_3yr
    /// (default: the profile's `pricing`, else on_demand).
    #[arg(long, value_name = "TERMS", value_parser = crate::profile::Pricing::parse_flag)]
    pub pricing: Option<crate::profile::Pricing>,
    /// A folder of tier files that add to or override the built-in catalog.
    #[arg(long, value_name = "DIR")]
    pub tiers: Option<PathBuf>,
    /// Also draw the timeline as an SVG chart to FILE (a regular file is
    /// replaced atomically; never an input or the --output file).
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = TimelineFormat::Table)]
    pub format: TimelineFormat,
    /// Write the output to FILE instead of stdout (a regular file is replaced
    /// atomically; a device or pipe is written through); `-` is stdout.
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
    let mut inputs = vec![args.profile.clone()];
    inputs.extend(args.tiers.clone());
    let output = args.output.clone().filter(|p| p.as_os_str() != "-");
    // Both outputs are checked before anything is computed or written.
    if let Some(chart) = &args.chart {
        if chart.as_os_str() == "-" {
            return Err(Error::Usage(
                "--chart must name a file, got -: stdout carries the timeline itself".into(),
            ));
        }
        crate::output::check_output_path(chart, &inputs, Some("--chart"))?;
        if let Some(out) = &output {
            crate::output::check_distinct(("--output", out), ("--chart", chart))?;
        }
    }
    if let Some(out) = &output {
        crate::output::check_output_path(out, &inputs, Some("--output"))?;
    }
    let report = super::timeline_file(&args.profile, args.tiers.as_deref(), &opts)?;
    if let Some(chart) = &args.chart {
        let svg = super::chart::render_svg(&report)?;
        crate::output::write_output(chart, &svg, &inputs, Some("--chart"))?;
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
    let inputs: Vec<&std::path::Path> = inputs.iter().map(|p| p.as_path()).collect();
    Ok(outcome(text, &out, &inputs, exit::SUCCESS))
}
