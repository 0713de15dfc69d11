//! `planner assess` on profiles whose answer is known by hand.

use crate::common::assert_assess_contract;

use planner::assess::evaluate::Limit;
use planner::assess::{AssessOptions, AssessReport, assess};
use planner::catalog::{Catalog, embedded_catalog};
use planner::error::Error;
use planner::exit;
use planner::profile::profile_from_str;

fn catalog() -> Catalog {
    embedded_catalog().unwrap()
}

fn run(text: &str) -> AssessReport {
    let p = profile_from_str("app.yaml", text).unwrap();
    assess(&p, &catalog(), &AssessOptions::default()).unwrap()
}

/// A monolith whose reads each run 20 queries of 4 ms: the database does
/// ~40× the app's work per request. A pool of 50 connections keeps
/// connection blocking out of the way.
const DB_HEAVY: &str = "
users: {monthly_active: 10k, growth: 5%, horizon_months: 12}
database: {pool_per_instance: 50}
work: {app_cpu: 2ms, db_queries_per_read: 20, db_queries_per_write: 20, db_query_time: 4ms, job_cpu: 10ms}
slo: {api_p95: 2s}
current:
  tier: monolith
  components:
    app: {size: c7g.xlarge}
    db: {size: db.m7g.large}
";

#[test]
fn a_db_heavy_profile_makes_the_database_the_first_bottleneck() {
    let r = run(DB_HEAVY);
    let b = r.first_bottleneck.as_ref().unwrap();
    assert_eq!(b.component, "db");
    assert_eq!(b.limit, Limit::Utilization);
    // By hand: 10k × 20% × 60 / 86,400 × 3 = 4.17 API req/s; reads 90% ×
    // 80 ms, writes 10% × 80 ms: 0.333 busy servers of 2 → 16.7%; jobs 5% ×
    // 5 × 4 ms adds 0.0042 → 16.9%. 70% / 16.9% ≈ 4.15×.
    let h = r.headroom_multiplier.unwrap();
    assert!((h - 4.15).abs() < 0.05, "headroom {h}");
    assert!((b.load_multiplier - h).abs() < 1e-9);
    let cur = r.tiers.iter().find(|t| t.is_current).unwrap();
    assert_eq!(cur.busiest_now.as_ref().unwrap().component, "db");
}

#[test]
fn a_small_pool_in_front_of_a_busy_database_blocks_first() {
    // The same app with the default pool of 10: 10 connections in front of a
    // 2-vCPU database block more than 1% of queries before it reaches 70%.
    let r = run(&DB_HEAVY.replace("database: {pool_per_instance: 50}", ""));
    let b = r.first_bottleneck.as_ref().unwrap();
    assert_eq!((b.component.as_str(), b.limit), ("db", Limit::Connections));
    let wide = run(DB_HEAVY);
    assert!(b.load_multiplier < wide.headroom_multiplier.unwrap());
}

#[test]
fn too_many_pooled_connections_report_the_connection_limit() {
    // 12 app instances × 10 connections = 120 > the database's 100.
    let r = run("
users: {monthly_active: 50k}
database: {max_connections: 100, pool_per_instance: 10}
current:
  tier: replicas
  components:
    app: {size: c7g.large, count: 12}
");
    let b = r.first_bottleneck.as_ref().unwrap();
    assert_eq!(b.limit, Limit::Connections, "{b:?}");
    assert_eq!(b.component, "db");
    assert!(r.headroom_multiplier.unwrap() < 1.0);
    assert!(r.months_until_breach.unwrap() < 1e-9);
    assert!(r.notes.iter().any(|n| n.contains("already breaks")));
    // The same setup with 7 instances and the worker (80 connections, the
    // 80% connection-utilization SLO of 100) is fine.
    let ok = run("
users: {monthly_active: 50k}
database: {max_connections: 100, pool_per_instance: 10}
current:
  tier: replicas
  components:
    app: {size: c7g.large, count: 7}
");
    assert!(ok.headroom_multiplier.unwrap() > 1.0);
}

#[test]
fn doubling_the_growth_rate_roughly_halves_the_months_left() {
    let months = |g: &str| {
        run(&DB_HEAVY
            .replace("growth: 5%", &format!("growth: {g}"))
            .replace("horizon_months: 12", "horizon_months: 120"))
        .months_until_breach
        .unwrap()
    };
    let slow = months("5%");
    let fast = months("10%");
    // ln(1.10) / ln(1.05) = 1.95.
    let ratio = slow / fast;
    assert!(
        (ratio - 1.95).abs() < 0.02,
        "{slow} vs {fast} months: ratio {ratio}"
    );
}

#[test]
fn a_far_away_user_region_makes_the_round_trip_the_limit() {
    let r = run("
users: {monthly_active: 20k}
regions:
  us-east: {share: 60%}
  ap-southeast: {share: 40%, round_trip: 250ms}
current:
  tier: cache_cdn
  components:
    app: {size: c7g.2xlarge}
");
    let b = r.first_bottleneck.as_ref().unwrap();
    assert_eq!(b.limit, Limit::RoundTrip, "{b:?}");
    assert_eq!(b.component, "wan@ap-southeast");
    // Plenty of CPU: the busiest pool is far below the utilization SLO.
    let cur = r.tiers.iter().find(|t| t.is_current).unwrap();
    assert!(cur.busiest_now.as_ref().unwrap().utilization < 0.3);
    // Every single-region tier has the same problem; multi-region serves
    // reads in-region and only 10% writes × 40% = 4% of API requests cross.
    for t in &r.tiers {
        assert_eq!(t.fits_now, t.name == "multi_region", "{}", t.name);
    }
    assert_eq!(r.recommended_tier.as_deref(), Some("multi_region"));
    assert_eq!(r.next_tier.as_deref(), Some("multi_region"));
    assert_eq!(r.upgrade_by_month, Some(0));
}

#[test]
fn the_upgrade_month_is_the_breach_month_less_the_lead_time() {
    let text = DB_HEAVY
        .replace("growth: 5%", "growth: 15%")
        .replace("horizon_months: 12", "horizon_months: 48");
    let p = profile_from_str("app.yaml", &text).unwrap();
    let c = catalog();
    let two = assess(&p, &c, &AssessOptions::default()).unwrap();
    let five = assess(
        &p,
        &c,
        &AssessOptions {
            lead_time_months: Some(5),
            ..AssessOptions::default()
        },
    )
    .unwrap();
    let mono = |r: &AssessReport| {
        r.tiers
            .iter()
            .find(|t| t.name == "monolith")
            .unwrap()
            .clone()
    };
    let breach = mono(&two)
        .breach_month
        .expect("the monolith breaks within 48 months at 15% growth");
    assert!(breach >= 5, "breach at month {breach}");
    // The tier's own upgrade-by month (the headline's is the plan's first
    // tier move, which cheaper steps may postpone).
    assert_eq!(mono(&two).upgrade_by_month, Some(breach - 2));
    assert_eq!(mono(&five).upgrade_by_month, Some(breach - 5));
    assert_eq!(five.lead_time_months, 5);
    // The tier really cannot be sized at the breach month, and can the month before.
    let m = mono(&two);
    assert!(!m.timeline[breach as usize].fits);
    assert!(m.timeline[breach as usize - 1].fits);
    // A next tier is named and costed at the upgrade month.
    let next = two.next_tier.as_deref().unwrap();
    let t = two.tiers.iter().find(|t| t.name == next).unwrap();
    assert!(t.rank > m.rank);
    assert!(t.timeline[breach as usize].fits);
    assert!(two.monthly_cost_usd.next_tier_at_upgrade.unwrap() > 0.0);
}

#[test]
fn the_json_contract_has_the_required_names() {
    let r = run(DB_HEAVY);
    let v = serde_json::to_value(&r).unwrap();
    assert_assess_contract(&v);
    assert_eq!(v["first_bottleneck"]["limit"], "utilization");
    for key in ["now", "at_upgrade", "breakdown_now"] {
        assert!(
            v["monthly_cost_usd"].get(key).is_some(),
            "missing monthly_cost_usd.{key}"
        );
    }
    let tiers = v["tiers"].as_array().unwrap();
    assert_eq!(tiers.len(), 5);
    for t in tiers {
        for key in [
            "name",
            "headroom_multiplier",
            "first_bottleneck",
            "months_until_breach",
            "upgrade_by_month",
            "monthly_cost_usd",
            "timeline",
        ] {
            assert!(t.get(key).is_some(), "tier {} missing {key}", t["name"]);
        }
        assert_eq!(t["timeline"].as_array().unwrap().len(), 13, "months 0..=12");
    }
    // Cost breakdown adds up.
    let b = &r.monthly_cost_usd.breakdown_now;
    assert!((b.values().sum::<f64>() - r.monthly_cost_usd.now.unwrap()).abs() < 1e-6);
    assert!(b["app"] > 0.0 && b["db"] > 0.0 && b["egress"] > 0.0);
}

#[test]
fn the_examples_assess_and_render() {
    let c = catalog();
    for f in ["b2b-saas", "social-app", "media-app", "api-platform"] {
        let path =
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("examples/{f}.yaml"));
        let p = planner::profile::load_profile(&path).unwrap();
        let r = assess(&p, &c, &AssessOptions::default()).unwrap();
        let table = planner::assess::render_table(&r);
        let md = planner::assess::render_markdown(&r);
        assert!(
            table.contains(&format!("Current tier: {}", r.current_tier)),
            "{f}"
        );
        assert!(md.starts_with("# planner assess: "), "{f}");
        assert!(md.contains("| tier | fits now |"), "{f}");
        assert!(r.monthly_cost_usd.now.is_some(), "{f}");
    }
}

#[test]
fn assess_file_reads_the_profile_and_the_tier_overrides() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("planner-assess-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A user tier: the monolith allowed two app servers behind nothing.
    let mono = std::fs::read_to_string(root.join("tiers/monolith.toml")).unwrap();
    let twin = mono
        .replace("name = \"monolith\"", "name = \"twin\"")
        .replace("rank = 1", "rank = 6")
        .replace(
            "min_count = 1\nmax_count = 1\n\n[components.db]",
            "min_count = 1\nmax_count = 2\n\n[components.db]",
        );
    std::fs::write(dir.join("twin.toml"), twin).unwrap();
    let r = planner::assess::assess_file(
        &root.join("examples/b2b-saas.yaml"),
        Some(&dir),
        &AssessOptions::default(),
    )
    .unwrap();
    assert_eq!(r.tiers.len(), 6);
    assert_eq!(r.tiers[5].name, "twin");
    let plain = planner::assess::assess_file(
        &root.join("examples/b2b-saas.yaml"),
        None,
        &AssessOptions::default(),
    )
    .unwrap();
    assert_eq!(plain.tiers.len(), 5);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unknown_current_tier_is_an_input_error_with_exit_code_2() {
    let p = profile_from_str(
        "app.yaml",
        "users: {monthly_active: 1k}\ncurrent: {tier: serverless}\n",
    )
    .unwrap();
    let e = assess(&p, &catalog(), &AssessOptions::default()).unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    assert_eq!(e.exit_code(), exit::INVALID_INPUT);
    assert!(
        e.to_string()
            .starts_with("app.yaml:2:17: current.tier must name a tier"),
        "{e}"
    );
}

#[test]
fn bad_files_on_disk_are_input_errors_with_exit_code_2() {
    let dir = std::env::temp_dir().join(format!("planner-assess-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("app.yaml");
    std::fs::write(
        &bad,
        "users:\n  monthly_active: 10k\n  peak_to_average: 3\ncurrent: {tier: monolith}\n",
    )
    .unwrap();
    let e = Error::from(planner::profile::load_profile(&bad).unwrap_err());
    assert_eq!(e.exit_code(), exit::INVALID_INPUT);
    assert!(e.to_string().contains("app.yaml:3:"), "{e}");
    let tiers = dir.join("tiers");
    std::fs::create_dir_all(&tiers).unwrap();
    std::fs::write(tiers.join("mine.toml"), "name = \"mine\"\nrank = 8\ntitle = \"Mine\"\n[components.app]\nkind = \"app\"\nmax_count = \"lots\"\n").unwrap();
    let e = Error::from(planner::catalog::load_catalog(Some(&tiers)).unwrap_err());
    assert_eq!(e.exit_code(), exit::INVALID_INPUT);
    assert!(e.to_string().contains("mine.toml:6:"), "{e}");
    let e = Error::from(planner::catalog::load_catalog(Some(&dir.join("missing"))).unwrap_err());
    assert_eq!(e.exit_code(), exit::INVALID_INPUT);
    std::fs::remove_dir_all(&dir).unwrap();
}
