//! `planner tiers [show NAME]`: its arguments and its run.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::stdout_outcome;
use crate::error::Error;
use crate::output::{Format, Outcome};
use crate::render;

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

/// Runs `planner tiers`.
pub fn tiers(args: &TiersArgs) -> Result<Outcome, Error> {
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
