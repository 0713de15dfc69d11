//! `planner fit` as a command: formats, the chart, emitted files that the
//! other commands accept, oha input, and a published USL data set.

use crate::common::{planner, root, text};

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("planner-fit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir.join(name)
}

fn ok(args: &[&str]) -> String {
    let out = planner(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

const SWEEP: &str = "tests/data/loopback/nginx/sweep_read.csv";

#[test]
fn usl_fit_reproduces_published_coefficients() {
    // Reference fit published with the data set (see the file's header):
    // σ = 0.02671591, κ = 7.690945e-4, λ = 995.6486; within 2%.
    let out = ok(&[
        "fit",
        "tests/data/fit/usl-published.csv",
        "--format",
        "json",
    ]);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let u = &r["usl"];
    for (key, want) in [
        ("sigma", 0.02671591),
        ("kappa", 7.690945e-4),
        ("lambda", 995.6486),
    ] {
        let got = u[key].as_f64().unwrap();
        assert!((got - want).abs() / want < 0.02, "{key}: {got} vs {want}");
    }
    let peak = u["peak_clients"].as_f64().unwrap();
    assert!((peak - 35.0).abs() / 35.0 < 0.02, "N* {peak}");
    assert!((u["peak_rps"].as_f64().unwrap() - 12341.7454).abs() / 12341.7454 < 0.02);
}

#[test]
fn table_and_markdown_carry_units() {
    let t = ok(&[
        "fit",
        SWEEP,
        "--max-utilization",
        "75%",
        "--predict",
        "1000,1.5k",
    ]);
    for want in [
        "req/s",
        "ms",
        "saturation throughput",
        "stable",
        "saturated",
        "p95 (ms)",
    ] {
        assert!(t.contains(want), "table lacks {want:?}:\n{t}");
    }
    let m = ok(&["fit", SWEEP, "--format", "markdown"]);
    assert!(m.starts_with("## Fit of"), "{m}");
    assert!(m.contains("| --- |"));
}

#[test]
fn predictions_follow_rows_then_predict_rates() {
    let out = ok(&["fit", SWEEP, "--format", "json", "--predict", "100,5000"]);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let p = r["predictions"].as_array().unwrap();
    assert_eq!(p.len(), 12);
    assert_eq!(p[10]["offered_rps"].as_f64(), Some(100.0));
    assert_eq!(p[10]["status"], "stable");
    assert_eq!(p[11]["status"], "saturated");
    assert!(p[11]["p95_ms"].is_null());
    // More load never lowers the predicted latency or utilization.
    let stable: Vec<&serde_json::Value> =
        p[..10].iter().filter(|v| v["status"] == "stable").collect();
    for w in stable.windows(2) {
        assert!(w[1]["p95_ms"].as_f64() >= w[0]["p95_ms"].as_f64());
        assert!(w[1]["utilization"].as_f64() >= w[0]["utilization"].as_f64());
    }
    for key in [
        "saturation_rps",
        "saturation_rps_interval",
        "demand_ms",
        "background_utilization",
        "service_cv",
        "usl",
        "predictions",
        "residuals",
        "method",
    ] {
        assert!(r.get(key).is_some(), "key {key}");
    }
}

#[test]
fn chart_is_an_svg_with_both_panels() {
    let svg = scratch("fit.svg");
    ok(&[
        "fit",
        SWEEP,
        "--max-utilization",
        "0.75",
        "--chart",
        svg.to_str().unwrap(),
    ]);
    let body = std::fs::read_to_string(&svg).unwrap();
    let doc = roxmltree::Document::parse(&body).expect("well-formed SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(body.contains("Throughput against offered rate") && body.contains("Latency"));
    let closed = scratch("closed.svg");
    ok(&[
        "fit",
        "tests/data/loopback/nginx/closed_scan_read.csv",
        "--chart",
        closed.to_str().unwrap(),
    ]);
    assert!(
        std::fs::read_to_string(&closed)
            .unwrap()
            .contains("USL fit")
    );
}

#[test]
fn emitted_network_solves_and_matches_the_fit() {
    let net = scratch("stack.yaml");
    let yaml = ok(&[
        "fit",
        SWEEP,
        "--max-utilization",
        "0.75",
        "--emit",
        "network",
        "--emit-rate",
        "1000",
    ]);
    std::fs::write(&net, &yaml).unwrap();
    let out = ok(&["solve", net.to_str().unwrap(), "--format", "json"]);
    let solved: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fit: serde_json::Value = serde_json::from_str(&ok(&[
        "fit",
        SWEEP,
        "--max-utilization",
        "0.75",
        "--format",
        "json",
    ]))
    .unwrap();
    // The station's utilization at 1000 req/s is the fitted U(1000).
    let u = fit["background_utilization"].as_f64().unwrap()
        + fit["demand_ms"].as_f64().unwrap() * 1e-3 * 1000.0;
    let text = solved.to_string();
    assert!(text.contains("stack"), "{text}");
    let station = solved["stations"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["name"] == "stack"))
        .or_else(|| solved["stations"].get("stack"))
        .expect("the stack station");
    let got = station["utilization"].as_f64().unwrap();
    assert!((got - u).abs() < 1e-4, "{got} vs {u}");
    // The requests' percentiles in `solve` (processor sharing with the
    // background as its own class, transform inversion) are the fit's
    // prediction at 1000 req/s (the same law, as a gamma scale mixture).
    let predicted: serde_json::Value = serde_json::from_str(&ok(&[
        "fit",
        SWEEP,
        "--max-utilization",
        "0.75",
        "--predict",
        "1000",
        "--format",
        "json",
    ]))
    .unwrap();
    let p = predicted["predictions"].as_array().unwrap().last().unwrap();
    let requests = &solved["network"]["classes"]["requests"];
    for key in ["p50_sojourn_ms", "p95_sojourn_ms", "p99_sojourn_ms"] {
        let fit_key = key.replace("_sojourn", "");
        let (a, b) = (
            requests[key].as_f64().unwrap(),
            p[&fit_key].as_f64().unwrap(),
        );
        assert!((a - b).abs() < 1e-6 * b, "{key}: solve {a} vs fit {b}");
    }
    let profile = ok(&["fit", SWEEP, "--emit", "profile"]);
    assert!(
        profile.contains("work:\n  app_cpu: ") && profile.contains("ms\n"),
        "{profile}"
    );
}

#[test]
fn oha_folder_fits_an_mm1_stack() {
    // The four oha files were written from an M/M/1 station (D = 2 ms,
    // saturation 500 req/s) plus 1 ms of fixed latency, Poisson arrivals.
    let out = ok(&["fit", "tests/data/fit/oha", "--format", "json"]);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sat = r["saturation_rps"].as_f64().unwrap();
    assert!((sat - 500.0).abs() / 500.0 < 0.10, "saturation {sat}");
    assert!(r["method"].as_str().unwrap().contains("latency curve"));
    // Told the station serves in order, the fit finds the law the files
    // were written from: D = 2 ms, exponential service, 1 ms outside.
    let out = ok(&[
        "fit",
        "tests/data/fit/oha",
        "--discipline",
        "fcfs",
        "--format",
        "json",
    ]);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let near = |key: &str, want: f64, tol: f64| {
        let got = r[key].as_f64().unwrap();
        assert!((got - want).abs() <= tol * want, "{key} {got} vs {want}");
    };
    near("saturation_rps", 500.0, 0.02);
    near("service_cv", 1.0, 0.02);
    near("fixed_latency_ms", 1.0, 0.02);
    assert_eq!(r["discipline"], "fcfs");
    let one = planner(&["fit", "tests/data/fit/oha/step-1.json"]);
    assert_eq!(one.status.code(), Some(2));
    assert!(text(&one.stderr).contains("1 oha file; a fit needs at least 3 load steps"));
}

#[test]
fn max_utilization_without_a_utilization_column_is_refused() {
    let out = planner(&["fit", "tests/data/fit/oha", "--max-utilization", "0.75"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--max-utilization needs a utilization column"));
    let out = planner(&[
        "fit",
        "tests/data/fit/usl-published.csv",
        "--max-utilization",
        "0.75",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("closed-loop scan"));
    let out = planner(&["fit", SWEEP, "--max-utilization", "1.5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--max-utilization must be between 0% and 100%"));
    assert!(root().join(SWEEP).exists());
}
