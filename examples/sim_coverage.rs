//! Coverage experiment: do the simulator's 95% intervals cover the truth
//! near saturation?
//!
//! For M/M/1 with μ = 1/ms at ρ = 0.95 and 0.99, runs `planner simulate`'s
//! engine with its default run length (set from the relaxation time) and
//! default 10 replications for each of SEEDS seeds (default 50), and counts
//! the runs whose reported interval holds the exact mean sojourn
//! 1/(μ − λ) and the exact p99 ln(100)/(μ − λ) (the M/M/1 FCFS sojourn is
//! exponential with rate μ − λ).
//!
//! ```sh
//! cargo run --release --example sim_coverage -- 50
//! ```
#![allow(clippy::print_stdout, reason = "a report printed for people")]

use planner::network::network_from_str;
use planner::sim::{SimOptions, Status, simulate};

fn main() {
    let seeds: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    println!(
        "| ρ | seeds | mean covered | p99 covered | p99.9 covered | requests / replication | relaxation times measured | mean half-width | p99 half-width |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for rho in [0.95, 0.99] {
        let lambda = rho * 1000.0; // req/s, μ = 1000/s
        let net = network_from_str(
            "mm1.yaml",
            &format!(
                "arrivals: [{{ rate: {lambda}, to: q }}]\n\
                 stations:\n  q: {{ servers: 1, service: {{ distribution: exponential, mean_ms: 1 }} }}\n"
            ),
        )
        .expect("valid network");
        let rate_ms = 1.0 - rho; // μ − λ per ms
        let exact_mean = 1.0 / rate_ms;
        let exact_p99 = 100f64.ln() / rate_ms;
        let exact_p999 = 1000f64.ln() / rate_ms;
        let (mut mean_in, mut p99_in, mut p999_in) = (0, 0, 0);
        let (mut hm, mut hp) = (0.0, 0.0);
        let mut requests = 0;
        let mut relax = 0.0;
        for seed in 1..=seeds {
            let opts = SimOptions {
                seed: 1_000 * seed,
                ..SimOptions::default()
            };
            let r = simulate(&net, &opts).expect("simulates");
            assert_eq!(r.status, Status::Stable);
            let (f, h) = (&r.network.figures, &r.network.ci95.figures);
            let inside = |v: Option<f64>, h: Option<f64>, x: f64| match (v, h) {
                (Some(v), Some(h)) => (v - x).abs() <= h,
                _ => false,
            };
            mean_in += usize::from(inside(f.mean_sojourn_ms, h.mean_sojourn_ms, exact_mean));
            p99_in += usize::from(inside(f.p99_sojourn_ms, h.p99_sojourn_ms, exact_p99));
            p999_in += usize::from(inside(f.p999_sojourn_ms, h.p999_sojourn_ms, exact_p999));
            hm += h.mean_sojourn_ms.unwrap_or(f64::NAN) / exact_mean;
            hp += h.p99_sojourn_ms.unwrap_or(f64::NAN) / exact_p99;
            requests = r.run.requests_per_replication.unwrap_or(0);
            relax = r.run.relaxation_times_measured.unwrap_or(f64::NAN);
        }
        let n = seeds as f64;
        println!(
            "| {rho} | {seeds} | {mean_in} ({:.0}%) | {p99_in} ({:.0}%) | {p999_in} ({:.0}%) | {requests} | {relax:.0} | ±{:.1}% | ±{:.1}% |",
            100.0 * mean_in as f64 / n,
            100.0 * p99_in as f64 / n,
            100.0 * p999_in as f64 / n,
            100.0 * hm / n,
            100.0 * hp / n,
        );
    }
}
