//! Assembling a `SolveReport` from the solver's intermediate results: unit
//! conversion (seconds → ms) and naming, nothing computed twice.

use indexmap::IndexMap;

use super::report::{
    ClassReport, NetworkReport, SOLVE_SCHEMA, SolveReport, StationClassReport, StationReport,
    Status,
};
use super::sojourn::ClassSojourn;
use super::station::{StationInput, StationSolution};
use super::traffic::Flows;
use super::{Percentiles, Solver};

const MS: f64 = 1000.0;

impl Solver<'_> {
    fn station_base(&self, flows: &Flows, inputs: &[StationInput], i: usize) -> StationReport {
        let st = &self.net.stations[i];
        let input = &inputs[i];
        let visits = if self.net.total_rate() > 0.0 {
            input.lambda / self.net.total_rate()
        } else {
            0.0
        };
        let classes = st
            .visits
            .iter()
            .enumerate()
            .filter_map(|(k, v)| {
                v.as_ref().map(|v| {
                    (
                        self.net.classes[k].name.clone(),
                        StationClassReport {
                            arrival_rate_rps: flows.offered[i][k],
                            mean_service_ms: v.service.mean * MS,
                            mean_response_ms: None,
                            utilization: None,
                            mean_in_station: None,
                        },
                    )
                })
            })
            .collect();
        let offered = self.offered_utilization(flows, i);
        StationReport {
            servers: input.servers,
            capacity: st.capacity,
            arrival_rate_rps: input.lambda,
            mean_service_ms: input.mean_service * MS,
            utilization: offered,
            offered_utilization: offered,
            p_wait: None,
            mean_wait_ms: None,
            mean_response_ms: None,
            mean_in_station: None,
            throughput_rps: input.lambda * (1.0 - flows.blocking[i]),
            blocking_probability: st.capacity.map(|_| flows.blocking[i]),
            arrival_scv: 1.0,
            service_scv: input.service_scv,
            visits_per_request: visits,
            method: String::new(),
            classes,
        }
    }

    /// The station with the highest utilization among finite-server stations
    /// (or with the most requests present, when all are delays).
    fn bottleneck(&self, stations: &IndexMap<String, StationReport>) -> (String, f64) {
        let finite = stations
            .iter()
            .filter(|(_, s)| s.servers.is_some())
            .max_by(|a, b| a.1.utilization.total_cmp(&b.1.utilization));
        match finite {
            Some((name, s)) => (name.clone(), s.utilization),
            None => stations
                .iter()
                .max_by(|a, b| a.1.utilization.total_cmp(&b.1.utilization))
                .map(|(n, s)| (n.clone(), s.utilization))
                .unwrap_or_default(),
        }
    }

    pub(super) fn saturated_report(
        &self,
        flows: &Flows,
        inputs: &[StationInput],
        saturated: &[usize],
        max_scale: Option<f64>,
    ) -> SolveReport {
        let stations: IndexMap<String, StationReport> = (0..self.net.stations.len())
            .map(|i| {
                let mut s = self.station_base(flows, inputs, i);
                s.method = if saturated.contains(&i) {
                    "saturated".into()
                } else {
                    "not solved (saturated network)".into()
                };
                (self.net.stations[i].name.clone(), s)
            })
            .collect();
        let (bottleneck, bottleneck_utilization) = self.bottleneck(&stations);
        let classes = self
            .net
            .classes
            .iter()
            .enumerate()
            .map(|(k, c)| {
                (
                    c.name.clone(),
                    ClassReport {
                        arrival_rate_rps: self.net.class_rate(k),
                        throughput_rps: None,
                        loss_probability: None,
                        mean_sojourn_ms: None,
                        p50_sojourn_ms: None,
                        p95_sojourn_ms: None,
                        p99_sojourn_ms: None,
                        population: None,
                        think_time_ms: None,
                    },
                )
            })
            .collect();
        SolveReport {
            schema: SOLVE_SCHEMA,
            status: Status::Saturated,
            saturated_stations: saturated
                .iter()
                .map(|&i| self.net.stations[i].name.clone())
                .collect(),
            saturated_hosts: Vec::new(),
            stations,
            hosts: IndexMap::new(),
            network: NetworkReport {
                arrival_rate_rps: self.net.total_rate(),
                throughput_rps: None,
                loss_probability: None,
                mean_sojourn_ms: None,
                p50_sojourn_ms: None,
                p95_sojourn_ms: None,
                p99_sojourn_ms: None,
                sojourn_method: "none (saturated network)".into(),
                mean_in_network: None,
                bottleneck,
                bottleneck_utilization,
                max_arrival_scale: max_scale,
                mva_method: None,
                classes,
            },
        }
    }

    pub(super) fn stable_report(
        &self,
        flows: &Flows,
        inputs: &[StationInput],
        solutions: &[StationSolution],
        per_class: &[ClassSojourn],
        pct: Percentiles,
        max_scale: Option<f64>,
    ) -> SolveReport {
        let net = self.net;
        let mut stations = IndexMap::with_capacity(net.stations.len());
        let mut in_network = 0.0;
        for (i, st) in net.stations.iter().enumerate() {
            let sol = &solutions[i];
            let mut s = self.station_base(flows, inputs, i);
            s.utilization = sol.utilization;
            s.p_wait = Some(sol.p_wait);
            s.mean_wait_ms = Some(sol.mean_wait * MS);
            s.mean_response_ms = Some(sol.mean_response * MS);
            s.mean_in_station = Some(sol.mean_in_station);
            s.arrival_scv = inputs[i].arrival_scv_used(sol);
            s.method = sol.method.clone();
            for (k, v) in st.visits.iter().enumerate() {
                if let Some(v) = v
                    && let Some(c) = s.classes.get_mut(&net.classes[k].name)
                {
                    c.mean_response_ms = Some(sol.class_mean_response(v.service.mean) * MS);
                }
            }
            in_network += sol.mean_in_station;
            stations.insert(st.name.clone(), s);
        }
        let (bottleneck, bottleneck_utilization) = self.bottleneck(&stations);
        let mut classes = IndexMap::with_capacity(net.classes.len());
        for (k, c) in net.classes.iter().enumerate() {
            let cs = &per_class[k];
            let rate = net.class_rate(k);
            classes.insert(
                c.name.clone(),
                ClassReport {
                    arrival_rate_rps: rate,
                    throughput_rps: Some(cs.completed_rate),
                    loss_probability: Some(if rate > 0.0 {
                        (1.0 - cs.completed_rate / rate).max(0.0)
                    } else {
                        0.0
                    }),
                    mean_sojourn_ms: Some(cs.mean * MS),
                    p50_sojourn_ms: pct.per_class[k][0].map(|v| v * MS),
                    p95_sojourn_ms: pct.per_class[k][1].map(|v| v * MS),
                    p99_sojourn_ms: pct.per_class[k][2].map(|v| v * MS),
                    population: None,
                    think_time_ms: None,
                },
            );
        }
        let admitted: f64 = per_class.iter().map(|c| c.admitted_rate).sum();
        let completed: f64 = per_class.iter().map(|c| c.completed_rate).sum();
        let mean = if admitted > 0.0 {
            per_class
                .iter()
                .map(|c| c.admitted_rate * c.mean)
                .sum::<f64>()
                / admitted
        } else {
            0.0
        };
        let arrival = net.total_rate();
        SolveReport {
            schema: SOLVE_SCHEMA,
            status: super::Status::Stable,
            saturated_stations: Vec::new(),
            saturated_hosts: Vec::new(),
            stations,
            hosts: IndexMap::new(),
            network: NetworkReport {
                arrival_rate_rps: arrival,
                throughput_rps: Some(completed),
                loss_probability: Some(if arrival > 0.0 {
                    (1.0 - completed / arrival).max(0.0)
                } else {
                    0.0
                }),
                mean_sojourn_ms: Some(mean * MS),
                p50_sojourn_ms: pct.overall[0].map(|v| v * MS),
                p95_sojourn_ms: pct.overall[1].map(|v| v * MS),
                p99_sojourn_ms: pct.overall[2].map(|v| v * MS),
                sojourn_method: pct.method,
                mean_in_network: Some(in_network),
                bottleneck,
                bottleneck_utilization,
                max_arrival_scale: max_scale,
                mva_method: None,
                classes,
            },
        }
    }
}

impl StationInput {
    /// The arrival SCV the station's formula used (1 for exact Poisson/Jackson
    /// methods).
    fn arrival_scv_used(&self, sol: &StationSolution) -> f64 {
        if sol.exact_poisson {
            1.0
        } else {
            self.arrival_scv
        }
    }
}
