//! `planner simulate`: its arguments and its run (with `--compare`, the
//! analytic solution beside the simulation).

use std::path::PathBuf;

use clap::Args;

use crate::error::Error;
use crate::exit;
use crate::output::{Outcome, OutputArgs, ProgressSink, outcome};
use crate::render;

/// `planner simulate`.
#[derive(Debug, Clone, Args)]
pub struct SimulateArgs {
    /// The network file (YAML).
    pub network: PathBuf,
    /// Measured external arrivals per replication (after a warm-up of a tenth
    /// as many, or five relaxation times of the slowest station if longer).
    /// Default: 50 relaxation times, at least 200,000 and at most 10,000,000.
    #[arg(long, value_name = "N", conflicts_with = "duration")]
    pub requests: Option<u64>,
    /// Measured simulated seconds per replication, instead of --requests.
    #[arg(long, value_name = "SECONDS")]
    pub duration: Option<f64>,
    /// Independent replications (run in parallel); at least 2 with
    /// --compare, whose intervals need them.
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

/// Runs `planner simulate`.
pub fn simulate(args: &SimulateArgs, progress: Option<ProgressSink<'_>>) -> Result<Outcome, Error> {
    if args.compare && args.replications < 2 {
        return Err(Error::Usage(format!(
            "--replications must be at least 2 with --compare (its 95% intervals come from \
             the spread over replications), got {}",
            args.replications
        )));
    }
    let net = crate::network::load_network(&args.network)?;
    let opts = crate::sim::SimOptions {
        requests: args.requests,
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
