//! A user tier file (added to the built-in catalog) through parsing and
//! validation, then an assessment of a shipped example against it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut files: Vec<(String, String)> = planner::catalog::load::EMBEDDED
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    files.push(("fuzz.toml".into(), text.to_string()));
    let Ok(catalog) = planner::catalog::load::catalog_from_files(&files) else { return };
    // The shipped example over a one-month horizon: every tier is still
    // built, solved and right-sized, at a fraction of the cost.
    let text = include_str!("../../examples/b2b-saas.yaml").replace("horizon_months: 36", "horizon_months: 1");
    let profile = planner::profile::profile_from_str("b2b-saas.yaml", &text).expect("the example is valid");
    let _ = planner::assess::assess(&profile, &catalog, &planner::assess::AssessOptions::default());
});
