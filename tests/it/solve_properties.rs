//! Properties of the analytic solver on random stable networks.

use planner::network::synthetic::synthetic;
use planner::network::{Network, Servers};
use planner::solve::{SolveReport, Status, analyze, max_arrival_scale, solve};
use proptest::prelude::*;

fn figures(r: &SolveReport) -> Vec<f64> {
    let mut v = Vec::new();
    for s in r.stations.values() {
        v.extend([
            s.arrival_rate_rps,
            s.utilization,
            s.offered_utilization,
            s.throughput_rps,
            s.arrival_scv,
            s.service_scv,
        ]);
        v.extend(
            [
                s.p_wait,
                s.mean_wait_ms,
                s.mean_response_ms,
                s.mean_in_station,
                s.blocking_probability,
            ]
            .into_iter()
            .flatten(),
        );
    }
    let n = &r.network;
    v.extend([n.arrival_rate_rps, n.bottleneck_utilization]);
    v.extend(
        [
            n.throughput_rps,
            n.loss_probability,
            n.mean_sojourn_ms,
            n.p50_sojourn_ms,
            n.p95_sojourn_ms,
            n.p99_sojourn_ms,
            n.mean_in_network,
            n.max_arrival_scale,
        ]
        .into_iter()
        .flatten(),
    );
    v
}

/// The report without percentiles: the properties of station means need no
/// sojourn distribution, and inverting one is most of a solve's work.
fn means(net: &Network) -> SolveReport {
    analyze(net).expect("solves").0
}

fn with_more_servers(net: &Network, station: usize) -> Network {
    let mut n = net.clone();
    if let Servers::Finite(c) = n.stations[station].servers {
        n.stations[station].servers = Servers::Finite(c + 1);
        if let Some(k) = n.stations[station].capacity {
            n.stations[station].capacity = Some(k + 1);
        }
    }
    n
}

proptest! {
    // A full solve inverts every class's sojourn distribution: 16 random
    // networks of up to 60 stations keep this under ten seconds.
    #![proptest_config(crate::common::proptest_config(16))]

    #[test]
    fn every_figure_is_finite_and_non_negative(size in 1usize..60, seed in any::<u64>()) {
        let r = solve(&synthetic(size, seed)).expect("solves");
        prop_assert_eq!(r.status, Status::Stable);
        for f in figures(&r) {
            prop_assert!(f.is_finite() && f >= 0.0, "figure {}", f);
        }
        let n = &r.network;
        prop_assert!(n.p50_sojourn_ms.unwrap() <= n.p95_sojourn_ms.unwrap());
        prop_assert!(n.p95_sojourn_ms.unwrap() <= n.p99_sojourn_ms.unwrap());
    }
}

proptest! {
    #![proptest_config(crate::common::proptest_config(64))]

    #[test]
    fn more_servers_never_raise_utilization_or_waiting(size in 1usize..40, seed in any::<u64>(), pick in any::<prop::sample::Index>()) {
        let net = synthetic(size, seed);
        let i = pick.index(net.stations.len());
        let before = means(&net);
        let after = means(&with_more_servers(&net, i));
        let name = &net.stations[i].name;
        let (b, a) = (&before.stations[name], &after.stations[name]);
        prop_assert!(a.utilization <= b.utilization + 1e-12);
        prop_assert!(a.mean_wait_ms.unwrap() <= b.mean_wait_ms.unwrap() * (1.0 + 1e-9) + 1e-12);
    }

    #[test]
    fn more_load_never_lowers_latency(size in 1usize..40, seed in any::<u64>(), grow in 1.0f64..1.15) {
        // Without capacity limits every flow scales with the arrivals and the
        // class mix at each station stays the same. (With them, blocking
        // shifts the mix, and a delay station's mean follows the mix.)
        let mut net = synthetic(size, seed);
        for st in &mut net.stations {
            st.capacity = None;
        }
        let before = means(&net);
        let scale = max_arrival_scale(&net).expect("solves").unwrap_or(2.0).min(2.0);
        let after = means(&net.scaled(1.0 + (grow - 1.0) * (scale - 1.0).max(0.0)));
        prop_assume!(after.status == Status::Stable);
        // Per station, utilization is monotone; so is the wait where the
        // arrivals are Poisson. (QNA lets a downstream wait fall slightly when
        // busier upstream stations smooth the flow: departures of a loaded
        // low-variance server are more regular.)
        for (name, b) in &before.stations {
            let a = &after.stations[name];
            prop_assert!(a.utilization >= b.utilization * (1.0 - 1e-9), "{}", name);
            if (b.arrival_scv - 1.0).abs() < 1e-12 && (a.arrival_scv - 1.0).abs() < 1e-12 {
                prop_assert!(a.mean_wait_ms.unwrap() >= b.mean_wait_ms.unwrap() * (1.0 - 1e-9), "{}", name);
                prop_assert!(a.mean_response_ms.unwrap() >= b.mean_response_ms.unwrap() * (1.0 - 1e-9), "{}", name);
            }
        }
        prop_assert!(after.network.mean_in_network.unwrap() >= before.network.mean_in_network.unwrap() * (1.0 - 1e-9));
    }
}
