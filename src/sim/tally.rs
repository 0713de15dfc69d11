//! What one replication counts: window counts, time integrals and running
//! sums over tagged requests, plus their latency histograms. The engine
//! fills these; `stats` turns them into figures.

use hdrhistogram::Histogram;

/// Window counts, time integrals and tagged-visit sums of one station.
#[derive(Debug, Clone, Default)]
pub(crate) struct StationStats {
    /// Arrivals in the window, rejected ones included.
    pub arrivals: u64,
    /// Arrivals in the window that found the station full.
    pub rejected: u64,
    /// Service completions in the window.
    pub completions: u64,
    /// ∫ requests present dt over the window, request·seconds.
    pub area_n: f64,
    /// ∫ busy servers dt over the window, server·seconds.
    pub area_busy: f64,
    /// Tagged visits that began service.
    pub started: u64,
    /// Of them, those that waited in the queue first.
    pub waited: u64,
    /// Their summed waiting time, seconds.
    pub sum_wait: f64,
    /// Their summed service time, seconds.
    pub sum_service: f64,
    /// Tagged visits that completed.
    pub completed: u64,
    /// Their summed time at the station, seconds.
    pub sum_response: f64,
}

/// Time integrals of one shared host over the window.
#[derive(Debug, Clone, Default)]
pub(crate) struct HostStats {
    /// ∫ busy cores dt (min(threads running, cores)), core·seconds.
    pub area_busy: f64,
    /// ∫ threads running on the host dt, thread·seconds.
    pub area_n: f64,
}

/// One class at one station.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClassAtStationStats {
    /// Arrivals of the class in the window, rejected ones included.
    pub arrivals: u64,
    /// Tagged visits that began service, and their summed service, seconds.
    pub started: u64,
    pub sum_service: f64,
    /// Tagged visits that completed, and their summed time here, seconds.
    pub completed: u64,
    pub sum_response: f64,
}

/// End-to-end figures of the tagged requests of one class.
#[derive(Debug, Clone)]
pub(crate) struct ClassStats {
    /// Tagged requests (external arrivals in the window).
    pub arrived: u64,
    /// Of them, rejected at some station.
    pub rejected: u64,
    /// Of them, left after service.
    pub completed: u64,
    /// Summed sojourn of admitted ones, seconds.
    pub sum_sojourn: f64,
    /// Admitted ones whose sojourn was recorded.
    pub n_sojourn: u64,
    /// Their sojourns, nanoseconds.
    pub hist: Histogram<u64>,
}

/// Everything one replication measured.
#[derive(Debug, Clone)]
pub(crate) struct RepStats {
    /// Length of the measurement window, seconds.
    pub window: f64,
    pub stations: Vec<StationStats>,
    pub hosts: Vec<HostStats>,
    /// Indexed by `station * classes + class`.
    pub class_at: Vec<ClassAtStationStats>,
    pub classes: Vec<ClassStats>,
    /// ∫ requests in the network dt over the window, request·seconds.
    pub area_network: f64,
    /// Model events simulated (arrivals at and departures from stations),
    /// warm-up and drain included.
    pub events: u64,
    /// When the population bound stopped the run: the station with the most
    /// waiting requests, `None` if no request was waiting.
    pub overflow: Option<Option<usize>>,
}
