//! One replication: the discrete-event loop.
//!
//! The future event list is a binary heap of `u128` keys: the time's bits
//! (non-negative `f64`s order like their bit patterns) above a `u64` payload,
//! which is an external stream (top bit set), a client of a closed class
//! ending its think time (third bit set), the next departure from a
//! processor-sharing station (next bit set, with the station and the
//! generation of its state, so that superseded events are skipped), the
//! next departure from a shared host (the same, with the host), or a
//! request finishing service at an FCFS station. Requests in the network
//! live in a slab with a free list, each FCFS station keeps a FIFO of
//! waiting request ids and each PS station a heap of finishing tags
//! ([`super::ps`]). A shared host keeps one such heap for the threads of
//! all its stations: a request that gets a thread at a station on a host
//! joins the host's heap with its service time as work, and finishes its
//! visit when the host has done that work. Statistics are running sums: memory depends on how
//! many requests are present at once, never on how many are simulated.
//!
//! Measurement (see [`super`] for the rules): arrivals in the measurement
//! window are *tagged*; per-visit and end-to-end figures come from tagged
//! requests, followed until they leave; counts and time averages of stations
//! come from the window itself.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use hdrhistogram::Histogram;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::Exp1;

use super::compiled::{Compiled, UNLIMITED};
use super::options::Length;
use super::ps::PsState;
use super::tally::{ClassAtStationStats, ClassStats, HostStats, RepStats, StationStats};

/// Most requests present in the network at once in one replication. Past
/// it the replication stops and the station with the longest queue is
/// reported saturated (or, without queues, the run is refused): this bounds
/// memory whatever the load.
pub const MAX_IN_NETWORK: u32 = 1 << 21;
/// Significant decimal digits of the sojourn histograms (relative error of
/// a percentile ≤ 0.05% after taking the bucket midpoint).
pub const HISTOGRAM_DIGITS: u8 = 3;

/// Payload bit marking an external arrival; the rest is the stream index.
const ARRIVAL: u64 = 1 << 63;
/// Payload bit marking a departure from a PS station: the station index in
/// bits 32..62, the generation of its state in the low 32 bits.
const PS_DONE: u64 = 1 << 62;
/// Payload bit marking the end of a client's think time: the class index
/// in the low bits (closed classes).
const THINK_DONE: u64 = 1 << 61;
/// Payload bit marking a departure from a shared host: the host index in
/// bits 32..60, the generation of its state in the low 32 bits (station
/// indices stay below 100,000 < 2^28, so a PS payload never sets this bit).
const HOST_DONE: u64 = 1 << 60;
/// Arrivals between two progress reports.
const PROGRESS_EVERY: u64 = 1 << 16;

#[derive(Debug, Clone, Copy)]
struct Slot {
    /// Time of the first arrival in the network, seconds.
    t_enter: f64,
    /// Time of arrival at the current station, seconds.
    t_arrive: f64,
    /// Service requirement at the current station (PS stations), seconds.
    work: f64,
    station: u32,
    class: u16,
    tagged: bool,
}

#[derive(Debug)]
struct StationState {
    busy: u32,
    present: u32,
    servers: u32,
    capacity: u32,
    last: f64,
    queue: VecDeque<u32>,
    /// Set at a processor-sharing station.
    ps: Option<PsState>,
    stats: StationStats,
}

impl StationState {
    /// Requests waiting for a server (FCFS), or beyond the servers' count
    /// (PS, where they share them instead).
    fn waiting(&self) -> usize {
        match &self.ps {
            Some(ps) => ps.len().saturating_sub(self.servers as usize),
            None => self.queue.len(),
        }
    }
}

/// A shared host: processor sharing of its cores among the threads running
/// on it, whatever their station.
#[derive(Debug)]
struct HostState {
    cores: u32,
    ps: PsState,
    last: f64,
    stats: HostStats,
}

impl HostState {
    /// Brings the host's time integrals up to `t`.
    #[inline]
    fn settle(&mut self, t: f64, measuring: f64) {
        let n = self.ps.len() as f64;
        let dt = (t - self.last) * measuring;
        self.stats.area_n += n * dt;
        self.stats.area_busy += n.min(f64::from(self.cores)) * dt;
        self.last = t;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Warmup,
    Measuring,
    /// Window closed: new arrivals are untagged, the run goes on until the
    /// tagged requests have left.
    Draining,
}

struct Engine<'a> {
    m: &'a Compiled,
    rng: Xoshiro256PlusPlus,
    now: f64,
    heap: BinaryHeap<Reverse<u128>>,
    slots: Vec<Slot>,
    free: Vec<u32>,
    st: Vec<StationState>,
    hosts: Vec<HostState>,
    class_at: Vec<ClassAtStationStats>,
    classes: Vec<ClassStats>,
    in_network: u32,
    last_network: f64,
    area_network: f64,
    phase: Phase,
    /// 1 while the window is open (added to window counters).
    measuring: u64,
    /// 1.0 while the window is open (multiplies time increments).
    measuring_f: f64,
    tagged_in_network: u64,
    /// Time of the next window boundary (duration runs), else infinity.
    boundary: f64,
    window_start: f64,
    window: f64,
    arrivals: u64,
    events: u64,
    overflow: Option<Option<usize>>,
}

/// Simulates one replication of `m` with `length`, seeded by `seed`.
/// `progress` is told, now and then, how far the replication has come (in
/// the units of [`Length::progress_total`]).
pub(crate) fn replicate(
    m: &Compiled,
    length: Length,
    seed: u64,
    progress: &mut dyn FnMut(u64),
) -> RepStats {
    let hist = Histogram::new(HISTOGRAM_DIGITS).expect("3 significant digits are allowed");
    let n_st = m.stations.len();
    let mut e = Engine {
        m,
        rng: Xoshiro256PlusPlus::seed_from_u64(seed),
        now: 0.0,
        heap: BinaryHeap::with_capacity(1024),
        slots: Vec::with_capacity(1024),
        free: Vec::with_capacity(1024),
        st: m
            .stations
            .iter()
            .map(|s| StationState {
                busy: 0,
                present: 0,
                servers: s.servers,
                capacity: s.capacity,
                last: 0.0,
                queue: VecDeque::new(),
                ps: s.ps.then(PsState::default),
                stats: StationStats::default(),
            })
            .collect(),
        hosts: m
            .hosts
            .iter()
            .map(|&cores| HostState {
                cores,
                ps: PsState::default(),
                last: 0.0,
                stats: HostStats::default(),
            })
            .collect(),
        class_at: vec![ClassAtStationStats::default(); n_st * m.n_classes],
        classes: (0..m.n_classes)
            .map(|_| ClassStats {
                arrived: 0,
                rejected: 0,
                completed: 0,
                sum_sojourn: 0.0,
                n_sojourn: 0,
                hist: hist.clone(),
            })
            .collect(),
        in_network: 0,
        last_network: 0.0,
        area_network: 0.0,
        phase: Phase::Warmup,
        measuring: 0,
        measuring_f: 0.0,
        tagged_in_network: 0,
        boundary: match length {
            Length::Duration { warmup, .. } => warmup,
            Length::Requests { .. } => f64::INFINITY,
        },
        window_start: 0.0,
        window: 0.0,
        arrivals: 0,
        events: 0,
        overflow: None,
    };
    e.run(length, progress);
    let Engine {
        st,
        hosts,
        class_at,
        classes,
        window,
        area_network,
        events,
        overflow,
        ..
    } = e;
    RepStats {
        window,
        stations: st.into_iter().map(|s| s.stats).collect(),
        hosts: hosts.into_iter().map(|h| h.stats).collect(),
        class_at,
        classes,
        area_network,
        events,
        overflow,
    }
}

impl Engine<'_> {
    fn run(&mut self, length: Length, progress: &mut dyn FnMut(u64)) {
        for (j, s) in self.m.streams.iter().enumerate() {
            let gap = s.mean_gap * self.rng.sample::<f64, _>(Exp1);
            self.push(gap, ARRIVAL | j as u64);
        }
        // Every client starts thinking at time 0.
        for j in 0..self.m.clients.len() {
            let cl = self.m.clients[j];
            for _ in 0..cl.population {
                let think = cl.mean_think * self.rng.sample::<f64, _>(Exp1);
                self.push(think, THINK_DONE | u64::from(cl.class));
            }
        }
        let (warmup_n, end_n) = match length {
            Length::Requests { warmup, measured } => (warmup, warmup + measured),
            Length::Duration { .. } => (u64::MAX, u64::MAX),
        };
        let total = length.progress_total();
        while let Some(Reverse(key)) = self.heap.pop() {
            let t = f64::from_bits((key >> 64) as u64);
            let payload = key as u64;
            while t >= self.boundary && self.boundary.is_finite() {
                self.cross_boundary(length);
            }
            self.now = t;
            if payload & (ARRIVAL | THINK_DONE) != 0 {
                let i = self.arrivals;
                self.arrivals += 1;
                if i == warmup_n {
                    self.open_window(t);
                } else if i == end_n {
                    self.close_window(t);
                }
                if i.is_multiple_of(PROGRESS_EVERY) {
                    progress(match length {
                        Length::Requests { .. } => i.min(total),
                        Length::Duration { .. } => ((t * 1e3) as u64).min(total),
                    });
                }
                if payload & ARRIVAL != 0 {
                    self.external_arrival((payload & !ARRIVAL) as usize);
                } else {
                    self.client_request((payload & !THINK_DONE) as usize);
                }
            } else if payload & PS_DONE != 0 {
                let s = ((payload & !PS_DONE) >> 32) as usize;
                self.ps_departure(s, payload as u32);
            } else if payload & HOST_DONE != 0 {
                let h = ((payload & !HOST_DONE) >> 32) as usize;
                self.host_departure(h, payload as u32);
            } else {
                self.complete(payload as u32);
            }
            if self.overflow.is_some()
                || (self.phase == Phase::Draining && self.tagged_in_network == 0)
            {
                break;
            }
        }
        progress(total);
    }

    #[inline]
    fn push(&mut self, t: f64, payload: u64) {
        self.heap
            .push(Reverse(((t.to_bits() as u128) << 64) | payload as u128));
    }

    fn cross_boundary(&mut self, length: Length) {
        let b = self.boundary;
        match (self.phase, length) {
            (Phase::Warmup, Length::Duration { warmup, measured }) => {
                self.open_window(b);
                self.boundary = warmup + measured;
            }
            _ => {
                self.close_window(b);
                self.boundary = f64::INFINITY;
            }
        }
    }

    /// Brings every time integral up to `t`.
    fn settle_all(&mut self, t: f64) {
        for s in &mut self.st {
            let dt = (t - s.last) * self.measuring_f;
            s.stats.area_n += f64::from(s.present) * dt;
            s.stats.area_busy += f64::from(s.busy) * dt;
            s.last = t;
        }
        for h in &mut self.hosts {
            h.settle(t, self.measuring_f);
        }
        self.area_network +=
            f64::from(self.in_network) * (t - self.last_network) * self.measuring_f;
        self.last_network = t;
    }

    fn open_window(&mut self, t: f64) {
        self.settle_all(t);
        self.window_start = t;
        self.phase = Phase::Measuring;
        self.measuring = 1;
        self.measuring_f = 1.0;
    }

    /// Closes the window at `t`; integrals stop accumulating.
    fn close_window(&mut self, t: f64) {
        if self.phase == Phase::Measuring {
            self.settle_all(t);
            self.window = t - self.window_start;
        }
        self.phase = Phase::Draining;
        self.measuring = 0;
        self.measuring_f = 0.0;
    }

    fn external_arrival(&mut self, j: usize) {
        let stream = self.m.streams[j];
        let gap = stream.mean_gap * self.rng.sample::<f64, _>(Exp1);
        let t = self.now;
        self.push(t + gap, ARRIVAL | j as u64);
        self.enter(stream.class as usize, stream.station as usize);
    }

    /// A client of closed class `k` ends its think time and sends a request.
    fn client_request(&mut self, k: usize) {
        let station = self
            .m
            .clients
            .iter()
            .find(|c| c.class as usize == k)
            .map_or(0, |c| c.station as usize);
        self.enter(k, station);
    }

    /// A request of class `k` enters the network at station `s` (tagged when
    /// the window is open).
    fn enter(&mut self, k: usize, s: usize) {
        let t = self.now;
        let tagged = self.phase == Phase::Measuring;
        if tagged {
            self.classes[k].arrived += 1;
        }
        let st = &self.st[s];
        if st.present >= st.capacity {
            // Rejected at the first station: never admitted, no sojourn.
            self.events += 1;
            let st = &mut self.st[s];
            st.stats.arrivals += self.measuring;
            st.stats.rejected += self.measuring;
            self.class_at[s * self.m.n_classes + k].arrivals += self.measuring;
            if tagged {
                self.classes[k].rejected += 1;
            }
            return;
        }
        if self.in_network >= MAX_IN_NETWORK {
            self.overflow();
            return;
        }
        self.area_network +=
            f64::from(self.in_network) * (t - self.last_network) * self.measuring_f;
        self.last_network = t;
        self.in_network += 1;
        self.tagged_in_network += u64::from(tagged);
        let slot = Slot {
            t_enter: t,
            t_arrive: t,
            work: 0.0,
            station: s as u32,
            class: k as u16,
            tagged,
        };
        let r = match self.free.pop() {
            Some(r) => {
                self.slots[r as usize] = slot;
                r
            }
            None => {
                self.slots.push(slot);
                (self.slots.len() - 1) as u32
            }
        };
        self.arrive(r, s, k);
    }

    /// Request `r` (admitted to the network) arrives at station `s`.
    #[inline]
    fn arrive(&mut self, r: u32, s: usize, k: usize) {
        self.events += 1;
        let t = self.now;
        let ck = s * self.m.n_classes + k;
        self.class_at[ck].arrivals += self.measuring;
        let st = &mut self.st[s];
        st.stats.arrivals += self.measuring;
        if st.present >= st.capacity {
            st.stats.rejected += self.measuring;
            self.leave(r, true);
            return;
        }
        let dt = (t - st.last) * self.measuring_f;
        st.stats.area_n += f64::from(st.present) * dt;
        st.stats.area_busy += f64::from(st.busy) * dt;
        st.last = t;
        st.present += 1;
        let slot = &mut self.slots[r as usize];
        slot.t_arrive = t;
        slot.station = s as u32;
        if st.ps.is_some() {
            self.ps_arrive(r, s, ck);
        } else if st.busy < st.servers {
            st.busy += 1;
            self.start_service(r, s, ck, 0.0, false);
        } else {
            st.queue.push_back(r);
        }
    }

    #[inline]
    fn start_service(&mut self, r: u32, s: usize, ck: usize, wait: f64, waited: bool) {
        let v = &self.m.visits[ck];
        let svc = v.sampler.sample(&mut self.rng);
        if self.slots[r as usize].tagged {
            let stats = &mut self.st[s].stats;
            stats.started += 1;
            stats.waited += u64::from(waited);
            stats.sum_wait += wait;
            stats.sum_service += svc;
            let c = &mut self.class_at[ck];
            c.started += 1;
            c.sum_service += svc;
        }
        let h = self.m.stations[s].host;
        if h == UNLIMITED {
            self.push(self.now + svc, u64::from(r));
        } else {
            // A thread on a shared host: the host does `svc` of CPU work.
            self.slots[r as usize].work = svc;
            let (t, m) = (self.now, self.measuring_f);
            let host = &mut self.hosts[h as usize];
            host.settle(t, m);
            host.ps.add(t, host.cores, svc, r);
            self.schedule_host(h as usize);
        }
    }

    /// Schedules the next departure of host `h` under its current
    /// generation (earlier events of the host become stale).
    fn schedule_host(&mut self, h: usize) {
        let host = &self.hosts[h];
        if let Some(at) = host.ps.next_departure(host.cores) {
            let payload = HOST_DONE | ((h as u64) << 32) | u64::from(host.ps.generation);
            self.push(at.max(self.now), payload);
        }
    }

    /// The departure event of host `h` scheduled under `generation`: the
    /// thread with the least work left finishes its visit.
    fn host_departure(&mut self, h: usize, generation: u32) {
        let (t, m) = (self.now, self.measuring_f);
        let host = &mut self.hosts[h];
        if host.ps.generation != generation {
            return; // superseded by a later arrival or departure
        }
        host.settle(t, m);
        let cores = host.cores;
        let Some(r) = host.ps.pop(t, cores) else {
            return;
        };
        self.schedule_host(h);
        self.complete(r);
    }

    /// Request `r` finishes service at its station.
    fn complete(&mut self, r: u32) {
        self.events += 1;
        let t = self.now;
        let slot = self.slots[r as usize];
        let s = slot.station as usize;
        let k = usize::from(slot.class);
        let ck = s * self.m.n_classes + k;
        let st = &mut self.st[s];
        let dt = (t - st.last) * self.measuring_f;
        st.stats.area_n += f64::from(st.present) * dt;
        st.stats.area_busy += f64::from(st.busy) * dt;
        st.last = t;
        st.present -= 1;
        st.stats.completions += self.measuring;
        if slot.tagged {
            let resp = t - slot.t_arrive;
            st.stats.completed += 1;
            st.stats.sum_response += resp;
            let c = &mut self.class_at[ck];
            c.completed += 1;
            c.sum_response += resp;
        }
        let st = &mut self.st[s];
        if let Some(next) = st.queue.pop_front() {
            let n = self.slots[next as usize];
            let nck = s * self.m.n_classes + usize::from(n.class);
            self.start_service(next, s, nck, t - n.t_arrive, true);
        } else {
            st.busy -= 1;
        }
        self.route(r, ck, k);
    }

    /// A request arrives at PS station `s` (admitted, counted, integrals
    /// brought up to now): it joins the servers at once and slows the
    /// others down.
    fn ps_arrive(&mut self, r: u32, s: usize, ck: usize) {
        let t = self.now;
        let svc = self.m.visits[ck].sampler.sample(&mut self.rng);
        let slot = &mut self.slots[r as usize];
        slot.work = svc;
        let tagged = slot.tagged;
        let st = &mut self.st[s];
        let servers = st.servers;
        // Served below full speed from the start: it found every server
        // taken (the PS analogue of waiting).
        let slowed = st.present > servers;
        st.busy = st.present.min(servers);
        if tagged {
            st.stats.started += 1;
            st.stats.waited += u64::from(slowed);
            st.stats.sum_service += svc;
            let c = &mut self.class_at[ck];
            c.started += 1;
            c.sum_service += svc;
        }
        let ps = st.ps.as_mut().expect("a PS station");
        ps.add(t, servers, svc, r);
        self.schedule_ps(s);
    }

    /// Schedules the next departure of PS station `s` under its current
    /// generation (earlier events of the station become stale).
    fn schedule_ps(&mut self, s: usize) {
        let st = &self.st[s];
        let ps = st.ps.as_ref().expect("a PS station");
        if let Some(at) = ps.next_departure(st.servers) {
            let payload = PS_DONE | ((s as u64) << 32) | u64::from(ps.generation);
            self.push(at.max(self.now), payload);
        }
    }

    /// The departure event of PS station `s` scheduled under `generation`.
    fn ps_departure(&mut self, s: usize, generation: u32) {
        let t = self.now;
        let st = &mut self.st[s];
        let servers = st.servers;
        let ps = st.ps.as_mut().expect("a PS station");
        if ps.generation != generation {
            return; // superseded by a later arrival or departure
        }
        let Some(r) = ps.pop(t, servers) else {
            return;
        };
        self.events += 1;
        let dt = (t - st.last) * self.measuring_f;
        st.stats.area_n += f64::from(st.present) * dt;
        st.stats.area_busy += f64::from(st.busy) * dt;
        st.last = t;
        st.present -= 1;
        st.busy = st.present.min(servers);
        st.stats.completions += self.measuring;
        let slot = self.slots[r as usize];
        let k = usize::from(slot.class);
        let ck = s * self.m.n_classes + k;
        if slot.tagged {
            let resp = t - slot.t_arrive;
            st.stats.completed += 1;
            st.stats.sum_response += resp;
            // Time lost to sharing: the PS analogue of the wait.
            st.stats.sum_wait += (resp - slot.work).max(0.0);
            let c = &mut self.class_at[ck];
            c.completed += 1;
            c.sum_response += resp;
        }
        self.schedule_ps(s);
        self.route(r, ck, k);
    }

    /// After service at the station of visit `ck`, request `r` of class `k`
    /// moves on or leaves.
    #[inline]
    fn route(&mut self, r: u32, ck: usize, k: usize) {
        let v = &self.m.visits[ck];
        if v.route_len == 0 {
            self.leave(r, false);
            return;
        }
        let start = v.route_start as usize;
        let cum = &self.m.route_cum[start..start + v.route_len as usize];
        let u: f64 = self.rng.random();
        let i = cum.partition_point(|&c| c <= u);
        if i == cum.len() {
            self.leave(r, false);
        } else {
            let to = self.m.route_to[start + i] as usize;
            self.arrive(r, to, k);
        }
    }

    /// Admitted request `r` leaves the network, after service or rejected
    /// at a later station.
    #[inline]
    fn leave(&mut self, r: u32, rejected: bool) {
        let t = self.now;
        self.area_network +=
            f64::from(self.in_network) * (t - self.last_network) * self.measuring_f;
        self.last_network = t;
        self.in_network -= 1;
        self.free.push(r);
        let slot = self.slots[r as usize];
        let k = usize::from(slot.class);
        if self.m.closed[k] {
            // Back to its client, who thinks before the next request.
            let think = self
                .m
                .clients
                .iter()
                .find(|c| c.class as usize == k)
                .map_or(0.0, |c| c.mean_think);
            let z = think * self.rng.sample::<f64, _>(Exp1);
            self.push(t + z, THINK_DONE | k as u64);
        }
        if slot.tagged {
            self.tagged_in_network -= 1;
            let c = &mut self.classes[usize::from(slot.class)];
            if rejected {
                c.rejected += 1;
            } else {
                c.completed += 1;
            }
            let sojourn = t - slot.t_enter;
            c.sum_sojourn += sojourn;
            c.n_sojourn += 1;
            let ns = (sojourn * 1e9).round().clamp(1.0, (1u64 << 60) as f64) as u64;
            if c.hist.record(ns).is_err() {
                c.hist.saturating_record(ns);
            }
        }
    }

    /// Without any queue: the station with the most requests present on
    /// the host with the most threads beyond its cores, if any.
    fn crowded_host_station(&self) -> Option<usize> {
        let h = (0..self.hosts.len())
            .filter(|&h| self.hosts[h].ps.len() > self.hosts[h].cores as usize)
            .max_by_key(|&h| (self.hosts[h].ps.len(), Reverse(h)))?;
        (0..self.st.len())
            .filter(|&s| self.m.stations[s].host == h as u32)
            .max_by_key(|&s| (self.st[s].present, Reverse(s)))
    }

    /// The population bound is reached: stop, naming the longest queue.
    #[cold]
    fn overflow(&mut self) {
        let longest = self
            .st
            .iter()
            .enumerate()
            .filter(|(_, s)| s.waiting() > 0)
            .max_by_key(|(i, s)| (s.waiting(), Reverse(*i)))
            .map(|(i, _)| i)
            .or_else(|| self.crowded_host_station());
        if self.phase == Phase::Measuring {
            self.close_window(self.now);
        }
        self.overflow = Some(longest);
    }
}
