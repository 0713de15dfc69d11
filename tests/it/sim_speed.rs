//! Figures to quote, run by hand (ignored by `cargo test`):
//!
//! ```text
//! cargo test --release --test sim_speed -- --ignored --nocapture events_per_second
//! cargo test --release --test sim_speed --no-run   # then, on the binary it names:
//! /usr/bin/time -v target/release/deps/sim_speed-… --ignored --nocapture hundred_million
//! ```
//!
//! The first prints model events per second on one core for an M/M/1 queue
//! at ρ = 0.8 and a three-station network; the second simulates 100 million
//! requests in one replication, for peak memory (it stays flat: requests in
//! the network live in a slab, statistics are running sums and histograms).
#![allow(
    clippy::print_stdout,
    reason = "these hand-run checks print the figures they measure"
)]

use std::time::Instant;

use planner::network::network_from_str;
use planner::sim::{SimOptions, simulate};

const MM1: &str = "
arrivals: [{ rate: 800.0, to: q }]
stations:
  q: { servers: 1, service: { distribution: exponential, mean_ms: 1 } }
";

const THREE_STATIONS: &str = include_str!("../../examples/networks/web-cache-db.yaml");

/// Simulates `requests` on one thread; returns (model events, seconds).
fn time_one(yaml: &str, requests: u64) -> (u64, f64) {
    let net = network_from_str("speed.yaml", yaml).expect("valid network");
    let opts = SimOptions {
        requests: Some(requests),
        replications: 1,
        threads: 1,
        ..SimOptions::default()
    };
    let start = Instant::now();
    let r = simulate(&net, &opts).expect("simulates");
    (r.run.model_events, start.elapsed().as_secs_f64())
}

#[test]
#[ignore = "a measurement, run by hand in release mode"]
fn events_per_second() {
    for (name, yaml) in [
        ("M/M/1 at ρ = 0.8", MM1),
        ("three stations", THREE_STATIONS),
    ] {
        let best = (0..3)
            .map(|_| {
                let (events, secs) = time_one(yaml, 2_000_000);
                events as f64 / secs
            })
            .fold(0.0, f64::max);
        println!(
            "{name}: {:.1} million model events/s on one core",
            best / 1e6
        );
    }
}

#[test]
#[ignore = "a measurement, run by hand in release mode (about 20 s)"]
fn hundred_million_requests() {
    let (events, secs) = time_one(THREE_STATIONS, 100_000_000);
    println!(
        "100M requests: {events} model events in {secs:.1} s ({:.1} M events/s)",
        events as f64 / secs / 1e6
    );
}
