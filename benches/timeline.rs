//! Monte Carlo growth paths: 10,000 paths over 36 months, every tier checked
//! every month, after the once-per-profile precompute (ceilings and cost
//! grids), on one core. Also the whole `timeline` (precompute included).
//!
//! Run: `cargo bench --bench timeline`

use std::path::PathBuf;

use planner::catalog::embedded_catalog;
use planner::profile::load_profile;
use planner::timeline::ceilings::precompute;
use planner::timeline::paths::{PathGrowth, evaluate, sample_users};
use planner::timeline::{TimelineOptions, timeline};

fn main() {
    divan::main();
}

const EXAMPLE: &str = "examples/b2b-saas-uncertain.yaml";

#[divan::bench(sample_count = 10)]
fn paths_10k_by_36_months(bencher: divan::Bencher) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    let profile = load_profile(&path).expect("example loads");
    let catalog = embedded_catalog().expect("catalog loads");
    let table = profile
        .users
        .growth_dist
        .as_ref()
        .expect("uncertain")
        .table();
    let growth = PathGrowth::Uncertain {
        users_now: profile.users.monthly_active,
        table: &table,
    };
    let pre = precompute(&profile, &profile, &catalog, 100.0, 1e8).expect("precomputes");
    let spike = vec![1.0; 37];
    bencher.bench(|| {
        let users = sample_users(&growth, 36, 10_000, 7);
        evaluate(divan::black_box(&pre), &users, &spike, 2)
    });
}

#[divan::bench(sample_count = 5)]
fn whole_timeline_36_months(bencher: divan::Bencher) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    let profile = load_profile(&path).expect("example loads");
    let catalog = embedded_catalog().expect("catalog loads");
    let opts = TimelineOptions {
        months: Some(36),
        ..TimelineOptions::default()
    };
    bencher.bench(|| timeline(divan::black_box(&profile), &catalog, &opts).expect("runs"));
}
