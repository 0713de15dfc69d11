//! The bill as line items: lines sum to the totals, standbys are charged,
//! volume tiers and request prices follow the price sheet, savings apply to
//! instances only, and the capacity constants follow their published
//! formulas.

use std::sync::OnceLock;

use crate::common::catalog;
use planner::assess::cost::Category;
use planner::assess::{AssessOptions, AssessReport, assess};
use planner::profile::{Pricing, Profile, default_max_connections, load_profile, profile_from_str};
use std::path::PathBuf;

const EXAMPLES: [&str; 6] = [
    "examples/b2b-saas.yaml",
    "examples/b2b-saas-uncertain.yaml",
    "examples/social-app.yaml",
    "examples/media-app.yaml",
    "examples/api-platform.yaml",
    "examples/ci/app.yaml",
];

fn example(path: &str) -> Profile {
    load_profile(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn reports() -> &'static Vec<(String, AssessReport)> {
    static R: OnceLock<Vec<(String, AssessReport)>> = OnceLock::new();
    R.get_or_init(|| {
        EXAMPLES
            .iter()
            .map(|p| {
                let r = assess(&example(p), catalog(), &AssessOptions::default()).unwrap();
                (p.to_string(), r)
            })
            .collect()
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn lines_sum_to_the_totals_now_at_upgrade_and_every_month() {
    for (name, r) in reports() {
        for t in &r.tiers {
            let c = &t.monthly_cost_usd;
            if let Some(now) = c.now {
                let lines: f64 = c.lines_now.iter().map(|l| l.usd).sum();
                let by_component: f64 = c.breakdown_now.values().sum();
                assert!(
                    close(lines, now),
                    "{name} {}: lines {lines} vs {now}",
                    t.name
                );
                assert!(close(by_component, now), "{name} {}", t.name);
            }
            if let Some(up) = c.at_upgrade {
                let lines: f64 = c.lines_at_upgrade.iter().map(|l| l.usd).sum();
                assert!(close(lines, up), "{name} {}: at upgrade", t.name);
            }
            for row in &t.timeline {
                match row.monthly_cost_usd {
                    Some(cost) => {
                        let lines: f64 = row.lines.iter().map(|l| l.usd).sum();
                        assert!(close(lines, cost), "{name} {} month {}", t.name, row.month);
                    }
                    None => assert!(row.lines.is_empty()),
                }
            }
        }
    }
}

#[test]
fn every_line_is_finite_and_its_quantity_times_price() {
    for (name, r) in reports() {
        for t in &r.tiers {
            for l in &t.monthly_cost_usd.lines_now {
                assert!(l.usd.is_finite() && l.usd >= 0.0, "{name} {l:?}");
                assert!(l.quantity.is_finite() && l.quantity >= 0.0, "{name} {l:?}");
                assert!(
                    close(l.quantity * l.unit_price_usd, l.usd),
                    "{name} {}: {l:?}",
                    t.name
                );
                assert!(!l.unit.is_empty() && !l.item.is_empty());
            }
        }
    }
}

/// The tiers whose tier file gives the database a Multi-AZ standby.
const FAILS_OVER: [&str; 3] = ["replicas", "services", "multi_region"];

#[test]
fn every_tier_that_fails_over_has_a_database_standby_line() {
    for (name, r) in reports() {
        for t in r
            .tiers
            .iter()
            .filter(|t| FAILS_OVER.contains(&t.name.as_str()))
        {
            if t.monthly_cost_usd.now.is_none() {
                continue;
            }
            let standby: Vec<_> = t
                .monthly_cost_usd
                .lines_now
                .iter()
                .filter(|l| l.category == Category::DatabaseStandby)
                .collect();
            assert!(!standby.is_empty(), "{name} {}: no standby line", t.name);
            // The standby instance costs what the primary costs.
            let primary: f64 = t
                .monthly_cost_usd
                .lines_now
                .iter()
                .filter(|l| {
                    l.category == Category::Database
                        && l.component == "db"
                        && l.unit == "instance-month"
                })
                .map(|l| l.usd)
                .sum();
            let copy: f64 = standby
                .iter()
                .filter(|l| l.unit == "instance-month")
                .map(|l| l.usd)
                .sum();
            assert!(
                close(primary, copy),
                "{name} {}: {primary} vs {copy}",
                t.name
            );
        }
    }
}

#[test]
fn surviving_instance_loss_charges_a_standby_on_every_tier() {
    let p = profile_from_str(
        "app.yaml",
        "users: { monthly_active: 5k }\nslo: { survive_instance_loss: true }\ncurrent: { tier: replicas }\n",
    )
    .unwrap();
    let r = assess(&p, catalog(), &AssessOptions::default()).unwrap();
    for t in &r.tiers {
        if t.monthly_cost_usd.now.is_none() {
            continue;
        }
        assert!(
            t.monthly_cost_usd
                .lines_now
                .iter()
                .any(|l| l.category == Category::DatabaseStandby),
            "{}",
            t.name
        );
    }
}

#[test]
fn cdn_and_egress_volume_tiers_match_the_published_tables() {
    let p = &catalog().prices;
    // CloudFront: 1 TB a month free, then 10 TB at $0.085, 40 TB at $0.080,
    // 100 TB at $0.060 (https://aws.amazon.com/cloudfront/pricing/).
    assert!(close(p.cdn.data_usd(1000.0), 0.0));
    assert!(close(p.cdn.data_usd(1024.0 + 100.0), 100.0 * 0.085));
    let billed: f64 = 60_000.0 - 1024.0;
    let by_hand = 10_240.0 * 0.085 + 40_960.0 * 0.080 + (billed - 51_200.0) * 0.060;
    assert!(
        close(p.cdn.data_usd(60_000.0), by_hand),
        "{}",
        p.cdn.data_usd(60_000.0)
    );
    // 10M requests free, then $0.01 per 10,000.
    assert!(close(p.cdn.requests_usd(9e6), 0.0));
    assert!(close(p.cdn.requests_usd(11e6), 1e6 / 1e4 * 0.01));
    // EC2 egress: 100 GB free, $0.09 to 10 TB, $0.085 to 50 TB.
    assert!(close(p.egress.data_usd(100.0), 0.0));
    let e = p.egress.data_usd(20_100.0);
    assert!(close(e, 10_240.0 * 0.09 + 9_760.0 * 0.085), "{e}");
    // Never falls as volume grows.
    let mut last = 0.0;
    for i in 0..2000 {
        let gb = f64::from(i) * 4000.0;
        let c = p.cdn.data_usd(gb);
        assert!(c >= last);
        last = c;
    }
}

#[test]
fn s3_puts_and_gets_are_priced_apart() {
    let r = reports()
        .iter()
        .find(|(n, _)| n.contains("media-app"))
        .map(|(_, r)| r)
        .unwrap();
    let t = r.tiers.iter().find(|t| t.is_current).unwrap();
    let line = |item: &str| {
        t.monthly_cost_usd
            .lines_now
            .iter()
            .find(|l| l.item.starts_with(item))
            .unwrap_or_else(|| panic!("no {item} line"))
            .clone()
    };
    let (put, get) = (line("S3 PUT"), line("S3 GET"));
    assert!(put.quantity > 0.0 && get.quantity > 0.0);
    assert!(close(put.unit_price_usd, 0.005));
    assert!(close(get.unit_price_usd, 0.0004));
    // Media kept: uploads a month × 2MB × 12 months of object storage.
    let stored = line("S3 Standard");
    assert!(stored.quantity > 0.0);
    assert!(close(stored.unit_price_usd, 0.023));
}

#[test]
fn savings_plans_discount_instances_and_nothing_else() {
    let p = example("examples/social-app.yaml");
    let on = assess(&p, catalog(), &AssessOptions::default()).unwrap();
    let yr = assess(
        &p,
        catalog(),
        &AssessOptions {
            pricing: Some(Pricing::Savings1yr),
            ..AssessOptions::default()
        },
    )
    .unwrap();
    assert_eq!(yr.pricing, Pricing::Savings1yr);
    let (a, b) = (
        on.tiers.iter().find(|t| t.is_current).unwrap(),
        yr.tiers.iter().find(|t| t.is_current).unwrap(),
    );
    let (la, lb) = (&a.monthly_cost_usd.lines_now, &b.monthly_cost_usd.lines_now);
    assert_eq!(la.len(), lb.len());
    for (x, y) in la.iter().zip(lb) {
        if x.unit == "instance-month" {
            assert!(close(y.usd, x.usd * 0.70), "{x:?} {y:?}");
        } else {
            assert!(close(y.usd, x.usd), "{x:?} {y:?}");
        }
    }
    assert!(b.monthly_cost_usd.now.unwrap() < a.monthly_cost_usd.now.unwrap());
}

#[test]
fn max_connections_follow_the_rds_postgresql_formula() {
    // LEAST({DBInstanceClassMemory/9531392}, 5000), memory in bytes.
    assert_eq!(default_max_connections(1.0), 112);
    assert_eq!(default_max_connections(8.0), 901);
    assert_eq!(default_max_connections(32.0), 3604);
    assert_eq!(default_max_connections(64.0), 5000);
}

#[test]
fn cache_nodes_serve_their_published_commands_a_second() {
    use planner::assess::layout::servers_per_instance;
    use planner::catalog::ComponentKind;
    let p = profile_from_str(
        "app.yaml",
        "users: { monthly_active: 1k }\ncurrent: { tier: monolith }\n",
    )
    .unwrap();
    let prices = &catalog().prices;
    let large = prices
        .instances
        .iter()
        .position(|i| i.name == "cache.m7g.large")
        .unwrap();
    // 90,000 ops/s × 0.3 ms lookups = 27 lookups in service at once.
    let n = servers_per_instance(ComponentKind::Cache, &p, prices, large);
    assert_eq!(n, 27);
    assert!(close(f64::from(n) / p.work.cache_lookup.mean, 90_000.0));
}
