//! From per-replication figures to the report: means and intervals over
//! replications, the saturation verdict, the bottleneck, and the run
//! description.

use indexmap::IndexMap;

use super::engine::{HISTOGRAM_DIGITS, MAX_IN_NETWORK};
use super::options::{Length, SimOptions};
use super::options::{
    MAX_AUTO_REQUESTS, MEASURE_RELAXATIONS, SHORT_RUN_RELAXATIONS, WARMUP_RELAXATIONS,
};
use super::relax::Relaxation;
use super::report::{
    EndToEndFigures, HostFigures, PopulationFigures, RunInfo, SIMULATE_SCHEMA, SimClassReport,
    SimHostReport, SimNetworkCi, SimNetworkReport, SimReport, SimStationClassReport,
    SimStationReport, StationClassFigures, StationFigures, Status,
};
use super::stats::{Cdf, Ci, RepFigures, percentile, percentile_half_width};
use crate::error::Error;
use crate::network::{Network, Servers};
use hdrhistogram::Histogram;

/// Builds the report of `reps`, the replications in order.
pub(crate) fn assemble(
    net: &Network,
    length: Length,
    opts: &SimOptions<'_>,
    reps: Vec<RepFigures>,
    pooled: &[Histogram<u64>],
    relax: Option<Relaxation>,
) -> Result<SimReport, Error> {
    let n_classes = net.classes.len();
    let mut ci = Ci::default();

    // Saturation.
    let mut saturated = vec![false; net.stations.len()];
    for rep in &reps {
        match rep.overflow {
            Some(Some(s)) => saturated[s] = true,
            Some(None) => {
                return Err(Error::Usage(format!(
                    "the network holds more than {MAX_IN_NETWORK} requests at once with none \
                     waiting (large delay stations); the simulator keeps at most that many"
                )));
            }
            None => {}
        }
    }
    for (s, st) in net.stations.iter().enumerate() {
        if st.capacity.is_some() || st.servers == Servers::Infinite {
            continue;
        }
        // Open classes only: clients wait for their requests, so closed
        // classes cannot overload a station.
        let n: u64 = reps.iter().map(|r| r.open_arrivals[s]).sum();
        let (rho, _) = ci.mean_half_width(reps.iter().map(|r| r.open_offered[s]));
        if let Some(rho) = rho
            && n > 0
            && rho >= 1.0 - 3.0 / (n as f64).sqrt()
        {
            saturated[s] = true;
        }
    }
    // Shared hosts, by the same rule on their offered CPU load; every
    // station on a saturated host is saturated with it.
    let mut saturated_hosts = Vec::new();
    let mut hosts = IndexMap::with_capacity(net.hosts.len());
    for (h, host) in net.hosts.iter().enumerate() {
        let figs: Vec<HostFigures> = reps.iter().map(|r| r.hosts[h].clone()).collect();
        let (mean, half) = HostFigures::combine(&figs, &mut ci);
        let n: u64 = reps.iter().map(|r| r.host_arrivals[h]).sum();
        if mean
            .offered_utilization
            .is_some_and(|rho| n > 0 && rho >= 1.0 - 3.0 / (n as f64).sqrt())
        {
            saturated_hosts.push(host.name.clone());
            for s in net.stations_on_host(h) {
                saturated[s] = true;
            }
        }
        hosts.insert(
            host.name.clone(),
            SimHostReport {
                cores: host.cores,
                figures: mean,
                ci95: half,
            },
        );
    }
    let is_saturated = saturated.iter().any(|&b| b);

    // Stations.
    let mut stations = IndexMap::with_capacity(net.stations.len());
    let mut station_means = Vec::with_capacity(net.stations.len());
    for (s, st) in net.stations.iter().enumerate() {
        let figs: Vec<_> = reps.iter().map(|r| r.stations[s].clone()).collect();
        let (mut mean, mut half) = StationFigures::combine(&figs, &mut ci);
        if is_saturated {
            for f in [&mut mean, &mut half] {
                f.p_wait = None;
                f.mean_wait_ms = None;
                f.mean_response_ms = None;
                f.mean_in_station = None;
            }
        }
        let mut classes = IndexMap::new();
        for (k, c) in net.classes.iter().enumerate() {
            if st.visits[k].is_none() {
                continue;
            }
            let figs: Vec<_> = reps
                .iter()
                .map(|r| r.class_at[s * n_classes + k].clone())
                .collect();
            let (mut mean, mut half) = StationClassFigures::combine(&figs, &mut ci);
            if is_saturated {
                mean.mean_response_ms = None;
                half.mean_response_ms = None;
            }
            classes.insert(
                c.name.clone(),
                SimStationClassReport {
                    figures: mean,
                    ci95: half,
                },
            );
        }
        station_means.push((mean.clone(), half.clone()));
        stations.insert(
            st.name.clone(),
            SimStationReport {
                servers: match st.servers {
                    Servers::Finite(c) => Some(c),
                    Servers::Infinite => None,
                },
                capacity: st.capacity,
                figures: mean,
                blocked_requests: st
                    .capacity
                    .map(|_| reps.iter().map(|r| r.station_rejected[s]).sum()),
                ci95: half,
                classes,
            },
        );
    }

    // Bottleneck.
    let finite: Vec<usize> = (0..net.stations.len())
        .filter(|&s| matches!(net.stations[s].servers, Servers::Finite(_)))
        .collect();
    let candidates: Vec<usize> = if is_saturated {
        (0..net.stations.len()).filter(|&s| saturated[s]).collect()
    } else if finite.is_empty() {
        (0..net.stations.len()).collect()
    } else {
        finite
    };
    let key = |s: usize| {
        let f = &station_means[s].0;
        if is_saturated {
            f.offered_utilization
        } else {
            f.utilization
        }
        .unwrap_or(f64::NEG_INFINITY)
    };
    let bottleneck = candidates
        .iter()
        .copied()
        .fold(None::<usize>, |best, s| match best {
            Some(b) if key(b) >= key(s) => Some(b),
            _ => Some(s),
        })
        .unwrap_or(0);
    let (mut bn_mean, mut bn_half) = {
        let (m, h) = &station_means[bottleneck];
        if is_saturated {
            (m.offered_utilization, h.offered_utilization)
        } else {
            (m.utilization, h.utilization)
        }
    };
    let mut bottleneck_name = net.stations[bottleneck].name.clone();
    // The busiest shared host, when it is busier than the bottleneck station
    // (or every station is a delay).
    let host_key = |r: &SimHostReport| {
        if is_saturated {
            (r.figures.offered_utilization, r.ci95.offered_utilization)
        } else {
            (r.figures.utilization, r.ci95.utilization)
        }
    };
    let busiest = hosts
        .iter()
        .filter(|(name, _)| !is_saturated || saturated_hosts.contains(name))
        .max_by(|a, b| {
            let (x, y) = (host_key(a.1).0, host_key(b.1).0);
            x.unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&y.unwrap_or(f64::NEG_INFINITY))
        });
    if let Some((name, r)) = busiest {
        let (m, h) = host_key(r);
        let delays_only = !net
            .stations
            .iter()
            .any(|s| matches!(s.servers, Servers::Finite(_)));
        let station_value = if delays_only && !is_saturated {
            None
        } else {
            bn_mean
        };
        if m.unwrap_or(f64::NEG_INFINITY) >= station_value.unwrap_or(f64::NEG_INFINITY) {
            bottleneck_name = format!("host {name}");
            bn_mean = m;
            bn_half = h;
        }
    }

    // End to end.
    let null_latency = |f: &mut EndToEndFigures| {
        f.mean_sojourn_ms = None;
        f.p50_sojourn_ms = None;
        f.p95_sojourn_ms = None;
        f.p99_sojourn_ms = None;
        f.p999_sojourn_ms = None;
    };
    let keep_cdfs = reps.iter().all(|r| r.cdfs.len() == n_classes);
    // Point estimates from the pooled histogram; intervals through the
    // per-replication CDFs at the estimate, when they were kept.
    let pooled_percentiles = |f: &mut EndToEndFigures,
                              half: &mut EndToEndFigures,
                              h: &Histogram<u64>,
                              cdfs: &[&Cdf],
                              ci: &mut Ci| {
        f.p50_sojourn_ms = percentile(h, 0.50);
        f.p95_sojourn_ms = percentile(h, 0.95);
        f.p99_sojourn_ms = percentile(h, 0.99);
        f.p999_sojourn_ms = percentile(h, 0.999);
        if keep_cdfs {
            half.p50_sojourn_ms = percentile_half_width(ci, h, cdfs, 0.50);
            half.p95_sojourn_ms = percentile_half_width(ci, h, cdfs, 0.95);
            half.p99_sojourn_ms = percentile_half_width(ci, h, cdfs, 0.99);
            half.p999_sojourn_ms = percentile_half_width(ci, h, cdfs, 0.999);
        }
    };
    let mut all = Histogram::<u64>::new(HISTOGRAM_DIGITS).expect("3 significant digits");
    let mut classes = IndexMap::with_capacity(n_classes);
    for (k, c) in net.classes.iter().enumerate() {
        let figs: Vec<_> = reps.iter().map(|r| r.classes[k].clone()).collect();
        let (mut mean, mut half) = EndToEndFigures::combine(&figs, &mut ci);
        let cdfs: Vec<&Cdf> = reps.iter().filter_map(|r| r.cdfs.get(k)).collect();
        pooled_percentiles(&mut mean, &mut half, &pooled[k], &cdfs, &mut ci);
        // Auto-resizing histograms: adding cannot fail.
        all.add(&pooled[k]).ok();
        if is_saturated {
            null_latency(&mut mean);
            null_latency(&mut half);
        }
        classes.insert(
            c.name.clone(),
            SimClassReport {
                figures: mean,
                ci95: half,
            },
        );
    }
    let figs: Vec<_> = reps.iter().map(|r| r.network.clone()).collect();
    let (mut mean, mut half) = EndToEndFigures::combine(&figs, &mut ci);
    let merged: Vec<Cdf> = if keep_cdfs {
        reps.iter().map(|r| Cdf::merge(&r.cdfs)).collect()
    } else {
        Vec::new()
    };
    let merged_refs: Vec<&Cdf> = merged.iter().collect();
    pooled_percentiles(&mut mean, &mut half, &all, &merged_refs, &mut ci);
    let (mut in_net, mut in_net_half) = ci.mean_half_width(reps.iter().map(|r| r.mean_in_network));
    if is_saturated {
        null_latency(&mut mean);
        null_latency(&mut half);
        in_net = None;
        in_net_half = None;
    }

    let (requests_per_replication, duration_s, warmup_requests, warmup_s, warmup_rule) =
        match length {
            Length::Requests { warmup, measured } => (
                Some(measured),
                None,
                Some(warmup),
                None,
                format!(
                    "the first {warmup} external arrivals of each replication (the longer of \
                     a tenth of the {measured} measured and {WARMUP_RELAXATIONS} relaxation \
                     times) are simulated and discarded"
                ),
            ),
            Length::Duration { warmup, measured } => (
                None,
                Some(measured),
                None,
                Some(warmup),
                format!(
                    "the first {warmup} simulated seconds of each replication (the longer of \
                     a tenth of the {measured} s measured and {WARMUP_RELAXATIONS} relaxation \
                     times) are simulated and discarded"
                ),
            ),
        };
    let automatic = opts.requests.is_none() && opts.duration_s.is_none();
    let run_length_rule = if automatic {
        format!(
            "measured external arrivals per replication: {MEASURE_RELAXATIONS} relaxation times \
             of the slowest station, at least {} and at most {MAX_AUTO_REQUESTS}",
            super::options::DEFAULT_REQUESTS
        )
    } else {
        "as given (--requests or --duration)".into()
    };
    let window = reps.iter().map(|r| r.window).sum::<f64>() / reps.len().max(1) as f64;
    let relaxations = relax.map(|r| window / r.seconds);
    let (too_short_for, notes) = if is_saturated {
        (Vec::new(), Vec::new())
    } else {
        short_run(net, &reps, relax, relaxations)
    };
    Ok(SimReport {
        schema: SIMULATE_SCHEMA,
        status: if is_saturated {
            Status::Saturated
        } else {
            Status::Stable
        },
        saturated_stations: net
            .stations
            .iter()
            .zip(&saturated)
            .filter(|(_, b)| **b)
            .map(|(s, _)| s.name.clone())
            .collect(),
        saturated_hosts,
        run: RunInfo {
            replications: opts.replications,
            requests_per_replication,
            duration_s,
            warmup_requests,
            warmup_s,
            warmup_rule,
            requests_measured: reps.iter().map(|r| r.measured).sum(),
            model_events: reps.iter().map(|r| r.events).sum(),
            seed: opts.seed,
            confidence: "95% interval from the spread over replications, Student t with \
                         replications − 1 degrees of freedom"
                .into(),
            percentile_method: if keep_cdfs {
                format!(
                    "from an HDR histogram of sojourns in nanoseconds pooled over all \
                     replications, {HISTOGRAM_DIGITS} significant digits (bucket midpoint, \
                     relative error ≤ 0.05%); the interval from the spread over replications of \
                     the share of sojourns at or below the estimate (Student t), carried back \
                     through the pooled distribution"
                )
            } else {
                format!(
                    "from an HDR histogram of sojourns in nanoseconds pooled over all \
                     replications, {HISTOGRAM_DIGITS} significant digits (bucket midpoint, \
                     relative error ≤ 0.05%); the interval from the spread of the \
                     per-replication percentiles (too many classes × replications to keep \
                     each replication's distribution)"
                )
            },
            saturation_rule: format!(
                "a station with finite servers and no capacity limit is saturated when its \
                 measured offered load per server from open classes is at least 1 − 3/√n \
                 (n = their arrivals counted there; clients of closed classes wait for their \
                 requests and cannot overload a station), or when it holds the longest queue as \
                 the network passes {MAX_IN_NETWORK} requests; a shared host by the same rule on \
                 its offered CPU load per core, and then every station on it"
            ),
            run_length_rule,
            relaxation_station: relax.map(|r| net.stations[r.station].name.clone()),
            relaxation_time_s: relax.map(|r| r.seconds),
            relaxation_times_measured: relaxations,
            too_short_for,
            notes,
        },
        stations,
        hosts,
        network: SimNetworkReport {
            figures: mean,
            population: PopulationFigures {
                mean_in_network: in_net,
                bottleneck_utilization: bn_mean,
            },
            bottleneck: bottleneck_name,
            sojourn_method: format!(
                "simulation: HDR histogram pooled over replications, {HISTOGRAM_DIGITS} \
                 significant digits"
            ),
            ci95: SimNetworkCi {
                figures: half,
                population: PopulationFigures {
                    mean_in_network: in_net_half,
                    bottleneck_utilization: bn_half,
                },
            },
            classes,
        },
    })
}

/// Fewest sojourns per replication above a percentile for it to be
/// reported without a warning.
const MIN_TAIL_SAMPLES: f64 = 100.0;

/// The end-to-end figures the run is too short for, and why.
fn short_run(
    net: &Network,
    reps: &[RepFigures],
    relax: Option<Relaxation>,
    relaxations: Option<f64>,
) -> (Vec<String>, Vec<String>) {
    let mut figures: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    if let (Some(r), Some(x)) = (relax, relaxations)
        && x < SHORT_RUN_RELAXATIONS
    {
        figures.extend(
            [
                "mean_sojourn_ms",
                "p50_sojourn_ms",
                "p95_sojourn_ms",
                "p99_sojourn_ms",
                "p999_sojourn_ms",
            ]
            .map(String::from),
        );
        let need = (SHORT_RUN_RELAXATIONS * r.seconds * net.total_rate()).ceil();
        notes.push(format!(
            "each replication measures {x:.1} relaxation times of station {} (about {} at its \
             load); the sojourn mean and percentiles and their intervals need at least \
             {SHORT_RUN_RELAXATIONS}: run with --requests {need:.0} or more",
            net.stations[r.station].name,
            duration(r.seconds)
        ));
    }
    let per_rep = reps.iter().map(|r| r.measured).min().unwrap_or(0) as f64;
    for (key, name, q) in [
        ("p50_sojourn_ms", "p50", 0.5),
        ("p95_sojourn_ms", "p95", 0.95),
        ("p99_sojourn_ms", "p99", 0.99),
        ("p999_sojourn_ms", "p99.9", 0.999),
    ] {
        if (1.0 - q) * per_rep < MIN_TAIL_SAMPLES && !figures.iter().any(|f| f == key) {
            figures.push(key.to_string());
            notes.push(format!(
                "{name}: fewer than {MIN_TAIL_SAMPLES} sojourns per replication lie above it \
                 ({per_rep:.0} measured); run with --requests {:.0} or more",
                (MIN_TAIL_SAMPLES / (1.0 - q)).ceil()
            ));
        }
    }
    (figures, notes)
}

/// A duration in seconds, in s or ms with 3 significant digits.
fn duration(seconds: f64) -> String {
    let (v, unit) = if seconds >= 1.0 {
        (seconds, "s")
    } else {
        (seconds * 1e3, "ms")
    };
    let decimals = if v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else {
        2
    };
    format!("{v:.decimals$} {unit}")
}
