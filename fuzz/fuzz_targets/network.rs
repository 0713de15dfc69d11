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
        // serde_json writes a non-finite float as null: compare with the
        // fields that must be numbers.
        for s in report.stations.values() {
            assert!(s.utilization.is_finite() && s.arrival_rate_rps.is_finite());
            for v in [s.mean_wait_ms, s.mean_response_ms, s.mean_in_station, s.p_wait].into_iter().flatten() {
                assert!(v.is_finite() && v >= 0.0, "{v}");
            }
        }
        let n = &report.network;
        for v in [n.mean_sojourn_ms, n.p50_sojourn_ms, n.p95_sojourn_ms, n.p99_sojourn_ms, n.max_arrival_scale].into_iter().flatten() {
            assert!(v.is_finite() && v >= 0.0, "{v}");
        }
    }
});
