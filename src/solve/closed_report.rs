//! The `planner.solve/v1` report of a network with clients, from its MVA
//! solution: per station, per class and end to end, by Little's law
//! (`R = Q/X`); unit conversion and naming, nothing else.

use indexmap::IndexMap;

use super::closed::{MixedSolution, solve_mixed};
use super::report::{
    ClassReport, NetworkReport, SOLVE_SCHEMA, SolveReport, StationClassReport, StationReport,
    Status,
};
use crate::error::Error;
use crate::network::{Network, Servers};

const MS: f64 = 1000.0;

/// Why a network with clients has no percentiles.
pub const CLOSED_PERCENTILES: &str = "not given for a network with clients: MVA yields means \
     only (no response-time distribution of a closed network is derived here); \
     `planner simulate` measures them";

/// Solves a network with clients (closed classes, possibly mixed with open
/// ones) and reports it.
pub fn solve_closed(net: &Network) -> Result<SolveReport, Error> {
    let sol = solve_mixed(net, false)?;
    Ok(report(net, &sol))
}

/// [`solve_closed`] with Linearizer for several closed classes even where
/// the exact lattice recursion is affordable: to measure the approximation.
pub fn solve_closed_approximate(net: &Network) -> Result<SolveReport, Error> {
    let sol = solve_mixed(net, true)?;
    Ok(report(net, &sol))
}

/// The factor by which the open classes' arrivals can grow before a station
/// saturates (the closed classes give way); `None` without open load.
pub fn closed_max_arrival_scale(net: &Network) -> Result<Option<f64>, Error> {
    let sol = solve_mixed(net, false)?;
    Ok(max_scale(&sol))
}

fn max_scale(sol: &MixedSolution) -> Option<f64> {
    let peak = sol.open_utilization.iter().copied().fold(0.0, f64::max);
    (peak > 0.0).then(|| 1.0 / peak)
}

fn report(net: &Network, sol: &MixedSolution) -> SolveReport {
    let n_cl = net.classes.len();
    let saturated = !sol.saturated.is_empty();
    let mut stations = IndexMap::with_capacity(net.stations.len());
    let total_throughput: f64 = sol.throughput.iter().sum();
    let mut in_network = 0.0;
    for (k, st) in net.stations.iter().enumerate() {
        let per_server = match st.servers {
            Servers::Finite(m) => f64::from(m),
            Servers::Infinite => 1.0,
        };
        let mut rate = 0.0;
        let (mut work, mut second, mut queue) = (0.0, 0.0, 0.0);
        let mut classes = IndexMap::new();
        for c in 0..n_cl {
            let Some(v) = &st.visits[c] else { continue };
            let r = sol.rate[c][k];
            let q = sol.queue[c][k];
            rate += r;
            work += r * v.service.mean;
            second += r * v.service.moment(2);
            queue += q;
            classes.insert(
                net.classes[c].name.clone(),
                StationClassReport {
                    arrival_rate_rps: r,
                    mean_service_ms: v.service.mean * MS,
                    mean_response_ms: (!saturated && r > 0.0).then(|| q / r * MS),
                    utilization: Some(r * v.service.mean / per_server),
                    mean_in_station: (!saturated).then_some(q),
                },
            );
        }
        let mean_service = if rate > 0.0 {
            work / rate
        } else {
            let means: Vec<f64> = st.visits.iter().flatten().map(|v| v.service.mean).collect();
            means.iter().sum::<f64>() / means.len().max(1) as f64
        };
        let service_scv = if rate > 0.0 && mean_service > 0.0 {
            ((second / rate) / (mean_service * mean_service) - 1.0).max(0.0)
        } else {
            0.0
        };
        let utilization = if saturated {
            sol.open_utilization[k]
        } else {
            work / per_server
        };
        let response = (!saturated && rate > 0.0).then(|| queue / rate);
        in_network += queue;
        stations.insert(
            st.name.clone(),
            StationReport {
                servers: match st.servers {
                    Servers::Finite(m) => Some(m),
                    Servers::Infinite => None,
                },
                capacity: None,
                arrival_rate_rps: rate,
                mean_service_ms: mean_service * MS,
                utilization,
                offered_utilization: utilization,
                p_wait: None,
                mean_wait_ms: response.map(|r| (r - mean_service).max(0.0) * MS),
                mean_response_ms: response.map(|r| r * MS),
                mean_in_station: (!saturated).then_some(queue),
                throughput_rps: rate,
                blocking_probability: None,
                arrival_scv: 1.0,
                service_scv,
                visits_per_request: if total_throughput > 0.0 {
                    rate / total_throughput
                } else {
                    0.0
                },
                method: if saturated {
                    if sol.saturated.contains(&k) {
                        "saturated (by the open classes)".into()
                    } else {
                        "not solved (saturated network)".into()
                    }
                } else {
                    format!("MVA: {}", sol.station_method[k])
                },
                classes,
            },
        );
    }
    let (bottleneck, bottleneck_utilization) = stations
        .iter()
        .filter(|(_, s)| s.servers.is_some())
        .max_by(|a, b| a.1.utilization.total_cmp(&b.1.utilization))
        .or_else(|| {
            stations
                .iter()
                .max_by(|a, b| a.1.utilization.total_cmp(&b.1.utilization))
        })
        .map(|(n, s)| (n.clone(), s.utilization))
        .unwrap_or_default();
    let mut classes = IndexMap::with_capacity(n_cl);
    let mut weighted = 0.0;
    for (c, class) in net.classes.iter().enumerate() {
        let x = sol.throughput[c];
        let q: f64 = sol.queue[c].iter().sum();
        let sojourn = (!saturated && x > 0.0).then(|| q / x);
        if let Some(r) = sojourn {
            weighted += x * r;
        }
        classes.insert(
            class.name.clone(),
            ClassReport {
                arrival_rate_rps: if saturated && class.clients.is_some() {
                    0.0
                } else {
                    x
                },
                throughput_rps: (!saturated).then_some(x),
                loss_probability: (!saturated).then_some(0.0),
                mean_sojourn_ms: sojourn.map(|r| r * MS),
                p50_sojourn_ms: None,
                p95_sojourn_ms: None,
                p99_sojourn_ms: None,
                population: class.clients.map(|cl| cl.population),
                think_time_ms: class.clients.map(|cl| cl.think * MS),
            },
        );
    }
    let arrival: f64 = classes.values().map(|c| c.arrival_rate_rps).sum();
    SolveReport {
        schema: SOLVE_SCHEMA,
        status: if saturated {
            Status::Saturated
        } else {
            Status::Stable
        },
        saturated_stations: sol
            .saturated
            .iter()
            .map(|&k| net.stations[k].name.clone())
            .collect(),
        saturated_hosts: Vec::new(),
        hosts: IndexMap::new(),
        stations,
        network: NetworkReport {
            arrival_rate_rps: arrival,
            throughput_rps: (!saturated).then_some(total_throughput),
            loss_probability: (!saturated).then_some(0.0),
            mean_sojourn_ms: (!saturated && total_throughput > 0.0)
                .then(|| weighted / total_throughput * MS),
            p50_sojourn_ms: None,
            p95_sojourn_ms: None,
            p99_sojourn_ms: None,
            sojourn_method: if saturated {
                "none (saturated network)".into()
            } else {
                CLOSED_PERCENTILES.into()
            },
            mean_in_network: (!saturated).then_some(in_network),
            bottleneck,
            bottleneck_utilization,
            max_arrival_scale: max_scale(sol),
            mva_method: Some(sol.method.clone()),
            classes,
        },
    }
}
