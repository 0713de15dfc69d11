//! The `planner fit` arguments and command, kept out of `cli.rs`.

use std::path::PathBuf;

use clap::Args;

use crate::error::Error;
use crate::exit;
use crate::output::{Format, Outcome, OutputArgs, outcome};

use super::emit::Emit;
use super::model::Discipline;
use super::read::InputFormat;
use super::{FitOptions, fit_file};

/// `planner fit`.
#[derive(Debug, Clone, Args)]
pub struct FitArgs {
    /// The load test: an open-loop CSV (`offered_rps,achieved_rps,p50_ms,
    /// p95_ms,p99_ms[,utilization][,error_rate]`), a closed-loop CSV
    /// (`clients,throughput_rps[,mean_ms,p50_ms,p95_ms,p99_ms,utilization]`),
    /// an oha JSON file or a folder of them (one per step).
    pub load_test: PathBuf,
    /// How to read it (default: from the header or content).
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub format_in: InputFormat,
    /// Fit only the steps whose measured utilization is at most this
    /// fraction (e.g. 0.75 or 75%); the others are predicted and compared.
    #[arg(long, value_name = "FRACTION")]
    pub max_utilization: Option<String>,
    /// Also predict at these arrival rates, req/s (comma-separated, e.g.
    /// 500,1k,2000).
    #[arg(long, value_name = "RATE,...", value_delimiter = ',')]
    pub predict: Vec<String>,
    /// Squared coefficient of variation of the load generator's
    /// inter-arrival times: 0 for a constant-rate generator, 1 for Poisson.
    #[arg(long, value_name = "SCV", default_value_t = super::DEFAULT_ARRIVAL_SCV)]
    pub arrival_scv: f64,
    /// How the resource under test serves its requests: `ps` for a CPU
    /// time-sliced among processes and requests (the usual case), `fcfs`
    /// for one that serves one request at a time in order.
    #[arg(long, value_enum, default_value_t = Discipline::Ps)]
    pub discipline: Discipline,
    /// Instead of the report, write a network YAML (for solve/simulate) or
    /// the `work:` figures of an app profile.
    #[arg(long, value_enum)]
    pub emit: Option<Emit>,
    /// Arrival rate of the emitted network, req/s (default: the busiest
    /// fitted step's rate; 80% of saturation for closed-loop data).
    #[arg(long, value_name = "RATE", requires = "emit")]
    pub emit_rate: Option<String>,
    /// Also draw measured against fitted as an SVG chart to FILE.
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
}

fn rate(text: &str, flag: &str) -> Result<f64, Error> {
    use crate::units::{Kind, parse_flag};
    parse_flag(text.trim(), flag, Kind::Count, 1e-9, 1e12)
}

/// Runs `planner fit`.
pub fn run(args: &FitArgs) -> Result<Outcome, Error> {
    let max_utilization = args
        .max_utilization
        .as_deref()
        .map(|m| {
            crate::units::parse_flag(m, "max-utilization", crate::units::Kind::Fraction, 0.0, 1.0)
        })
        .transpose()?;
    let predict = args
        .predict
        .iter()
        .map(|p| rate(p, "predict"))
        .collect::<Result<Vec<_>, _>>()?;
    if !(args.arrival_scv.is_finite() && (0.0..=100.0).contains(&args.arrival_scv)) {
        return Err(Error::Usage(format!(
            "--arrival-scv must be between 0 and 100, got {}",
            args.arrival_scv
        )));
    }
    let opts = FitOptions {
        max_utilization,
        predict,
        arrival_scv: args.arrival_scv,
        discipline: args.discipline,
    };
    let report = fit_file(&args.load_test, args.format_in, &opts)?;
    if let Some(chart) = &args.chart {
        let svg = super::chart::render_svg(&report)?;
        crate::output::write_file_atomically(chart, &svg, std::slice::from_ref(&args.load_test))?;
    }
    let text = if let Some(what) = args.emit {
        let r = match &args.emit_rate {
            Some(t) => rate(t, "emit-rate")?,
            None if report.kind == "open" => report
                .residuals
                .iter()
                .filter(|e| e.fitted)
                .map(|e| e.load)
                .fold(0.0, f64::max),
            None => 0.8 * report.saturation_rps,
        };
        let r = if r > 0.0 {
            r
        } else {
            0.5 * report.saturation_rps
        };
        super::emit::emit(&report, what, r)
    } else {
        match args.out.format {
            Format::Table => super::render::render_table(&report),
            Format::Markdown => super::render::render_markdown(&report),
            Format::Json => crate::render::json(&report)?,
            Format::Html => return Err(Format::html_unsupported("fit")),
        }
    };
    let mut o = outcome(text, &args.out, &[&args.load_test], exit::SUCCESS);
    o.colorable = o.colorable && args.emit.is_none();
    Ok(o)
}
