//! What `planner solve` returns: plain data, serialised as the
//! `planner.solve/v1` JSON contract. Field names are public interface: add
//! fields freely, never rename.

use indexmap::IndexMap;
use serde::Serialize;

/// JSON schema name of solve reports.
pub const SOLVE_SCHEMA: &str = "planner.solve/v1";

/// Whether the network has a steady state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every station without a capacity limit has offered utilization < 1.
    Stable,
    /// Some station without a capacity limit has offered utilization ≥ 1: its
    /// queue grows without bound and no latency figure exists.
    Saturated,
}

/// The analytic solution of a network.
#[derive(Debug, Clone, Serialize)]
pub struct SolveReport {
    /// Always `planner.solve/v1`.
    pub schema: &'static str,
    /// `stable` or `saturated`.
    pub status: Status,
    /// Names of the stations at offered utilization ≥ 1 (only when saturated).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub saturated_stations: Vec<String>,
    /// Names of the hosts whose cores are offered a CPU load ≥ 1 (only
    /// when saturated there).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub saturated_hosts: Vec<String>,
    /// Per-station figures, per visit, in file order.
    pub stations: IndexMap<String, StationReport>,
    /// Per shared host, in file order (absent when the network has none).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub hosts: IndexMap<String, HostReport>,
    /// End-to-end figures.
    pub network: NetworkReport,
}

/// Figures of one shared host: the machine whose cores its stations share.
#[derive(Debug, Clone, Serialize)]
pub struct HostReport {
    /// CPU cores.
    pub cores: u32,
    /// The stations on the host, in file order.
    pub stations: Vec<String>,
    /// Rate of visits served on the host (admitted, all its stations),
    /// requests per second.
    pub arrival_rate_rps: f64,
    /// Mean CPU work per visit over the host's stations and classes,
    /// milliseconds.
    pub mean_cpu_ms: f64,
    /// Busy fraction of the cores (0..1): CPU work per second ÷ cores. When
    /// saturated, the offered load, which may exceed 1.
    pub utilization: f64,
    /// Factor by which the host stretches CPU time (time running on the
    /// host ÷ CPU work), averaged over its stations weighted by their CPU
    /// work; `null` when saturated.
    pub slowdown: Option<f64>,
    /// Formula used for the host, and whether it is exact.
    pub method: String,
}

/// Figures of one station, per visit. Latency fields are `null` when the
/// network is saturated.
#[derive(Debug, Clone, Serialize)]
pub struct StationReport {
    /// Servers; `null` for an infinite-server (delay) station.
    pub servers: Option<u32>,
    /// Capacity limit (in service + waiting); `null` when unlimited.
    pub capacity: Option<u32>,
    /// Offered arrival rate (before any blocking here), requests per second.
    pub arrival_rate_rps: f64,
    /// Mean service time over the classes visiting, milliseconds.
    pub mean_service_ms: f64,
    /// Busy fraction of each server from admitted work (0..1); for an
    /// infinite-server station, the mean number in service. When saturated,
    /// the offered utilization.
    pub utilization: f64,
    /// Offered load per server, arrival_rate × mean service / servers
    /// (may exceed 1); mean number in service for infinite servers.
    pub offered_utilization: f64,
    /// Probability that an admitted arrival waits for a server.
    pub p_wait: Option<f64>,
    /// Mean time waiting for a server, milliseconds.
    pub mean_wait_ms: Option<f64>,
    /// Mean time at the station (wait + service), milliseconds.
    pub mean_response_ms: Option<f64>,
    /// Mean number of requests at the station (waiting + in service).
    pub mean_in_station: Option<f64>,
    /// Rate of completed visits, requests per second.
    pub throughput_rps: f64,
    /// Probability an arrival is rejected; `null` without a capacity limit.
    pub blocking_probability: Option<f64>,
    /// Squared coefficient of variation of the arrival process (QNA).
    pub arrival_scv: f64,
    /// Squared coefficient of variation of the service time.
    pub service_scv: f64,
    /// Mean visits per request entering the network.
    pub visits_per_request: f64,
    /// Formula used, and whether it is exact for this station.
    pub method: String,
    /// Per class visiting this station.
    pub classes: IndexMap<String, StationClassReport>,
}

/// One class at one station.
#[derive(Debug, Clone, Serialize)]
pub struct StationClassReport {
    /// Offered arrival rate of this class here, requests per second.
    pub arrival_rate_rps: f64,
    /// Mean service time of this class here, milliseconds.
    pub mean_service_ms: f64,
    /// Mean time at the station for this class, milliseconds.
    pub mean_response_ms: Option<f64>,
    /// Busy fraction of each server due to this class (0..1; mean busy
    /// servers at a delay). Given for networks with clients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utilization: Option<f64>,
    /// Mean number of this class's requests at the station. Given for
    /// networks with clients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_in_station: Option<f64>,
}

/// End-to-end figures, overall. In a network with clients, arrivals count
/// the closed classes' requests at the rate their clients send them.
#[derive(Debug, Clone, Serialize)]
pub struct NetworkReport {
    /// External arrival rate, requests per second.
    pub arrival_rate_rps: f64,
    /// Rate of requests that leave after service (not rejected anywhere),
    /// requests per second; `null` when saturated.
    pub throughput_rps: Option<f64>,
    /// Share of arriving requests rejected at some station (0..1); `null`
    /// when saturated.
    pub loss_probability: Option<f64>,
    /// Mean time from first arrival to leaving, per admitted request, ms.
    pub mean_sojourn_ms: Option<f64>,
    /// Median sojourn, milliseconds.
    pub p50_sojourn_ms: Option<f64>,
    /// 95th percentile sojourn, milliseconds.
    pub p95_sojourn_ms: Option<f64>,
    /// 99th percentile sojourn, milliseconds.
    pub p99_sojourn_ms: Option<f64>,
    /// How the sojourn percentiles were obtained.
    pub sojourn_method: String,
    /// Mean number of requests in the network.
    pub mean_in_network: Option<f64>,
    /// Station with the highest utilization.
    pub bottleneck: String,
    /// Its utilization (offered, when saturated).
    pub bottleneck_utilization: f64,
    /// Factor by which all external arrivals can grow before some station
    /// without a capacity limit reaches utilization 1; `null` when no
    /// station can saturate.
    pub max_arrival_scale: Option<f64>,
    /// How a network with clients (closed classes) was solved: the MVA
    /// variant, and whether it is exact. Absent for open networks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mva_method: Option<String>,
    /// Per request class.
    pub classes: IndexMap<String, ClassReport>,
}

/// End-to-end figures of one request class. For a closed class the
/// arrival rate and throughput are the rate its clients send requests, and
/// the sojourn is the response time of one request (think time excluded).
#[derive(Debug, Clone, Serialize)]
pub struct ClassReport {
    /// External arrival rate of the class, requests per second.
    pub arrival_rate_rps: f64,
    /// Completed requests of the class, requests per second; `null` when
    /// saturated.
    pub throughput_rps: Option<f64>,
    /// Share of the class's requests rejected somewhere (0..1); `null` when
    /// saturated.
    pub loss_probability: Option<f64>,
    /// Mean sojourn, milliseconds.
    pub mean_sojourn_ms: Option<f64>,
    /// Median sojourn, milliseconds.
    pub p50_sojourn_ms: Option<f64>,
    /// 95th percentile sojourn, milliseconds.
    pub p95_sojourn_ms: Option<f64>,
    /// 99th percentile sojourn, milliseconds.
    pub p99_sojourn_ms: Option<f64>,
    /// Clients of a closed class (absent for an open class).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population: Option<u32>,
    /// Mean think time of a closed class's clients, milliseconds (absent
    /// for an open class).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub think_time_ms: Option<f64>,
}
