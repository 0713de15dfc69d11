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
    let profile = planner::profile::profile_from_str("b2b-saas.yaml", include_str!("../../examples/b2b-saas.yaml"))
        .expect("the example is valid");
    let _ = planner::assess::assess(&profile, &catalog, &planner::assess::AssessOptions::default());
});
