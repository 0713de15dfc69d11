//! Networks with clients (closed classes) through the network file and
//! `solve`: a textbook's printed MVA table, independent exact oracles
//! (Buzen's convolution, a birth–death chain, a Markov chain of a mixed
//! network), the approximate multiclass MVA against the exact recursion,
//! and the simulator against MVA.

use planner::crosscheck::crosscheck;
use planner::network::{network_from_str, to_yaml};
use planner::sim::{SimOptions, simulate};
use planner::solve::closed_report::solve_closed_approximate;
use planner::solve::{SolveReport, Status, solve};

fn solved(yaml: &str) -> SolveReport {
    let net = network_from_str("t.yaml", yaml).expect("valid network");
    solve(&net).expect("solves")
}

/// Jain's central-server model with `n` users: CPU 0.125 s per visit, 16
/// visits; disk A 0.3 s, 10 visits; disk B 0.2 s, 5 visits; think 4 s.
fn central_server(n: u32) -> String {
    format!(
        "clients: [{{ class: users, population: {n}, think_time_ms: 4000, to: cpu }}]\n\
         stations:\n\
         \x20 cpu:\n\
         \x20   servers: 1\n\
         \x20   service: {{ distribution: exponential, mean_ms: 125 }}\n\
         \x20   routes: {{ disk_a: 0.625, disk_b: 0.3125 }}\n\
         \x20 disk_a:\n\
         \x20   servers: 1\n\
         \x20   service: {{ distribution: exponential, mean_ms: 300 }}\n\
         \x20   routes: {{ cpu: 1.0 }}\n\
         \x20 disk_b:\n\
         \x20   servers: 1\n\
         \x20   service: {{ distribution: exponential, mean_ms: 200 }}\n\
         \x20   routes: {{ cpu: 1.0 }}\n"
    )
}

/// Jain, *The Art of Computer Systems Performance Analysis* (Wiley, 1991),
/// Example 34.2 and Table 34.1 ("MVA Results for Example 34.2"): per-visit
/// device response times (s), system response time (s), throughput (1/s)
/// and device queue lengths, as printed (three decimals).
#[test]
fn jain_table_34_1_to_its_printed_precision() {
    /// N, per-visit response times, R, X, queue lengths.
    type Row = (u32, [f64; 3], f64, f64, [f64; 3]);
    #[rustfmt::skip]
    let table: [Row; 9] = [
        (1, [0.125, 0.300, 0.200], 6.000, 0.100, [0.200, 0.300, 0.100]),
        (2, [0.150, 0.390, 0.220], 7.400, 0.175, [0.421, 0.684, 0.193]),
        (3, [0.178, 0.505, 0.239], 9.088, 0.229, [0.651, 1.158, 0.273]),
        (4, [0.206, 0.647, 0.255], 11.051, 0.266, [0.878, 1.721, 0.338]),
        (5, [0.235, 0.816, 0.268], 13.256, 0.290, [1.088, 2.365, 0.388]),
        (17, [0.370, 3.962, 0.300], 47.045, 0.333, [1.974, 13.195, 0.499]),
        (18, [0.372, 4.259, 0.300], 50.032, 0.333, [1.981, 14.187, 0.499]),
        (19, [0.373, 4.556, 0.300], 53.022, 0.333, [1.987, 15.181, 0.500]),
        (20, [0.373, 4.854, 0.300], 56.016, 0.333, [1.991, 16.177, 0.500]),
    ];
    // Half a unit in the last printed place.
    let close = |got: f64, printed: f64, what: &str, n: u32| {
        assert!(
            (got - printed).abs() <= 0.0005 + 1e-9,
            "N = {n}, {what}: {got} vs printed {printed}"
        );
    };
    for (n, per_visit, r, x, q) in table {
        let rep = solved(&central_server(n));
        assert_eq!(rep.status, Status::Stable);
        let users = &rep.network.classes["users"];
        close(users.mean_sojourn_ms.unwrap() / 1e3, r, "R", n);
        close(users.throughput_rps.unwrap(), x, "X", n);
        for (i, name) in ["cpu", "disk_a", "disk_b"].iter().enumerate() {
            let st = &rep.stations[*name];
            close(st.mean_response_ms.unwrap() / 1e3, per_visit[i], name, n);
            close(st.mean_in_station.unwrap(), q[i], name, n);
        }
        assert!(
            rep.network
                .mva_method
                .as_deref()
                .unwrap()
                .starts_with("exact:")
        );
    }
}

/// Buzen's convolution algorithm (CACM 16(9), 1973), an exact method
/// independent of MVA: `G(n)` over queueing stations with demands `d`,
/// convolved with a delay of `z`; `X(n) = G(n − 1)/G(n)`.
fn buzen_throughput(d: &[f64], z: f64, n: usize) -> f64 {
    let mut g = vec![0.0; n + 1];
    g[0] = 1.0;
    for dk in d {
        for j in 1..=n {
            g[j] += dk * g[j - 1];
        }
    }
    let mut with_z = vec![0.0; n + 1];
    for (j, w) in with_z.iter_mut().enumerate() {
        let mut term = 1.0;
        for i in 0..=j {
            if i > 0 {
                term *= z / i as f64;
            }
            *w += term * g[j - i];
        }
    }
    with_z[n - 1] / with_z[n]
}

#[test]
fn central_server_matches_the_convolution_algorithm_within_1e_6() {
    // Demands D = V·S: CPU 16 × 0.125 = 2 s, disk A 3 s, disk B 1 s.
    for n in [1u32, 2, 3, 7, 12, 20, 35] {
        let rep = solved(&central_server(n));
        let x = rep.network.throughput_rps.unwrap();
        let exact = buzen_throughput(&[2.0, 3.0, 1.0], 4.0, n as usize);
        assert!((x / exact - 1.0).abs() < 1e-6, "N = {n}: {x} vs {exact}");
        // Response time law R = N/X − Z.
        let r = rep.network.mean_sojourn_ms.unwrap() / 1e3;
        assert!(
            (r - (f64::from(n) / exact - 4.0)).abs() < 1e-6 * r,
            "N = {n}"
        );
    }
}

#[test]
fn multi_server_station_is_the_birth_death_chain() {
    // One 3-server exponential station (S = 0.1 s) and 10 clients thinking
    // 0.5 s: the finite-source M/M/3//10 queue. Birth rate (N − j)/Z, death
    // rate min(j, 3)/S; X = Σ p_j·min(j, 3)/S.
    let (n, c, s, z) = (10u32, 3u32, 0.1, 0.5);
    let mut p = vec![1.0];
    for j in 1..=n {
        let birth = f64::from(n - j + 1) / z;
        let death = f64::from(j.min(c)) / s;
        p.push(p[j as usize - 1] * birth / death);
    }
    let total: f64 = p.iter().sum();
    let x: f64 = p
        .iter()
        .enumerate()
        .map(|(j, pj)| pj / total * f64::from((j as u32).min(c)) / s)
        .sum();
    let q: f64 = p
        .iter()
        .enumerate()
        .map(|(j, pj)| j as f64 * pj / total)
        .sum();
    let rep = solved(&format!(
        "clients: [{{ population: {n}, think_time_ms: 500, to: q }}]\n\
         stations:\n  q: {{ servers: {c}, service: {{ distribution: exponential, mean_ms: 100 }} }}\n"
    ));
    let got = rep.network.throughput_rps.unwrap();
    assert!((got / x - 1.0).abs() < 1e-9, "{got} vs {x}");
    let q_got = rep.stations["q"].mean_in_station.unwrap();
    assert!((q_got / q - 1.0).abs() < 1e-9, "{q_got} vs {q}");
    // Utilization law: U = X·S / c.
    let u = rep.stations["q"].utilization;
    assert!((u - x * s / f64::from(c)).abs() < 1e-12);
}

/// Stationary distribution of a generator `q` (row i: rates out of state
/// i), by Gaussian elimination with one balance equation replaced by
/// Σπ = 1.
fn stationary(q: &[Vec<f64>]) -> Vec<f64> {
    let n = q.len();
    // Solve Qᵀ π = 0 with the last row replaced by ones.
    let mut a: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| q[j][i]).chain([0.0]).collect())
        .collect();
    a[n - 1] = vec![1.0; n + 1];
    for col in 0..n {
        let piv = (col..n)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap();
        a.swap(col, piv);
        let pivot = a[col].clone();
        for (row, r) in a.iter_mut().enumerate() {
            if row != col && r[col] != 0.0 {
                let f = r[col] / pivot[col];
                for (x, p) in r[col..].iter_mut().zip(&pivot[col..]) {
                    *x -= f * p;
                }
            }
        }
    }
    (0..n).map(|i| a[i][n] / a[i][i]).collect()
}

#[test]
fn mixed_network_matches_its_markov_chain() {
    // One processor-sharing CPU (a BCMP station, so the mixed network has
    // product form and mixed MVA is exact): open class `api` at 300 req/s
    // with 1 ms of CPU, closed class `users` of 2 clients thinking 5 ms
    // with 2 ms of CPU. The oracle is the Markov chain on (open requests
    // i ≤ 200, users at the CPU b), solved directly.
    let (lambda, so, sc, z, n) = (300.0, 0.001, 0.002, 0.005, 2usize);
    let m = 200usize;
    let idx = |i: usize, b: usize| i * (n + 1) + b;
    let states = (m + 1) * (n + 1);
    let mut q = vec![vec![0.0; states]; states];
    for i in 0..=m {
        for b in 0..=n {
            let s = idx(i, b);
            let out = |t: usize, r: f64, q: &mut [Vec<f64>]| {
                q[s][t] += r;
                q[s][s] -= r;
            };
            if i < m {
                out(idx(i + 1, b), lambda, &mut q);
            }
            if b < n {
                out(idx(i, b + 1), (n - b) as f64 / z, &mut q);
            }
            let present = (i + b) as f64;
            if i > 0 {
                out(idx(i - 1, b), i as f64 / present / so, &mut q);
            }
            if b > 0 {
                out(idx(i, b - 1), b as f64 / present / sc, &mut q);
            }
        }
    }
    let pi = stationary(&q);
    let (mut x_users, mut q_users, mut l_api) = (0.0, 0.0, 0.0);
    for i in 0..=m {
        for b in 0..=n {
            let p = pi[idx(i, b)];
            if b > 0 {
                x_users += p * b as f64 / (i + b) as f64 / sc;
            }
            q_users += p * b as f64;
            l_api += p * i as f64;
        }
    }
    let rep = solved(
        "arrivals: [{ rate: 300, to: cpu, class: api }]\n\
         clients: [{ class: users, population: 2, think_time_ms: 5, to: cpu }]\n\
         stations:\n\
         \x20 cpu:\n\
         \x20   servers: 1\n\
         \x20   discipline: ps\n\
         \x20   service: { distribution: exponential, mean_ms: 1 }\n\
         \x20   classes:\n\
         \x20     users: { service: { distribution: exponential, mean_ms: 2 } }\n",
    );
    let rel = |a: f64, b: f64| (a / b - 1.0).abs();
    let users = &rep.network.classes["users"];
    let api = &rep.network.classes["api"];
    assert!(rel(users.throughput_rps.unwrap(), x_users) < 1e-6);
    assert!(rel(users.mean_sojourn_ms.unwrap() / 1e3, q_users / x_users) < 1e-6);
    assert!(rel(api.mean_sojourn_ms.unwrap() / 1e3, l_api / lambda) < 1e-6);
    assert!(
        rel(
            rep.stations["cpu"].mean_in_station.unwrap(),
            q_users + l_api
        ) < 1e-6
    );
    assert!(
        rep.network
            .mva_method
            .as_deref()
            .unwrap()
            .starts_with("exact: mixed MVA")
    );
}

/// Two closed classes over a PS CPU, two PS disks and their think times:
/// product form, class-dependent demands.
fn two_classes(n1: u32, n2: u32) -> String {
    format!(
        "clients:\n\
         \x20 - {{ class: batch, population: {n1}, think_time_ms: 200, to: cpu }}\n\
         \x20 - {{ class: web, population: {n2}, think_time_ms: 1000, to: cpu }}\n\
         stations:\n\
         \x20 cpu:\n\
         \x20   servers: 1\n\
         \x20   discipline: ps\n\
         \x20   service: {{ distribution: exponential, mean_ms: 10 }}\n\
         \x20   routes: {{ disk1: 0.5, disk2: 0.3 }}\n\
         \x20   classes:\n\
         \x20     web: {{ service: {{ distribution: exponential, mean_ms: 4 }}, routes: {{ disk1: 0.2, disk2: 0.6 }} }}\n\
         \x20 disk1:\n\
         \x20   servers: 1\n\
         \x20   discipline: ps\n\
         \x20   service: {{ distribution: exponential, mean_ms: 8 }}\n\
         \x20   routes: {{ cpu: 1.0 }}\n\
         \x20 disk2:\n\
         \x20   servers: 1\n\
         \x20   discipline: ps\n\
         \x20   service: {{ distribution: exponential, mean_ms: 5 }}\n\
         \x20   routes: {{ cpu: 1.0 }}\n"
    )
}

#[test]
fn approximate_multiclass_mva_is_within_5_percent_of_exact_over_a_grid() {
    let mut worst = 0.0_f64;
    for n1 in [1u32, 2, 4, 7, 11, 16] {
        for n2 in [1u32, 3, 6, 10, 20, 30] {
            let net = network_from_str("t.yaml", &two_classes(n1, n2)).expect("valid");
            let exact = solve(&net).expect("solves");
            let approx = solve_closed_approximate(&net).expect("solves");
            assert!(
                exact
                    .network
                    .mva_method
                    .as_deref()
                    .unwrap()
                    .starts_with("exact: multiclass MVA over the whole population lattice")
            );
            assert!(
                approx
                    .network
                    .mva_method
                    .as_deref()
                    .unwrap()
                    .starts_with("approx.: multiclass MVA by Linearizer")
            );
            for class in ["batch", "web"] {
                let (e, a) = (
                    &exact.network.classes[class],
                    &approx.network.classes[class],
                );
                for (got, want) in [
                    (a.throughput_rps.unwrap(), e.throughput_rps.unwrap()),
                    (a.mean_sojourn_ms.unwrap(), e.mean_sojourn_ms.unwrap()),
                ] {
                    let err = (got / want - 1.0).abs();
                    assert!(err < 0.05, "({n1}, {n2}) {class}: {got} vs exact {want}");
                    worst = worst.max(err);
                }
            }
        }
    }
    // An approximation, not the same recursion by another name.
    assert!(worst > 1e-6, "worst {worst}");
}

#[test]
fn a_closed_network_round_trips_through_the_writer() {
    let net = network_from_str("t.yaml", &two_classes(3, 5)).expect("valid");
    let back = network_from_str("w.yaml", &to_yaml(&net, &[])).expect("reads back");
    let (a, b) = (solve(&net).unwrap(), solve(&back).unwrap());
    for class in ["batch", "web"] {
        assert_eq!(
            a.network.classes[class].throughput_rps,
            b.network.classes[class].throughput_rps
        );
        assert_eq!(
            a.network.classes[class].population,
            Some(if class == "batch" { 3 } else { 5 })
        );
    }
}

/// `planner simulate` against MVA on an example: every compared figure
/// inside the simulation's interval, widened from 95% to 99.9% (about 15
/// figures are compared).
fn simulation_agrees(file: &str) {
    let net = planner::network::load_network(std::path::Path::new(&format!(
        "{}/examples/networks/{file}",
        env!("CARGO_MANIFEST_DIR")
    )))
    .expect("valid example");
    let solved = solve(&net).expect("solves");
    assert!(
        solved
            .network
            .mva_method
            .as_deref()
            .unwrap()
            .starts_with("exact:")
    );
    let opts = SimOptions {
        requests: Some(40_000),
        replications: 5,
        seed: 7,
        ..SimOptions::default()
    };
    let sim = simulate(&net, &opts).expect("simulates");
    assert_eq!(
        sim.status,
        Status::Stable,
        "{file}: closed classes never saturate"
    );
    let report = crosscheck(&solved, &sim);
    let widen = 3.291 / 1.960;
    let mut compared = 0;
    for r in &report.rows {
        let (Some(a), Some(s), Some(h)) = (r.analytic, r.simulated, r.ci95) else {
            continue;
        };
        compared += 1;
        assert!(
            (a - s).abs() <= widen * h + 1e-9,
            "{file}: {} {}: MVA {a}, simulated {s} ± {h}",
            r.scope,
            r.figure
        );
    }
    assert!(compared >= 12, "{file}: {compared} figures compared");
}

#[test]
fn simulation_agrees_with_mva_on_a_closed_network() {
    simulation_agrees("closed-load-test.yaml");
}

#[test]
fn simulation_agrees_with_mixed_mva() {
    simulation_agrees("mixed-api-jobs.yaml");
}
