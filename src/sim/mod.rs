//! A seeded discrete-event simulator of [`Network`]s, to check the analytic
//! solver and to answer what it cannot (tails, non-product-form networks).
//!
//! The model is the solver's: Poisson external streams per class, closed
//! classes whose clients think (exponential think time), send one request
//! that enters at the class's entry station, and think again when it
//! leaves (all clients start thinking at time 0; "arrivals" below count
//! their requests too), stations
//! with `c` identical servers, first come first served or processor sharing
//! (each of `n` requests present served at rate `min(1, c/n)`, with a
//! virtual clock: [`ps`]), infinite-server (delay) stations, capacity
//! limits that reject (and lose) an arrival finding `capacity` requests
//! present, and Markovian routing per class, feedback included (a route
//! back to the same station is a new visit, at the back of its queue under
//! FCFS). Service times are exponential, deterministic, lognormal or gamma
//! with the solver's mean/cv parameterisation. Stations on a shared host
//! hand their threads' service to the host, whose cores serve every thread
//! running on it by processor sharing (one virtual clock per host).
//!
//! # Run length and warm-up
//!
//! A queue near saturation forgets its start slowly: its relaxation time is
//! about `1/(μ(1 − √ρ)²)` for M/M/1 (40 s at ρ = 0.99 and 1 ms service), and
//! a run must be long against it for its intervals to cover. So the length
//! is set from the slowest station's relaxation time `τ` ([`relax`]):
//!
//! - each replication first simulates and discards a warm-up of at least
//!   [`WARMUP_RELAXATIONS`] `τ` and at least a tenth of its measured length;
//! - without a given length (`requests` and `duration_s` both `None`) it
//!   then measures [`MEASURE_RELAXATIONS`] `τ` of external arrivals, at
//!   least [`DEFAULT_REQUESTS`] and at most [`MAX_AUTO_REQUESTS`]; by
//!   default over [`DEFAULT_REPLICATIONS`] replications;
//! - a measured window shorter than [`SHORT_RUN_RELAXATIONS`] `τ`, or too
//!   few sojourns per replication above a percentile (fewer than 100), is
//!   reported: `run.too_short_for` names the figures and `run.notes` says
//!   what run length would do.
//!
//! - Requests arriving in the window are *tagged* and followed until they
//!   leave (arrivals go on meanwhile): end-to-end figures and per-visit
//!   times (wait, response, service, `p_wait`) come from tagged requests.
//!   At a PS station "waiting" means arriving to find every server taken,
//!   and the wait is the time lost to sharing (response − own service).
//! - Counts (arrival rates, throughputs, blocking) and time averages
//!   (utilization, mean number present) come from the window itself.
//!
//! # Intervals
//!
//! Means are averaged over the independent replications, with a Student-t
//! interval from their spread. Sojourn percentiles are taken from the
//! histogram pooled over all replications (averaging per-replication
//! percentiles is biased low in the tail). Their interval is built for the
//! distribution function at the pooled estimate, whose per-replication
//! values are means (the share of sojourns at or below it), and carried
//! back through the pooled distribution (`stats::percentile_half_width`);
//! past [`MAX_CDFS`] class-replications, from the spread of per-replication
//! percentiles.
//!
//! # Saturation
//!
//! A station without a capacity limit and with finite servers is
//! *saturated* when its offered load per server, measured over all
//! replications (arrivals counted at the station × the model's mean
//! service time ÷ servers ÷ window length, averaged; open classes only,
//! since clients wait for their requests), is at least
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
mod ps;
mod relax;
mod report;
mod sampler;
mod stats;
mod tally;

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use hdrhistogram::Histogram;

use crate::error::Error;
use crate::network::Network;
use compiled::Compiled;
use stats::RepFigures;

pub use engine::{HISTOGRAM_DIGITS, MAX_IN_NETWORK};
pub use options::{
    DEFAULT_REPLICATIONS, DEFAULT_REQUESTS, DEFAULT_SEED, MAX_AUTO_REQUESTS, MAX_CLASSES,
    MAX_REPLICATIONS, MAX_REQUESTS, MAX_THREADS, MEASURE_RELAXATIONS, MIN_REQUESTS, Progress,
    SHORT_RUN_RELAXATIONS, SimOptions, WARMUP_FRACTION, WARMUP_RELAXATIONS,
};
pub use report::{
    EndToEndFigures, HostFigures, PopulationFigures, RunInfo, SIMULATE_SCHEMA, SimClassReport,
    SimHostReport, SimNetworkCi, SimNetworkReport, SimReport, SimStationClassReport,
    SimStationReport, StationClassFigures, StationFigures, Status,
};

/// Most (class, replication) sojourn grids kept for percentile intervals
/// (each a few kilobytes); past it the intervals come from the spread of
/// per-replication percentiles instead.
pub(crate) const MAX_CDFS: usize = 20_000;

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
    simulate_pooled(net, opts).map(|(r, _)| r)
}

/// The sojourn histograms of a run, one per class, pooled over its
/// replications: for figures the report does not hold, such as a
/// percentile of the mixture of some classes.
#[derive(Debug, Clone)]
pub struct PooledSojourns {
    classes: Vec<Histogram<u64>>,
}

impl PooledSojourns {
    /// The `q`-quantile (0 < q < 1) of the sojourn of a measured request of
    /// any of `classes` (indices into [`Network::classes`]; the mixture
    /// weighted by the requests measured, i.e. by admitted rate),
    /// milliseconds; `None` when none was measured.
    pub fn quantile_ms(&self, classes: &[usize], q: f64) -> Option<f64> {
        let mut mix = Histogram::<u64>::new(HISTOGRAM_DIGITS).ok()?;
        for &k in classes {
            // Auto-resizing histograms: adding cannot fail.
            mix.add(self.classes.get(k)?).ok();
        }
        stats::percentile(&mix, q)
    }
}

/// [`simulate`], also returning the pooled sojourn histograms.
pub fn simulate_pooled(
    net: &Network,
    opts: &SimOptions<'_>,
) -> Result<(SimReport, PooledSojourns), Error> {
    let model = Compiled::new(net);
    let relax = relax::slowest(&model);
    let length = options::validate(net, opts, relax.map(|r| r.seconds))?;
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
    let (reps, pooled) = run_replications(&model, length, opts);
    let report = assemble::assemble(net, length, opts, reps, &pooled, relax)?;
    Ok((report, PooledSojourns { classes: pooled }))
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

/// Runs the replications; returns their figures in order and each class's
/// sojourn histogram pooled over all of them (sums of counts, so the same
/// whatever the order replications finish in).
fn run_replications(
    model: &Compiled,
    length: options::Length,
    opts: &SimOptions<'_>,
) -> (Vec<RepFigures>, Vec<Histogram<u64>>) {
    let empty = Histogram::<u64>::new(HISTOGRAM_DIGITS).expect("3 significant digits are allowed");
    let pooled = Mutex::new(vec![empty; model.n_classes]);
    let keep_cdfs = model.n_classes.saturating_mul(opts.replications as usize) <= MAX_CDFS;
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
            {
                let mut pool = pooled.lock().unwrap_or_else(|e| e.into_inner());
                for (p, c) in pool.iter_mut().zip(&stats.classes) {
                    // Auto-resizing histograms: adding cannot fail.
                    p.add(&c.hist).ok();
                }
            }
            let figures = stats::rep_figures(model, stats, keep_cdfs);
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
    let reps = slots
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every replication ran")
        })
        .collect();
    (reps, pooled.into_inner().unwrap_or_else(|e| e.into_inner()))
}
