//! Processor-sharing percentiles in `solve` against the simulator.
//!
//! The mean sojourn of a request of size x at an M/G/c-PS station is exact
//! (x times the M/M/c mean slowdown); its distribution is an approximation
//! (`planner::queue::ps::PsStretch`): the slowdown seen at arrival,
//! whose law is exact by insensitivity, frozen for short requests and
//! relaxed toward its mean for long ones. Checked here against the
//! simulator on single stations: every p50, p95 and p99 within 10% of the
//! simulated value plus 3 of its 95% half-widths.
//!
//! The default suite runs two short cases; the grid over servers, load and
//! service variability is ignored (a few minutes) and prints its table:
//! `cargo test --release --test it ps_percentiles::grid -- --ignored --nocapture`.

use planner::network::network_from_str;
use planner::sim::{SimOptions, simulate};
use planner::solve::solve;

const TOLERANCE: f64 = 0.10;
const HALF_WIDTHS: f64 = 3.0;

/// One station, one class or two (a short API request beside long jobs).
fn network(servers: u32, rho: f64, service: &str, jobs: bool) -> String {
    // API requests of mean 10 ms; jobs of 400 ms carry a third of the load.
    let c = f64::from(servers);
    let (api, job) = if jobs {
        (rho * c * 2.0 / 3.0 / 0.010, rho * c / 3.0 / 0.400)
    } else {
        (rho * c / 0.010, 0.0)
    };
    let mut text = format!("arrivals:\n  - {{ rate: {api}, to: cpu, class: api }}\n");
    if jobs {
        text += &format!("  - {{ rate: {job}, to: cpu, class: job }}\n");
    }
    text += &format!(
        "stations:\n  cpu:\n    servers: {servers}\n    discipline: ps\n    classes:\n      \
         api: {{ service: {{ {service}, mean_ms: 10 }} }}\n"
    );
    if jobs {
        text += "      job: { service: { distribution: gamma, mean_ms: 400, cv: 1.5 } }\n";
    }
    text
}

/// Compares every class's p50/p95/p99; returns the rows that disagree.
fn compare(yaml: &str, requests: u64, replications: u32) -> (usize, Vec<String>) {
    let net = network_from_str("ps.yaml", yaml).expect("valid network");
    let a = solve(&net).expect("solves");
    let opts = SimOptions {
        requests: Some(requests),
        replications,
        seed: 5,
        ..SimOptions::default()
    };
    let s = simulate(&net, &opts).expect("simulates");
    let mut n = 0;
    let mut misses = Vec::new();
    for (name, ac) in &a.network.classes {
        let sc = &s.network.classes[name];
        for (fig, av, sv, h) in [
            (
                "p50",
                ac.p50_sojourn_ms,
                sc.figures.p50_sojourn_ms,
                sc.ci95.p50_sojourn_ms,
            ),
            (
                "p95",
                ac.p95_sojourn_ms,
                sc.figures.p95_sojourn_ms,
                sc.ci95.p95_sojourn_ms,
            ),
            (
                "p99",
                ac.p99_sojourn_ms,
                sc.figures.p99_sojourn_ms,
                sc.ci95.p99_sojourn_ms,
            ),
        ] {
            let (Some(av), Some(sv), Some(h)) = (av, sv, h) else {
                panic!("{name} {fig} missing");
            };
            n += 1;
            if (av - sv).abs() > TOLERANCE * sv + HALF_WIDTHS * h {
                misses.push(format!(
                    "{name} {fig}: analytic {av:.2} ms, simulated {sv:.2} ± {h:.2} ms ({:+.1}%)",
                    100.0 * (av - sv) / sv
                ));
            }
        }
    }
    (n, misses)
}

#[test]
fn short_requests_beside_long_jobs_on_one_and_four_cpus() {
    // The case the mean slowdown alone gets wrong: most API requests find a
    // CPU free and take their own service time, a few share with a job.
    for servers in [1, 4] {
        let yaml = network(servers, 0.6, "distribution: exponential", true);
        let (_, misses) = compare(&yaml, 60_000, 4);
        assert!(misses.is_empty(), "c = {servers}:\n{}", misses.join("\n"));
    }
}

#[test]
#[ignore = "a grid of simulations (minutes): run by hand, see the module comment"]
#[allow(clippy::print_stderr, reason = "prints its table for the reader")]
fn grid() {
    let services = [
        ("deterministic", "distribution: deterministic"),
        ("exponential", "distribution: exponential"),
        ("lognormal cv 2", "distribution: lognormal, cv: 2"),
    ];
    let (mut total, mut all) = (0, Vec::new());
    for servers in [1, 4, 16] {
        for rho in [0.3, 0.6, 0.85] {
            for (label, service) in services {
                for jobs in [false, true] {
                    let yaml = network(servers, rho, service, jobs);
                    let (n, misses) = compare(&yaml, 400_000, 5);
                    eprintln!(
                        "c = {servers:>2}, ρ = {rho}, api {label:<14} {:<10} {} of {n} agree",
                        if jobs { "+ jobs" } else { "" },
                        n - misses.len()
                    );
                    for m in &misses {
                        eprintln!("    {m}");
                    }
                    total += n;
                    all.extend(misses);
                }
            }
        }
    }
    eprintln!("{} of {total} figures agree", total - all.len());
    assert!(all.is_empty());
}
