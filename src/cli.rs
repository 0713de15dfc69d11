//! Command-line interface: the clap definitions and the dispatch from a parsed
//! command to the library. Returns text and an exit code; never prints.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::exit;
use crate::render;

/// Capacity planning for app backends, from queueing theory.
#[derive(Debug, Parser)]
#[command(name = "planner", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assess an app profile (app.yaml): first bottleneck, headroom, when to
    /// upgrade and the monthly cost of each architecture tier.
    #[command(
        after_help = "Examples:\n  planner assess examples/b2b-saas.yaml\n  planner assess app.yaml --format json --lead-time-months 3\n  planner assess app.yaml --tiers my-tiers/"
    )]
    Assess(AssessArgs),
    /// Solve an open queueing network analytically (network.yaml).
    #[command(
        after_help = "Example:\n  planner solve examples/networks/web-cache-db.yaml --format json"
    )]
    Solve(SolveArgs),
    /// Simulate a network (discrete events, seeded) and report figures with
    /// 95% confidence intervals.
    #[command(
        after_help = "Examples:\n  planner simulate examples/networks/web-cache-db.yaml\n  planner simulate examples/networks/web-cache-db.yaml --compare\n  planner simulate net.yaml --requests 1000000 --replications 20 --seed 7 --format json"
    )]
    Simulate(SimulateArgs),
    /// CI gate: check headroom, months, p95, cost, utilization, scenario
    /// survival and regressions against a baseline; exit 1 when one fails.
    #[command(
        after_help = "Examples:\n  planner check app.yaml --min-headroom 1.5 --months 6 --max-p95 250ms --max-cost '$5000'\n  planner check app.yaml --survive spike,instance_loss --format markdown -o capacity.md\n  planner check app.yaml --baseline main.yaml --max-headroom-drop 10%"
    )]
    Check(crate::check::CheckArgs),
    /// Compare two tiers of one profile, or two profiles (before and after
    /// a change): per component utilization, p95, headroom, months left and
    /// monthly cost, with the changes and a verdict.
    #[command(
        after_help = "Examples:\n  planner compare app.yaml --from monolith --to cache-cdn\n  planner compare before.yaml after.yaml --format markdown\n  planner compare before.yaml after.yaml --tier replicas --format json"
    )]
    Compare(crate::compare::CompareArgs),
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people, with units in the headers.
    Table,
    /// JSON for machines: a versioned contract.
    Json,
    /// Markdown, for pull-request comments and documents.
    Markdown,
}

/// Where output goes and how it looks.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the output to FILE (written atomically) instead of stdout; `-` is stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `planner solve`.
#[derive(Debug, Clone, Args)]
pub struct SolveArgs {
    /// The network file (YAML).
    pub network: PathBuf,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `planner assess`.
#[derive(Debug, Clone, Args)]
pub struct AssessArgs {
    /// The app profile (YAML).
    pub profile: PathBuf,
    /// A folder of tier files (`*.toml`) and optionally `prices.toml` that add
    /// to or override the built-in catalog.
    #[arg(long, value_name = "DIR")]
    pub tiers: Option<PathBuf>,
    /// Months to start moving before a tier breaches its SLOs (default: the
    /// profile's `planning.lead_time_months`, else 2).
    #[arg(long, value_name = "N")]
    pub lead_time_months: Option<u32>,
    /// Also run the failure scenarios on today's setup.
    #[arg(long)]
    pub scenarios: bool,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `planner simulate`.
#[derive(Debug, Clone, Args)]
pub struct SimulateArgs {
    /// The network file (YAML).
    pub network: PathBuf,
    /// Measured external arrivals per replication (after a warm-up of a tenth
    /// as many). Default: 200,000.
    #[arg(long, value_name = "N", conflicts_with = "duration")]
    pub requests: Option<u64>,
    /// Measured simulated seconds per replication, instead of --requests.
    #[arg(long, value_name = "SECONDS")]
    pub duration: Option<f64>,
    /// Independent replications (run in parallel).
    #[arg(long, value_name = "R", default_value_t = crate::sim::DEFAULT_REPLICATIONS)]
    pub replications: u32,
    /// Seed of the random streams: the same seed gives the same output.
    #[arg(long, value_name = "S", default_value_t = crate::sim::DEFAULT_SEED)]
    pub seed: u64,
    /// Worker threads (0: all cores). Does not change the output.
    #[arg(long, value_name = "T", default_value_t = 0)]
    pub threads: usize,
    /// Also solve analytically and print both side by side with the relative
    /// error and whether the analytic figure lies in the simulation's interval.
    #[arg(long)]
    pub compare: bool,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Progress sink: `(done, total)` in the command's own units.
pub type ProgressSink<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// What a command produced: the text to write and the exit code.
#[derive(Debug)]
pub struct Outcome {
    /// The rendered output.
    pub text: String,
    /// Where it goes (`None`: stdout).
    pub output: Option<PathBuf>,
    /// Input files, which output must never overwrite.
    pub inputs: Vec<PathBuf>,
    /// Exit code (see [`crate::exit`]).
    pub exit_code: u8,
}

/// Runs a parsed command. `progress`, when given, is told how far long
/// computations have got (the binary draws it on a terminal).
pub fn run(cli: &Cli, progress: Option<ProgressSink<'_>>) -> Result<Outcome, Error> {
    match &cli.command {
        Command::Assess(args) => assess(args),
        Command::Solve(args) => solve(args),
        Command::Simulate(args) => simulate(args, progress),
        Command::Check(args) => crate::check::run_cli(args),
        Command::Compare(args) => crate::compare::run_cli(args),
    }
}

fn assess(args: &AssessArgs) -> Result<Outcome, Error> {
    let opts = crate::assess::AssessOptions {
        lead_time_months: args.lead_time_months,
    };
    if args.scenarios {
        let text = crate::scenarios::assess_with_scenarios(args, &opts)?;
        return Ok(outcome(text, &args.out, &[&args.profile], exit::SUCCESS));
    }
    let report = crate::assess::assess_file(&args.profile, args.tiers.as_deref(), &opts)?;
    let text = match args.out.format {
        Format::Table => crate::assess::render_table(&report),
        Format::Markdown => crate::assess::render_markdown(&report),
        Format::Json => render::json(&report)?,
    };
    Ok(outcome(text, &args.out, &[&args.profile], exit::SUCCESS))
}

fn simulate(args: &SimulateArgs, progress: Option<ProgressSink<'_>>) -> Result<Outcome, Error> {
    let net = crate::network::load_network(&args.network)?;
    let opts = crate::sim::SimOptions {
        requests: args.requests.or(if args.duration.is_none() {
            Some(crate::sim::DEFAULT_REQUESTS)
        } else {
            None
        }),
        duration_s: args.duration,
        replications: args.replications,
        seed: args.seed,
        threads: args.threads,
        progress,
    };
    let simulated = crate::sim::simulate(&net, &opts)?;
    let text = if args.compare {
        let solved = crate::solve::solve(&net)?;
        let report = crate::crosscheck::crosscheck(&solved, &simulated);
        render::simulate::render_crosscheck(&report, args.out.format)?
    } else {
        render::simulate::render(&simulated, args.out.format)?
    };
    Ok(outcome(text, &args.out, &[&args.network], exit::SUCCESS))
}

fn solve(args: &SolveArgs) -> Result<Outcome, Error> {
    let net = crate::network::load_network(&args.network)?;
    let report = crate::solve::solve(&net)?;
    let text = render::solve::render(&report, args.out.format)?;
    Ok(outcome(text, &args.out, &[&args.network], exit::SUCCESS))
}

fn outcome(text: String, out: &OutputArgs, inputs: &[&Path], exit_code: u8) -> Outcome {
    Outcome {
        text,
        output: out.output.clone().filter(|p| p.as_os_str() != "-"),
        inputs: inputs.iter().map(|p| p.to_path_buf()).collect(),
        exit_code,
    }
}
