//! Processor-sharing stations in `solve`: exact means, and what sharing
//! changes for short requests beside long jobs.

use approx::assert_relative_eq;
use planner::network::network_from_str;
use planner::solve::{SolveReport, solve};

fn solved(yaml: &str) -> SolveReport {
    let net = network_from_str("test.yaml", yaml).expect("valid network");
    solve(&net).expect("solves")
}

const TWO_CLASSES: &str = "arrivals:
  - { rate: 5, to: cpu, class: api }
  - { rate: 1, to: cpu, class: job }
stations:
  cpu:
    servers: 1
    discipline: DISCIPLINE
    classes:
      api: { service: { distribution: lognormal, mean_ms: 40, cv: 1.5 } }
      job: { service: { distribution: deterministic, mean_ms: 300 } }
";

#[test]
fn mg1_ps_class_means_are_size_over_idle() {
    // M/G/1-PS is insensitive: E[T | x] = x/(1 − ρ) (Harchol-Balter 2013,
    // ch. 22; Kleinrock 1976, §4.4). ρ = 5·0.04 + 1·0.3 = 0.5, so the API
    // class averages 80 ms and the job class 600 ms, whatever the laws.
    let r = solved(&TWO_CLASSES.replace("DISCIPLINE", "ps"));
    let c = &r.network.classes;
    assert_relative_eq!(
        c["api"].mean_sojourn_ms.unwrap(),
        80.0,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        c["job"].mean_sojourn_ms.unwrap(),
        600.0,
        max_relative = 1e-12
    );
    let s = &r.stations["cpu"];
    assert_relative_eq!(
        s.mean_response_ms.unwrap(),
        (5.0 * 80.0 + 600.0) / 6.0,
        max_relative = 1e-12
    );
    // Little: L = λ·W = 6 · (1000/6 ms) = 1 request.
    assert_relative_eq!(s.mean_in_station.unwrap(), 1.0, max_relative = 1e-12);
    assert!(s.method.contains("PS"), "{}", s.method);
    assert!(r.network.sojourn_method.starts_with("approx."));
}

#[test]
fn sharing_spares_short_requests_the_wait_behind_long_jobs() {
    // Under FCFS every API request waits behind the 300 ms jobs (M/G/1
    // Pollaczek–Khinchine wait: λE[S²]/(2(1 − ρ)) =
    // (5·0.04²·3.25 + 1·0.09)/(2·0.5) = 116 ms); under PS it is only slowed
    // by 1/(1 − ρ) = 2 on average.
    let fcfs = solved(&TWO_CLASSES.replace("DISCIPLINE", "fcfs"));
    let ps = solved(&TWO_CLASSES.replace("DISCIPLINE", "ps"));
    assert_relative_eq!(
        fcfs.network.classes["api"].mean_sojourn_ms.unwrap(),
        40.0 + 116.0,
        max_relative = 1e-12
    );
    // The tail too: `planner simulate --compare` (4 × 200,000 requests)
    // measures the API p95 at 286.9 ± 3.9 ms under PS, the analytic law
    // gives 285.6 ms, about half the FCFS figure (562 ms).
    let p95 = |r: &SolveReport| r.network.classes["api"].p95_sojourn_ms.unwrap();
    assert!(
        p95(&ps) < 0.55 * p95(&fcfs),
        "{} vs {}",
        p95(&ps),
        p95(&fcfs)
    );
}

#[test]
fn mmc_ps_mean_equals_the_mmc_mean() {
    // M/M/2-PS, λ = 1.2/s, E[S] = 1 s: the number present is the M/M/2 chain
    // (insensitivity of symmetric queues, Kelly 1979), so E[T] =
    // E[S]·(1 + C/(2(1 − ρ))) = 1/(1 − ρ²) s at ρ = 0.6 (C = 2ρ²/(1 + ρ)).
    let r = solved(
        "arrivals: [{ rate: 1.2, to: cpu }]\nstations:\n  cpu:\n    servers: 2\n    discipline: ps\n    service: { distribution: gamma, mean_ms: 1000, cv: 0.5 }\n",
    );
    assert_relative_eq!(
        r.network.mean_sojourn_ms.unwrap(),
        1000.0 / (1.0 - 0.36),
        max_relative = 1e-12
    );
    let s = &r.stations["cpu"];
    assert_relative_eq!(s.p_wait.unwrap(), 2.0 * 0.36 / 1.6, max_relative = 1e-12);
}

#[test]
fn a_capacity_limited_ps_pool_refuses_like_the_mmck_chain() {
    // M/G/1/3-PS, λ = μ = 10/s: the chain is uniform over 0..3, so a quarter
    // of arrivals are refused and L = 1.5, E[T] = L/λ_eff = 0.2 s
    // (Kelly 1979 §3.3; Gross & Harris 2008 §2.4).
    let r = solved(
        "arrivals: [{ rate: 10, to: cpu }]\nstations:\n  cpu:\n    servers: 1\n    capacity: 3\n    discipline: ps\n    service: { distribution: lognormal, mean_ms: 100, cv: 2 }\n",
    );
    let s = &r.stations["cpu"];
    assert_relative_eq!(s.blocking_probability.unwrap(), 0.25, max_relative = 1e-12);
    assert_relative_eq!(s.mean_response_ms.unwrap(), 200.0, max_relative = 1e-12);
}
