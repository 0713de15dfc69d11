//! The top of the ladder: edge functions, replication lag and a
//! notification service (issue 15), checked against hand calculations and
//! against simulation of the exported network.
//!
//! Every test calls the library (no binary), at one load or one month.
//! Notifications and the simulation cross-checks are in `ladder_notify`.

use planner::assess::cost::Category;
use planner::assess::current::current_config;
use planner::assess::evaluate::{Limit, evaluate};
use planner::assess::layout::Layout;
use planner::assess::load::Load;
use planner::assess::network::build;
use planner::assess::plan::config_ceiling;
use planner::assess::{AssessOptions, assess};
use planner::catalog::{Catalog, embedded_catalog};
use planner::network::Servers;
use planner::profile::{Profile, profile_from_str};
use planner::solve::solve;
use std::sync::OnceLock;

pub(crate) fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| embedded_catalog().unwrap())
}

pub(crate) fn profile(yaml: &str) -> Profile {
    profile_from_str("app.yaml", yaml).unwrap()
}

pub(crate) fn tier(name: &str) -> usize {
    catalog().tiers.iter().position(|t| t.name == name).unwrap()
}

pub(crate) fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs())
}

// --- edge functions ----------------------------------------------------------

/// 1M users on today's multi-region setup (one region), with a bot share.
fn edge_profile(bots: &str) -> Profile {
    profile(&format!(
        "users:\n  monthly_active: 1M\ntraffic:\n  bot_share: {bots}\n\
         current:\n  tier: multi_region\n  components:\n    app: {{size: c7g.xlarge, count: 4}}\n    \
         db: {{size: db.m7g.2xlarge}}\n    replicas: {{size: db.m7g.xlarge}}\n    \
         workers: {{size: c7g.xlarge, count: 2}}\n"
    ))
}

#[test]
fn a_bot_share_of_30_percent_takes_30_percent_off_the_origin_and_its_headroom_follows() {
    let (clean, bots) = (edge_profile("0%"), edge_profile("30%"));
    let t = &catalog().tiers[tier("multi_region")];
    let a = Layout::new(t, &clean, &catalog().prices);
    let b = Layout::new(t, &bots, &catalog().prices);
    // Every origin pool does 70% of the work: bots are blocked at the edge,
    // and the jobs they would have enqueued are never enqueued.
    let mut checked = 0;
    for (p, pool) in a.pools.iter().enumerate() {
        if a.demand_per_user[p] > 0.0 {
            let ratio = b.demand_per_user[p] / a.demand_per_user[p];
            assert!(close(ratio, 0.7, 1e-12), "{}: {ratio}", pool.name);
            checked += 1;
        }
    }
    assert!(checked >= 5, "{checked} pools with work");
    // The load the network receives at the load balancer: 70% of the API.
    let load = Load::at(&clean, 1e6);
    let arriving = |l: &Layout<'_>| -> f64 {
        let built = build(l, &current_config(l).unwrap(), &load);
        let lb = built
            .network
            .stations
            .iter()
            .position(|s| s.name == "lb")
            .unwrap();
        solve(&built.network).unwrap().stations[lb].arrival_rate_rps
    };
    let api = load.api_rps;
    assert!(close(arriving(&a), api, 1e-9), "{} vs {api}", arriving(&a));
    assert!(close(arriving(&b), 0.7 * api, 1e-9));
    // Utilization is linear in load, so the headroom of a setup bounded by
    // utilization moves by exactly 1 / 0.7.
    let (ha, va) = config_ceiling(&a, &current_config(&a).unwrap()).unwrap();
    let (hb, vb) = config_ceiling(&b, &current_config(&b).unwrap()).unwrap();
    let (va, vb) = (va.unwrap(), vb.unwrap());
    assert_eq!(va.limit, Limit::Utilization, "{va:?}");
    assert_eq!((vb.limit, &vb.component), (va.limit, &va.component));
    let ratio = hb.unwrap() / ha.unwrap();
    assert!(close(ratio, 1.0 / 0.7, 1e-9), "headroom ratio {ratio}");
}

#[test]
fn the_edge_is_an_infinite_server_delay_of_its_latency_plus_cpu_time() {
    let p = edge_profile("0%");
    let layout = Layout::new(
        &catalog().tiers[tier("multi_region")],
        &p,
        &catalog().prices,
    );
    let built = build(
        &layout,
        &current_config(&layout).unwrap(),
        &Load::at(&p, 1e6),
    );
    let edge = built
        .network
        .stations
        .iter()
        .find(|s| s.name == "edge")
        .unwrap();
    assert_eq!(edge.servers, Servers::Infinite);
    // tiers/multi_region.toml: latency 2 ms; edge.cpu_time default 2 ms.
    for v in edge.visits.iter().flatten() {
        assert!(close(v.service.mean, 0.004, 1e-12), "{}", v.service.mean);
    }
    // Reads and writes (the profile has no searches).
    assert_eq!(edge.visits.iter().flatten().count(), 2);
}

#[test]
fn reads_answered_at_the_edge_never_reach_the_app() {
    let with = |offload: &str| {
        profile(&format!(
            "users:\n  monthly_active: 1M\nedge:\n  offload: {offload}\ntraffic:\n  background_share: 0%\n\
             current:\n  tier: multi_region\n"
        ))
    };
    let (a, b) = (with("0%"), with("40%"));
    let t = &catalog().tiers[tier("multi_region")];
    let la = Layout::new(t, &a, &catalog().prices);
    let lb = Layout::new(t, &b, &catalog().prices);
    let app = la.pools.iter().position(|p| p.name == "app").unwrap();
    // App work: reads (90% of API requests) lose 40%, writes keep theirs:
    // 1 − 0.9 × 0.4 = 0.64.
    let ratio = lb.demand_per_user[app] / la.demand_per_user[app];
    assert!(close(ratio, 0.64, 1e-12), "{ratio}");
}

#[test]
fn edge_requests_and_cpu_time_are_line_items_priced_by_hand() {
    let p = edge_profile("30%");
    let r = assess(&p, catalog(), &AssessOptions::default()).unwrap();
    let t = r.tiers.iter().find(|t| t.name == "multi_region").unwrap();
    let lines: Vec<_> = t
        .monthly_cost_usd
        .lines_now
        .iter()
        .filter(|l| l.category == Category::Edge)
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    // API requests a month: 1M × 20% × 60 × 30.4375 days = 365.25M, bots
    // included (the edge serves them, then blocks them).
    let requests = 1e6 * 0.2 * 60.0 * 365.25 / 12.0;
    let plan = 5.0;
    let extra_requests = (requests - 10e6) / 1e6 * 0.30;
    let extra_cpu = (requests * 2.0 - 30e6) / 1e6 * 0.02;
    let usd: Vec<f64> = lines.iter().map(|l| l.usd).collect();
    assert!(close(usd[0], plan, 1e-12), "{usd:?}");
    assert!(
        close(usd[1], extra_requests, 1e-9),
        "{usd:?} vs {extra_requests}"
    );
    assert!(close(usd[2], extra_cpu, 1e-9), "{usd:?} vs {extra_cpu}");
    assert_eq!(lines[1].unit, "1M requests");
    assert_eq!(lines[2].unit, "1M CPU-ms");
    // Tiers without an edge bill none.
    let replicas = r.tiers.iter().find(|t| t.name == "replicas").unwrap();
    assert!(
        replicas
            .monthly_cost_usd
            .lines_now
            .iter()
            .all(|l| l.category != Category::Edge)
    );
}

// --- replication lag -----------------------------------------------------------

/// A write-heavy app on the replicas tier: half the API requests write, 40
/// row changes each (an event log), on cheap queries; a large primary and
/// app fleet, and one db.m7g.large replica.
pub(crate) const WRITE_HEAVY: &str = "users:\n  monthly_active: 1M\n\
    traffic:\n  read_share: 50%\n  background_share: 0%\n\
    work:\n  db_queries_per_write: 40\n  db_writes_per_write: 40\n  db_query_time: 0.05ms\n\
    current:\n  tier: replicas\n  components:\n    app: {size: c7g.4xlarge, count: 10}\n    \
    db: {size: db.m7g.4xlarge}\n    replicas: {size: db.m7g.large, count: 1}\n";

#[test]
fn a_write_heavy_app_breaks_its_replication_lag_first_as_the_apply_station_predicts() {
    // Hand calculation of the apply station (one WAL-replay process):
    //   peak API = 1M × 20% × 60 / 86,400 × 3 = 416.67 req/s, writes 50%:
    //   λ = 208.33 write requests/s;
    //   service S = 40 row changes / 25,000 per second (db.m7g.large on the
    //   price sheet) = 1.6 ms, deterministic: M/D/1;
    //   ρ = λS = 1/3; W = S + ρS / (2(1 − ρ)) = 1.6 + 0.4 = 2.0 ms.
    // Growth by k multiplies ρ by k; the lag reaches 100 ms when
    //   1.6 (1 + ρ / (2(1 − ρ))) = 100, i.e. ρ = 123/124, k = 3 × 123/124.
    let p = profile(WRITE_HEAVY);
    let r = assess(&p, catalog(), &AssessOptions::default()).unwrap();
    let t = r.tiers.iter().find(|t| t.is_current).unwrap();
    let lag = t.replication_lag_ms_now.unwrap().unwrap();
    assert!(close(lag, 2.0, 1e-9), "lag {lag} ms");
    let b = r.first_bottleneck.as_ref().unwrap();
    assert_eq!(
        (b.component.as_str(), b.limit.name()),
        ("replicas", "replication_lag")
    );
    let k = 3.0 * 123.0 / 124.0;
    assert!(
        close(b.load_multiplier, k, 1e-5),
        "{} vs {k}",
        b.load_multiplier
    );
    assert!(close(r.slo.max_replication_lag_ms, 100.0, 1e-12));
    // The text names it the same way.
    let md = planner::assess::render_markdown(&r);
    assert!(md.contains("replicas (replication_lag)"), "{md}");
    assert!(md.contains("Replication lag today 2.0"), "{md}");
}

#[test]
fn the_plan_fixes_a_lagging_replica_with_a_larger_one_and_names_the_other_fixes() {
    // Growing 10% a month, the lag breaks in month 12 (1.1^12 = 3.14 > 2.98).
    let text = WRITE_HEAVY.replace(
        "users:\n  monthly_active: 1M\n",
        "users:\n  monthly_active: 1M\n  growth: 10%\n  horizon_months: 14\n",
    );
    let p = profile(&text);
    let r = assess(&p, catalog(), &AssessOptions::default()).unwrap();
    let step = r
        .plan
        .iter()
        .find(|s| s.target == "replicas")
        .unwrap_or_else(|| panic!("{:#?}", r.plan));
    assert_eq!(step.month, 12, "{step:?}");
    assert!(step.reason.contains("replication lag"), "{}", step.reason);
    let size = |s: &str| {
        let name = s.split('×').nth(1).unwrap();
        catalog()
            .prices
            .instances
            .iter()
            .find(|i| i.name == name)
            .unwrap()
            .apply_per_second
    };
    assert!(size(&step.to) > size(&step.from), "{step:?}");
    let note = r
        .notes
        .iter()
        .find(|n| n.starts_with("replication_lag:"))
        .unwrap_or_else(|| panic!("{:#?}", r.notes));
    assert!(note.contains("larger replica"), "{note}");
    assert!(note.contains("work.db_writes_per_write"), "{note}");
    assert!(note.contains("shard"), "{note}");
}

#[test]
fn fewer_writes_per_request_or_shards_shorten_the_lag() {
    let p = profile(WRITE_HEAVY);
    let at = |p: &Profile, tier_name: &str, db_count: Option<u32>| {
        let layout = Layout::new(&catalog().tiers[tier(tier_name)], p, &catalog().prices);
        let mut config = planner::assess::plan::largest(&layout).unwrap();
        let rp = layout
            .pools
            .iter()
            .position(|q| q.name == "replicas")
            .unwrap();
        config[rp] = planner::assess::layout::Choice {
            size: catalog()
                .prices
                .instances
                .iter()
                .position(|i| i.name == "db.m7g.large")
                .unwrap(),
            count: 1,
        };
        if let Some(n) = db_count {
            let db = layout.pools.iter().position(|q| q.name == "db").unwrap();
            config[db].count = n;
        }
        let e = evaluate(&layout, &config, &Load::at(p, 2e6), false).unwrap();
        // Seconds in the evaluation; milliseconds here.
        e.replication_lag.unwrap().1.map(|l| l * 1e3)
    };
    // At 2M users, ρ = 2/3: W = 1.6 + (2/3 × 1.6) / (2/3) = 3.2 ms.
    let base = at(&p, "replicas", None).unwrap();
    assert!(close(base, 3.2, 1e-9), "{base}");
    // 20 row changes: S = 0.8 ms, ρ = 1/3, W = 0.8 + 0.2 = 1.0 ms.
    let fewer = profile(&WRITE_HEAVY.replace("db_writes_per_write: 40", "db_writes_per_write: 20"));
    assert!(close(at(&fewer, "replicas", None).unwrap(), 1.0, 1e-9));
    // Four shards: each replica follows a quarter of the writes, ρ = 1/6:
    // W = 1.6 + (1/6 × 1.6) / (2 × 5/6) = 1.76 ms.
    let services = at(&p, "services", Some(4)).unwrap();
    assert!(close(services, 1.76, 1e-9), "{services} ms");
}
