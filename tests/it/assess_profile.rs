//! App profiles: defaults, human units, and clear refusals of bad files.

use planner::error::InputError;
use planner::profile::{Growth, profile_from_str};

fn err(text: &str) -> String {
    match profile_from_str("app.yaml", text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => {
            assert!(matches!(
                e,
                InputError::Invalid { .. } | InputError::Syntax { .. }
            ));
            e.to_string()
        }
    }
}

const MIN: &str = "users:\n  monthly_active: 40k\ncurrent:\n  tier: monolith\n";

#[test]
fn a_minimal_profile_gets_the_documented_defaults() {
    let p = profile_from_str("app.yaml", MIN).unwrap();
    assert!((p.users.monthly_active - 40_000.0).abs() < 1e-9);
    assert!((p.users.daily_active_share - 0.2).abs() < 1e-12);
    assert_eq!(p.users.growth, Growth::Rate(0.0));
    assert_eq!(p.users.horizon_months, 24);
    assert!((p.slo.api_p95 - 0.2).abs() < 1e-12);
    assert!((p.slo.max_utilization - 0.7).abs() < 1e-12);
    assert!((p.slo.max_error_rate - 0.01).abs() < 1e-12);
    assert!(!p.slo.survive_instance_loss);
    // No max_connections: the managed default for the instance's memory.
    assert_eq!((p.max_connections, p.pool_per_instance), (None, 10));
    assert!((p.slo.max_connection_utilization - 0.8).abs() < 1e-12);
    assert_eq!(p.pricing, planner::profile::Pricing::OnDemand);
    assert!((p.storage.per_user_bytes - 2e6).abs() < 1e-6);
    assert!((p.storage.backup_retention_days - 7.0).abs() < 1e-12);
    assert_eq!(p.lead_time_months, 2);
    assert_eq!(p.regions.len(), 1);
    assert_eq!(p.regions[0].name, "primary");
}

#[test]
fn human_units_are_read_into_si() {
    let p = profile_from_str(
        "app.yaml",
        "name: Acme\nusers:\n  monthly_active: 1.2M\n  daily_active_share: 35%\n  growth: 8%\n  horizon_months: 36\ntraffic:\n  peak_to_average: 2.5x\n  api_response_size: 4KB\n  static_size: 150 KB\nwork:\n  app_cpu: 15ms\n  db_query_time: 1.5ms\n  media_cpu: 1.5s\nslo:\n  api_p95: 300ms\n  max_utilization: 0.6\n  survive_instance_loss: true\ncurrent:\n  tier: replicas\n",
    )
    .unwrap();
    assert_eq!(p.name, "Acme");
    assert!((p.users.monthly_active - 1.2e6).abs() < 1e-6);
    assert_eq!(p.users.growth, Growth::Rate(0.08));
    assert!((p.traffic.peak_to_average - 2.5).abs() < 1e-12);
    assert!((p.traffic.api_response_bytes - 4000.0).abs() < 1e-9);
    assert!((p.traffic.static_bytes - 150_000.0).abs() < 1e-9);
    assert!((p.work.app_cpu.mean - 0.015).abs() < 1e-12);
    assert!((p.work.db_query.mean - 0.0015).abs() < 1e-12);
    assert!((p.work.media_cpu.mean - 1.5).abs() < 1e-12);
    assert!((p.slo.api_p95 - 0.3).abs() < 1e-12);
    assert!(p.slo.survive_instance_loss);
}

#[test]
fn forecasts_interpolate_geometrically() {
    let p = profile_from_str(
        "app.yaml",
        "users:\n  monthly_active: 10k\n  forecast:\n    6: 40k\n    12: 40k\ncurrent:\n  tier: monolith\n",
    )
    .unwrap();
    assert!((p.users.at(3.0) - 20_000.0).abs() < 1e-6);
    assert!((p.users.at(9.0) - 40_000.0).abs() < 1e-6);
    assert!((p.users.month_reaching(20_000.0, 24.0).unwrap() - 3.0).abs() < 1e-9);
    assert_eq!(
        p.users.month_reaching(50_000.0, 24.0),
        None,
        "flat after month 6"
    );
}

#[test]
fn unknown_keys_are_refused_with_their_position() {
    let e = err("users:\n  monthly_active: 40k\n  monthly_actve: 3\ncurrent:\n  tier: monolith\n");
    assert!(e.starts_with("app.yaml:3:"), "{e}");
    assert!(e.contains("monthly_actve"), "{e}");
    let e = err(&format!("{MIN}trafic:\n  read_share: 90%\n"));
    assert!(e.starts_with("app.yaml:5:"), "{e}");
}

#[test]
fn wrong_units_name_the_key_value_and_accepted_forms() {
    let e = err(&format!("{MIN}traffic:\n  peak_to_average: 200ms\n"));
    assert_eq!(
        e,
        "app.yaml:6:20: traffic.peak_to_average must be a plain factor like 3 or 3x, got \"200ms\""
    );
    let e = err(&format!("{MIN}slo:\n  api_p95: 200\n"));
    assert_eq!(
        e,
        "app.yaml:6:12: slo.api_p95 must be a duration with a unit, like 200ms, 1.5s, 500us or 2min, got 200"
    );
    let e = err("users:\n  monthly_active: 40 users\ncurrent:\n  tier: monolith\n");
    assert!(
        e.contains(
            "users.monthly_active must be a number like 40000, 40k or 1.2M, got \"40 users\""
        ),
        "{e}"
    );
    let e = err(&format!("{MIN}traffic:\n  static_size: 4Kb\n"));
    assert!(
        e.contains("traffic.static_size must be a size like 4KB"),
        "{e}"
    );
    let e = err(&format!("{MIN}cache:\n  hit_ratio: 85ms\n"));
    assert!(
        e.contains("cache.hit_ratio must be a fraction like 0.15 or a percentage like 15%"),
        "{e}"
    );
}

#[test]
fn negative_and_absurd_values_are_refused() {
    let e = err("users:\n  monthly_active: -5\ncurrent:\n  tier: monolith\n");
    assert!(
        e.contains("users.monthly_active must be between 1 and 1e10 users, got -5"),
        "{e}"
    );
    let e = err(&format!("{MIN}cache:\n  hit_ratio: 150%\n"));
    assert!(
        e.contains("cache.hit_ratio must be between 0% and 100%, got \"150%\""),
        "{e}"
    );
    let e = err(&format!("{MIN}traffic:\n  peak_to_average: 0.5\n"));
    assert!(
        e.contains("traffic.peak_to_average must be between 1 and 100, got 0.5"),
        "{e}"
    );
    let e = err(&format!("{MIN}work:\n  app_cpu: -3ms\n"));
    assert!(
        e.contains("work.app_cpu must be > 0 and at most 60s"),
        "{e}"
    );
    let e = err(&format!("{MIN}database:\n  max_connections: 10.5\n"));
    assert!(
        e.contains("database.max_connections must be a whole number from 1 to 1000000, got 10.5"),
        "{e}"
    );
    let e = err(&format!("{MIN}slo:\n  max_utilization: 100%\n"));
    assert!(
        e.contains("slo.max_utilization must be between 5% and 99%"),
        "{e}"
    );
    let e = err("users:\n  monthly_active: 40k\n  growth: 900%\ncurrent:\n  tier: monolith\n");
    assert!(
        e.contains("users.growth must be a monthly rate between -50% and 300%"),
        "{e}"
    );
    let e = err("users:\n  monthly_active: 40k\n  horizon_months: 0\ncurrent:\n  tier: monolith\n");
    assert!(
        e.contains("users.horizon_months must be a whole number from 1 to 120, got 0"),
        "{e}"
    );
    let e = err(&format!(
        "{MIN}traffic:\n  read_share: 50%\n  search_share: 60%\n"
    ));
    assert!(
        e.contains("traffic.search_share must be at most traffic.read_share"),
        "{e}"
    );
}

#[test]
fn region_mistakes_are_refused() {
    let e = err(&format!(
        "{MIN}regions:\n  us: {{share: 60%}}\n  eu: {{share: 30%, round_trip: 90ms}}\n"
    ));
    assert!(
        e.contains("regions must have shares summing to 100%, got shares summing to 90.0%"),
        "{e}"
    );
    let e = err(&format!(
        "{MIN}regions:\n  us: {{share: 60%}}\n  eu: {{share: 40%}}\n"
    ));
    assert!(e.contains("regions.eu.round_trip is required"), "{e}");
    let e = err(&format!(
        "{MIN}regions:\n  us: {{share: 60%}}\n  eu: {{share: 40%, round_trip: 40%}}\n"
    ));
    assert!(
        e.contains("regions.eu.round_trip must be a duration"),
        "{e}"
    );
    let e = err(&format!(
        "{MIN}regions:\n  us: {{share: 60%, round_trip: 20ms}}\n  eu: {{share: 40%, round_trip: 90ms}}\n"
    ));
    assert!(
        e.contains("regions.us.round_trip must be 0ms: the first region listed is the primary"),
        "{e}"
    );
}

#[test]
fn growth_and_forecast_are_exclusive_and_forecasts_ordered() {
    let e = err(
        "users:\n  monthly_active: 10k\n  growth: 5%\n  forecast:\n    6: 20k\ncurrent:\n  tier: monolith\n",
    );
    assert!(
        e.contains("users.forecast cannot be given together with users.growth"),
        "{e}"
    );
    let e = err(
        "users:\n  monthly_active: 10k\n  forecast:\n    6: 20k\n    3: 30k\ncurrent:\n  tier: monolith\n",
    );
    assert!(
        e.contains("users.forecast must have months increasing"),
        "{e}"
    );
    let e = err(
        "users:\n  monthly_active: 10k\n  forecast:\n    six: 20k\ncurrent:\n  tier: monolith\n",
    );
    assert!(e.starts_with("app.yaml:4:"), "{e}");
}

#[test]
fn a_missing_current_setup_is_refused() {
    let e = err("users:\n  monthly_active: 10k\n");
    assert!(e.contains("current"), "{e}");
}
