//! The networks and costs built from app profiles, checked by hand.

use planner::assess::cost::{EGRESS, monthly_cost, monthly_lines};
use planner::assess::current::{current_config, current_tier};
use planner::assess::layout::Layout;
use planner::assess::load::Load;
use planner::assess::network::build;
use planner::catalog::embedded_catalog;
use planner::network::Servers;
use planner::profile::{Profile, profile_from_str};
use planner::queue::dist::Distribution;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn profile(extra: &str) -> Profile {
    let text = format!("users:\n  monthly_active: 100k\n{extra}\n");
    profile_from_str("app.yaml", &text).unwrap()
}

#[test]
fn load_follows_the_documented_formula() {
    let p = profile("current:\n  tier: monolith");
    let l = Load::at(&p, 100_000.0);
    // 100k MAU × 20% DAU × 60 API/day / 86,400 s × 3 peak/avg.
    let api = 100_000.0 * 0.2 * 60.0 / 86_400.0 * 3.0;
    assert!(close(l.api_rps, api));
    assert!(close(l.static_rps, 100_000.0 * 0.2 * 30.0 / 86_400.0 * 3.0));
    assert!(close(l.rates[0] + l.rates[1], api * 0.9));
    assert!(close(l.rates[2], api * 0.1));
    assert!(close(l.rates[4], api * 0.05));
}

#[test]
fn monolith_network_has_app_and_db_with_per_class_work() {
    let p = profile(
        "current:\n  tier: monolith\n  components:\n    app: {size: c7g.xlarge}\n    db: {size: db.m7g.large}",
    );
    let cat = embedded_catalog().unwrap();
    let t = current_tier(&p, &cat).unwrap();
    let layout = Layout::new(&cat.tiers[t], &p, &cat.prices);
    let config = current_config(&layout).unwrap();
    let load = Load::at(&p, 100_000.0);
    let b = build(&layout, &config, &load);
    let n = &b.network;
    let names: Vec<&str> = n.stations.iter().map(|s| s.name.as_str()).collect();
    // No media share, so object storage is never visited.
    assert_eq!(names, ["app", "db"]);
    let classes: Vec<&str> = n.classes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(classes, ["read", "write", "static", "background"]);
    let app = &n.stations[0];
    assert_eq!(app.servers, Servers::Finite(4), "c7g.xlarge has 4 vCPUs");
    let db = &n.stations[1];
    // 1 app instance × pool 10 < 100 max connections: capacity 10, 2 servers.
    assert_eq!(db.capacity, Some(10));
    assert_eq!(db.servers, Servers::Finite(2));
    let read_db = db.visits[0].as_ref().unwrap();
    assert!(close(read_db.service.mean, 5.0 * 0.002));
    assert!(close(read_db.service.cv, 1.5 / 5f64.sqrt()));
    assert_eq!(read_db.service.distribution, Distribution::Gamma);
    let read_app = app.visits[0].as_ref().unwrap();
    assert!(close(read_app.service.mean, 0.020));
    assert_eq!(read_app.routes.len(), 1);
    assert_eq!(read_app.routes[0].to, 1);
    assert!(close(read_app.routes[0].probability, 1.0));
    // Static requests are served by the app and leave.
    assert!(app.visits[2].as_ref().unwrap().routes.is_empty());
    assert!(db.visits[2].is_none());
    assert!(close(n.classes[0].arrivals[0].rate, load.rates[0]));
}

#[test]
fn cache_misses_route_reads_to_the_database() {
    let p =
        profile("cache:\n  hit_ratio: 85%\ncdn:\n  hit_ratio: 95%\ncurrent:\n  tier: cache_cdn");
    let cat = embedded_catalog().unwrap();
    let layout = Layout::new(cat.tier("cache_cdn").unwrap(), &p, &cat.prices);
    let config = current_config(&layout).unwrap();
    let b = build(&layout, &config, &Load::at(&p, 100_000.0));
    let n = &b.network;
    let idx = |s: &str| n.station_index(s).unwrap();
    let read = n.classes.iter().position(|c| c.name == "read").unwrap();
    let cache = n.stations[idx("cache")].visits[read].as_ref().unwrap();
    assert_eq!(cache.routes[0].to, idx("db"));
    assert!(close(cache.routes[0].probability, 0.15));
    assert!(close(cache.service.mean, 3.0 * 0.0003));
    let stat = n.classes.iter().position(|c| c.name == "static").unwrap();
    assert_eq!(n.classes[stat].arrivals[0].station, idx("cdn"));
    let cdn = n.stations[idx("cdn")].visits[stat].as_ref().unwrap();
    assert_eq!(cdn.routes[0].to, idx("storage"));
    assert!(close(cdn.routes[0].probability, 0.05));
    assert_eq!(n.stations[idx("cdn")].servers, Servers::Infinite);
    assert_eq!(cdn.service.distribution, Distribution::Deterministic);
    // Writes always reach the database after invalidating the cache.
    let write = n.classes.iter().position(|c| c.name == "write").unwrap();
    let wc = n.stations[idx("cache")].visits[write].as_ref().unwrap();
    assert!(close(wc.routes[0].probability, 1.0));
}

#[test]
fn regions_get_their_own_fleet_and_writes_cross_the_round_trip() {
    let p = profile(
        "regions:\n  us: {share: 70%}\n  ap: {share: 30%, round_trip: 180ms}\ncurrent:\n  tier: multi_region",
    );
    let cat = embedded_catalog().unwrap();
    let layout = Layout::new(cat.tier("multi_region").unwrap(), &p, &cat.prices);
    let config = current_config(&layout).unwrap();
    let load = Load::at(&p, 100_000.0);
    let n = build(&layout, &config, &load).network;
    let idx = |s: &str| {
        n.station_index(s)
            .unwrap_or_else(|| panic!("no station {s}"))
    };
    for s in [
        "wan@ap",
        "app@us",
        "app@ap",
        "cache@us",
        "cache@ap",
        "replicas@ap",
        "db",
        "workers",
    ] {
        idx(s);
    }
    assert!(
        n.station_index("wan@us").is_none(),
        "the primary has no round trip"
    );
    let class = |s: &str| n.classes.iter().position(|c| c.name == s).unwrap();
    assert!(close(
        n.classes[class("read@ap")].arrivals[0].rate,
        load.rates[0] * 0.3
    ));
    // Requests from ap enter at ap's edge functions, then its load balancer.
    assert_eq!(
        n.classes[class("read@ap")].arrivals[0].station,
        idx("edge@ap")
    );
    let e = n.stations[idx("edge@ap")].visits[class("read@ap")]
        .as_ref()
        .unwrap();
    assert_eq!(e.routes[0].to, idx("lb@ap"));
    // Reads from ap stay in ap; writes from ap cross to the primary.
    assert!(n.stations[idx("wan@ap")].visits[class("read@ap")].is_none());
    let w = n.stations[idx("cache@ap")].visits[class("write@ap")]
        .as_ref()
        .unwrap();
    assert_eq!(w.routes[0].to, idx("wan@ap"));
    let wan = n.stations[idx("wan@ap")].visits[class("write@ap")]
        .as_ref()
        .unwrap();
    assert!(close(wan.service.mean, 0.180));
    assert_eq!(wan.routes[0].to, idx("db"));
    // Jobs run in the primary region only.
    assert!(n.classes.iter().any(|c| c.name == "background"));
}

#[test]
fn connection_capacity_is_the_smaller_of_pool_total_and_max_connections() {
    let p = profile(
        "database:\n  max_connections: 100\n  pool_per_instance: 20\ncurrent:\n  tier: replicas\n  components:\n    app: {count: 8}\n    workers: {count: 2}",
    );
    let cat = embedded_catalog().unwrap();
    let layout = Layout::new(cat.tier("replicas").unwrap(), &p, &cat.prices);
    let config = current_config(&layout).unwrap();
    let n = build(&layout, &config, &Load::at(&p, 100_000.0)).network;
    let db = &n.stations[n.station_index("db").unwrap()];
    // (8 app + 2 workers) × 20 = 200 held > 100 allowed.
    assert_eq!(db.capacity, Some(100));
    let rep = &n.stations[n.station_index("replicas").unwrap()];
    // Only app instances read from the replicas: 8 × 20 = 160 > 100.
    assert_eq!(rep.capacity, Some(100));
    // The USL stretches app service times: 8 instances, σ 0.02, κ 0.0001.
    let app = &n.stations[n.station_index("app").unwrap()];
    let slow = 1.0 + 0.02 * 7.0 + 0.0001 * 8.0 * 7.0;
    assert!(close(
        app.visits[0].as_ref().unwrap().service.mean,
        0.020 * slow
    ));
}

#[test]
fn cost_is_instances_plus_usage_from_the_price_sheet() {
    let p = profile(
        "current:\n  tier: monolith\n  components:\n    app: {size: c7g.xlarge}\n    db: {size: db.m7g.large}",
    );
    let cat = embedded_catalog().unwrap();
    let layout = Layout::new(cat.tier("monolith").unwrap(), &p, &cat.prices);
    let config = current_config(&layout).unwrap();
    let load = Load::at(&p, 100_000.0);
    let c = monthly_cost(&layout, &config, &load);
    let lines = monthly_lines(&layout, &config, &load);
    let instance = |component: &str| {
        lines
            .iter()
            .find(|l| l.component == component && l.unit == "instance-month")
            .unwrap()
            .usd
    };
    assert!(close(instance("app"), 105.85));
    assert!(close(instance("db"), 122.64));
    // 20 GB root volume at $0.08, 10 metrics at $0.30.
    assert!(
        close(c["app"], 105.85 + 20.0 * 0.08 + 10.0 * 0.30),
        "{}",
        c["app"]
    );
    // Monthly: 100k × 20% × per-day requests × 30.4375 days; the first
    // 100 GB free, the rest at $0.09/GB (all within the first 10 TB).
    let days = 365.25 / 12.0;
    let api_gb = 100_000.0 * 0.2 * 60.0 * days * 5_000.0 / 1e9;
    let static_gb = 100_000.0 * 0.2 * 30.0 * days * 50_000.0 / 1e9;
    assert!(
        close(c[EGRESS], (api_gb + static_gb - 100.0) * 0.09),
        "{}",
        c[EGRESS]
    );
    let doubled = monthly_cost(&layout, &config, &Load::at(&p, 200_000.0));
    assert!(close(
        doubled[EGRESS],
        (2.0 * (api_gb + static_gb) - 100.0) * 0.09
    ));
}

#[test]
fn current_setup_errors_name_the_key_and_the_choices() {
    let cat = embedded_catalog().unwrap();
    let p = profile("current:\n  tier: monolit");
    let e = current_tier(&p, &cat).unwrap_err().to_string();
    assert!(e.starts_with("app.yaml:4:9: current.tier must name a tier of the catalog (one of: monolith, cache_cdn"), "{e}");
    let p = profile("current:\n  tier: monolith\n  components:\n    app: {size: c7g.huge}");
    let layout = Layout::new(cat.tier("monolith").unwrap(), &p, &cat.prices);
    let e = current_config(&layout).unwrap_err().to_string();
    assert!(e.contains("current.components.app.size must be a size tier \"monolith\" allows for app, one of: c7g.medium"), "{e}");
    let p = profile("current:\n  tier: monolith\n  components:\n    app: {count: 3}");
    let layout = Layout::new(cat.tier("monolith").unwrap(), &p, &cat.prices);
    let e = current_config(&layout).unwrap_err().to_string();
    assert!(
        e.contains("current.components.app.count must be from 1 to 1 in tier \"monolith\", got 3"),
        "{e}"
    );
    let p = profile("current:\n  tier: monolith\n  components:\n    cache: {count: 1}");
    let layout = Layout::new(cat.tier("monolith").unwrap(), &p, &cat.prices);
    let e = current_config(&layout).unwrap_err().to_string();
    assert!(e.contains("current.components must name sized components of tier \"monolith\", one of: app, db, got \"cache\""), "{e}");
}
