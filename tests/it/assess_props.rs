//! Property tests of the assessment: monotone in load and cache hit ratio,
//! and never a non-finite figure.

use crate::common::{TIERS, catalog};
use planner::assess::cost::monthly_cost;
use planner::assess::current::current_config;
use planner::assess::layout::Layout;
use planner::assess::load::Load;
use planner::assess::network::build;
use planner::assess::plan::{Sizing, right_size};
use planner::assess::{AssessOptions, AssessReport, assess};
use planner::profile::{Profile, profile_from_str};
use proptest::prelude::*;

/// A random but plausible profile.
#[derive(Debug, Clone)]
struct Shape {
    users: f64,
    tier: usize,
    api_per_day: f64,
    read_share: f64,
    app_cpu_ms: f64,
    queries: f64,
    query_ms: f64,
    cache_hit: f64,
    pool: u32,
    n_minus_1: bool,
    far_region: Option<f64>,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        (500.0..5e5f64, 0..5usize, 10.0..400.0f64, 0.5..0.99f64),
        (1.0..60.0f64, 1.0..15.0f64, 0.3..6.0f64, 0.0..1.0f64),
        (
            5..40u32,
            any::<bool>(),
            proptest::option::of(20.0..300.0f64),
        ),
    )
        .prop_map(
            |(
                (users, tier, api_per_day, read_share),
                (app_cpu_ms, queries, query_ms, cache_hit),
                (pool, n_minus_1, far_region),
            )| Shape {
                users,
                tier,
                api_per_day,
                read_share,
                app_cpu_ms,
                queries,
                query_ms,
                cache_hit,
                pool,
                n_minus_1,
                far_region,
            },
        )
}

fn yaml(s: &Shape) -> String {
    let regions = match s.far_region {
        Some(rtt) => format!(
            "regions:\n  home: {{share: 80%}}\n  far: {{share: 20%, round_trip: {rtt:.0}ms}}\n"
        ),
        None => String::new(),
    };
    format!(
        "users: {{monthly_active: {:.0}, growth: 6%, horizon_months: 2}}\n\
         traffic: {{api_requests_per_user_day: {:.1}, read_share: {:.3}}}\n\
         work: {{app_cpu: {:.2}ms, db_queries_per_read: {:.1}, db_queries_per_write: {:.1}, db_query_time: {:.2}ms}}\n\
         cache: {{hit_ratio: {:.4}}}\n\
         database: {{pool_per_instance: {}}}\n\
         slo: {{survive_instance_loss: {}}}\n\
         {regions}current: {{tier: {}}}\n",
        s.users,
        s.api_per_day,
        s.read_share,
        s.app_cpu_ms,
        s.queries,
        s.queries,
        s.query_ms,
        s.cache_hit,
        s.pool,
        s.n_minus_1,
        TIERS[s.tier]
    )
}

fn profile(s: &Shape) -> Profile {
    profile_from_str("prop.yaml", &yaml(s)).unwrap()
}

fn run(p: &Profile) -> AssessReport {
    assess(p, catalog(), &AssessOptions::default()).unwrap()
}

/// Every number in the report, found by serialising to TOML (which, unlike
/// JSON, writes non-finite floats as `nan` and `inf` instead of hiding them).
fn non_finite(r: &AssessReport) -> Vec<String> {
    let text = toml::to_string(r).unwrap();
    text.lines()
        .filter(|l| {
            let v = l.split_once(" = ").map_or(*l, |(_, v)| v);
            v.split([',', '[', ']', ' '])
                .any(|t| matches!(t, "nan" | "inf" | "-inf" | "+inf" | "-nan" | "+nan"))
        })
        .map(str::to_string)
        .collect()
}

proptest! {
    #![proptest_config(crate::common::proptest_config(48))]

    #[test]
    fn more_users_never_raise_headroom(s in shape(), factor in 1.01..20.0f64) {
        let small = run(&profile(&s));
        let big = run(&profile(&Shape { users: s.users * factor, ..s.clone() }));
        let (a, b) = (small.headroom_multiplier, big.headroom_multiplier);
        // `None` means beyond 1e10 users: more than any finite figure.
        match (a, b) {
            (Some(a), Some(b)) => prop_assert!(b <= a * (1.0 + 1e-9), "{a} → {b}"),
            (Some(_), None) => prop_assert!(false, "headroom became unbounded with more users"),
            _ => {}
        }
        for (x, y) in small.tiers.iter().zip(&big.tiers) {
            if let (Some(a), Some(b)) = (x.headroom_multiplier, y.headroom_multiplier)
                && x.is_current
            {
                prop_assert!(b <= a * (1.0 + 1e-9), "{}: {a} → {b}", x.name);
            }
        }
    }

    #[test]
    fn a_higher_cache_hit_ratio_never_raises_database_utilization(
        s in shape(), tier in 1..5usize, lo in 0.0..1.0f64, hi in 0.0..1.0f64,
    ) {
        let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
        let util = |hit: f64| -> Vec<f64> {
            let p = profile(&Shape { cache_hit: hit, tier, ..s.clone() });
            let layout = Layout::new(catalog().tier(TIERS[tier]).unwrap(), &p, &catalog().prices);
            let config = current_config(&layout).unwrap();
            let net = build(&layout, &config, &Load::at(&p, p.users.monthly_active)).network;
            let report = planner::solve::solve(&net).unwrap();
            report
                .stations
                .iter()
                .filter(|(name, _)| name.starts_with("db") || name.starts_with("replicas"))
                .map(|(_, st)| st.offered_utilization)
                .collect()
        };
        let (a, b) = (util(lo), util(hi));
        prop_assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            prop_assert!(*y <= x * (1.0 + 1e-9) + 1e-12, "hit {lo} → {hi}: utilization {x} → {y}");
        }
    }

    #[test]
    fn within_a_tier_cost_never_falls_as_load_grows(s in shape(), factor in 1.0..8.0f64) {
        let p = profile(&s);
        let layout = Layout::new(catalog().tier(TIERS[s.tier]).unwrap(), &p, &catalog().prices);
        let sized = |users: f64| {
            let load = Load::at(&p, users);
            match right_size(&layout, &load).unwrap() {
                Sizing::Fits { config, .. } => Some(monthly_cost(&layout, &config, &load).values().sum::<f64>()),
                Sizing::Exceeds { .. } => None,
            }
        };
        let (a, b) = (sized(s.users), sized(s.users * factor));
        match (a, b) {
            (Some(a), Some(b)) => prop_assert!(b >= a - 1e-9, "${a} → ${b} at {factor}× the load"),
            (None, Some(_)) => prop_assert!(false, "fits at {factor}× the load but not at 1×"),
            _ => {}
        }
    }

    #[test]
    fn every_figure_is_finite(s in shape()) {
        let r = run(&profile(&s));
        let bad = non_finite(&r);
        prop_assert!(bad.is_empty(), "non-finite figures: {bad:?}");
    }
}

#[test]
fn the_finiteness_check_can_fail() {
    let mut r = run(&profile(&Shape {
        users: 10_000.0,
        tier: 0,
        api_per_day: 60.0,
        read_share: 0.9,
        app_cpu_ms: 20.0,
        queries: 5.0,
        query_ms: 2.0,
        cache_hit: 0.8,
        pool: 10,
        n_minus_1: false,
        far_region: None,
    }));
    assert!(non_finite(&r).is_empty());
    r.users_now = f64::NAN;
    assert_eq!(non_finite(&r).len(), 1);
    r.tiers[0].timeline[0].peak_api_rps = f64::INFINITY;
    assert_eq!(non_finite(&r).len(), 2);
}
