//! Whole-assessment time (five tiers, month by month over the horizon, the
//! plan, and for uncertain growth the Monte Carlo upgrade percentiles) for
//! every example profile, from about 1K to 1M monthly users; the profile and
//! catalog are loaded once. Also the start of every command: reading the
//! embedded catalog and a profile.
//!
//! Run: `cargo bench --bench assess`

use std::path::PathBuf;

use planner::assess::{AssessOptions, assess};
use planner::catalog::embedded_catalog;
use planner::profile::load_profile;

fn main() {
    divan::main();
}

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("examples/{name}.yaml"))
}

#[divan::bench(
    args = ["observed-saas", "b2b-saas", "b2b-saas-uncertain", "social-app", "media-app", "api-platform"],
    sample_count = 20
)]
fn assess_example(bencher: divan::Bencher, name: &str) {
    let profile = load_profile(&example(name)).expect("example loads");
    let catalog = embedded_catalog().expect("catalog loads");
    let opts = AssessOptions::default();
    bencher.bench(|| assess(divan::black_box(&profile), &catalog, &opts).expect("assesses"));
}

#[divan::bench(sample_count = 20)]
fn read_catalog_and_profile(bencher: divan::Bencher) {
    let path = example("api-platform");
    bencher.bench(|| {
        let catalog = embedded_catalog().expect("catalog loads");
        let profile = load_profile(divan::black_box(&path)).expect("example loads");
        (catalog, profile)
    });
}
