//! Command-line interface: the clap definitions and the dispatch from a parsed
//! command to the library. Returns text and an exit code; never prints.

use clap::{Parser, Subcommand};

pub use crate::commands::assess::AssessArgs;
pub use crate::commands::init::InitArgs;
pub use crate::commands::simulate::SimulateArgs;
pub use crate::commands::solve::SolveArgs;
pub use crate::commands::tiers::{TiersArgs, TiersCommand};
use crate::commands::{self, stdout_outcome};
use crate::error::Error;
pub use crate::output::{ColorChoice, Format, Outcome, OutputArgs, ProgressSink};

/// Capacity planning for app backends, from queueing theory.
#[derive(Debug, Parser)]
#[command(name = "planner", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Colour in tables: `auto` colours only on a terminal and honours
    /// NO_COLOR; JSON and Markdown are never coloured.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Print nothing on stderr but errors (no progress).
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print, on stderr, the files read and how long the command took.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assess an app profile (app.yaml): first bottleneck, headroom, when to
    /// upgrade and the monthly cost of each architecture tier.
    #[command(
        after_help = "Examples:\n  planner assess examples/b2b-saas.yaml\n  planner assess examples/b2b-saas.yaml --detail\n  planner assess app.yaml --format html -o report.html\n  planner assess app.yaml --format json --lead-time-months 3\n  planner assess app.yaml --tiers my-tiers/"
    )]
    Assess(AssessArgs),
    /// Write a commented starter app profile (every key, its default and
    /// what it means).
    #[command(
        after_help = "Examples:\n  planner init\n  planner init my-app.yaml --users 40k --growth 15% --requests-per-user 120\n  planner init - > app.yaml"
    )]
    Init(InitArgs),
    /// List the architecture tiers, or describe one (`planner tiers show NAME`).
    #[command(
        after_help = "Examples:\n  planner tiers\n  planner tiers show cache-cdn\n  planner tiers --tiers my-tiers/ --format json"
    )]
    Tiers(TiersArgs),
    /// Print shell completions for bash, zsh, fish, elvish or powershell.
    #[command(after_help = "Example:\n  planner completions bash > /etc/bash_completion.d/planner")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(after_help = "Example:\n  planner man > planner.1 && man ./planner.1")]
    Man,
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
    /// Month-by-month growth timeline with uncertainty: load against each
    /// tier's ceiling, upgrade months (P10/P50/P90), cost; optional SVG chart.
    #[command(
        after_help = "Examples:\n  planner timeline examples/b2b-saas.yaml --months 36\n  planner timeline app.yaml --format csv --chart timeline.svg --seed 7"
    )]
    Timeline(crate::timeline::cli::TimelineArgs),
    /// Compare two tiers of one profile, or two profiles (before and after
    /// a change): per component utilization, p95, headroom, months left and
    /// monthly cost, with the changes and a verdict.
    #[command(
        after_help = "Examples:\n  planner compare app.yaml --from monolith --to cache-cdn\n  planner compare before.yaml after.yaml --format markdown\n  planner compare before.yaml after.yaml --tier replicas --format json"
    )]
    Compare(crate::compare::CompareArgs),
    /// Fit a model to load-test results (open- or closed-loop CSV, oha
    /// JSON): demand, saturation with an interval, service cv, USL, and
    /// predicted latency at any rate.
    #[command(
        after_help = "Examples:\n  planner fit sweep_read.csv\n  planner fit sweep_read.csv --max-utilization 0.75 --predict 1500,2000 --chart fit.svg\n  planner fit closed_scan_read.csv --format json\n  planner fit sweep_read.csv --emit network > stack.yaml"
    )]
    Fit(crate::fit::cli::FitArgs),
    /// Print the JSON Schema of an input file (app profile, network, tier
    /// file or price sheet), for editors to validate and autocomplete.
    #[command(
        after_help = "Examples:\n  planner schema app > app.schema.json\n  planner schema tier\n\nThe same schemas are in the repository under schemas/; in a YAML file:\n  # yaml-language-server: $schema=schemas/app.schema.json"
    )]
    Schema {
        /// Which file.
        kind: crate::schema::SchemaKind,
    },
}

/// Runs a parsed command. `progress`, when given, is told how far long
/// computations have got (the binary draws it on a terminal).
pub fn run(cli: &Cli, progress: Option<ProgressSink<'_>>) -> Result<Outcome, Error> {
    match &cli.command {
        Command::Assess(args) => commands::assess::assess(args),
        Command::Init(args) => commands::init::init(args),
        Command::Tiers(args) => commands::tiers::tiers(args),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(
                *shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "planner",
                &mut buf,
            );
            Ok(stdout_outcome(String::from_utf8_lossy(&buf).into_owned()))
        }
        Command::Man => Ok(stdout_outcome(man_page()?)),
        Command::Solve(args) => commands::solve::solve(args),
        Command::Simulate(args) => commands::simulate::simulate(args, progress),
        Command::Check(args) => crate::check::run_cli(args),
        Command::Timeline(args) => crate::timeline::cli::run(args),
        Command::Compare(args) => crate::compare::run_cli(args),
        Command::Fit(args) => crate::fit::cli::run(args),
        Command::Schema { kind } => Ok(stdout_outcome(crate::schema::schema_json(*kind))),
    }
}

/// The man page of the whole command, in roff.
pub fn man_page() -> Result<String, Error> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
        .render(&mut buf)
        .map_err(|e| Error::Internal(format!("man page: {e}")))?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// What to tell a person on stderr after a command succeeded: for `init`
/// writing a file, what it wrote and what to run next. `None` otherwise.
pub fn next_steps(cli: &Cli) -> Option<String> {
    match &cli.command {
        Command::Init(args) if args.path.as_os_str() != "-" => {
            let p = args.path.display();
            Some(format!(
                "planner: wrote {p}, a starter profile with every key commented.\n\
                 Next: edit it (users, traffic, current setup), then run\n  \
                 planner assess {p}                          # the plan, on one screen\n  \
                 planner assess {p} --format html -o report.html   # a report to share\n  \
                 planner check {p}                           # the CI gate (its `checks:` section)"
            ))
        }
        _ => None,
    }
}
