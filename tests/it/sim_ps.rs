//! Processor sharing in the simulator against exact results.
//!
//! With `n` requests at `c` servers each is served at rate `min(1, c/n)`.
//! Exact results used (Harchol-Balter, *Performance Modeling and Design of
//! Computer Systems*, ch. 22; Kleinrock, *Queueing Systems* vol. 2, §4.4):
//! - M/G/1-PS is insensitive: the number present is geometric,
//!   P(n) = (1 − ρ)ρⁿ, whatever the service distribution, so
//!   E[T] = S/(1 − ρ); and a request of size x stays x/(1 − ρ) on average.
//! - M/M/c-PS has the birth–death chain of M/M/c (departure rate
//!   μ·min(n, c) either way), so its mean number present, mean response and
//!   P(an arrival finds all c servers taken) = Erlang C are those of M/M/c.
//! - M/M/1/K-PS likewise has the M/M/1/K chain: blocking
//!   (1 − ρ)ρᴷ/(1 − ρᴷ⁺¹), mean number ρ/(1 − ρ) − (K + 1)ρᴷ⁺¹/(1 − ρᴷ⁺¹).
//!
//! Tolerances as in `sim_exact.rs`: the 95% half-width is at most a few
//! percent of the exact value (so a 5% error cannot pass), and the exact
//! value lies inside the interval widened to 99.9% (× 2.11 for 10
//! replications), since dozens of figures are checked.

// The run, interval check and Erlang C of the exact-result simulator tests.
use crate::sim_exact::{WIDEN, check, erlang_c, run};

#[test]
fn mm1_ps_mean_is_s_over_one_minus_rho() {
    // λ = 700/s, S = 1 ms: E[T] = 1/(1 − 0.7) = 3.333 ms; L = ρ/(1 − ρ).
    let r = run(
        "
arrivals: [{ rate: 700.0, to: cpu }]
stations:
  cpu: { servers: 1, discipline: ps, service: { distribution: exponential, mean_ms: 1 } }
",
        200_000,
        21,
    );
    let (f, h) = (&r.network.figures, &r.network.ci95.figures);
    check(
        "E[T]",
        f.mean_sojourn_ms,
        h.mean_sojourn_ms,
        1.0 / 0.3,
        0.03,
    );
    let q = &r.stations["cpu"];
    check(
        "L",
        q.figures.mean_in_station,
        q.ci95.mean_in_station,
        0.7 / 0.3,
        0.03,
    );
    check(
        "utilization",
        q.figures.utilization,
        q.ci95.utilization,
        0.7,
        0.01,
    );
    // P(an arrival finds the server taken) = ρ (PASTA).
    check("P(slowed)", q.figures.p_wait, q.ci95.p_wait, 0.7, 0.01);
}

#[test]
fn mg1_ps_is_insensitive_to_the_service_distribution() {
    // ρ = 0.5, S = 1 ms: E[T] = 2 ms whether the service is constant or
    // lognormal with cv 3 (under FCFS the latter would wait
    // (1 + 9)/2 = 5 times longer than M/M/1: P–K gives 6 ms).
    for (service, max_rel) in [
        ("{ distribution: deterministic, mean_ms: 1 }", 0.02),
        ("{ distribution: lognormal, mean_ms: 1, cv: 3 }", 0.05),
    ] {
        let r = run(
            &format!(
                "
arrivals: [{{ rate: 500.0, to: cpu }}]
stations:
  cpu: {{ servers: 1, discipline: ps, service: {service} }}
"
            ),
            400_000,
            22,
        );
        let (f, h) = (&r.network.figures, &r.network.ci95.figures);
        check(service, f.mean_sojourn_ms, h.mean_sojourn_ms, 2.0, max_rel);
    }
}

#[test]
fn ps_sojourn_is_proportional_to_size() {
    // Two sizes sharing one server: 0.5 ms at 800/s (ρ 0.4) and 5 ms at
    // 40/s (ρ 0.2), ρ = 0.6. E[T | x] = x/(1 − ρ): 1.25 ms and 12.5 ms.
    let r = run(
        "
arrivals:
  - { rate: 800.0, to: cpu, class: small }
  - { rate: 40.0, to: cpu, class: big }
stations:
  cpu:
    servers: 1
    discipline: ps
    classes:
      small: { service: { distribution: deterministic, mean_ms: 0.5 } }
      big: { service: { distribution: deterministic, mean_ms: 5 } }
",
        400_000,
        23,
    );
    for (class, exact) in [("small", 1.25), ("big", 12.5)] {
        let c = &r.network.classes[class];
        check(
            class,
            c.figures.mean_sojourn_ms,
            c.ci95.mean_sojourn_ms,
            exact,
            0.03,
        );
    }
    // Under FCFS both would see the same wait; here the small requests'
    // p99 stays far below the big requests' service time.
    let p99 = r.network.classes["small"].figures.p99_sojourn_ms.unwrap();
    assert!(p99 < 5.0, "small p99 {p99} ms");
}

#[test]
fn mmc_ps_has_the_mmc_chain() {
    // c = 2, λ = 1400/s, S = 1 ms: a = 1.4, ρ = 0.7.
    let c = erlang_c(2, 1.4);
    let wait = c / (2000.0 - 1400.0) * 1e3; // ms
    let r = run(
        "
arrivals: [{ rate: 1400.0, to: cpu }]
stations:
  cpu: { servers: 2, discipline: ps, service: { distribution: exponential, mean_ms: 1 } }
",
        200_000,
        24,
    );
    let q = &r.stations["cpu"];
    check(
        "E[T]",
        q.figures.mean_response_ms,
        q.ci95.mean_response_ms,
        1.0 + wait,
        0.02,
    );
    check("P(all taken)", q.figures.p_wait, q.ci95.p_wait, c, 0.02);
    check(
        "time lost to sharing",
        q.figures.mean_wait_ms,
        q.ci95.mean_wait_ms,
        wait,
        0.04,
    );
    check(
        "L",
        q.figures.mean_in_station,
        q.ci95.mean_in_station,
        1.4 + 1.4 * wait,
        0.02,
    );
}

#[test]
fn ps_with_a_capacity_limit_blocks_like_mm1k() {
    // M/M/1/5, ρ = 0.9.
    let (rho, k) = (0.9_f64, 5);
    let block = (1.0 - rho) * rho.powi(k) / (1.0 - rho.powi(k + 1));
    let l = rho / (1.0 - rho) - f64::from(k + 1) * rho.powi(k + 1) / (1.0 - rho.powi(k + 1));
    let resp = l / (900.0 * (1.0 - block)) * 1e3;
    let r = run(
        "
arrivals: [{ rate: 900.0, to: cpu }]
stations:
  cpu:
    servers: 1
    capacity: 5
    discipline: ps
    service: { distribution: exponential, mean_ms: 1 }
",
        200_000,
        27,
    );
    let q = &r.stations["cpu"];
    check(
        "blocking",
        q.figures.blocking_probability,
        q.ci95.blocking_probability,
        block,
        0.03,
    );
    check(
        "L",
        q.figures.mean_in_station,
        q.ci95.mean_in_station,
        l,
        0.02,
    );
    check(
        "response",
        q.figures.mean_response_ms,
        q.ci95.mean_response_ms,
        resp,
        0.02,
    );
}

#[test]
fn ps_in_a_network_keeps_littles_law() {
    // A PS CPU feeding an FCFS database and back (feedback), two classes.
    let r = run(
        "
arrivals:
  - { rate: 300.0, to: cpu, class: read }
  - { rate: 50.0, to: cpu, class: job }
stations:
  cpu:
    servers: 2
    discipline: ps
    service: { distribution: exponential, mean_ms: 2 }
    routes: { db: 0.5 }
    classes:
      job: { service: { distribution: lognormal, mean_ms: 8, cv: 2 } }
  db:
    servers: 1
    service: { distribution: exponential, mean_ms: 1 }
    routes: { cpu: 0.5 }
",
        100_000,
        26,
    );
    for (name, s) in &r.stations {
        let l = s.figures.mean_in_station.unwrap();
        let lw = s.figures.throughput_rps.unwrap() * s.figures.mean_response_ms.unwrap() / 1e3;
        let half = s.ci95.mean_in_station.unwrap();
        assert!(
            (l - lw).abs() <= WIDEN * half,
            "{name}: L = {l} ± {half} but λW = {lw}"
        );
    }
    // The cpu utilization is known exactly from the traffic equations:
    // each request visits the cpu 1 + 0.25 + 0.25² + … = 4/3 times.
    let u = (300.0 * 0.002 + 50.0 * 0.008) * 4.0 / 3.0 / 2.0;
    let q = &r.stations["cpu"];
    check(
        "cpu utilization",
        q.figures.utilization,
        q.ci95.utilization,
        u,
        0.02,
    );
}
