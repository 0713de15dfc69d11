//! Analytic solve time for sparse networks of 10, 100 and 1,000 stations.
//!
//! Run: `cargo bench --bench solve`

use planner::network::synthetic::synthetic;

fn main() {
    divan::main();
}

#[divan::bench(args = [10, 100, 1000])]
fn solve_network(bencher: divan::Bencher, stations: usize) {
    let net = synthetic(stations, 42);
    bencher.bench(|| planner::solve::solve(divan::black_box(&net)).expect("solves"));
}
