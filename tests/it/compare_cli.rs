//! `planner compare` through the real binary: tier and profile comparisons,
//! unknown tiers, the JSON contract and the Markdown tables.

use crate::common::{planner, table_rows, text};

const PROFILE: &str = "examples/b2b-saas.yaml";
const MORE_QUERIES: &str = "tests/data/compare/more-queries.yaml";

fn ok(args: &[&str]) -> String {
    let out = planner(args);
    let s = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{s}{}", text(&out.stderr));
    s
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    serde_json::from_str(&ok(&a)).expect("valid JSON")
}

fn no_non_finite(s: &str) {
    for bad in ["NaN", "nan", "inf", "∞"] {
        assert!(!s.contains(bad), "{bad} in output:\n{s}");
    }
}

fn component<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    v["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == name)
        .unwrap_or_else(|| panic!("no component {name}: {v}"))
}

#[test]
fn tier_compare_puts_both_tiers_side_by_side_with_a_verdict() {
    let s = ok(&[
        "compare",
        PROFILE,
        "--from",
        "monolith",
        "--to",
        "cache-cdn",
    ]);
    assert!(s.starts_with("Compare: monolith ("), "{s}");
    assert!(s.contains("→ cache_cdn ("), "{s}");
    assert!(s.contains("Verdict: cache_cdn: headroom "), "{s}");
    assert!(s.contains("API p95 (ms)"), "{s}");
    assert!(s.contains("monthly cost ($/month)"), "{s}");
    assert!(s.contains("cache"), "{s}");
    no_non_finite(&s);
    let v = json(&[
        "compare",
        PROFILE,
        "--from",
        "monolith",
        "--to",
        "cache_cdn",
    ]);
    assert_eq!(v["schema"], "planner.compare/v1");
    assert_eq!(v["mode"], "tiers");
    assert_eq!(v["before"]["tier"], "monolith");
    assert_eq!(v["after"]["tier"], "cache_cdn");
    assert_eq!(v["before"]["setup"], "right_sized");
    // The cache exists only after; the db on both sides.
    assert!(component(&v, "cache")["before"].is_null());
    assert!(component(&v, "db")["utilization_change_pp"].is_f64());
    let cost = &v["monthly_cost_usd"];
    let (b, a, d) = (
        cost["before"].as_f64().unwrap(),
        cost["after"].as_f64().unwrap(),
        cost["delta"].as_f64().unwrap(),
    );
    assert!((a - b - d).abs() < 1e-9);
}

#[test]
fn from_defaults_to_the_current_tier() {
    let v = json(&["compare", PROFILE, "--to", "replicas"]);
    assert_eq!(v["before"]["tier"], "monolith");
    assert_eq!(v["after"]["tier"], "replicas");
}

#[test]
fn more_db_queries_per_read_raise_db_utilization_and_lower_headroom() {
    let v = json(&["compare", PROFILE, MORE_QUERIES]);
    assert_eq!(v["schema"], "planner.compare/v1");
    assert_eq!(v["mode"], "profiles");
    assert_eq!(v["before"]["setup"], "today");
    let db = component(&v, "db");
    let (b, a) = (
        db["before"]["utilization"].as_f64().unwrap(),
        db["after"]["utilization"].as_f64().unwrap(),
    );
    assert!(a > b, "db utilization {b} → {a}");
    let pp = db["utilization_change_pp"].as_f64().unwrap();
    assert!((pp - 100.0 * (a - b)).abs() < 1e-9);
    let h = &v["headroom_multiplier"];
    assert!(
        h["after"].as_f64().unwrap() < h["before"].as_f64().unwrap(),
        "{h}"
    );
    assert!(h["delta"].as_f64().unwrap() < 0.0);
    // Same instances, same cost.
    assert_eq!(v["monthly_cost_usd"]["delta"].as_f64(), Some(0.0));
    let verdict = v["verdict"].as_str().unwrap();
    assert!(
        verdict.starts_with(&format!("{MORE_QUERIES}: headroom ")),
        "{verdict}"
    );
    assert!(verdict.contains("(−"), "{verdict}");
    assert!(verdict.contains("cost unchanged"), "{verdict}");
}

#[test]
fn tier_flag_puts_two_profiles_on_one_tier() {
    let v = json(&["compare", PROFILE, MORE_QUERIES, "--tier", "replicas"]);
    assert_eq!(v["before"]["tier"], "replicas");
    assert_eq!(v["after"]["tier"], "replicas");
    assert_eq!(v["after"]["setup"], "right_sized");
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("does not run tier replicas today"),
        "{notes}"
    );
}

#[test]
fn unknown_tier_exits_2_naming_the_flag_value_tiers_and_suggestion() {
    let out = planner(&[
        "compare",
        PROFILE,
        "--from",
        "monolith",
        "--to",
        "cache-cnd",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let e = text(&out.stderr);
    assert!(e.contains("--to"), "{e}");
    assert!(e.contains("\"cache-cnd\""), "{e}");
    assert!(e.contains("monolith, cache_cdn"), "{e}");
    assert!(e.contains("did you mean `cache_cdn`?"), "{e}");
    assert!(out.stdout.is_empty());
}

#[test]
fn wrong_flag_combinations_exit_2() {
    for args in [
        vec!["compare", PROFILE],
        vec!["compare", PROFILE, "--to", "replicas", "--tier", "replicas"],
        vec!["compare", PROFILE, MORE_QUERIES, "--to", "replicas"],
        vec!["compare", PROFILE, MORE_QUERIES, "--tier", "monolit"],
        vec!["compare", PROFILE, MORE_QUERIES, "examples/social-app.yaml"],
    ] {
        let out = planner(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn markdown_is_the_verdict_then_two_parsed_tables() {
    for args in [
        vec![
            "compare",
            PROFILE,
            "--from",
            "monolith",
            "--to",
            "cache-cdn",
        ],
        vec!["compare", PROFILE, MORE_QUERIES],
    ] {
        let mut a = args.clone();
        a.extend(["--format", "markdown"]);
        let md = ok(&a);
        no_non_finite(&md);
        assert!(md.starts_with("### "), "{md}");
        let rows = table_rows(&md);
        let heads: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r[0] == "component" || r[0] == "figure")
            .collect();
        assert_eq!(heads.len(), 2, "{md}");
        assert!(rows.iter().any(|r| r[0] == "db" && r.len() == 6), "{md}");
        let cost = rows
            .iter()
            .find(|r| r[0] == "monthly cost ($/month)")
            .unwrap_or_else(|| panic!("{md}"));
        assert_eq!(cost.len(), 5);
        assert!(cost[1].parse::<f64>().is_ok(), "{cost:?}");
    }
}

#[test]
fn no_output_has_non_finite_numbers() {
    for tier in [
        "monolith",
        "cache_cdn",
        "replicas",
        "services",
        "multi_region",
    ] {
        for f in ["table", "json", "markdown"] {
            let s = ok(&[
                "compare",
                "examples/social-app.yaml",
                "--from",
                "monolith",
                "--to",
                tier,
                "--format",
                f,
            ]);
            no_non_finite(&s);
        }
    }
}
