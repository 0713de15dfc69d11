//! `observed:` in app profiles: the work figures derived by the service
//! demand law reproduce the demands of a known network (measured by
//! simulating it), typed figures far off are named, and a profile without
//! `observed:` is assessed as before.

use planner::assess::calibrate::{Calibrated, Demands, calibrate};
use planner::assess::current::{current_config, current_tier};
use planner::assess::layout::Layout;
use planner::assess::load::Load;
use planner::assess::network::build;
use planner::assess::{AssessOptions, assess};
use planner::catalog::{Catalog, embedded_catalog};
use planner::profile::{Profile, profile_from_str};
use planner::sim::{SimOptions, simulate};

use crate::common::{planner, text};

/// A load-balanced app whose true work per request is known: 100 API
/// req/s at peak (86.4k users, all active daily, 100 requests a day, flat
/// peak), 20 jobs/s, no static traffic.
const TRUE_PROFILE: &str = "\
users:
  monthly_active: 86.4k
  daily_active_share: 100%
traffic:
  api_requests_per_user_day: 100
  static_requests_per_user_day: 0
  peak_to_average: 1
  read_share: 80%
  search_share: 0%
  background_share: 20%
work:
  app_cpu: APP
  db_queries_per_read: 4
  db_queries_per_write: 6
  db_query_time: QUERY
  db_query_cv: 1
  cache_lookups_per_read: LOOKUPS
  cache_lookups_per_write: WLOOKUPS
  cache_lookup_time: 0.5ms
  job_cpu: JOB
  job_cpu_cv: 0.5
  job_db_queries: 3
cache:
  hit_ratio: 50%
current:
  tier: replicas
  components:
    app: { size: c7g.large, count: 2 }
    cache: { size: cache.m7g.large, count: 1 }
    db: { size: db.m7g.large }
    replicas: { size: db.m7g.large, count: 1 }
    workers: { size: c7g.large, count: 1 }
";

/// The true figures: app_cpu, db_query_time, job_cpu (ms), lookups per read.
const TRUTH: [f64; 4] = [20.0, 2.0, 40.0, 2.0];

fn profile(app: &str, query: &str, lookups: &str, job: &str, extra: &str) -> Profile {
    // Lookups per write move with lookups per read: one figure sets both.
    let per_write = lookups.parse::<f64>().expect("a number") / 2.0;
    let text = TRUE_PROFILE
        .replace("WLOOKUPS", &per_write.to_string())
        .replace("APP", app)
        .replace("QUERY", query)
        .replace("LOOKUPS", lookups)
        .replace("JOB", job);
    profile_from_str("app.yaml", &format!("{text}{extra}")).expect("valid profile")
}

fn catalog() -> Catalog {
    embedded_catalog().expect("catalog")
}

fn derived(c: &Calibrated, key: &str) -> f64 {
    c.calibration
        .figures
        .iter()
        .find(|f| f.figure == key)
        .and_then(|f| f.derived)
        .unwrap_or_else(|| panic!("{key} derived: {:?}", c.calibration))
}

/// Simulates today's setup of `truth` at its own load and returns the
/// `observed:` section monitoring would show: the API throughput and each
/// pool's busy share.
fn measured(truth: &Profile, cat: &Catalog) -> String {
    let tier = current_tier(truth, cat).expect("tier");
    let layout = Layout::new(&cat.tiers[tier], truth, &cat.prices);
    let config = current_config(&layout).expect("config");
    let load = Load::at(truth, truth.users.monthly_active);
    let net = build(&layout, &config, &load).network;
    let sim = simulate(
        &net,
        &SimOptions {
            requests: Some(150_000),
            replications: 2,
            seed: 11,
            ..SimOptions::default()
        },
    )
    .expect("simulates");
    let api: f64 = ["read", "write"]
        .iter()
        .map(|c| {
            sim.network.classes[*c]
                .figures
                .throughput_rps
                .expect("stable")
        })
        .sum();
    let mut yaml = format!("observed:\n  api_rps: {api}\n  utilization:\n");
    for name in ["app", "cache", "db", "replicas", "workers"] {
        let u = sim.stations[name].figures.utilization.expect("stable");
        yaml.push_str(&format!("    {name}: {u}\n"));
    }
    yaml
}

#[test]
fn observed_round_trip_recovers_the_demands_of_a_simulated_network_within_2_percent() {
    let cat = catalog();
    let truth = profile("20ms", "2ms", "2", "40ms", "");
    let observed = measured(&truth, &cat);
    // Typed figures off by 3×, 2.5×, 1.25× and 1.5×.
    let typed = profile("60ms", "5ms", "3", "50ms", &observed);
    let c = calibrate(&typed, &cat, None)
        .expect("calibrates")
        .expect("observed given");
    for (key, want) in [
        "work.app_cpu",
        "work.db_query_time",
        "work.job_cpu",
        "work.cache_lookups_per_read",
    ]
    .into_iter()
    .zip(TRUTH)
    {
        let got = derived(&c, key);
        assert!(
            (got / want - 1.0).abs() < 0.02,
            "{key}: derived {got}, true {want}"
        );
    }
    // The profile assess goes on with carries the derived figures.
    assert!((c.profile.work.app_cpu.mean * 1e3 / TRUTH[0] - 1.0).abs() < 0.02);
    // The 3× and 2.5× typed figures are named; the others are not.
    let named = |key: &str| c.calibration.warnings.iter().any(|w| w.starts_with(key));
    assert!(
        named("work.app_cpu: typed 60.0 ms is 3.0× the 20"),
        "{:?}",
        c.calibration.warnings
    );
    assert!(named("work.db_query_time"), "{:?}", c.calibration.warnings);
    assert!(!named("work.job_cpu") && !named("work.cache_lookups_per_read"));
    let off: Vec<&str> = c
        .calibration
        .figures
        .iter()
        .filter(|f| f.off)
        .map(|f| f.figure.as_str())
        .collect();
    assert_eq!(off, ["work.app_cpu", "work.db_query_time"]);
}

/// Utilizations computed from the model itself (no simulation noise) give
/// the true figures back to rounding, also where the component does other
/// work: the monolith's app serves static requests and jobs too.
#[test]
fn exact_utilizations_give_the_figures_back_exactly() {
    let cat = catalog();
    let base = "\
users:
  monthly_active: 200k
traffic:
  background_share: 10%
work:
  app_cpu: APP
  static_cpu: 2ms
  job_cpu: 150ms
  db_query_time: QUERY
current:
  tier: monolith
  components:
    app: { size: c7g.2xlarge, count: 1 }
    db: { size: db.m7g.xlarge }
";
    let p = |app: &str, query: &str, extra: &str| {
        profile_from_str(
            "app.yaml",
            &format!(
                "{}{extra}",
                base.replace("APP", app).replace("QUERY", query)
            ),
        )
        .expect("valid")
    };
    let truth = p("30ms", "2ms", "");
    let tier = current_tier(&truth, &cat).unwrap();
    let layout = Layout::new(&cat.tiers[tier], &truth, &cat.prices);
    let config = current_config(&layout).unwrap();
    let load = Load::at(&truth, truth.users.monthly_active);
    let u = |name: &str| {
        let i = layout.pools.iter().position(|q| q.name == name).unwrap();
        planner::assess::evaluate::pool_utilization(&layout, &config, i, &load)
    };
    let observed = format!(
        "observed:\n  api_rps: {}\n  utilization:\n    app: {}\n    db: {}\n",
        load.api_rps,
        u("app"),
        u("db")
    );
    let typed = p("90ms", "0.5ms", &observed);
    let c = calibrate(&typed, &cat, None).unwrap().unwrap();
    assert!((derived(&c, "work.app_cpu") / 30.0 - 1.0).abs() < 1e-9);
    assert!((derived(&c, "work.db_query_time") / 2.0 - 1.0).abs() < 1e-9);
    for row in &c.calibration.components {
        assert!(
            (row.model_utilization / row.utilization - 1.0).abs() < 1e-9,
            "{row:?}"
        );
        // The service demand law: D = U·c / X.
        let d = row.utilization * row.servers / load.api_rps * 1e3;
        assert!((row.observed_demand_ms / d - 1.0).abs() < 1e-12);
    }
    // Under --demands typed the table is the same, the model is not.
    let t = calibrate(&typed, &cat, Some(Demands::Typed))
        .unwrap()
        .unwrap();
    assert!((t.profile.work.app_cpu.mean - typed.work.app_cpu.mean).abs() < 1e-15);
    assert_eq!(
        t.calibration.figures[0].derived,
        c.calibration.figures[0].derived
    );
}

#[test]
fn the_calibration_reports_the_models_p95_against_the_observed_one() {
    let cat = catalog();
    let truth = profile("20ms", "2ms", "2", "40ms", "");
    let extra = "observed:\n  api_rps: 100\n  api_p50: 40ms\n  api_p95: 150ms\n  db_connections_in_use: 2\n  utilization:\n    app: 51%\n";
    let typed = profile("20ms", "2ms", "2", "40ms", extra);
    let r = assess(&typed, &cat, &AssessOptions::default()).unwrap();
    let c = r.calibration.as_ref().expect("calibration");
    assert_eq!(c.demands, Demands::Observed);
    let figures: Vec<&str> = c.reproduction.iter().map(|x| x.figure).collect();
    assert_eq!(
        figures,
        ["api_p50_ms", "api_p95_ms", "db_connections_in_use"]
    );
    for row in &c.reproduction {
        let m = row.calibrated.expect("stable");
        let e = row.calibrated_error.expect("observed > 0");
        assert!((e - (m - row.observed) / row.observed).abs() < 1e-12);
        assert!(m.is_finite() && m > 0.0);
    }
    // The model's p50 lies below its p95.
    assert!(c.reproduction[0].calibrated < c.reproduction[1].calibrated);
    // Without observed: no calibration, and the same report as before.
    let plain = assess(&truth, &cat, &AssessOptions::default()).unwrap();
    assert!(plain.calibration.is_none());
    let json = serde_json::to_string(&plain).unwrap();
    assert!(!json.contains("calibration"));
    let typed_flag = assess(
        &truth,
        &cat,
        &AssessOptions {
            demands: Some(Demands::Typed),
            ..AssessOptions::default()
        },
    )
    .unwrap();
    assert_eq!(serde_json::to_string(&typed_flag).unwrap(), json);
}

#[test]
fn demands_observed_without_observed_and_a_bad_flag_exit_2() {
    let out = planner(&["assess", "examples/b2b-saas.yaml", "--demands", "observed"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--demands observed needs an `observed:` section"),
        "{err}"
    );
    let out = planner(&["assess", "examples/b2b-saas.yaml", "--demands", "measured"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("typed or observed"), "{err}");
}

#[test]
fn figures_that_cannot_be_derived_keep_their_typed_value_with_a_warning() {
    let cat = catalog();
    // Jobs of 2 s on the monolith's app already keep it busier than the
    // 5% observed, whatever app_cpu is; the profile's own peak (about 83
    // API req/s) is far from the 400 observed.
    let p = profile_from_str(
        "app.yaml",
        "users:\n  monthly_active: 200k\ntraffic:\n  background_share: 10%\nwork:\n  app_cpu: 20ms\n  job_cpu: 2s\ncurrent:\n  tier: monolith\n  components:\n    app: { size: c7g.2xlarge }\n    db: { size: db.m7g.xlarge }\nobserved:\n  api_rps: 400\n  utilization:\n    app: 5%\n    db: 30%\n",
    )
    .unwrap();
    let c = calibrate(&p, &cat, None).unwrap().unwrap();
    let app = &c.calibration.figures[0];
    assert_eq!(app.figure, "work.app_cpu");
    assert!(app.derived.is_none() && app.ratio.is_none() && !app.off);
    assert!((c.profile.work.app_cpu.mean - 0.020).abs() < 1e-15);
    let w = &c.calibration.warnings;
    assert!(
        w.iter().any(|w| w.starts_with("work.app_cpu: not derived")),
        "{w:?}"
    );
    assert!(
        w.iter().any(|w| w.starts_with("observed.api_rps:")),
        "{w:?}"
    );
    // The database figure is still derived.
    assert!(c.calibration.figures[1].derived.is_some());
}
