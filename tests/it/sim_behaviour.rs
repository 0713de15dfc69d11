//! The simulator's contract beyond exact formulas: reproducibility,
//! saturation, validation of options, loss accounting, run lengths,
//! progress, and the calibration of its confidence intervals.

use std::sync::atomic::{AtomicU64, Ordering};

use planner::Error;
use planner::network::{Network, network_from_str};
use planner::sim::{MAX_IN_NETWORK, SimOptions, SimReport, Status, simulate};

fn net(yaml: &str) -> Network {
    network_from_str("test.yaml", yaml).expect("valid network")
}

fn mm1(rate: f64) -> Network {
    net(&format!(
        "
arrivals: [{{ rate: {rate}, to: q }}]
stations:
  q: {{ servers: 1, service: {{ distribution: exponential, mean_ms: 1 }} }}
"
    ))
}

const THREE_STATIONS: &str = include_str!("../../examples/networks/web-cache-db.yaml");

fn opts(requests: u64, replications: u32, seed: u64) -> SimOptions<'static> {
    SimOptions {
        requests: Some(requests),
        replications,
        seed,
        ..SimOptions::default()
    }
}

fn usage(net: &Network, o: &SimOptions<'_>) -> String {
    match simulate(net, o) {
        Err(Error::Usage(m)) => m,
        other => panic!("expected a usage error, got {other:?}"),
    }
}

#[test]
fn same_seed_same_json_whatever_the_threads() {
    let n = net(THREE_STATIONS);
    let json = |threads: usize, seed: u64| {
        let o = SimOptions {
            threads,
            ..opts(50_000, 5, seed)
        };
        serde_json::to_string(&simulate(&n, &o).expect("simulates")).expect("serialises")
    };
    let one = json(1, 7);
    assert_eq!(one, json(2, 7));
    assert_eq!(one, json(3, 7));
    assert_eq!(one, json(0, 7));
    assert_ne!(one, json(1, 8));
}

#[test]
fn three_station_network_is_stable_and_obeys_little() {
    let r = simulate(&net(THREE_STATIONS), &opts(100_000, 10, 3)).expect("simulates");
    assert_eq!(r.status, Status::Stable);
    assert!(r.saturated_stations.is_empty());
    assert_eq!(r.network.bottleneck, "web");
    // Offered 120 req/s × 20 ms / 4 servers = 0.6; 1% is ~10 half-widths.
    let u = r.stations["web"].figures.utilization.unwrap();
    assert!((u - 0.6).abs() < 0.006, "web utilization {u}");
    assert!(r.network.figures.p999_sojourn_ms.unwrap() > r.network.figures.p99_sojourn_ms.unwrap());
    for (name, s) in &r.stations {
        let l = s.figures.mean_in_station.unwrap();
        let lw = s.figures.throughput_rps.unwrap() * s.figures.mean_response_ms.unwrap() / 1e3;
        assert!(
            (l - lw).abs() <= s.ci95.mean_in_station.unwrap(),
            "{name}: L {l} vs λW {lw}"
        );
    }
    assert_eq!(r.stations["db"].blocked_requests, Some(0));
    assert_eq!(r.stations["web"].blocked_requests, None);
    assert_eq!(r.run.requests_measured, 1_000_000);
    assert_eq!(r.run.warmup_requests, Some(10_000));
    let json = serde_json::to_value(&r).expect("serialises");
    assert_eq!(json["schema"], "planner.simulate/v1");
    assert!(json["network"]["ci95"]["p95_sojourn_ms"].is_f64());
    assert!(json["stations"]["web"]["ci95"]["mean_response_ms"].is_f64());
    assert!(json["stations"]["web"]["blocking_probability"].is_null());
}

#[test]
fn saturation_is_detected_at_and_above_one() {
    let o = opts(100_000, 10, 5);
    for rho in [1.05, 1.0] {
        let r = simulate(&mm1(rho * 1000.0), &o).expect("simulates");
        assert_eq!(r.status, Status::Saturated, "ρ = {rho}");
        assert_eq!(r.saturated_stations, ["q"]);
        let q = &r.stations["q"];
        assert!(q.figures.mean_response_ms.is_none() && q.figures.mean_wait_ms.is_none());
        assert!(r.network.figures.p99_sojourn_ms.is_none());
        assert!(r.network.figures.mean_sojourn_ms.is_none());
        assert_eq!(r.network.bottleneck, "q");
        assert!(r.network.population.bottleneck_utilization.unwrap() > 0.99);
        let json = serde_json::to_value(&r).expect("serialises");
        assert_eq!(json["status"], "saturated");
        assert_eq!(json["saturated_stations"][0], "q");
    }
    let r = simulate(&mm1(900.0), &o).expect("simulates");
    assert_eq!(r.status, Status::Stable);
    assert!(r.saturated_stations.is_empty());
}

#[test]
fn saturated_downstream_station_is_named() {
    let n = net("
arrivals: [{ rate: 100.0, to: web }]
stations:
  web:
    servers: 2
    service: { distribution: exponential, mean_ms: 10 }
    routes: { db: 1.0 }
  db:
    servers: 1
    service: { distribution: gamma, mean_ms: 12, cv: 0.5 }
");
    let r = simulate(&n, &opts(50_000, 4, 1)).expect("simulates");
    assert_eq!(r.status, Status::Saturated);
    assert_eq!(r.saturated_stations, ["db"]);
}

#[test]
fn runaway_queue_stops_at_the_population_bound() {
    // ρ = 3: the queue passes MAX_IN_NETWORK long before 10M arrivals.
    let r = simulate(&mm1(3000.0), &opts(10_000_000, 1, 1)).expect("simulates");
    assert_eq!(r.status, Status::Saturated);
    assert_eq!(r.saturated_stations, ["q"]);
    assert!(r.run.model_events < 4 * u64::from(MAX_IN_NETWORK));
}

#[test]
fn huge_delay_population_is_refused() {
    let n = net("
arrivals: [{ rate: 1000000.0, to: d }]
stations:
  d: { servers: infinite, service: { distribution: deterministic, mean_ms: 10000 } }
");
    let m = usage(&n, &opts(10_000_000, 1, 1));
    assert!(m.contains("requests at once"), "{m}");
}

#[test]
fn bad_options_name_the_flag_value_and_range() {
    let n = mm1(500.0);
    let m = usage(&n, &opts(0, 10, 1));
    assert!(
        m.contains("--requests") && m.contains("got 0") && m.contains("1000"),
        "{m}"
    );
    let m = usage(&n, &opts(u64::MAX, 10, 1));
    assert!(m.contains("--requests"), "{m}");
    let m = usage(&n, &opts(10_000, 0, 1));
    assert!(m.contains("--replications") && m.contains("got 0"), "{m}");
    let m = usage(&n, &opts(10_000, 1_000_000, 1));
    assert!(m.contains("--replications"), "{m}");
    for d in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let o = SimOptions {
            duration_s: Some(d),
            ..SimOptions::default()
        };
        assert!(usage(&n, &o).contains("--duration"));
    }
    let o = SimOptions {
        duration_s: Some(1e15),
        ..SimOptions::default()
    };
    assert!(usage(&n, &o).contains("--duration"));
    let o = SimOptions {
        duration_s: Some(1.0),
        ..opts(10_000, 2, 1)
    };
    let m = usage(&n, &o);
    assert!(m.contains("--requests") && m.contains("--duration"), "{m}");
    let o = SimOptions {
        threads: 100_000,
        ..opts(10_000, 2, 1)
    };
    assert!(usage(&n, &o).contains("--threads"));
}

#[test]
fn rejection_at_a_later_station_is_a_loss_with_a_sojourn() {
    // a (M/M/1, ρ = 0.5) feeds b (capacity 2, ρ = 0.75): every loss happens at b.
    let n = net("
arrivals: [{ rate: 500.0, to: a }]
stations:
  a:
    servers: 1
    service: { distribution: exponential, mean_ms: 1 }
    routes: { b: 1.0 }
  b:
    servers: 1
    capacity: 2
    service: { distribution: exponential, mean_ms: 1.5 }
");
    let r = simulate(&n, &opts(100_000, 10, 9)).expect("simulates");
    assert_eq!(r.status, Status::Stable);
    let (b, net) = (&r.stations["b"], &r.network);
    let loss = net.figures.loss_probability.unwrap();
    let block = b.figures.blocking_probability.unwrap();
    assert!(loss > 0.1, "loss {loss}");
    assert!(
        (loss - block).abs() <= net.ci95.figures.loss_probability.unwrap() + 1e-3,
        "loss {loss} vs blocking at b {block}"
    );
    // Throughput: arrivals × (1 − loss) (both from tagged requests, exact).
    let x = net.figures.throughput_rps.unwrap();
    let expect = net.figures.arrival_rate_rps.unwrap() * (1.0 - loss);
    assert!((x - expect).abs() < 0.01 * expect, "{x} vs {expect}");
    // Rejected requests spent time at a, so the mean sojourn lies between
    // a's response time and a's plus b's.
    let soj = net.figures.mean_sojourn_ms.unwrap();
    let wa = r.stations["a"].figures.mean_response_ms.unwrap();
    let wb = b.figures.mean_response_ms.unwrap();
    assert!(soj > wa && soj < wa + wb, "{soj} vs {wa} + {wb}");
    assert_eq!(r.stations["a"].figures.blocking_probability, None);
}

#[test]
fn single_station_sojourn_is_its_response_time() {
    let n = net("
arrivals: [{ rate: 900.0, to: q }]
stations:
  q: { servers: 1, capacity: 4, service: { distribution: exponential, mean_ms: 1 } }
");
    let r = simulate(&n, &opts(20_000, 3, 2)).expect("simulates");
    let w = r.stations["q"].figures.mean_response_ms.unwrap();
    let t = r.network.figures.mean_sojourn_ms.unwrap();
    assert!((w - t).abs() < 1e-9 * w, "{w} vs {t}");
}

#[test]
fn duration_runs_measure_that_long() {
    let o = SimOptions {
        duration_s: Some(20.0),
        ..opts(1, 10, 4)
    };
    let o = SimOptions {
        requests: None,
        ..o
    };
    let r = simulate(&mm1(800.0), &o).expect("simulates");
    assert_eq!(r.run.duration_s, Some(20.0));
    assert_eq!(r.run.warmup_s, Some(2.0));
    assert_eq!(r.run.requests_per_replication, None);
    let rate = r.network.figures.arrival_rate_rps.unwrap();
    let half = r.network.ci95.figures.arrival_rate_rps.unwrap();
    // 10 × 20 s at 800/s: the rate is known to ~0.2%; 3 half-widths.
    assert!((rate - 800.0).abs() < 3.0 * half, "{rate} ± {half}");
    let measured = r.run.requests_measured as f64;
    assert!((measured / 160_000.0 - 1.0).abs() < 0.01, "{measured}");
}

#[test]
fn progress_reaches_the_total() {
    let max = AtomicU64::new(0);
    let tot = AtomicU64::new(0);
    let cb = |done: u64, total: u64| {
        assert!(done <= total);
        max.fetch_max(done, Ordering::Relaxed);
        tot.store(total, Ordering::Relaxed);
    };
    let o = SimOptions {
        progress: Some(&cb),
        threads: 2,
        ..opts(100_000, 4, 1)
    };
    simulate(&mm1(500.0), &o).expect("simulates");
    assert_eq!(tot.load(Ordering::Relaxed), 4 * 110_000);
    assert_eq!(max.load(Ordering::Relaxed), 4 * 110_000);
}

#[test]
fn ci95_covers_the_exact_mean_about_95_percent_of_the_time() {
    // M/M/1 at ρ = 0.7, W = 1/(μ − λ) = 3.33 ms; 40 independent runs of 10
    // replications. Coverage is binomial(40, 0.95): mean 38, sd 1.4; at
    // least 34 is the 3-sd bound (a too-narrow interval, say 80% coverage,
    // would fail).
    let n = mm1(700.0);
    let exact = 1e3 / (1000.0 - 700.0);
    let covered = (0..40)
        .filter(|&seed| {
            let r: SimReport = simulate(&n, &opts(20_000, 10, 1000 + seed)).expect("simulates");
            let q = &r.stations["q"];
            let (w, h) = (
                q.figures.mean_response_ms.unwrap(),
                q.ci95.mean_response_ms.unwrap(),
            );
            (w - exact).abs() <= h
        })
        .count();
    assert!(covered >= 34, "covered {covered} of 40");
}
