//! Whole-assessment time (five tiers, month by month over the horizon) for
//! the example profiles, from about 1K to 1M monthly users; the profile and
//! catalog are loaded once.
//!
//! Run: `cargo bench --bench assess`

use std::path::PathBuf;

use planner::assess::{AssessOptions, assess};
use planner::catalog::embedded_catalog;
use planner::profile::load_profile;

fn main() {
    divan::main();
}

#[divan::bench(args = ["b2b-saas", "social-app", "media-app", "api-platform"], sample_count = 20)]
fn assess_example(bencher: divan::Bencher, example: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("examples/{example}.yaml"));
    let profile = load_profile(&path).expect("example loads");
    let catalog = embedded_catalog().expect("catalog loads");
    let opts = AssessOptions::default();
    bencher.bench(|| assess(divan::black_box(&profile), &catalog, &opts).expect("assesses"));
}
