//! The network flattened for the event loop: samplers and cumulative routing
//! tables in flat vectors indexed by `station × classes + class`, so that an
//! event touches no map and no string.

use super::sampler::Sampler;
use crate::network::{Discipline, Network, Servers};

/// `servers` of an infinite-server station, and `capacity` of an unlimited
/// one: never reached.
pub(crate) const UNLIMITED: u32 = u32::MAX;

/// One external Poisson stream.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stream {
    /// Mean time between arrivals, seconds.
    pub mean_gap: f64,
    /// Class index.
    pub class: u32,
    /// Entry station index.
    pub station: u32,
}

/// The clients of a closed class.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientsSpec {
    /// Class index.
    pub class: u32,
    /// Number of clients.
    pub population: u32,
    /// Mean think time (exponential), seconds; 0 sends at once.
    pub mean_think: f64,
    /// Entry station index.
    pub station: u32,
}

/// Servers and capacity of a station.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StationSpec {
    /// Servers, or [`UNLIMITED`] for a delay station.
    pub servers: u32,
    /// Most requests present, or [`UNLIMITED`].
    pub capacity: u32,
    /// Processor sharing instead of FCFS.
    pub ps: bool,
    /// Index of the shared host whose cores serve this station's threads,
    /// or [`UNLIMITED`] for a station with servers of its own.
    pub host: u32,
}

/// How one class is served at one station and where it goes next.
#[derive(Debug, Clone)]
pub(crate) struct VisitSpec {
    /// Service time sampler.
    pub sampler: Sampler,
    /// Model mean service time, seconds (0 where the class never comes).
    pub mean: f64,
    /// Squared coefficient of variation of the service time.
    pub scv: f64,
    /// First entry of this visit's routes in `route_cum` / `route_to`.
    pub route_start: u32,
    /// Number of routes; 0 means the request always leaves.
    pub route_len: u32,
}

/// The network ready for simulation.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub stations: Vec<StationSpec>,
    pub n_classes: usize,
    /// Indexed by `station * n_classes + class`.
    pub visits: Vec<VisitSpec>,
    /// Cumulative route probabilities (the last of a visit is ≤ 1; a uniform
    /// draw at or above it leaves the network).
    pub route_cum: Vec<f64>,
    /// Destination of each route.
    pub route_to: Vec<u32>,
    pub streams: Vec<Stream>,
    /// The closed classes' clients.
    pub clients: Vec<ClientsSpec>,
    /// Per class: whether it is closed.
    pub closed: Vec<bool>,
    /// Cores of each shared host.
    pub hosts: Vec<u32>,
}

impl Compiled {
    pub(crate) fn new(net: &Network) -> Compiled {
        let n_classes = net.classes.len();
        let mut visits = Vec::with_capacity(net.stations.len() * n_classes);
        let mut route_cum = Vec::new();
        let mut route_to = Vec::new();
        for st in &net.stations {
            for v in &st.visits {
                let Some(v) = v else {
                    visits.push(VisitSpec {
                        sampler: Sampler::Deterministic { value: 0.0 },
                        mean: 0.0,
                        scv: 0.0,
                        route_start: 0,
                        route_len: 0,
                    });
                    continue;
                };
                let start = route_cum.len() as u32;
                let total: f64 = v.routes.iter().map(|r| r.probability).sum();
                // Validation allows sums up to 1 + 1e-9 for rounding; scale
                // those back to exactly 1.
                let scale = if total > 1.0 { 1.0 / total } else { 1.0 };
                let mut cum = 0.0;
                for r in &v.routes {
                    cum += r.probability * scale;
                    route_cum.push(cum);
                    route_to.push(r.to as u32);
                }
                if total >= 1.0
                    && let Some(last) = route_cum.last_mut()
                {
                    *last = f64::INFINITY;
                }
                visits.push(VisitSpec {
                    sampler: Sampler::new(&v.service),
                    mean: v.service.mean,
                    scv: v.service.scv(),
                    route_start: start,
                    route_len: v.routes.len() as u32,
                });
            }
        }
        let stations = net
            .stations
            .iter()
            .map(|s| StationSpec {
                servers: match s.servers {
                    Servers::Finite(c) => c,
                    Servers::Infinite => UNLIMITED,
                },
                capacity: s.capacity.unwrap_or(UNLIMITED),
                ps: s.discipline == Discipline::Ps && s.servers != Servers::Infinite,
                host: s.host.map_or(UNLIMITED, |h| h as u32),
            })
            .collect();
        let streams = net
            .classes
            .iter()
            .enumerate()
            .flat_map(|(k, c)| {
                c.arrivals.iter().map(move |a| Stream {
                    mean_gap: 1.0 / a.rate,
                    class: k as u32,
                    station: a.station as u32,
                })
            })
            .collect();
        let clients = net
            .classes
            .iter()
            .enumerate()
            .filter_map(|(k, c)| {
                c.clients.map(|cl| ClientsSpec {
                    class: k as u32,
                    population: cl.population,
                    mean_think: cl.think,
                    station: cl.station as u32,
                })
            })
            .collect();
        Compiled {
            stations,
            n_classes,
            visits,
            route_cum,
            route_to,
            streams,
            clients,
            closed: net.classes.iter().map(|c| c.clients.is_some()).collect(),
            hosts: net.hosts.iter().map(|h| h.cores).collect(),
        }
    }
}
