//! Flags: negative numbers reach the range check (no "use -- -5" tip),
//! flag ranges are the file ranges in the same words, and each error names
//! its flag.

use crate::common::{planner, root, text};

const PROFILE: &str = "examples/b2b-saas.yaml";

fn refused(args: &[&str], phrases: &[&str]) -> String {
    let out = planner(args);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    for p in phrases {
        assert!(err.contains(p), "{args:?}: expected {p:?} in {err:?}");
    }
    assert!(!err.contains("tip:"), "{args:?}: {err}");
    err
}

#[test]
fn negative_values_are_refused_with_the_range() {
    refused(
        &["check", PROFILE, "--max-cost", "-$5"],
        &["--max-cost must be between $0 and $1bn a month, got \"-$5\""],
    );
    refused(
        &["check", PROFILE, "--min-headroom", "-1"],
        &["--min-headroom must be a factor between 0 and 1e6"],
    );
    refused(
        &["init", "-", "--users", "-5"],
        &["--users must be between 1 and 1e10 users, got \"-5\""],
    );
    refused(
        &["timeline", PROFILE, "--months", "-5"],
        &["--months", "-5", "whole number"],
    );
}

#[test]
fn a_negative_growth_within_range_is_accepted() {
    let out = planner(&["init", "-", "--growth", "-10%"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn lead_time_has_the_profile_range() {
    for cmd in ["timeline", "assess"] {
        refused(
            &[cmd, PROFILE, "--lead-time-months", "1000"],
            &[
                "--lead-time-months",
                "1000",
                "must be a whole number from 0 to 120",
            ],
        );
    }
    let dir = std::env::temp_dir().join(format!("planner-flags-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("lead.yaml");
    let profile = std::fs::read_to_string(root().join(PROFILE)).unwrap();
    std::fs::write(
        &p,
        format!("{profile}\nplanning:\n  lead_time_months: 1000\n"),
    )
    .unwrap();
    let out = planner(&["assess", p.to_str().unwrap()]);
    let err = text(&out.stderr);
    assert!(
        err.contains("planning.lead_time_months must be a whole number from 0 to 120"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn flag_and_file_ranges_are_worded_alike() {
    refused(
        &["init", "-", "--growth", "400%"],
        &["--growth must be a monthly rate between -50% and 300%"],
    );
    let dir = std::env::temp_dir().join(format!("planner-flags2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("growth.yaml");
    let profile = std::fs::read_to_string(root().join(PROFILE)).unwrap();
    std::fs::write(&p, profile.replace("growth: 12%", "growth: 400%")).unwrap();
    let out = planner(&["assess", p.to_str().unwrap()]);
    assert!(
        text(&out.stderr).contains("users.growth must be a monthly rate between -50% and 300%"),
        "{}",
        text(&out.stderr)
    );
    refused(
        &["check", PROFILE, "--max-utilization", "150%"],
        &["--max-utilization must be between 0% and 100%"],
    );
    let _ = std::fs::remove_dir_all(&dir);
}
