//! `planner check` through the real binary: exit codes, ✓/✗ lines, the
//! Markdown comment and the example CI workflow's command.

use crate::common::{planner, planner_in, table_rows, text};

use std::path::Path;

const PROFILE: &str = "examples/b2b-saas.yaml";

#[test]
fn all_checks_pass_exits_0_with_check_marks() {
    let out = planner(&[
        "check",
        PROFILE,
        "--min-headroom",
        "1.5",
        "--max-p95",
        "250ms",
    ]);
    let s = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{s}{}", text(&out.stderr));
    assert!(s.starts_with("✓ capacity check passed"), "{s}");
    assert!(s.contains("  ✓ headroom ≥ 1.50×  (measured 4.01×)"), "{s}");
    assert!(s.contains("  ✓ API p95 ≤ 250 ms  (measured "), "{s}");
    assert!(!s.contains('✗'), "{s}");
}

#[test]
fn a_failed_check_exits_1_with_a_cross_and_the_measured_figure() {
    let out = planner(&[
        "check",
        PROFILE,
        "--min-headroom",
        "5",
        "--max-cost",
        "$5000",
    ]);
    let s = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{s}{}", text(&out.stderr));
    assert!(
        s.starts_with("✗ capacity check failed: 1 of 2 checks failed"),
        "{s}"
    );
    assert!(s.contains("  ✗ headroom ≥ 5.00×  (measured 4.01×)"), "{s}");
    assert!(s.contains("  ✓ monthly cost ≤ $5000/month"), "{s}");
}

#[test]
fn a_scenario_to_survive_is_a_check() {
    let out = planner(&["check", PROFILE, "--survive", "instance-loss"]);
    let s = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{s}");
    assert!(
        s.contains("✗ instance_loss: minutes of SLO breach ≤ 0 min  (measured 5 min)"),
        "{s}"
    );
}

#[test]
fn invalid_input_exits_2() {
    for args in [
        vec!["check", PROFILE, "--max-p95", "250"],
        vec!["check", PROFILE, "--survive", "meteor"],
        vec!["check", PROFILE],
        vec![
            "check",
            "tests/data/bad/network/empty.yaml",
            "--min-headroom",
            "1",
        ],
        vec!["check", PROFILE, "--max-cost-rise", "10%"],
    ] {
        let out = planner(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stdout)
        );
        assert!(text(&out.stderr).starts_with("error: "), "{args:?}");
    }
}

#[test]
fn profile_checks_apply_and_flags_override_them() {
    let ok = planner(&["check", "examples/ci/app.yaml"]);
    let s = text(&ok.stdout);
    assert_eq!(ok.status.code(), Some(0), "{s}{}", text(&ok.stderr));
    assert_eq!(s.matches('✓').count(), 6, "{s}");
    let fail = planner(&["check", "examples/ci/app.yaml", "--months", "24"]);
    assert_eq!(fail.status.code(), Some(1));
    assert!(text(&fail.stdout).contains("✗ months until breach ≥ 24 months"));
}

#[test]
fn a_regression_against_the_baseline_fails() {
    let dir = std::env::temp_dir().join(format!("planner-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(PROFILE)).unwrap();
    // This change makes every read do three extra queries.
    let after = base.replace("db_queries_per_read: 8 ", "db_queries_per_read: 11 ");
    assert_ne!(base, after);
    std::fs::write(dir.join("before.yaml"), &base).unwrap();
    std::fs::write(dir.join("after.yaml"), &after).unwrap();
    let same = planner_in(&dir, &["check", "before.yaml", "--baseline", "before.yaml"]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stdout));
    // 17% less headroom (the database sets the p95 now that the app pool
    // shares its CPUs): within a 20% limit, beyond a 2% limit.
    let lax = planner_in(
        &dir,
        &[
            "check",
            "after.yaml",
            "--baseline",
            "before.yaml",
            "--max-headroom-drop",
            "20%",
        ],
    );
    assert_eq!(lax.status.code(), Some(0), "{}", text(&lax.stdout));
    let out = planner_in(
        &dir,
        &[
            "check",
            "after.yaml",
            "--baseline",
            "before.yaml",
            "--max-headroom-drop",
            "2%",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "planner.check/v1");
    assert_eq!(v["passed"], false);
    let drop = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "headroom_drop")
        .unwrap();
    assert_eq!(drop["passed"], false);
    assert!(drop["measured"].as_f64().unwrap() > 0.02);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn markdown_is_a_verdict_then_a_clean_table_then_the_failures() {
    let out = planner(&[
        "check",
        PROFILE,
        "--min-headroom",
        "5",
        "--max-p95",
        "250ms",
        "--survive",
        "spike",
        "--format",
        "markdown",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let md = text(&out.stdout);
    assert!(
        md.starts_with("### ✗ capacity check failed: 2 of 3 checks failed"),
        "{md}"
    );
    let rows = table_rows(&md);
    assert_eq!(rows.len(), 4, "{md}");
    assert_eq!(rows[0], ["check", "result", "threshold", "measured"]);
    assert!(rows.iter().all(|r| r.len() == 4), "{rows:?}");
    assert_eq!(rows[1], ["headroom", "✗", "≥ 5.00×", "4.01×"]);
    assert_eq!(rows[2][1], "✓");
    assert!(md.contains("**Failing checks**"), "{md}");
    assert!(
        md.contains("- ✗ **headroom ≥ 5.00×** (measured 4.01×)"),
        "{md}"
    );
}

#[test]
fn the_example_ci_workflow_command_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let wf = std::fs::read_to_string(root.join("examples/ci/github-actions.yml")).unwrap();
    let line = wf
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("planner check "))
        .expect("the workflow runs planner check");
    let args: Vec<&str> = line.split_whitespace().skip(1).collect();
    assert!(
        args.contains(&"markdown") && args.contains(&"capacity.md"),
        "{line}"
    );
    let dir = std::env::temp_dir().join(format!("planner-ci-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(root.join("examples/ci/app.yaml"), dir.join("app.yaml")).unwrap();
    let out = planner_in(&dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = std::fs::read_to_string(dir.join("capacity.md")).unwrap();
    assert!(md.starts_with("### ✓ capacity check passed"), "{md}");
    assert_eq!(table_rows(&md).len(), 6, "{md}");
    std::fs::remove_dir_all(&dir).ok();
}
