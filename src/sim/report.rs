//! What `planner simulate` returns: plain data, serialised as the
//! `planner.simulate/v1` JSON contract. Names mirror `planner.solve/v1`
//! ([`crate::solve::report`]) wherever a figure means the same; field names
//! are public interface: add fields freely, never rename.
//!
//! Every figure is the mean over independent replications, except the
//! sojourn percentiles, which come from the histogram pooled over all
//! replications; beside each group of figures a `ci95` object with the same
//! keys holds the half-width of its 95% confidence interval (Student t,
//! R − 1 degrees of freedom, from the spread over replications), in the
//! same unit, `null` with a single replication.

use indexmap::IndexMap;
use serde::Serialize;

pub use crate::solve::Status;

/// JSON schema name of simulation reports.
pub const SIMULATE_SCHEMA: &str = "planner.simulate/v1";

/// Declares a group of figures (all `Option<f64>`) and the function that
/// averages per-replication values into a mean and a 95% half-width.
macro_rules! figures {
    ($(#[$m:meta])* pub struct $name:ident { $( $(#[$fm:meta])* $f:ident ),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize)]
        pub struct $name {
            $( $(#[$fm])* pub $f: Option<f64>, )*
        }

        impl $name {
            /// Mean and 95% half-width of each figure over replications.
            #[allow(dead_code, reason = "some groups are assembled by hand")]
            pub(crate) fn combine(reps: &[$name], ci: &mut super::stats::Ci) -> ($name, $name) {
                let mut mean = $name::default();
                let mut half = $name::default();
                $(
                    let (m, h) = ci.mean_half_width(reps.iter().map(|r| r.$f));
                    mean.$f = m;
                    half.$f = h;
                )*
                (mean, half)
            }
        }
    };
}

figures! {
    /// Figures of one station, per visit. Latency figures are `null` when
    /// the network is saturated.
    pub struct StationFigures {
        /// Offered arrival rate (rejected arrivals included), requests per second.
        arrival_rate_rps,
        /// Mean sampled service time over the visits, milliseconds.
        mean_service_ms,
        /// Busy fraction of each server (0..1); for an infinite-server
        /// station, the mean number in service.
        utilization,
        /// Offered load per server: Σ over classes of measured arrival rate ×
        /// model mean service time, divided by servers (may exceed 1); for
        /// infinite servers, the offered mean number in service.
        offered_utilization,
        /// Share of admitted arrivals that wait for a server (0..1).
        p_wait,
        /// Mean time waiting for a server, milliseconds.
        mean_wait_ms,
        /// Mean time at the station (wait + service), milliseconds.
        mean_response_ms,
        /// Time-average number of requests at the station (waiting + in service).
        mean_in_station,
        /// Completed visits, requests per second.
        throughput_rps,
        /// Rejected / arrived (0..1); `null` without a capacity limit.
        blocking_probability,
    }
}

figures! {
    /// Figures of one shared host.
    pub struct HostFigures {
        /// Busy fraction of the cores (0..1): time-average of
        /// min(threads running, cores) ÷ cores.
        utilization,
        /// Offered CPU load: Σ over its stations and classes of measured
        /// arrival rate × model mean service time, divided by cores (may
        /// exceed 1).
        offered_utilization,
        /// Time-average number of threads running on the host.
        mean_threads,
    }
}

figures! {
    /// Figures of one class at one station.
    pub struct StationClassFigures {
        /// Offered arrival rate of this class here, requests per second.
        arrival_rate_rps,
        /// Mean sampled service time of this class here, milliseconds.
        mean_service_ms,
        /// Mean time at the station for this class, milliseconds.
        mean_response_ms,
    }
}

figures! {
    /// End-to-end figures of a request class (or of all requests).
    /// Sojourn: from the first arrival of an admitted request until it
    /// leaves, after service or rejected at a later station.
    pub struct EndToEndFigures {
        /// External arrival rate, requests per second.
        arrival_rate_rps,
        /// Requests that leave after service (rejected nowhere), requests per second.
        throughput_rps,
        /// Share of arriving requests rejected at some station, the first
        /// included (0..1).
        loss_probability,
        /// Mean sojourn, milliseconds.
        mean_sojourn_ms,
        /// Median sojourn, milliseconds.
        p50_sojourn_ms,
        /// 95th percentile sojourn, milliseconds.
        p95_sojourn_ms,
        /// 99th percentile sojourn, milliseconds.
        p99_sojourn_ms,
        /// 99.9th percentile sojourn, milliseconds.
        p999_sojourn_ms,
    }
}

figures! {
    /// Network-wide figures that are not per class.
    pub struct PopulationFigures {
        /// Time-average number of requests in the network.
        mean_in_network,
        /// Utilization of the bottleneck station (offered, when saturated).
        bottleneck_utilization,
    }
}

/// The simulation of a network.
#[derive(Debug, Clone, Serialize)]
pub struct SimReport {
    /// Always `planner.simulate/v1`.
    pub schema: &'static str,
    /// `stable` or `saturated` (see [`crate::sim`] for the rule).
    pub status: Status,
    /// Names of the saturated stations (only when saturated).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub saturated_stations: Vec<String>,
    /// Names of the saturated shared hosts (only when saturated there).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub saturated_hosts: Vec<String>,
    /// How the run was made.
    pub run: RunInfo,
    /// Per-station figures, per visit, in file order.
    pub stations: IndexMap<String, SimStationReport>,
    /// Per shared host, in file order (absent when the network has none).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub hosts: IndexMap<String, SimHostReport>,
    /// End-to-end figures.
    pub network: SimNetworkReport,
}

/// How the figures were obtained.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    /// Independent replications.
    pub replications: u32,
    /// Measured external arrivals per replication (when the run length is
    /// given in requests).
    pub requests_per_replication: Option<u64>,
    /// Measured simulated time per replication, seconds (when the run
    /// length is a duration).
    pub duration_s: Option<f64>,
    /// Warm-up arrivals discarded at the start of each replication.
    pub warmup_requests: Option<u64>,
    /// Warm-up simulated seconds discarded at the start of each replication.
    pub warmup_s: Option<f64>,
    /// The warm-up rule, in words.
    pub warmup_rule: String,
    /// Measured external arrivals, all replications together.
    pub requests_measured: u64,
    /// Model events simulated (arrivals at and departures from stations),
    /// warm-up and drain included, all replications together.
    pub model_events: u64,
    /// Seed of the run; replication `i` is seeded from `(seed, i)`.
    pub seed: u64,
    /// How confidence intervals are computed.
    pub confidence: String,
    /// How percentiles are computed, with their resolution.
    pub percentile_method: String,
    /// The saturation rule, in words.
    pub saturation_rule: String,
    /// How the run length and the warm-up were chosen, in words.
    pub run_length_rule: String,
    /// The station whose queue forgets its start most slowly (estimated
    /// from the model); `null` when no station queues or all saturate.
    pub relaxation_station: Option<String>,
    /// Its relaxation time, seconds: about S/(c(1 − √ρ)²), stretched by
    /// service variability ([`crate::sim`]).
    pub relaxation_time_s: Option<f64>,
    /// The measured window of a replication (mean over replications), in
    /// relaxation times (dimensionless).
    pub relaxation_times_measured: Option<f64>,
    /// End-to-end figures (their JSON keys) this run is too short to
    /// estimate honestly: their values and intervals are printed but should
    /// not be trusted. Empty when none.
    pub too_short_for: Vec<String>,
    /// Why, and what run length would do.
    pub notes: Vec<String>,
}

/// One station.
#[derive(Debug, Clone, Serialize)]
pub struct SimStationReport {
    /// Servers; `null` for an infinite-server (delay) station.
    pub servers: Option<u32>,
    /// Capacity limit (in service + waiting); `null` when unlimited.
    pub capacity: Option<u32>,
    /// The figures.
    #[serde(flatten)]
    pub figures: StationFigures,
    /// Rejected arrivals counted in the measurement windows, all
    /// replications together; `null` without a capacity limit.
    pub blocked_requests: Option<u64>,
    /// 95% half-widths of `figures`, same keys and units.
    pub ci95: StationFigures,
    /// Per class visiting this station.
    pub classes: IndexMap<String, SimStationClassReport>,
}

/// One shared host.
#[derive(Debug, Clone, Serialize)]
pub struct SimHostReport {
    /// CPU cores.
    pub cores: u32,
    /// The figures.
    #[serde(flatten)]
    pub figures: HostFigures,
    /// 95% half-widths of `figures`, same keys and units.
    pub ci95: HostFigures,
}

/// One class at one station.
#[derive(Debug, Clone, Serialize)]
pub struct SimStationClassReport {
    /// The figures.
    #[serde(flatten)]
    pub figures: StationClassFigures,
    /// 95% half-widths, same keys and units.
    pub ci95: StationClassFigures,
}

/// End-to-end figures, overall.
#[derive(Debug, Clone, Serialize)]
pub struct SimNetworkReport {
    /// All requests together.
    #[serde(flatten)]
    pub figures: EndToEndFigures,
    /// Population and bottleneck.
    #[serde(flatten)]
    pub population: PopulationFigures,
    /// Station with the highest utilization (among finite-server stations
    /// when there are any; among saturated ones, by offered load, when
    /// saturated).
    pub bottleneck: String,
    /// How the sojourn percentiles were obtained.
    pub sojourn_method: String,
    /// 95% half-widths, same keys and units.
    pub ci95: SimNetworkCi,
    /// Per request class.
    pub classes: IndexMap<String, SimClassReport>,
}

/// 95% half-widths of the network figures.
#[derive(Debug, Clone, Serialize)]
pub struct SimNetworkCi {
    /// Of the end-to-end figures.
    #[serde(flatten)]
    pub figures: EndToEndFigures,
    /// Of the population figures.
    #[serde(flatten)]
    pub population: PopulationFigures,
}

/// End-to-end figures of one class.
#[derive(Debug, Clone, Serialize)]
pub struct SimClassReport {
    /// The figures.
    #[serde(flatten)]
    pub figures: EndToEndFigures,
    /// 95% half-widths, same keys and units.
    pub ci95: EndToEndFigures,
}
