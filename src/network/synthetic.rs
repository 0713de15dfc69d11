//! Seeded random networks of any size, for benchmarks and property tests.
//!
//! Stations form a sparse, mostly feed-forward graph (each routes to one to
//! three later stations) with occasional short feedback loops; classes,
//! distributions, delays and capacity limits are mixed in. Servers are sized
//! after the traffic equations so every station runs at 30–85% offered
//! utilization: the network is always stable.

use rand::rngs::SmallRng;
use rand::{RngExt, SeedableRng};

use super::model::{Arrival, Class, ClassAtStation, Network, Route, Servers, Station};
use crate::queue::dist::{Distribution, ServiceTime};

/// A stable random network with `stations` stations (at least 1), from `seed`.
pub fn synthetic(stations: usize, seed: u64) -> Network {
    let n = stations.max(1);
    let mut rng = SmallRng::seed_from_u64(seed);
    let class_count = if n >= 3 { 2 } else { 1 };
    let mut classes: Vec<Class> = (0..class_count)
        .map(|k| Class {
            name: ["read", "write"][k].to_string(),
            arrivals: Vec::new(),
            clients: None,
        })
        .collect();
    // Entry streams at about one station in ten, always at station 0.
    for (k, class) in classes.iter_mut().enumerate() {
        class.arrivals.push(Arrival {
            rate: 50.0 + 100.0 * k as f64,
            station: 0,
        });
        for s in 1..n {
            if rng.random_bool(0.1 / class_count as f64) {
                class.arrivals.push(Arrival {
                    rate: rng.random_range(5.0..50.0),
                    station: s,
                });
            }
        }
    }
    let mut net = Network {
        stations: Vec::with_capacity(n),
        classes,
        hosts: Vec::new(),
    };
    for i in 0..n {
        let delay = i > 0 && rng.random_bool(0.1);
        let mut visits = Vec::with_capacity(class_count);
        for _ in 0..class_count {
            let distribution = match rng.random_range(0..4) {
                0 => Distribution::Exponential,
                1 => Distribution::Deterministic,
                2 => Distribution::Lognormal,
                _ => Distribution::Gamma,
            };
            let cv = match distribution {
                Distribution::Exponential => 1.0,
                Distribution::Deterministic => 0.0,
                _ => rng.random_range(0.3..2.0),
            };
            let service = ServiceTime {
                distribution,
                mean: rng.random_range(0.5..20.0) / 1000.0,
                cv,
            };
            let mut routes: Vec<Route> = Vec::new();
            let mut left: f64 = 0.9;
            for _ in 0..rng.random_range(1..=3) {
                if i + 1 >= n {
                    break;
                }
                let to = rng.random_range(i + 1..n.min(i + 20));
                let p = rng.random_range(0.1..0.5f64).min(left);
                if p > 0.0 && !routes.iter().any(|r| r.to == to) {
                    routes.push(Route { to, probability: p });
                    left -= p;
                }
            }
            // A short feedback loop now and then (a retry).
            if i > 0 && rng.random_bool(0.05) && left > 0.05 {
                routes.push(Route {
                    to: i - 1,
                    probability: 0.05,
                });
            }
            visits.push(Some(ClassAtStation { service, routes }));
        }
        net.stations.push(Station {
            name: format!("s{i:05}"),
            servers: if delay {
                Servers::Infinite
            } else {
                Servers::Finite(1_000_000)
            },
            capacity: None,
            discipline: crate::network::Discipline::Fcfs,
            host: None,
            visits,
        });
    }
    size_servers(&mut net, &mut rng);
    net
}

/// Sizes each finite station for 30–85% offered utilization; gives one
/// station in twenty a capacity limit.
fn size_servers(net: &mut Network, rng: &mut SmallRng) {
    // Only the flows are needed: no percentiles (most of a solve's work).
    let Ok((report, _)) = crate::solve::analyze(net) else {
        return;
    };
    for st in &mut net.stations {
        if st.servers == Servers::Infinite {
            continue;
        }
        let s = &report.stations[&st.name];
        let load = s.arrival_rate_rps * s.mean_service_ms / 1000.0;
        let target = rng.random_range(0.3..0.85);
        let c = (load / target).ceil().max(1.0) as u32;
        st.servers = Servers::Finite(c);
        if rng.random_bool(0.05) {
            st.capacity = Some(c + rng.random_range(c..=4 * c + 10));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_networks_are_stable_and_reproducible() {
        for n in [1, 2, 10, 100] {
            let a = synthetic(n, 7);
            let b = synthetic(n, 7);
            assert_eq!(a.stations.len(), n);
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
            let r = crate::solve::solve(&a).expect("solves");
            assert_eq!(r.status, crate::solve::Status::Stable, "{n} stations");
        }
    }
}
