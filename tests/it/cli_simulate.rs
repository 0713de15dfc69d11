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
