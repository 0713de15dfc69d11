//! Simulator speed, in model events per second (an event is an arrival at,
//! or a departure from, a station).
//!
//! `cargo bench --bench sim` prints, per network, the time per run of one
//! replication and the throughput in items (model events) per second on one
//! core.

use divan::Bencher;
use divan::counter::ItemsCount;
use planner::network::{Network, network_from_str};
use planner::sim::{SimOptions, simulate};

fn main() {
    divan::main();
}

/// M/M/1 at utilization 0.8.
const MM1: &str = "
arrivals:
  - rate: 800.0
    to: server
stations:
  server:
    servers: 1
    service: { distribution: exponential, mean_ms: 1 }
";

/// Web tier, cache and database with a connection limit.
const THREE_STATIONS: &str = include_str!("../examples/networks/web-cache-db.yaml");

const REQUESTS: u64 = 500_000;

fn bench(bencher: Bencher, yaml: &str) {
    let net: Network = network_from_str("bench.yaml", yaml).expect("valid network");
    let opts = SimOptions {
        requests: Some(REQUESTS),
        replications: 1,
        threads: 1,
        ..SimOptions::default()
    };
    let events = simulate(&net, &opts).expect("runs").run.model_events;
    bencher
        .counter(ItemsCount::new(events))
        .bench(|| simulate(&net, &opts).expect("runs"));
}

#[divan::bench(sample_count = 10)]
fn mm1_rho_0_8(bencher: Bencher) {
    bench(bencher, MM1);
}

#[divan::bench(sample_count = 10)]
fn three_stations(bencher: Bencher) {
    bench(bencher, THREE_STATIONS);
}

/// M/M/4-PS at utilization 0.9 (queue lengths of tens: the virtual-clock
/// heap is exercised).
const PS4: &str = "
arrivals:
  - rate: 3600.0
    to: cpu
stations:
  cpu:
    servers: 4
    discipline: ps
    service: { distribution: exponential, mean_ms: 1 }
";

#[divan::bench(sample_count = 10)]
fn ps_4_servers_rho_0_9(bencher: Bencher) {
    bench(bencher, PS4);
}
