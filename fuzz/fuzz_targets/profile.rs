//! App profiles through parsing, validation and the whole assessment with
//! the built-in tier catalog.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(profile) = planner::profile::profile_from_str("fuzz.yaml", text) else { return };
    let catalog = planner::catalog::embedded_catalog().expect("the embedded catalog is valid");
    let opts = planner::assess::AssessOptions::default();
    if let Ok(report) = planner::assess::assess(&profile, &catalog, &opts) {
        serde_json::to_string(&report).expect("serialisable");
        let table = planner::assess::render_table(&report);
        let words: Vec<&str> = table.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-')).collect();
        for bad in ["NaN", "inf", "-inf"] {
            assert!(!words.contains(&bad), "{table}");
        }
    }
});
