//! Command-line interface: the clap definitions and the dispatch from a parsed
//! command to the library. Returns text and an exit code; never prints.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::Error;
use crate::exit;
use crate::output::outcome;
pub use crate::output::{ColorChoice, Format, Outcome, OutputArgs, ProgressSink};
use crate::render;

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
        after_help = "Examples:\n  planner assess examples/b2b-saas.yaml\n  planner assess app.yaml --format json --lead-time-months 3\n  planner assess app.yaml --tiers my-tiers/"
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

/// `planner solve`.
#[derive(Debug, Clone, Args)]
pub struct SolveArgs {
    /// The network file (YAML).
    pub network: PathBuf,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `planner init`.
#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// Where to write the profile (`-` for stdout).
    #[arg(default_value = "app.yaml")]
    pub path: PathBuf,
    /// Monthly active users today (e.g. 40k).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub users: Option<String>,
    /// Monthly growth rate (e.g. 15%).
    #[arg(long, value_name = "RATE", allow_hyphen_values = true)]
    pub growth: Option<String>,
    /// API requests per daily active user per day.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub requests_per_user: Option<String>,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// `planner tiers`.
#[derive(Debug, Clone, Args)]
pub struct TiersArgs {
    /// `show NAME` describes one tier in full.
    #[command(subcommand)]
    pub show: Option<TiersCommand>,
    /// A folder of tier files and prices that add to or override the built-in catalog.
    #[arg(long, value_name = "DIR", global = true)]
    pub tiers: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table, global = true)]
    pub format: Format,
}

/// `planner tiers show`.
#[derive(Debug, Clone, Subcommand)]
pub enum TiersCommand {
    /// Components, limits, paths and prices (with their dates) of one tier.
    Show {
        /// Tier name (`cache-cdn` and `cache_cdn` alike).
        name: String,
    },
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
    /// Months to start moving before a tier breaches its SLOs, 0 to 120
    /// (default: the profile's `planning.lead_time_months`, else 2).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = crate::units::lead_time_flag)]
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

/// Runs a parsed command. `progress`, when given, is told how far long
/// computations have got (the binary draws it on a terminal).
pub fn run(cli: &Cli, progress: Option<ProgressSink<'_>>) -> Result<Outcome, Error> {
    match &cli.command {
        Command::Assess(args) => assess(args),
        Command::Init(args) => init(args),
        Command::Tiers(args) => tiers(args),
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
        Command::Solve(args) => solve(args),
        Command::Simulate(args) => simulate(args, progress),
        Command::Check(args) => crate::check::run_cli(args),
        Command::Timeline(args) => crate::timeline::cli::run(args),
        Command::Compare(args) => crate::compare::run_cli(args),
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

fn stdout_outcome(text: String) -> Outcome {
    Outcome {
        text,
        output: None,
        inputs: Vec::new(),
        exit_code: exit::SUCCESS,
        colorable: false,
    }
}

fn init(args: &InitArgs) -> Result<Outcome, Error> {
    use crate::profile::starter::{StarterAnswers, starter_profile};
    let mut answers = StarterAnswers::default();
    use crate::profile::defaults::{MAX_GROWTH, MAX_USERS};
    use crate::units::{Kind, parse_flag, parse_flag_worded};
    // Ranges worded as the profile keys' are.
    if let Some(v) = &args.users {
        answers.monthly_active = parse_flag_worded(
            v,
            "users",
            Kind::Count,
            1.0,
            MAX_USERS,
            &format!("between 1 and {MAX_USERS:e} users"),
        )?;
    }
    if let Some(v) = &args.growth {
        answers.growth = parse_flag_worded(
            v,
            "growth",
            Kind::Fraction,
            -0.5,
            MAX_GROWTH,
            "a monthly rate between -50% and 300%",
        )?;
    }
    if let Some(v) = &args.requests_per_user {
        answers.api_requests_per_user_day =
            parse_flag(v, "requests-per-user", Kind::Count, 0.0, 1e6)?;
    }
    let text = starter_profile(&answers);
    // The answers must make a valid profile; say which flag is off if not.
    crate::profile::profile_from_str("--users/--growth/--requests-per-user", &text)?;
    let to_stdout = args.path.as_os_str() == "-";
    if !to_stdout && args.path.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} exists; pass --force to overwrite it",
            args.path.display()
        )));
    }
    Ok(Outcome {
        text,
        output: (!to_stdout).then(|| args.path.clone()),
        inputs: Vec::new(),
        exit_code: exit::SUCCESS,
        colorable: false,
    })
}

fn tiers(args: &TiersArgs) -> Result<Outcome, Error> {
    let catalog = crate::catalog::load_catalog(args.tiers.as_deref())?;
    let text = match &args.show {
        None => render::tiers::render_list(&crate::catalog::describe::list(&catalog), args.format)?,
        Some(TiersCommand::Show { name }) => render::tiers::render_detail(
            &crate::catalog::describe::show(&catalog, name)?,
            args.format,
        )?,
    };
    Ok(stdout_outcome(text))
}

fn assess(args: &AssessArgs) -> Result<Outcome, Error> {
    let opts = crate::assess::AssessOptions {
        lead_time_months: args.lead_time_months,
    };
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
    let report = crate::assess::assess_file(&args.profile, args.tiers.as_deref(), &opts)?;
    let text = match args.out.format {
        Format::Table => crate::assess::render_table(&report),
        Format::Markdown => crate::assess::render_markdown(&report),
        Format::Json => render::json(&report)?,
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
