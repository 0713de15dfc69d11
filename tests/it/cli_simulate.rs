//! `planner simulate` through the real binary.

use crate::common::{planner, text};

const NET: &str = "examples/networks/web-cache-db.yaml";

#[test]
fn same_seed_same_bytes_whatever_the_threads() {
    let one = planner(&[
        "simulate",
        NET,
        "--requests",
        "20000",
        "--replications",
        "4",
        "--seed",
        "9",
        "--threads",
        "1",
        "-f",
        "json",
    ]);
    let two = planner(&[
        "simulate",
        NET,
        "--requests",
        "20000",
        "--replications",
        "4",
        "--seed",
        "9",
        "--threads",
        "2",
        "-f",
        "json",
    ]);
    assert_eq!(one.status.code(), Some(0), "{}", text(&one.stderr));
    assert_eq!(one.stdout, two.stdout);
    let json: serde_json::Value = serde_json::from_slice(&one.stdout).expect("json");
    assert_eq!(json["schema"], "planner.simulate/v1");
    assert!(json["network"]["ci95"]["p95_sojourn_ms"].as_f64().is_some());
    assert!(
        json["stations"]["web"]["ci95"]["mean_response_ms"]
            .as_f64()
            .is_some()
    );
    let other = planner(&[
        "simulate",
        NET,
        "--requests",
        "20000",
        "--replications",
        "4",
        "--seed",
        "10",
        "-f",
        "json",
    ]);
    assert_ne!(one.stdout, other.stdout, "another seed gives other samples");
}

#[test]
fn table_markdown_and_compare_render_without_nan() {
    for args in [
        vec![
            "simulate",
            NET,
            "--requests",
            "20000",
            "--replications",
            "3",
        ],
        vec![
            "simulate",
            NET,
            "--requests",
            "20000",
            "--replications",
            "3",
            "-f",
            "markdown",
        ],
        vec![
            "simulate",
            NET,
            "--requests",
            "20000",
            "--replications",
            "3",
            "--compare",
        ],
        vec![
            "simulate",
            NET,
            "--requests",
            "20000",
            "--replications",
            "3",
            "--compare",
            "-f",
            "json",
        ],
        vec![
            "simulate",
            "examples/networks/saturated.yaml",
            "--requests",
            "20000",
            "--replications",
            "3",
        ],
    ] {
        let out = planner(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        let s = text(&out.stdout);
        assert!(!s.contains("NaN") && !s.contains("inf"), "{args:?}:\n{s}");
        assert!(
            out.stderr.is_empty(),
            "no progress output when stderr is not a terminal"
        );
    }
    let out = planner(&[
        "simulate",
        "examples/networks/saturated.yaml",
        "--requests",
        "20000",
        "--replications",
        "3",
        "-f",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["status"], "saturated");
    assert_eq!(json["saturated_stations"][0], "db");
}

#[test]
fn absurd_run_lengths_are_refused_with_exit_2() {
    for (args, phrase) in [
        (
            vec!["simulate", NET, "--requests", "0"],
            "--requests must be",
        ),
        (
            vec!["simulate", NET, "--requests", "999999999999999"],
            "--requests must be",
        ),
        (
            vec!["simulate", NET, "--replications", "0"],
            "--replications",
        ),
        (
            vec!["simulate", NET, "--replications", "99999999"],
            "--replications",
        ),
        (vec!["simulate", NET, "--duration=-1"], "--duration"),
        (
            vec!["simulate", NET, "--requests", "5000", "--duration", "10"],
            "cannot be used with",
        ),
        (
            vec!["simulate", "tests/data/bad/network/zero-rate.yaml"],
            "arrivals[0].rate",
        ),
    ] {
        let out = planner(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(phrase),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

/// Regression: `--compare` printed "21 of 18 figures inside the
/// simulation's 95% interval" (rows without a relative error were counted
/// inside but not compared).
#[test]
fn compare_counts_never_exceed_the_rows_compared() {
    for net in [
        NET,
        "examples/networks/jackson-retries.yaml",
        "examples/networks/connection-limit.yaml",
    ] {
        let json = compared(net);
        let rows = json["rows"].as_array().expect("rows");
        let compared = rows.iter().filter(|r| !r["within_ci"].is_null()).count();
        let inside = rows.iter().filter(|r| r["within_ci"] == true).count();
        assert_eq!(json["compared"], compared, "{net}");
        assert_eq!(json["within_ci"], inside, "{net}");
        assert!(inside <= compared);
        let table = planner(&[
            "simulate",
            net,
            "--requests",
            "20000",
            "--replications",
            "3",
            "--compare",
        ]);
        let head = text(&table.stdout);
        assert!(
            head.starts_with(&format!(
                "Analytic vs simulated: {inside} of {compared} figures inside"
            )),
            "{head}"
        );
    }
}

#[test]
fn compare_needs_two_replications() {
    let out = planner(&["simulate", NET, "--compare", "--replications", "1"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("--replications") && err.contains("at least 2") && err.contains("got 1"),
        "{err}"
    );
    // Without --compare a single replication is allowed (no intervals).
    let out = planner(&["simulate", NET, "--requests", "5000", "--replications", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_short_run_says_which_figures_it_cannot_vouch_for() {
    // M/M/1 at ρ = 0.95 (relaxation time ≈ 1.56 s ≈ 1,480 arrivals) with
    // 10,000 requests (6.8 relaxation times): too short for the mean and
    // every percentile, though long enough not to be taken for saturation.
    let dir = std::env::temp_dir().join(format!("planner-short-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("mm1.yaml");
    std::fs::write(
        &path,
        "arrivals: [{ rate: 950.0, to: q }]\nstations:\n  q: { servers: 1, service: { distribution: exponential, mean_ms: 1 } }\n",
    )
    .expect("write");
    let p = path.to_str().expect("utf-8 path");
    let args = ["simulate", p, "--requests", "10000", "--replications", "2"];
    let out = planner(&[&args[..], &["-f", "json"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let short: Vec<&str> = json["run"]["too_short_for"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        short.contains(&"p99_sojourn_ms") && short.contains(&"mean_sojourn_ms"),
        "{short:?}"
    );
    assert_eq!(json["run"]["relaxation_station"], "q");
    let tau = json["run"]["relaxation_time_s"].as_f64().expect("τ");
    // 1/(μ(1 − √ρ)²) with μ = 1000/s, ρ = 0.95.
    let exact = 1.0 / (1000.0 * (1.0 - 0.95f64.sqrt()).powi(2));
    assert!((tau / exact - 1.0).abs() < 1e-9, "{tau} vs {exact}");
    let table = text(&planner(&args).stdout);
    assert!(table.contains("Warning: this run is too short"), "{table}");
    assert!(table.contains("--requests"), "{table}");
    // The default run length measures enough relaxation times.
    let out = planner(&["simulate", p, "--replications", "2", "-f", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        json["run"]["too_short_for"]
            .as_array()
            .expect("array")
            .is_empty(),
        "{json}"
    );
    assert!(
        json["run"]["relaxation_times_measured"]
            .as_f64()
            .expect("x")
            >= 45.0
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn processor_sharing_networks_simulate_and_compare() {
    let dir = std::env::temp_dir().join(format!("planner-ps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("ps.yaml");
    std::fs::write(
        &path,
        "arrivals:\n  - { rate: 40, to: cpu, class: api }\n  - { rate: 0.2, to: cpu, class: media }\n\
         stations:\n  cpu:\n    servers: 2\n    discipline: ps\n\
         \x20   service: { distribution: gamma, mean_ms: 30, cv: 1.0 }\n\
         \x20   classes:\n      media: { service: { distribution: lognormal, mean_ms: 2000, cv: 0.5 } }\n",
    )
    .expect("write");
    let p = path.to_str().expect("utf-8 path");
    let json = compared(p);
    assert_eq!(json["simulated_status"], "stable");
    std::fs::remove_dir_all(&dir).ok();
}

/// `planner simulate NET --requests 20000 --replications 3 --compare` as
/// JSON, after checking it exits 0.
fn compared(net: &str) -> serde_json::Value {
    let out = planner(&[
        "simulate",
        net,
        "--requests",
        "20000",
        "--replications",
        "3",
        "--compare",
        "-f",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{net}: {}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}
