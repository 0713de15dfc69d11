//! The validated network: indices instead of names, SI units (seconds,
//! requests per second), and invariants the solvers can rely on.

use crate::queue::dist::ServiceTime;

/// A multi-class queueing network: open classes (external arrivals),
/// closed classes (clients), or both.
///
/// Invariants (established by `validate`): every index is in range; every
/// station is reachable by some class (from its arrivals or its clients'
/// entry station); a network with clients has no capacity limits; every class that can reach a station
/// has a service time there; each class's route probabilities out of a station
/// sum to at most 1; from every station a class reaches, it can leave the
/// network (a closed class: return to its clients); all rates and times are
/// finite and > 0 (think times ≥ 0).
#[derive(Debug, Clone)]
pub struct Network {
    /// Stations in file order.
    pub stations: Vec<Station>,
    /// Request classes in order of first appearance (at least one).
    pub classes: Vec<Class>,
    /// Machines whose cores stations share, in file order (each used by at
    /// least one station); empty when no station names a host.
    pub hosts: Vec<Host>,
}

/// A machine whose CPU cores are shared by every station on it.
///
/// Semantics: each request in service at a station on the host (holding
/// one of the station's `servers`, its threads; every request present when
/// the station has `servers: infinite`) is a thread that needs its service
/// time of CPU work. The host's `cores` serve all those threads, across all
/// its stations and classes, by processor sharing: with `n` threads running
/// on the host each gets `min(1, cores/n)` of a core. A request that finds
/// every thread of its station taken waits FCFS for one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    /// Name as in the file.
    pub name: String,
    /// CPU cores (≥ 1).
    pub cores: u32,
}

/// A request class: open (external arrival streams) or closed (a fixed
/// population of clients).
#[derive(Debug, Clone)]
pub struct Class {
    /// Name (`default` for arrivals without a class).
    pub name: String,
    /// External Poisson streams of this class (empty for a closed class).
    pub arrivals: Vec<Arrival>,
    /// The clients of a closed class; `None` for an open class.
    pub clients: Option<Clients>,
}

/// The clients of a closed class: each thinks, sends one request that
/// enters at `station`, and thinks again when it leaves the stations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clients {
    /// Number of clients (≥ 1).
    pub population: u32,
    /// Mean think time (exponential), seconds; ≥ 0.
    pub think: f64,
    /// Entry station index.
    pub station: usize,
}

/// One external Poisson stream.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arrival {
    /// Mean rate, requests per second.
    pub rate: f64,
    /// Entry station index.
    pub station: usize,
}

/// Number of servers at a station.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Servers {
    /// `c` identical servers, FCFS.
    Finite(u32),
    /// A pure delay: every request is served at once.
    Infinite,
}

/// How a station's servers share out among the requests present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Discipline {
    /// First come, first served: a request waits for a free server, then has
    /// it to itself.
    #[default]
    Fcfs,
    /// Processor sharing: with n requests present at c servers, each is
    /// served at rate min(1, c/n): a time-sliced CPU. Nobody waits; long
    /// requests do not hold up short ones.
    Ps,
}

impl Discipline {
    /// The word used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Discipline::Fcfs => "fcfs",
            Discipline::Ps => "ps",
        }
    }
}

/// One station.
#[derive(Debug, Clone)]
pub struct Station {
    /// Name as in the file.
    pub name: String,
    /// Servers.
    pub servers: Servers,
    /// At most this many requests present (in service and waiting); arrivals
    /// that find it full are rejected. Only with finite servers, ≥ servers.
    pub capacity: Option<u32>,
    /// FCFS or processor sharing (finite servers only; a delay station has
    /// no queue, so it is always FCFS).
    pub discipline: Discipline,
    /// Per class (indexed like `Network::classes`): service and routes of that
    /// class here, `None` where the class never visits.
    pub visits: Vec<Option<ClassAtStation>>,
    /// Index into `Network::hosts` of the host whose cores serve this
    /// station; `None` for a station with servers of its own. A station on a
    /// host is FCFS (its threads share the host by processor sharing).
    pub host: Option<usize>,
}

/// How one class is served at one station and where it goes next.
#[derive(Debug, Clone)]
pub struct ClassAtStation {
    /// Service time of one visit.
    pub service: ServiceTime,
    /// Next stations after service; probabilities sum to ≤ 1, the remainder
    /// leaves the network.
    pub routes: Vec<Route>,
}

/// A routing branch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Route {
    /// Next station index.
    pub to: usize,
    /// Probability of taking this branch after service.
    pub probability: f64,
}

impl ClassAtStation {
    /// Probability of leaving the network after this visit.
    pub fn exit_probability(&self) -> f64 {
        (1.0 - self.routes.iter().map(|r| r.probability).sum::<f64>()).max(0.0)
    }
}

impl Network {
    /// Whether any class is closed (has clients).
    pub fn has_clients(&self) -> bool {
        self.classes.iter().any(|c| c.clients.is_some())
    }

    /// Total external arrival rate of class `k`, requests per second (0 for
    /// a closed class).
    pub fn class_rate(&self, k: usize) -> f64 {
        self.classes[k].arrivals.iter().map(|a| a.rate).sum()
    }

    /// Total external arrival rate of the open classes, requests per second.
    pub fn total_rate(&self) -> f64 {
        (0..self.classes.len()).map(|k| self.class_rate(k)).sum()
    }

    /// Index of the station called `name`.
    pub fn station_index(&self, name: &str) -> Option<usize> {
        self.stations.iter().position(|s| s.name == name)
    }

    /// Indices of the stations on host `h`.
    pub fn stations_on_host(&self, h: usize) -> Vec<usize> {
        (0..self.stations.len())
            .filter(|&i| self.stations[i].host == Some(h))
            .collect()
    }

    /// The same network with every external arrival rate multiplied by `factor`.
    pub fn scaled(&self, factor: f64) -> Network {
        let mut n = self.clone();
        for c in &mut n.classes {
            for a in &mut c.arrivals {
                a.rate *= factor;
            }
        }
        n
    }
}
