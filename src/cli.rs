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
    /// Solve an open queueing network analytically (network.yaml).
    #[command(
        after_help = "Example:\n  planner solve examples/networks/web-cache-db.yaml --format json"
    )]
    Solve(SolveArgs),
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

/// Runs a parsed command.
pub fn run(cli: &Cli) -> Result<Outcome, Error> {
    match &cli.command {
        Command::Solve(args) => solve(args),
    }
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
