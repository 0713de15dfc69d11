//! `planner solve`: its arguments and its run.

use std::path::PathBuf;

use clap::Args;

use crate::error::Error;
use crate::exit;
use crate::output::{Outcome, OutputArgs, outcome};
use crate::render;

/// `planner solve`.
#[derive(Debug, Clone, Args)]
pub struct SolveArgs {
    /// The network file (YAML).
    pub network: PathBuf,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Runs `planner solve`.
pub fn solve(args: &SolveArgs) -> Result<Outcome, Error> {
    let net = crate::network::load_network(&args.network)?;
    let report = crate::solve::solve(&net)?;
    let text = render::solve::render(&report, args.out.format)?;
    Ok(outcome(text, &args.out, &[&args.network], exit::SUCCESS))
}
