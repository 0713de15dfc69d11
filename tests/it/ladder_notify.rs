//! The notification service (issue 15), and the new stations of the ladder
//! (edge delay, apply station, notification pool) checked against
//! simulation of the exported network: short runs, a few replications of
//! 30–40K requests.

use planner::assess::cost::Category;
use planner::assess::current::{current_config, current_tier};
use planner::assess::evaluate::{Limit, evaluate, pool_utilization};
use planner::assess::layout::Layout;
use planner::assess::load::Load;
use planner::assess::plan::{Sizing, right_size};
use planner::assess::{AssessOptions, NetworkExport, assess, export_network};
use planner::catalog::ComponentKind;
use planner::network::network_from_str;
use planner::profile::Profile;
use planner::sim::{SimOptions, Status as SimStatus, simulate};
use planner::solve::{Status, solve};

use crate::ladder::{WRITE_HEAVY, catalog, close, profile, tier};

// --- notifications -------------------------------------------------------------

/// 1M users sending three notifications a write (20 ms CPU each), with a
/// database that accepts 100 connections.
fn notifying(share: &str, workers: u32) -> Profile {
    profile(&format!(
        "users:\n  monthly_active: 1M\ntraffic:\n  notification_share: {share}\n\
         work:\n  notification_cpu: 20ms\ndatabase:\n  max_connections: 100\n\
         current:\n  tier: replicas\n  components:\n    app: {{size: c7g.xlarge, count: 4}}\n    \
         db: {{size: db.m7g.xlarge}}\n    workers: {{size: c7g.large, count: {workers}}}\n"
    ))
}

#[test]
fn notifications_in_the_workers_hold_database_connections_which_extraction_removes() {
    // Worker CPU at peak (hand): background 5% × 416.67 req/s × 200 ms =
    // 4.167 s/s; notifications 3 × 41.67 writes/s / (1 − 2% retried) ×
    // 20 ms = 2.551 s/s. On c7g.large (2 vCPU), within 70%: 3 workers
    // without notifications (4.167 / 6 = 69.4%), 5 with them (6.718 / 10 =
    // 67.2%; 4 would run at 84%).
    let t = &catalog().tiers[tier("replicas")];
    let check = |share: &str, workers: u32| {
        let p = notifying(share, workers);
        let layout = Layout::new(t, &p, &catalog().prices);
        let config = current_config(&layout).unwrap();
        let e = evaluate(&layout, &config, &Load::at(&p, 1e6), false).unwrap();
        let wp = layout
            .pools
            .iter()
            .position(|q| q.name == "workers")
            .unwrap();
        let u = pool_utilization(&layout, &config, wp, &Load::at(&p, 1e6));
        (e, u)
    };
    let (quiet, u) = check("0%", 3);
    assert!(close(u, 4.1667 / 6.0, 1e-4), "{u}");
    assert!(quiet.ok(), "{:?}", quiet.violations);
    let (_, u4) = check("300%", 4);
    assert!(close(u4, 6.7177 / 8.0, 1e-4), "{u4}");
    // Five workers carry the notifications, but app and workers now hold
    // (4 + 5) × 10 = 90 connections against 80 allowed (80% of 100).
    let (busy, u5) = check("300%", 5);
    assert!(u5 <= 0.7, "{u5}");
    let conn = busy
        .violations
        .iter()
        .find(|v| v.limit == Limit::Connections && v.component == "db")
        .unwrap_or_else(|| panic!("{:?}", busy.violations));
    assert!(close(conn.severity, 90.0 / 80.0, 1e-12), "{conn:?}");

    // Extracted (services tier): the notification pool does the work, opens
    // no database connection, and the workers do what they did without
    // notifications.
    let s = &catalog().tiers[tier("services")];
    let (p0, p3) = (notifying("0%", 3), notifying("300%", 3));
    let (l0, l3) = (
        Layout::new(s, &p0, &catalog().prices),
        Layout::new(s, &p3, &catalog().prices),
    );
    let pool = |l: &Layout<'_>, n: &str| l.pools.iter().position(|q| q.name == n).unwrap();
    let (w0, w3) = (pool(&l0, "workers"), pool(&l3, "workers"));
    assert!(close(l0.demand_per_user[w0], l3.demand_per_user[w3], 1e-12));
    let np = pool(&l3, "notifications");
    assert_eq!(l3.component(np).kind, ComponentKind::Notifications);
    let per_user = 3.0 * 41.666_666 / 0.98 * 0.020 / 1e6;
    assert!(close(l3.demand_per_user[np], per_user, 1e-6));
    assert!(l3.openers.iter().all(|o| !o.contains(&np)));
    // Without notifications the pool scales to zero and costs nothing.
    let sized = |l: &Layout<'_>| {
        let load = Load::at(l.profile, 1e6);
        match right_size(l, &load).unwrap() {
            Sizing::Fits { config, .. } => config,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(sized(&l0)[pool(&l0, "notifications")].count, 0);
    assert!(sized(&l3)[np].count >= 1);
}

#[test]
fn messages_are_line_items_priced_by_channel() {
    let p = profile(
        "users:\n  monthly_active: 1M\ntraffic:\n  notification_share: 100%\n\
         notifications:\n  email_share: 50%\n  push_share: 30%\n  sms_share: 20%\n  retry_rate: 10%\n\
         current:\n  tier: services\n",
    );
    let r = assess(&p, catalog(), &AssessOptions::default()).unwrap();
    let t = r.tiers.iter().find(|t| t.is_current).unwrap();
    let lines: Vec<_> = t
        .monthly_cost_usd
        .lines_now
        .iter()
        .filter(|l| l.category == Category::Messaging)
        .collect();
    // Writes a month: 10% of 365.25M API requests; one notification each,
    // retried attempts not billed.
    let sent = 36.525e6;
    let want = [
        sent * 0.5 / 1e3 * 0.10,
        sent * 0.3 / 1e6 * 0.50,
        sent * 0.2 * 0.00883,
    ];
    assert_eq!(lines.len(), 3, "{lines:?}");
    for (l, w) in lines.iter().zip(want) {
        assert!(close(l.usd, w, 1e-9), "{l:?} vs {w}");
        assert_eq!(l.component, "messages");
    }
    assert!(close(
        t.monthly_cost_usd.breakdown_now["messages"],
        want.iter().sum(),
        1e-9
    ));
}

// --- cross-check with the simulator ------------------------------------------------

fn simulated(text: &str, requests: u64) -> (planner::solve::SolveReport, planner::sim::SimReport) {
    let net = network_from_str("exported.yaml", text).unwrap();
    let solved = solve(&net).unwrap();
    assert_eq!(solved.status, Status::Stable);
    let sim = simulate(
        &net,
        &SimOptions {
            requests: Some(requests),
            replications: 3,
            seed: 15,
            ..SimOptions::default()
        },
    )
    .unwrap();
    assert_eq!(sim.status, SimStatus::Stable);
    (solved, sim)
}

#[test]
fn the_apply_station_lag_agrees_with_simulation_of_the_exported_network() {
    // At 2.9M users the replay process runs at ρ = 0.97 (lag ≈ 27.5 ms),
    // where a wrong formula would show.
    let text = WRITE_HEAVY.replace("monthly_active: 1M", "monthly_active: 2.9M");
    let p = profile(&text);
    let r = assess(&p, catalog(), &AssessOptions::default()).unwrap();
    let lag = r
        .tiers
        .iter()
        .find(|t| t.is_current)
        .unwrap()
        .replication_lag_ms_now
        .unwrap()
        .unwrap();
    let exported = export_network(
        &p,
        catalog(),
        &NetworkExport {
            tier: "replicas".into(),
            month: 0,
            current: true,
        },
    )
    .unwrap();
    let (solved, sim) = simulated(&exported, 40_000);
    let a = &solved.stations["apply@replicas"];
    let s = &sim.stations["apply@replicas"];
    assert!(
        close(a.mean_response_ms.unwrap(), lag, 1e-9),
        "solver vs assess"
    );
    let (m, h) = (
        s.figures.mean_response_ms.unwrap(),
        s.ci95.mean_response_ms.unwrap(),
    );
    assert!(
        (lag - m).abs() <= 0.10 * m + 3.0 * h,
        "assess lag {lag} ms, simulated {m} ± {h} ms"
    );
}

#[test]
fn edge_delay_and_notification_pool_agree_with_simulation_of_the_exported_network() {
    // Edge: multi-region, 30% bots; notifications: services, three a write.
    for (yaml, tier_name, station, class) in [
        (
            "users:\n  monthly_active: 300k\ntraffic:\n  bot_share: 30%\ncurrent:\n  tier: multi_region\n",
            "multi_region",
            "edge",
            "read",
        ),
        (
            "users:\n  monthly_active: 300k\ntraffic:\n  notification_share: 300%\n\
             work:\n  notification_cpu: 40ms\ncurrent:\n  tier: services\n",
            "services",
            "notifications",
            "notification",
        ),
    ] {
        let p = profile(yaml);
        let exported = export_network(
            &p,
            catalog(),
            &NetworkExport {
                tier: tier_name.into(),
                month: 0,
                current: false,
            },
        )
        .unwrap();
        let (solved, sim) = simulated(&exported, 30_000);
        let a = solved.stations[station].mean_response_ms.unwrap();
        let s = &sim.stations[station];
        let (m, h) = (
            s.figures.mean_response_ms.unwrap(),
            s.ci95.mean_response_ms.unwrap(),
        );
        assert!(
            (a - m).abs() <= 0.10 * m + 3.0 * h,
            "{tier_name} {station}: solved {a} ms, simulated {m} ± {h} ms"
        );
        let (ac, sc) = (&solved.network.classes[class], &sim.network.classes[class]);
        let (am, sm, sh) = (
            ac.mean_sojourn_ms.unwrap(),
            sc.figures.mean_sojourn_ms.unwrap(),
            sc.ci95.mean_sojourn_ms.unwrap(),
        );
        assert!(
            (am - sm).abs() <= 0.10 * sm + 3.0 * sh,
            "{tier_name} class {class}: solved {am} ms, simulated {sm} ± {sh} ms"
        );
        if station == "edge" {
            assert!(close(a, 4.0, 1e-9), "edge delay {a} ms");
        }
    }
}

#[test]
fn a_current_setup_naming_the_notification_pool_is_checked_like_any_pool() {
    let p = profile(
        "users:\n  monthly_active: 10k\ncurrent:\n  tier: services\n  components:\n    notifications: {size: c7g.large, count: 2}\n",
    );
    let c = catalog();
    let layout = Layout::new(&c.tiers[current_tier(&p, c).unwrap()], &p, &c.prices);
    let config = current_config(&layout).unwrap();
    let np = layout
        .pools
        .iter()
        .position(|q| q.name == "notifications")
        .unwrap();
    assert_eq!(config[np].count, 2);
}
