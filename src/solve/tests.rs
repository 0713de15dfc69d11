//! The solver against textbook values. Tolerances: 1e-9 relative for exact
//! formulas (they are closed forms evaluated in double precision).

use approx::assert_relative_eq;

use super::{SolveReport, Status, solve};
use crate::network::network_from_str;

fn solved(yaml: &str) -> SolveReport {
    let net = network_from_str("test.yaml", yaml).expect("valid network");
    solve(&net).expect("solves")
}

fn single(rate: f64, servers: u32, service: &str) -> SolveReport {
    solved(&format!(
        "arrivals: [{{ rate: {rate}, to: s }}]\nstations:\n  s:\n    servers: {servers}\n    service: {service}\n"
    ))
}

const EPS: f64 = 1e-9;

#[test]
fn mm1_textbook() {
    // λ = 8/s, μ = 10/s: W = 1/(μ − λ) = 0.5 s, Wq = 0.4 s, L = 4, ρ = 0.8,
    // sojourn ~ Exp(2/s): p50 = ln 2 / 2 s, p95 = ln 20 / 2 s, p99 = ln 100 / 2 s.
    let r = single(8.0, 1, "{ distribution: exponential, mean_ms: 100 }");
    let s = &r.stations["s"];
    assert_relative_eq!(s.utilization, 0.8, max_relative = EPS);
    assert_relative_eq!(s.p_wait.unwrap(), 0.8, max_relative = EPS);
    assert_relative_eq!(s.mean_wait_ms.unwrap(), 400.0, max_relative = EPS);
    assert_relative_eq!(s.mean_response_ms.unwrap(), 500.0, max_relative = EPS);
    assert_relative_eq!(s.mean_in_station.unwrap(), 4.0, max_relative = EPS);
    let n = &r.network;
    assert_relative_eq!(n.mean_sojourn_ms.unwrap(), 500.0, max_relative = EPS);
    assert_relative_eq!(
        n.p50_sojourn_ms.unwrap(),
        1000.0 * 2f64.ln() / 2.0,
        max_relative = 1e-9
    );
    assert_relative_eq!(
        n.p95_sojourn_ms.unwrap(),
        1000.0 * 20f64.ln() / 2.0,
        max_relative = 1e-9
    );
    assert_relative_eq!(
        n.p99_sojourn_ms.unwrap(),
        1000.0 * 100f64.ln() / 2.0,
        max_relative = 1e-9
    );
    assert!(n.sojourn_method.starts_with("exact"));
    assert_relative_eq!(n.max_arrival_scale.unwrap(), 1.25, max_relative = EPS);
    assert_eq!(s.method, "M/M/c exact");
}

#[test]
fn mmc_two_servers_textbook() {
    // c = 2, λ = 1.5/s, μ = 1/s: a = 1.5, ρ = 0.75, C = 9/14, Wq = C/(cμ − λ) = 9/7 s.
    let r = single(1.5, 2, "{ distribution: exponential, mean_ms: 1000 }");
    let s = &r.stations["s"];
    assert_relative_eq!(s.p_wait.unwrap(), 9.0 / 14.0, max_relative = EPS);
    assert_relative_eq!(s.mean_wait_ms.unwrap(), 9000.0 / 7.0, max_relative = EPS);
    assert_relative_eq!(
        s.mean_in_station.unwrap(),
        1.5 * (9.0 / 7.0 + 1.0),
        max_relative = EPS
    );
}

#[test]
fn mmc_one_server_equals_mm1() {
    let a = single(3.0, 1, "{ distribution: exponential, mean_ms: 250 }");
    // ρ = 0.75, W = 1/(4 − 3) = 1 s.
    assert_relative_eq!(
        a.stations["s"].mean_response_ms.unwrap(),
        1000.0,
        max_relative = EPS
    );
}

#[test]
fn mmc_64_servers_matches_erlang_c_by_hand() {
    // c = 64, a = 57.6 (ρ = 0.9). Erlang C from the B recursion, written out
    // here independently of the library.
    let (c, a) = (64u32, 57.6f64);
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
    }
    let rho = a / f64::from(c);
    let erlang_c = b / (1.0 - rho * (1.0 - b));
    let mu = 1.0 / 0.05;
    let wq = erlang_c / (f64::from(c) * mu - a * mu);
    let r = single(a * mu, c, "{ distribution: exponential, mean_ms: 50 }");
    let s = &r.stations["s"];
    assert_relative_eq!(s.p_wait.unwrap(), erlang_c, max_relative = 1e-12);
    assert_relative_eq!(s.mean_wait_ms.unwrap(), 1000.0 * wq, max_relative = 1e-12);
}

#[test]
fn mmc_ten_thousand_servers_is_finite_and_near_halfin_whitt() {
    // c = 10,000 at ρ = 0.99: β = (1 − ρ)√c = 1; Halfin–Whitt gives
    // P(wait) ≈ 1 / (1 + β Φ(β)/φ(β)) ≈ 0.2234 (an approximation, ±1%).
    let r = single(
        99_000.0,
        10_000,
        "{ distribution: exponential, mean_ms: 100 }",
    );
    let s = &r.stations["s"];
    let p = s.p_wait.unwrap();
    assert!(
        p.is_finite() && (p - 0.2234).abs() < 0.01 * 0.2234,
        "P(wait) = {p}"
    );
    // Wq = C/(cμ − λ) = C / (100,000 − 99,000) s = C ms.
    assert_relative_eq!(s.mean_wait_ms.unwrap(), p, max_relative = 1e-9);
    assert!(r.network.p99_sojourn_ms.unwrap().is_finite());
}

#[test]
fn md1_textbook() {
    // λ = 5/s, S = 0.1 s deterministic: ρ = 0.5, Wq = ρS / (2(1 − ρ)) = 0.05 s.
    let r = single(5.0, 1, "{ distribution: deterministic, mean_ms: 100 }");
    let s = &r.stations["s"];
    assert_relative_eq!(s.mean_wait_ms.unwrap(), 50.0, max_relative = EPS);
    assert_eq!(s.method, "M/G/1 exact");
}

#[test]
fn mg1_lognormal_pollaczek_khinchine() {
    // λ = 5/s, S = 0.1 s, cv 1.5: E[S²] = S²(1 + cv²) = 0.0325 s²,
    // Wq = λE[S²] / (2(1 − ρ)) = 0.1625 s.
    let r = single(5.0, 1, "{ distribution: lognormal, mean_ms: 100, cv: 1.5 }");
    assert_relative_eq!(
        r.stations["s"].mean_wait_ms.unwrap(),
        162.5,
        max_relative = EPS
    );
}

#[test]
fn mm1k_blocking_textbook() {
    // M/M/1/4 at ρ = 1: P_K = 1/(K + 1) = 0.2. At ρ = 0.5, K = 3:
    // P_K = (1 − ρ)ρ^K / (1 − ρ^(K+1)) = 0.5·0.125 / 0.9375 = 1/15.
    let r = solved(
        "arrivals: [{ rate: 10, to: s }]\nstations:\n  s:\n    servers: 1\n    capacity: 4\n    service: { distribution: exponential, mean_ms: 100 }\n",
    );
    assert_eq!(r.status, Status::Stable);
    let s = &r.stations["s"];
    assert_relative_eq!(s.blocking_probability.unwrap(), 0.2, max_relative = 1e-9);
    assert_relative_eq!(s.throughput_rps, 8.0, max_relative = 1e-9);
    assert_relative_eq!(
        r.network.loss_probability.unwrap(),
        0.2,
        max_relative = 1e-9
    );
    // L = Σ n p_n with p_n = 1/5: 2; W = L / λ_eff = 0.25 s.
    assert_relative_eq!(s.mean_in_station.unwrap(), 2.0, max_relative = 1e-9);
    assert_relative_eq!(s.mean_response_ms.unwrap(), 250.0, max_relative = 1e-9);
    let r = solved(
        "arrivals: [{ rate: 5, to: s }]\nstations:\n  s:\n    servers: 1\n    capacity: 3\n    service: { distribution: exponential, mean_ms: 100 }\n",
    );
    assert_relative_eq!(
        r.stations["s"].blocking_probability.unwrap(),
        1.0 / 15.0,
        max_relative = 1e-9
    );
}

#[test]
fn mmck_two_servers_by_hand() {
    // M/M/2/4, λ = 3, μ = 1 (a = 3): unnormalised p_n = 1, 3, 4.5, 6.75, 10.125
    // (p_n = a^n/n! for n ≤ 2, then × a/2 per step). Sum = 25.375.
    let r = solved(
        "arrivals: [{ rate: 3, to: s }]\nstations:\n  s:\n    servers: 2\n    capacity: 4\n    service: { distribution: exponential, mean_ms: 1000 }\n",
    );
    let s = &r.stations["s"];
    let w = [1.0, 3.0, 4.5, 6.75, 10.125];
    let total: f64 = w.iter().sum();
    let l: f64 = w.iter().enumerate().map(|(n, p)| n as f64 * p).sum::<f64>() / total;
    assert_relative_eq!(
        s.blocking_probability.unwrap(),
        10.125 / total,
        max_relative = 1e-9
    );
    assert_relative_eq!(s.mean_in_station.unwrap(), l, max_relative = 1e-9);
    assert_eq!(s.method, "M/M/c/K exact");
}

#[test]
fn jackson_network_with_feedback_and_two_streams() {
    // γ = 150 + 50 at gateway; auth repeats 20%; backend retries 10% via the
    // gateway. λ_g = 200 + 0.1 λ_b, λ_a = λ_g / 0.8, λ_b = 0.8 λ_a = λ_g,
    // so λ_g = λ_b = 2000/9, λ_a = 2500/9.
    let r = solved(include_str!("../../examples/networks/jackson-retries.yaml"));
    let lg = 2000.0 / 9.0;
    assert_relative_eq!(
        r.stations["gateway"].arrival_rate_rps,
        lg,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        r.stations["auth"].arrival_rate_rps,
        2500.0 / 9.0,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        r.stations["backend"].arrival_rate_rps,
        lg,
        max_relative = 1e-12
    );
    // Product form: each station is M/M/c with its own λ.
    let mmc_wq = |lambda: f64, s: f64, c: u32| {
        let a = lambda * s;
        let mut b = 1.0;
        for k in 1..=c {
            b = a * b / (f64::from(k) + a * b);
        }
        let rho = a / f64::from(c);
        let erlang_c = b / (1.0 - rho * (1.0 - b));
        erlang_c / (f64::from(c) / s - lambda)
    };
    let stations = [
        ("gateway", lg, 0.004, 2),
        ("auth", 2500.0 / 9.0, 0.003, 2),
        ("backend", lg, 0.030, 8),
    ];
    let mut total_l = 0.0;
    for (name, lambda, s, c) in stations {
        let wq = mmc_wq(lambda, s, c);
        assert_relative_eq!(
            r.stations[name].mean_wait_ms.unwrap(),
            1000.0 * wq,
            max_relative = 1e-9
        );
        assert_eq!(r.stations[name].method, "M/M/c exact (Jackson)");
        total_l += lambda * (wq + s);
    }
    // Little: mean sojourn = Σ L / γ.
    assert_relative_eq!(
        r.network.mean_sojourn_ms.unwrap(),
        1000.0 * total_l / 200.0,
        max_relative = 1e-9
    );
    assert_relative_eq!(
        r.network.mean_in_network.unwrap(),
        total_l,
        max_relative = 1e-9
    );
    assert_relative_eq!(
        r.stations["backend"].visits_per_request,
        lg / 200.0,
        max_relative = 1e-12
    );
}

#[test]
fn multi_class_mg1_uses_the_service_mixture() {
    // Poisson classes a (2/s, exponential 100 ms) and b (3/s, deterministic
    // 50 ms) at one server: ρ = 0.35, E[S²] = 0.4·0.02 + 0.6·0.0025 = 0.0095,
    // Wq = λE[S²] / (2(1 − ρ)) = 5·0.0095 / 1.3 s (exact: M/G/1).
    let r = solved(
        "arrivals:\n  - { rate: 2, to: s, class: a }\n  - { rate: 3, to: s, class: b }\nstations:\n  s:\n    servers: 1\n    service: { distribution: exponential, mean_ms: 100 }\n    classes:\n      b: { service: { distribution: deterministic, mean_ms: 50 } }\n",
    );
    let wq = 5.0 * 0.0095 / 1.3;
    let s = &r.stations["s"];
    assert_relative_eq!(s.mean_wait_ms.unwrap(), 1000.0 * wq, max_relative = 1e-9);
    assert_relative_eq!(
        s.classes["a"].mean_response_ms.unwrap(),
        1000.0 * (wq + 0.1),
        max_relative = 1e-9
    );
    assert_relative_eq!(
        s.classes["b"].mean_response_ms.unwrap(),
        1000.0 * (wq + 0.05),
        max_relative = 1e-9
    );
    assert_relative_eq!(
        r.network.classes["a"].mean_sojourn_ms.unwrap(),
        1000.0 * (wq + 0.1),
        max_relative = 1e-9
    );
    // Overall mean: rate-weighted.
    let overall = (2.0 * (wq + 0.1) + 3.0 * (wq + 0.05)) / 5.0;
    assert_relative_eq!(
        r.network.mean_sojourn_ms.unwrap(),
        1000.0 * overall,
        max_relative = 1e-9
    );
}

#[test]
fn multi_class_routes_give_per_class_visits() {
    // Reads visit app then db with probability 0.2; writes visit app then db
    // always and loop back to db 50% of the time (2 db visits on average).
    let r = solved(
        "arrivals:\n  - { rate: 100, to: app, class: read }\n  - { rate: 10, to: app, class: write }\nstations:\n  app:\n    servers: 8\n    service: { distribution: exponential, mean_ms: 10 }\n    routes: { db: 0.2 }\n    classes:\n      write: { routes: { db: 1.0 } }\n  db:\n    servers: 4\n    service: { distribution: exponential, mean_ms: 5 }\n    classes:\n      write: { service: { distribution: exponential, mean_ms: 5 }, routes: { db: 0.5 } }\n",
    );
    let db = &r.stations["db"];
    assert_relative_eq!(
        db.classes["read"].arrival_rate_rps,
        20.0,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        db.classes["write"].arrival_rate_rps,
        20.0,
        max_relative = 1e-12
    );
    assert_relative_eq!(db.arrival_rate_rps, 40.0, max_relative = 1e-12);
}

#[test]
fn utilization_exactly_one_is_saturated() {
    let r = single(10.0, 1, "{ distribution: exponential, mean_ms: 100 }");
    assert_eq!(r.status, Status::Saturated);
    assert_eq!(r.saturated_stations, vec!["s".to_string()]);
    assert!(r.network.mean_sojourn_ms.is_none() && r.network.p99_sojourn_ms.is_none());
    assert!(r.stations["s"].mean_response_ms.is_none());
    let json = serde_json::to_string(&r).expect("json");
    assert!(json.contains("\"status\":\"saturated\""));
    assert!(!json.contains("NaN") && !json.contains("inf"));
}

#[test]
fn capacity_limit_prevents_saturation() {
    // Offered ρ = 2 but capacity 10: a loss system, stable, heavy blocking.
    let r = solved(
        "arrivals: [{ rate: 20, to: s }]\nstations:\n  s:\n    servers: 1\n    capacity: 10\n    service: { distribution: exponential, mean_ms: 100 }\n",
    );
    assert_eq!(r.status, Status::Stable);
    let b = r.stations["s"].blocking_probability.unwrap();
    // M/M/1/K at ρ = 2: P_K = (1 − ρ)ρ^K / (1 − ρ^(K+1)) = 1024/2047.
    assert_relative_eq!(b, 1024.0 / 2047.0, max_relative = 1e-9);
    assert!(r.network.max_arrival_scale.is_none());
}

#[test]
fn blocking_thins_downstream_flows() {
    // The front station blocks 20% (M/M/1/4 at ρ = 1), so the back one sees 8/s.
    let r = solved(
        "arrivals: [{ rate: 10, to: front }]\nstations:\n  front:\n    servers: 1\n    capacity: 4\n    service: { distribution: exponential, mean_ms: 100 }\n    routes: { back: 1.0 }\n  back:\n    servers: 1\n    service: { distribution: exponential, mean_ms: 50 }\n",
    );
    assert_relative_eq!(
        r.stations["back"].arrival_rate_rps,
        8.0,
        max_relative = 1e-9
    );
    assert_relative_eq!(r.network.throughput_rps.unwrap(), 8.0, max_relative = 1e-9);
    // back saturates when its arrivals reach 20/s, which front never lets through.
    assert!(r.network.max_arrival_scale.is_none());
}

#[test]
fn max_arrival_scale_is_where_saturation_starts() {
    for file in [
        include_str!("../../examples/networks/web-cache-db.yaml"),
        include_str!("../../examples/networks/jackson-retries.yaml"),
        include_str!("../../examples/networks/multi-class-api.yaml"),
        include_str!("../../examples/networks/connection-limit.yaml"),
    ] {
        let net = network_from_str("t.yaml", file).expect("valid");
        let scale = solve(&net)
            .expect("solves")
            .network
            .max_arrival_scale
            .expect("bounded");
        assert_eq!(
            solve(&net.scaled(scale * 0.999)).expect("solves").status,
            Status::Stable
        );
        assert_eq!(
            solve(&net.scaled(scale * 1.001)).expect("solves").status,
            Status::Saturated
        );
    }
}

#[test]
fn littles_law_holds_end_to_end() {
    for file in [
        include_str!("../../examples/networks/web-cache-db.yaml"),
        include_str!("../../examples/networks/jackson-retries.yaml"),
        include_str!("../../examples/networks/multi-class-api.yaml"),
        include_str!("../../examples/networks/connection-limit.yaml"),
    ] {
        let r = solved(file);
        let admitted: f64 = r.network.arrival_rate_rps
            * (1.0
                - r.stations
                    .values()
                    .next()
                    .and_then(|s| s.blocking_probability)
                    .unwrap_or(0.0));
        let l = r.network.mean_in_network.unwrap();
        assert_relative_eq!(
            l,
            admitted * r.network.mean_sojourn_ms.unwrap() / 1000.0,
            max_relative = 1e-9
        );
        for s in r.stations.values() {
            let admitted = s.arrival_rate_rps * (1.0 - s.blocking_probability.unwrap_or(0.0));
            assert_relative_eq!(
                s.mean_in_station.unwrap(),
                admitted * s.mean_response_ms.unwrap() / 1000.0,
                max_relative = 1e-9
            );
        }
    }
}

#[test]
fn percentiles_are_ordered_and_above_the_mean_for_p95() {
    for file in [
        include_str!("../../examples/networks/web-cache-db.yaml"),
        include_str!("../../examples/networks/multi-class-api.yaml"),
    ] {
        let n = solved(file).network;
        let (p50, p95, p99) = (
            n.p50_sojourn_ms.unwrap(),
            n.p95_sojourn_ms.unwrap(),
            n.p99_sojourn_ms.unwrap(),
        );
        assert!(0.0 < p50 && p50 < p95 && p95 < p99, "{p50} {p95} {p99}");
        assert!(p95 > n.mean_sojourn_ms.unwrap());
    }
}
