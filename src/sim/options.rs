//! How long and how often to simulate, and the checks that keep a run
//! finite: absurd lengths are refused with a message naming the flag, never
//! attempted.

use std::fmt;

use crate::error::Error;
use crate::network::Network;

/// Fewest measured requests per replication when neither `requests` nor
/// `duration_s` is given (more when the network relaxes slowly: see
/// [`MEASURE_RELAXATIONS`]).
pub const DEFAULT_REQUESTS: u64 = 200_000;
/// Without a given run length, each replication measures at least this
/// many relaxation times of the slowest station.
pub const MEASURE_RELAXATIONS: f64 = 50.0;
/// The warm-up lasts at least this many relaxation times of the slowest
/// station (and at least [`WARMUP_FRACTION`] of the measured length).
pub const WARMUP_RELAXATIONS: f64 = 5.0;
/// A measured window shorter than this many relaxation times is reported
/// as too short for its tail percentiles.
pub const SHORT_RUN_RELAXATIONS: f64 = 20.0;
/// Most requests per replication the automatic run length (and the
/// automatic warm-up) chooses; past it the run is reported as too short.
pub const MAX_AUTO_REQUESTS: u64 = 10_000_000;
/// Replications when none are asked for.
pub const DEFAULT_REPLICATIONS: u32 = 10;
/// Seed when none is given.
pub const DEFAULT_SEED: u64 = 1;
/// Fewest measured requests per replication.
pub const MIN_REQUESTS: u64 = 1_000;
/// Most measured requests per replication (memory stays flat; this bounds
/// the time only).
pub const MAX_REQUESTS: u64 = 100_000_000_000;
/// Most replications.
pub const MAX_REPLICATIONS: u32 = 10_000;
/// Most worker threads.
pub const MAX_THREADS: usize = 1_024;
/// Most request classes the simulator takes (each keeps a latency histogram
/// per replication).
pub const MAX_CLASSES: usize = 256;
/// Shortest warm-up, as a fraction of the measured length.
pub const WARMUP_FRACTION: f64 = 0.1;

/// Progress callback: `(done, total)`, in arrivals when the run length is
/// given in requests, in simulated milliseconds when it is a duration. It is
/// called from worker threads, a few hundred times per replication at most.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// What to simulate. `Default` gives 10 replications of 200,000 measured
/// requests each, seed 1, all cores.
#[derive(Clone, Copy)]
pub struct SimOptions<'a> {
    /// Measured external arrivals per replication (flag `--requests`). The
    /// warm-up adds a tenth of this, or five relaxation times if longer,
    /// before measuring. Exclusive with `duration_s`; when both are `None`,
    /// [`MEASURE_RELAXATIONS`] relaxation times of the slowest station, at
    /// least [`DEFAULT_REQUESTS`] and at most [`MAX_AUTO_REQUESTS`].
    pub requests: Option<u64>,
    /// Measured simulated time per replication, seconds (flag `--duration`).
    /// The warm-up adds a tenth of this, or five relaxation times if
    /// longer, before measuring.
    pub duration_s: Option<f64>,
    /// Independent replications (flag `--replications`); confidence
    /// intervals need at least 2.
    pub replications: u32,
    /// Seed of the whole run (flag `--seed`); replication `i` is seeded from
    /// `(seed, i)`.
    pub seed: u64,
    /// Worker threads (flag `--threads`); 0 means one per available core.
    /// Results do not depend on it.
    pub threads: usize,
    /// Called as replications advance, for a progress bar.
    pub progress: Option<Progress<'a>>,
}

impl Default for SimOptions<'_> {
    fn default() -> Self {
        SimOptions {
            requests: None,
            duration_s: None,
            replications: DEFAULT_REPLICATIONS,
            seed: DEFAULT_SEED,
            threads: 0,
            progress: None,
        }
    }
}

impl fmt::Debug for SimOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimOptions")
            .field("requests", &self.requests)
            .field("duration_s", &self.duration_s)
            .field("replications", &self.replications)
            .field("seed", &self.seed)
            .field("threads", &self.threads)
            .field("progress", &self.progress.map(|_| "callback"))
            .finish()
    }
}

/// The run length of one replication, validated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Length {
    /// Warm-up arrivals, then measured arrivals.
    Requests { warmup: u64, measured: u64 },
    /// Warm-up seconds, then measured seconds.
    Duration { warmup: f64, measured: f64 },
}

impl Length {
    /// Progress units of one replication (arrivals, or simulated ms).
    pub(crate) fn progress_total(self) -> u64 {
        match self {
            Length::Requests { warmup, measured } => warmup + measured,
            Length::Duration { warmup, measured } => ((warmup + measured) * 1e3).ceil() as u64,
        }
    }
}

/// Checks the options against the network; returns the run length, sized
/// against the slowest station's relaxation time `relax` (seconds).
pub(crate) fn validate(
    net: &Network,
    opts: &SimOptions<'_>,
    relax: Option<f64>,
) -> Result<Length, Error> {
    let rate = net.total_rate();
    // The relaxation time in external arrivals.
    let relax_n = relax.map_or(0.0, |t| t * rate);
    let auto = |relaxations: f64| -> u64 {
        (relax_n * relaxations)
            .ceil()
            .min(MAX_AUTO_REQUESTS as f64)
            .max(0.0) as u64
    };
    if opts.replications == 0 || opts.replications > MAX_REPLICATIONS {
        return Err(Error::Usage(format!(
            "--replications must be from 1 to {MAX_REPLICATIONS}, got {}",
            opts.replications
        )));
    }
    if opts.threads > MAX_THREADS {
        return Err(Error::Usage(format!(
            "--threads must be from 0 (one per core) to {MAX_THREADS}, got {}",
            opts.threads
        )));
    }
    if net.classes.len() > MAX_CLASSES {
        return Err(Error::Usage(format!(
            "the network has {} request classes; the simulator handles at most {MAX_CLASSES}",
            net.classes.len()
        )));
    }
    let clients: u64 = net
        .classes
        .iter()
        .filter_map(|c| c.clients.map(|cl| u64::from(cl.population)))
        .sum();
    if clients > u64::from(super::engine::MAX_IN_NETWORK) {
        return Err(Error::Usage(format!(
            "the network has {clients} clients in all; the simulator keeps at most {} \
             requests at once",
            super::engine::MAX_IN_NETWORK
        )));
    }
    match (opts.requests, opts.duration_s) {
        (Some(_), Some(_)) => Err(Error::Usage(
            "--requests and --duration cannot both be given (choose one run length)".into(),
        )),
        (None, Some(d)) => {
            if !(d.is_finite() && d > 0.0) {
                return Err(Error::Usage(format!(
                    "--duration must be a number of seconds > 0, got {d}"
                )));
            }
            let expected = net.total_rate() * d * (1.0 + WARMUP_FRACTION);
            if expected > MAX_REQUESTS as f64 {
                return Err(Error::Usage(format!(
                    "--duration {d} s would simulate about {expected:.3e} requests per \
                     replication at {:.6} req/s; at most {MAX_REQUESTS:.0e} are allowed \
                     (give a shorter --duration)",
                    net.total_rate()
                )));
            }
            let auto_s =
                (relax.unwrap_or(0.0) * WARMUP_RELAXATIONS).min(MAX_AUTO_REQUESTS as f64 / rate);
            Ok(Length::Duration {
                warmup: (d * WARMUP_FRACTION).max(auto_s),
                measured: d,
            })
        }
        (r, None) => {
            let n = r.unwrap_or_else(|| auto(MEASURE_RELAXATIONS).max(DEFAULT_REQUESTS));
            if !(MIN_REQUESTS..=MAX_REQUESTS).contains(&n) {
                return Err(Error::Usage(format!(
                    "--requests must be from {MIN_REQUESTS} to {MAX_REQUESTS}, got {n}"
                )));
            }
            Ok(Length::Requests {
                warmup: ((n as f64 * WARMUP_FRACTION) as u64).max(auto(WARMUP_RELAXATIONS)),
                measured: n,
            })
        }
    }
}

/// Worker threads to use for `replications` replications.
pub(crate) fn worker_threads(threads: usize, replications: u32) -> usize {
    let want = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    };
    want.clamp(1, replications as usize)
}
