//! Failure scenarios on hand-checkable profiles.
#![allow(
    clippy::float_cmp,
    reason = "breach minutes are parameter values copied exactly"
)]

use planner::assess::evaluate::Limit;
use planner::assess::{AssessOptions, assess};
use planner::catalog::embedded_catalog;
use planner::profile::profile_from_str;
use planner::profile::{Profile, gate::ScenarioKind};
use planner::scenarios::{ScenarioResult, run_scenarios};

fn profile(text: &str) -> Profile {
    profile_from_str("app.yaml", text).unwrap()
}

fn scenario(p: &Profile, k: ScenarioKind) -> ScenarioResult {
    let cat = embedded_catalog().unwrap();
    let r = run_scenarios(p, &cat, Some(&[k])).unwrap();
    assert_eq!(r.scenarios.len(), 1);
    let s = r.scenarios[0].clone();
    assert!(s.breach_minutes.is_finite() && s.breach_minutes >= 0.0);
    s
}

const MONOLITH: &str = "users:\n  monthly_active: 5k\ncurrent:\n  tier: monolith\n";

#[test]
fn a_single_app_server_cannot_survive_losing_one_instance() {
    let s = scenario(&profile(MONOLITH), ScenarioKind::InstanceLoss);
    assert!(s.applicable);
    assert!(!s.survives);
    let f = s.first_failure.expect("a failure");
    assert_eq!(f.component, "app");
    assert_eq!(f.limit, Limit::NMinus1);
    // Broken until the replacement is up: the default 5 minutes.
    assert_eq!(s.breach_minutes, 5.0);
}

#[test]
fn a_fleet_with_room_survives_losing_one_instance() {
    let p = profile(
        "users:\n  monthly_active: 20k\ncurrent:\n  tier: replicas\n  components:\n    app: { count: 6 }\n",
    );
    let s = scenario(&p, ScenarioKind::InstanceLoss);
    assert!(s.survives, "{}", s.detail);
    assert_eq!(s.breach_minutes, 0.0);
}

#[test]
fn replacement_time_is_configurable() {
    let p = profile(&format!(
        "{MONOLITH}scenarios:\n  instance_loss: {{ replacement: 12min }}\n"
    ));
    let s = scenario(&p, ScenarioKind::InstanceLoss);
    assert_eq!(s.breach_minutes, 12.0);
}

/// Reads miss to a small database 10 queries at a time: at a 95% hit ratio
/// the database idles, with every lookup missing it saturates.
const CACHED: &str = "users:\n  monthly_active: 200k\nwork:\n  db_queries_per_read: 10\n  db_query_time: 3ms\ncache:\n  hit_ratio: 95%\ncurrent:\n  tier: cache_cdn\n  components:\n    app: { size: c7g.4xlarge }\n";

#[test]
fn a_cache_dependent_profile_fails_the_cold_cache_at_the_database() {
    let p = profile(CACHED);
    let s = scenario(&p, ScenarioKind::ColdCache);
    assert!(s.applicable);
    assert!(!s.survives, "{}", s.detail);
    let f = s.first_failure.expect("a failure");
    assert_eq!(f.component, "db", "{}", s.detail);
    // Broken for part of the 30-minute warm-up, not all of it.
    assert!(
        s.breach_minutes > 0.0 && s.breach_minutes < 30.0,
        "{}",
        s.breach_minutes
    );
}

#[test]
fn no_cache_means_the_cold_cache_does_not_apply() {
    let s = scenario(&profile(MONOLITH), ScenarioKind::ColdCache);
    assert!(!s.applicable);
    assert!(s.survives);
}

fn headroom(p: &Profile) -> f64 {
    let cat = embedded_catalog().unwrap();
    assess(p, &cat, &AssessOptions::default())
        .unwrap()
        .headroom_multiplier
        .unwrap()
}

#[test]
fn a_spike_larger_than_the_headroom_fails_and_a_smaller_one_survives() {
    let h = headroom(&profile(MONOLITH));
    assert!(h > 1.2, "headroom {h}");
    let big = profile(&format!(
        "{MONOLITH}scenarios:\n  spike: {{ multiplier: {}, duration: 2h }}\n",
        h * 1.2
    ));
    let s = scenario(&big, ScenarioKind::Spike);
    assert!(!s.survives);
    assert!(s.first_failure.is_some());
    // The monolith cannot add instances: broken for the whole spike.
    assert_eq!(s.breach_minutes, 120.0);
    let small = profile(&format!(
        "{MONOLITH}scenarios:\n  spike: {{ multiplier: {} }}\n",
        (h * 0.9).max(1.0)
    ));
    let s = scenario(&small, ScenarioKind::Spike);
    assert!(s.survives, "{}", s.detail);
    assert_eq!(s.breach_minutes, 0.0);
}

#[test]
fn an_autoscaled_fleet_is_broken_only_for_the_autoscaling_lag() {
    let p = profile(
        "users:\n  monthly_active: 20k\nscenarios:\n  spike: { multiplier: 20, autoscaling_lag: 2min }\ncurrent:\n  tier: replicas\n  components:\n    app: { count: 2, size: c7g.medium }\n",
    );
    let s = scenario(&p, ScenarioKind::Spike);
    assert!(!s.survives, "{}", s.detail);
    assert_eq!(s.breach_minutes, 2.0, "{}", s.detail);
}

#[test]
fn one_region_loses_the_whole_site() {
    let s = scenario(&profile(MONOLITH), ScenarioKind::RegionFailover);
    assert!(!s.applicable);
    assert!(!s.survives);
    assert_eq!(s.breach_minutes, 60.0);
}

#[test]
fn unknown_scenario_names_are_located_errors() {
    let e = profile_from_str(
        "app.yaml",
        "users:\n  monthly_active: 1k\nchecks:\n  survive: [meteor]\ncurrent:\n  tier: monolith\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("app.yaml:4") && e.contains("checks.survive") && e.contains("cold_cache"),
        "{e}"
    );
}
