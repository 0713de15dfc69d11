//! The default terminal output is one screen: for every example, `assess`,
//! `timeline`, `tiers show`, `compare` and `check` keep every line within
//! 100 columns (counted in characters), `assess` within 60 lines;
//! `--detail` keeps the month-by-month tables; `COLUMNS` narrows the output.

use crate::common::TIERS;
use crate::common::{root, text};

use planner::assess::report::{PlanAction, PlanStep};
use planner::assess::{AssessOptions, AssessReport, assess, render_summary_width};
use planner::catalog::embedded_catalog;
use planner::profile::load_profile;

use std::process::{Command, Output};

/// Every app profile shipped as an example.
pub const EXAMPLES: [&str; 7] = [
    "examples/b2b-saas.yaml",
    "examples/b2b-saas-uncertain.yaml",
    "examples/social-app.yaml",
    "examples/media-app.yaml",
    "examples/api-platform.yaml",
    "examples/observed-saas.yaml",
    "examples/ci/app.yaml",
];

/// Runs the binary from the repository root with `COLUMNS` as given (unset
/// for `None`) and stdout a pipe.
fn run(args: &[&str], columns: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_planner"));
    c.args(args).current_dir(root());
    match columns {
        Some(w) => c.env("COLUMNS", w),
        None => c.env_remove("COLUMNS"),
    };
    c.output().expect("the planner binary runs")
}

/// The widest line of `s`, in characters, and the line itself.
fn widest(s: &str) -> (usize, String) {
    s.lines()
        .map(|l| (l.chars().count(), l.to_string()))
        .max_by_key(|(n, _)| *n)
        .unwrap_or_default()
}

fn assert_fits(args: &[&str], columns: Option<&str>, width: usize) -> String {
    let out = run(args, columns);
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{args:?}: {}",
        text(&out.stderr)
    );
    let s = text(&out.stdout);
    let (n, line) = widest(&s);
    assert!(
        n <= width,
        "{args:?}: a line of {n} columns:\n{line}\n\n{s}"
    );
    s
}

#[test]
fn default_output_of_every_example_fits_100_columns_and_assess_60_lines() {
    std::thread::scope(|scope| {
        for ex in EXAMPLES {
            scope.spawn(move || {
                let s = assert_fits(&["assess", ex], None, 100);
                let lines = s.lines().count();
                assert!(lines <= 60, "assess {ex}: {lines} lines\n{s}");
                assert!(s.contains("Verdict: "), "{ex}: no verdict\n{s}");
                assert!(s.contains("\nTiers\n"), "{ex}\n{s}");
                assert!(
                    !s.contains("right-sized configuration"),
                    "{ex}: month tables"
                );
                assert_fits(&["timeline", ex], None, 100);
                assert_fits(&["compare", ex, "--to", "replicas"], None, 100);
            });
        }
    });
    for t in TIERS {
        assert_fits(&["tiers", "show", t], None, 100);
    }
    assert_fits(&["tiers"], None, 100);
    assert_fits(&["check", "examples/ci/app.yaml"], None, 100);
    assert_fits(
        &[
            "check",
            "examples/b2b-saas.yaml",
            "--min-headroom",
            "3",
            "--months",
            "40",
        ],
        None,
        100,
    );
}

#[test]
fn detail_keeps_every_tier_s_month_by_month_table() {
    let short = text(&run(&["assess", "examples/b2b-saas.yaml"], None).stdout);
    let out = run(&["assess", "examples/b2b-saas.yaml", "--detail"], None);
    assert_eq!(out.status.code(), Some(0));
    let full = text(&out.stdout);
    assert!(full.lines().count() > 2 * short.lines().count());
    let json = run(&["assess", "examples/b2b-saas.yaml", "-f", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    for (i, t) in v["tiers"].as_array().expect("tiers").iter().enumerate() {
        let title = t["title"].as_str().expect("title");
        assert!(
            full.contains(&format!("Tier {}: {title}", i + 1)),
            "{title}"
        );
    }
    assert!(full.contains("right-sized configuration"));
    assert!(full.contains("\n  Method") || full.contains("\nMethod"));
}

#[test]
fn columns_narrows_the_output_and_long_configurations_wrap() {
    for ex in ["examples/api-platform.yaml", "examples/media-app.yaml"] {
        assert_fits(&["assess", ex], Some("80"), 80);
        assert_fits(&["tiers", "show", "multi_region"], Some("72"), 72);
    }
}

fn report(path: &str) -> AssessReport {
    let p = load_profile(&root().join(path)).expect("profile");
    assess(
        &p,
        &embedded_catalog().expect("catalog"),
        &AssessOptions::default(),
    )
    .expect("assess")
}

#[test]
fn the_summary_states_the_plan_steps_in_words() {
    let mut r = report("examples/b2b-saas.yaml");
    r.plan = vec![
        PlanStep {
            month: 4,
            action: PlanAction::Resize,
            target: "app".into(),
            from: "1×c7g.large".into(),
            to: "2×c7g.large".into(),
            monthly_cost_usd_after: 300.0,
            reason: "app p95 breaks at 1.8× today's load".into(),
            lasts_until_month: Some(14),
        },
        PlanStep {
            month: 12,
            action: PlanAction::UpgradeTier,
            target: "tier".into(),
            from: "monolith".into(),
            to: "cache_cdn".into(),
            monthly_cost_usd_after: 1234.5,
            reason: "db (connections) breaks in month 14".into(),
            lasts_until_month: None,
        },
    ];
    let s = render_summary_width(&r, 100);
    assert!(
        s.contains(
            "Next step, by month 4: resize app 1×c7g.large → 2×c7g.large ($300.00/mo after)."
        ),
        "{s}"
    );
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("1. By month 4: resize app 1×c7g.large → 2×c7g.large, $300.00/mo after; app p95 breaks at 1.8× today's load; lasts until month 14."),
        "{s}"
    );
    assert!(
        flat.contains("2. By month 12: move tier monolith → cache_cdn, $1,234.50/mo after; db (connections) breaks in month 14; lasts beyond month 36."),
        "{s}"
    );
    assert!(s.lines().all(|l| l.chars().count() <= 100));
    // No plan: one line says so.
    r.plan.clear();
    r.upgrade_by_month = None;
    r.next_tier = None;
    assert!(render_summary_width(&r, 100).contains("Plan: nothing to change"));
}

#[test]
fn the_summary_gives_uncertain_growth_as_p10_p50_p90() {
    let r = report("examples/b2b-saas-uncertain.yaml");
    let g = r.growth_percentiles.as_ref().expect("uncertain growth");
    let month = |m: Option<u32>| m.map_or_else(|| "beyond 36".to_string(), |m| m.to_string());
    let s = render_summary_width(&r, 100);
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let want = format!(
        "upgrade by month {} (P10) – {} (P50) – {} (P90)",
        month(g.upgrade_by_month_p10),
        month(g.upgrade_by_month_p50),
        month(g.upgrade_by_month_p90)
    );
    assert!(flat.contains(&want), "{want}\n{s}");
    // Certain growth: no such line.
    assert!(!render_summary_width(&report("examples/b2b-saas.yaml"), 100).contains("(P50)"));
}
