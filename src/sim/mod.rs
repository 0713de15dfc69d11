//! A seeded discrete-event simulator of [`Network`]s, to check the analytic
//! solver and to answer what it cannot (tails, non-product-form networks).
//!
//! The model is the solver's: Poisson external streams per class, FCFS
//! stations with `c` identical servers, infinite-server (delay) stations,
//! capacity limits that reject (and lose) an arrival finding `capacity`
//! requests present, and Markovian routing per class, feedback included (a
//! route back to the same station is a new visit at the back of its queue).
//! Service times are exponential, deterministic, lognormal or gamma with the
//! solver's mean/cv parameterisation.
//!
//! # Run length and warm-up
//!
//! Each replication simulates a warm-up one tenth as long as its measured
//! run (`requests / 10` external arrivals, or `duration / 10` simulated
//! seconds), discards it, then opens the *measurement window*: the next
//! `requests` external arrivals (or `duration` seconds). By default, 10
//! replications of 200,000 measured requests ([`DEFAULT_REQUESTS`],
//! [`DEFAULT_REPLICATIONS`]): means and p99 to within a few percent for
//! small networks at moderate load, in about a second per core.
//!
//! - Requests arriving in the window are *tagged* and followed until they
//!   leave (arrivals go on meanwhile): end-to-end figures and per-visit
//!   times (wait, response, service, `p_wait`) come from tagged requests.
//! - Counts (arrival rates, throughputs, blocking) and time averages
//!   (utilization, mean number present) come from the window itself.
//!
//! # Saturation
//!
//! A station without a capacity limit and with finite servers is
//! *saturated* when its offered load per server, measured over all
//! replications (arrivals counted at the station × the model's mean
//! service time ÷ servers ÷ window length, averaged), is at least
//! `1 − 3/√n`, `n` the arrivals counted there: unless the data show the load
//! below 1 by three standard errors (of a Poisson count), its queue has no
//! steady state, exactly 1 included. A station is also saturated when the
//! network passes [`MAX_IN_NETWORK`] requests at once and it holds the
//! longest queue (the replication then stops, which also bounds memory). A
//! saturated network reports `status: saturated`, names the stations, and
//! gives `null` for every latency and population figure.
//!
//! # Reproducibility
//!
//! Replication `i` runs on its own Xoshiro256++ generator seeded by
//! SplitMix64 from `(seed, i)`; replications run on a pool of threads and
//! are combined in replication order, so the report is byte-identical for
//! any number of threads.
//!
//! The engine does no I/O and reads no clock; the optional progress callback
//! is the only thing it calls out to.

mod assemble;
mod compiled;
mod engine;
mod options;
mod report;
mod sampler;
mod stats;
mod tally;

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use crate::error::Error;
use crate::network::Network;
use compiled::Compiled;
use stats::RepFigures;

pub use engine::{HISTOGRAM_DIGITS, MAX_IN_NETWORK};
pub use options::{
    DEFAULT_REPLICATIONS, DEFAULT_REQUESTS, DEFAULT_SEED, MAX_CLASSES, MAX_REPLICATIONS,
    MAX_REQUESTS, MAX_THREADS, MIN_REQUESTS, Progress, SimOptions, WARMUP_FRACTION,
};
pub use report::{
    EndToEndFigures, PopulationFigures, RunInfo, SIMULATE_SCHEMA, SimClassReport, SimNetworkCi,
    SimNetworkReport, SimReport, SimStationClassReport, SimStationReport, StationClassFigures,
    StationFigures, Status,
};

/// Most per-replication figures kept in memory before combining
/// (replications × stations × (classes + 1)).
const MAX_FIGURES: usize = 20_000_000;

/// Simulates `net` as `opts` says and returns the report.
///
/// Errors: [`Error::Usage`] for a run length, replication or thread count
/// out of range (the message names the flag, the value and the range), or a
/// network the simulator cannot hold (too many classes, or more than
/// [`MAX_IN_NETWORK`] requests present at once without any queue).
pub fn simulate(net: &Network, opts: &SimOptions<'_>) -> Result<SimReport, Error> {
    let length = options::validate(net, opts)?;
    let per_rep = net.stations.len() * (net.classes.len() + 1);
    if per_rep.saturating_mul(opts.replications as usize) > MAX_FIGURES {
        return Err(Error::Usage(format!(
            "--replications {} is too many for a network of {} stations and {} classes \
             (replications × stations × (classes + 1) must stay at most {MAX_FIGURES})",
            opts.replications,
            net.stations.len(),
            net.classes.len()
        )));
    }
    let model = Compiled::new(net);
    let reps = run_replications(&model, length, opts);
    assemble::assemble(net, length, opts, reps)
}

/// The seed of replication `i`: SplitMix64 of the run seed advanced `i + 1`
/// steps, so that neighbouring replications get unrelated streams.
pub fn replication_seed(seed: u64, i: u32) -> u64 {
    let mut z = seed.wrapping_add(
        u64::from(i)
            .wrapping_add(1)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15),
    );
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn run_replications(
    model: &Compiled,
    length: options::Length,
    opts: &SimOptions<'_>,
) -> Vec<RepFigures> {
    let r = opts.replications;
    let per_rep_total = length.progress_total();
    let total = per_rep_total.saturating_mul(u64::from(r));
    let done = AtomicU64::new(0);
    let next = AtomicU32::new(0);
    let slots: Vec<Mutex<Option<RepFigures>>> = (0..r).map(|_| Mutex::new(None)).collect();
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= r {
                break;
            }
            let mut last = 0;
            let mut tick = |d: u64| {
                let now = done.fetch_add(d - last, Ordering::Relaxed) + (d - last);
                last = d;
                if let Some(p) = opts.progress {
                    p(now.min(total), total);
                }
            };
            let stats = engine::replicate(model, length, replication_seed(opts.seed, i), &mut tick);
            let figures = stats::rep_figures(model, stats);
            *slots[i as usize].lock().unwrap_or_else(|e| e.into_inner()) = Some(figures);
        }
    };
    let threads = options::worker_threads(opts.threads, r);
    if threads == 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(work);
            }
        });
    }
    slots
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every replication ran")
        })
        .collect()
}
