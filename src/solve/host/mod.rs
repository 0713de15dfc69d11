//! Shared hosts: stations whose requests share one machine's CPU cores.
//!
//! A host with `C` cores serves every thread running on it (a request
//! holding one of its station's `servers`, or any request present at a
//! station with `servers: infinite`) by processor sharing: `n` threads run
//! at `min(1, C/n)` of a core each, whatever station or class they belong
//! to. The model, per host:
//!
//! 1. **Load.** `ρ = Σ λ_i·E[S_i] / C` over its stations `i` (admitted
//!    visit rates, CPU work per visit). At `ρ ≥ 1` the host is saturated:
//!    the knee that modelling each process as a station of its own misses.
//! 2. **Slowdown per station, mean-value style.** A thread's CPU work `x`
//!    takes `f_i·x`, with `f_i = g_C(n_i)`: the M/M/C-PS slowdown at the
//!    load whose mean population `a·f_C(a)` is `n_i`, the mean number of
//!    other threads it runs beside (`g_1(n) = 1 + n`). With `N_j = λ_j·f_j·
//!    E[S_j]` threads running at station `j` on average (Little), a thread
//!    of station `i` sees `n_i = Σ_{j≠i} N_j + m_i` others: all of its
//!    own station's running threads where it has no limit (`m_i = N_i`),
//!    `m_i = E[min(X, c_i − 1)]` with `X` Poisson of mean `N_i` where it
//!    has `c_i` threads (none beside a lone thread). The means are solved
//!    per host as one fixed point in `Σ N_j`.
//! 3. **The network** is then solved with every service time on a host
//!    multiplied by its station's `f_i` (distribution shape kept): a
//!    station with `servers: infinite` becomes a delay of `f_i·x`, one with
//!    `c` threads an FCFS `c`-server station whose service is `f_i·x`,
//!    where requests wait for a free thread. Capacity limits make admitted
//!    rates depend on the slowdowns; steps 2 and 3 are iterated to a fixed
//!    point.
//!
//! Exactness: when every station on every host has `servers: infinite` and
//! the rest of the network is product form (BCMP: FCFS stations exponential
//! with one mean, no capacity limits), the host is a BCMP processor-sharing
//! station, `n_i` is its mean population and `f_i` its exact M/M/C-PS
//! slowdown `1 + C(C, Cρ)/(C(1 − ρ))` (Baskett, Chandy, Muntz & Palacios,
//! JACM 22(2), 1975; Cohen 1979): per-visit means are exact. With thread
//! limits step 2 is an approximation (the arrival-instant populations taken
//! as time averages, as in Schweitzer's MVA); it is exact at the two ends:
//! one thread alone on one core is M/M/1 (`f = 1`, the wait is for the
//! thread), and unlimited threads are PS. For percentiles, a visit's time
//! on a host is its own work `x` plus a wait for the cores: none with
//! probability `1 − P`, `P` the chance that a thread finds every core taken
//! (Erlang C at the host load), otherwise exponential, with mean
//! `(f_i − 1)·x` in all (the M/M/c FCFS wait scaled to the PS excess;
//! successive visits taken as independent). This is approximate: a stretch
//! `f·x` alone would make the tail as narrow as the CPU work's and put p99
//! far too low.

use super::report::{HostReport, SolveReport, Status};
use super::station::HostShare;
use super::traffic::Flows;
use super::{SATURATION_THRESHOLD, Solver};
use crate::error::Error;
use crate::network::{Network, Servers};
use crate::queue::erlang::erlang_c;
use crate::queue::root::regula_falsi;

mod slowdown;

use slowdown::host_slowdowns;

/// Most rounds of the host fixed point (only capacity limits make it take
/// more than two).
const MAX_ROUNDS: usize = 1_000;
/// Change of every ln(slowdown) below which the fixed point stops.
const TOLERANCE: f64 = 1e-10;
/// ln of the slowdown a saturated host is given while iterating (its load
/// may still fall below 1 through blocking at higher slowdowns).
const MAX_LN_SLOWDOWN: f64 = 20.0;

const MS: f64 = 1000.0;

/// The hosts' fixed point at one load.
struct Fixed {
    /// The network with hosts removed and services stretched by `slowdown`.
    stretched: Network,
    /// Its flows.
    flows: Flows,
    /// Per host: admitted visits per second.
    rate: Vec<f64>,
    /// Per host: CPU work per second ÷ cores (offered, may be ≥ 1).
    load: Vec<f64>,
    /// Per station: the slowdown the stretched network uses (1 off hosts;
    /// e^20 on a saturated host).
    slowdown: Vec<f64>,
}

impl Fixed {
    fn saturated_hosts(&self) -> Vec<usize> {
        (0..self.load.len())
            .filter(|&h| self.load[h] >= SATURATION_THRESHOLD)
            .collect()
    }
}

/// `net` without hosts, each station's service times multiplied by its
/// factor in `f`.
fn stretch(net: &Network, f: &[f64]) -> Network {
    let mut n = net.clone();
    for (st, &f) in n.stations.iter_mut().zip(f) {
        if st.host.take().is_some() {
            for v in st.visits.iter_mut().flatten() {
                v.service.mean *= f;
            }
        }
    }
    n.hosts.clear();
    n
}

/// Admitted visits per second and CPU seconds per second on each host,
/// and CPU seconds per second at each station.
fn host_work(net: &Network, flows: &Flows) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut rate = vec![0.0; net.hosts.len()];
    let mut work = vec![0.0; net.hosts.len()];
    let mut per_station = vec![0.0; net.stations.len()];
    for (i, st) in net.stations.iter().enumerate() {
        let Some(h) = st.host else { continue };
        let admit = 1.0 - flows.blocking[i];
        for (v, &l) in st.visits.iter().zip(&flows.offered[i]) {
            if let Some(v) = v {
                rate[h] += l * admit;
                per_station[i] += l * admit * v.service.mean;
            }
        }
        work[h] += per_station[i];
    }
    (rate, work, per_station)
}

fn fixed_point(net: &Network) -> Result<Fixed, Error> {
    let n = net.stations.len();
    // Iterated on ln f per station. The map from slowdowns to new ones
    // goes down through blocking (more stretch, more refused, less work
    // admitted), so a plain iteration can oscillate: each station keeps a
    // bracket of its root with the map's residuals at both ends and steps
    // by regula falsi inside it (Illinois variant). Without capacity
    // limits flows do not depend on f and two rounds settle it.
    let mut x = vec![0.0; n];
    let mut lo = vec![0.0; n];
    let mut hi = vec![MAX_LN_SLOWDOWN; n];
    let mut r_lo = vec![f64::NAN; n];
    let mut r_hi = vec![f64::NAN; n];
    let mut side = vec![0i8; n];
    let limit: Vec<Option<u32>> = net
        .stations
        .iter()
        .map(|s| match s.servers {
            Servers::Finite(c) => Some(c),
            Servers::Infinite => None,
        })
        .collect();
    // Per host: the threads running last round, where this round's
    // mean-value equations start.
    let mut threads: Vec<Option<f64>> = vec![None; net.hosts.len()];
    for _ in 0..MAX_ROUNDS {
        let f: Vec<f64> = x.iter().map(|v: &f64| v.exp()).collect();
        let stretched = stretch(net, &f);
        let flows = Solver::new(&stretched).flows(&stretched)?;
        let (rate, work, per_station) = host_work(net, &flows);
        let load: Vec<f64> = work
            .iter()
            .zip(&net.hosts)
            .map(|(w, h)| w / f64::from(h.cores))
            .collect();
        let mut target = vec![0.0; n];
        for (h, host) in net.hosts.iter().enumerate() {
            let on = net.stations_on_host(h);
            let ln = if load[h] >= SATURATION_THRESHOLD {
                None
            } else {
                let w: Vec<f64> = on.iter().map(|&i| per_station[i]).collect();
                let l: Vec<Option<u32>> = on.iter().map(|&i| limit[i]).collect();
                host_slowdowns(&w, &l, host.cores, threads[h]).map(|(fs, s)| {
                    threads[h] = Some(s);
                    fs
                })
            };
            for (j, &i) in on.iter().enumerate() {
                target[i] = match &ln {
                    Some(fs) => fs[j].ln().min(MAX_LN_SLOWDOWN),
                    None => MAX_LN_SLOWDOWN,
                };
            }
        }
        let change = target
            .iter()
            .zip(&x)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        // Settled, or the bracket cannot shrink any more (a root where the
        // map is steep near a host's saturation).
        let settled =
            (0..n).all(|i| (target[i] - x[i]).abs() <= TOLERANCE || hi[i] - lo[i] <= TOLERANCE);
        if change <= TOLERANCE || settled {
            return Ok(Fixed {
                stretched,
                flows,
                rate,
                load,
                slowdown: f,
            });
        }
        for i in 0..n {
            let r = target[i] - x[i];
            if r > 0.0 {
                (lo[i], r_lo[i]) = (x[i], r);
                if side[i] == 1 {
                    r_hi[i] *= 0.5;
                }
                side[i] = 1;
            } else {
                (hi[i], r_hi[i]) = (x[i], r);
                if side[i] == -1 {
                    r_lo[i] *= 0.5;
                }
                side[i] = -1;
            }
            if lo[i] >= hi[i] {
                // Another station moved the root out of the bracket.
                (lo[i], hi[i]) = (0.0, MAX_LN_SLOWDOWN);
                (r_lo[i], r_hi[i], side[i]) = (f64::NAN, f64::NAN, 0);
            }
            let falsi = (lo[i] * r_hi[i] - hi[i] * r_lo[i]) / (r_hi[i] - r_lo[i]);
            let t = target[i];
            x[i] = if falsi.is_finite() && falsi > lo[i] && falsi < hi[i] {
                falsi
            } else if t >= lo[i] && t <= hi[i] {
                t
            } else {
                0.5 * (lo[i] + hi[i])
            };
        }
    }
    let names: Vec<&str> = net.hosts.iter().map(|h| h.name.as_str()).collect();
    Err(Error::Internal(format!(
        "the shared-host fixed point ({}) did not converge in {MAX_ROUNDS} rounds; no figures \
         are given",
        names.join(", ")
    )))
}

/// Solves a network with shared hosts (see the module doc).
pub(super) fn solve(
    net: &Network,
    with_percentiles: bool,
) -> Result<(SolveReport, Option<super::distribution::Sojourns>), Error> {
    let fx = fixed_point(net)?;
    let max_scale = max_arrival_scale(net)?;
    let mut solver = Solver::new(&fx.stretched);
    solver.hosts = shares(net, &fx)?;
    let saturated_hosts = fx.saturated_hosts();
    let (mut report, sojourns) = if saturated_hosts.is_empty() {
        solver.solve(with_percentiles)?
    } else {
        let mut saturated = solver.saturated(&fx.flows);
        for &h in &saturated_hosts {
            saturated.extend(net.stations_on_host(h));
        }
        saturated.sort_unstable();
        saturated.dedup();
        let inputs: Vec<_> = (0..net.stations.len())
            .map(|i| solver.station_input(&fx.flows, i))
            .collect();
        (
            solver.saturated_report(&fx.flows, &inputs, &saturated, None),
            None,
        )
    };
    let exact = solver.is_jackson()
        && net
            .stations
            .iter()
            .all(|s| s.host.is_none() || s.servers == Servers::Infinite);
    patch(net, &fx, exact, &mut report);
    report.network.max_arrival_scale = max_scale;
    Ok((report, sojourns))
}

/// Each station's share of its host (`None` off hosts).
fn shares(net: &Network, fx: &Fixed) -> Result<Vec<Option<HostShare>>, Error> {
    net.stations
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let Some(h) = st.host else { return Ok(None) };
            let cores = net.hosts[h].cores;
            let a = fx.load[h] * f64::from(cores);
            let p_share = if fx.load[h] < SATURATION_THRESHOLD {
                erlang_c(cores, a).ok_or_else(|| {
                    Error::Internal(format!("no Erlang C at host {}", net.hosts[h].name))
                })?
            } else {
                1.0
            };
            Ok(Some(HostShare {
                slowdown: fx.slowdown[i],
                p_share,
            }))
        })
        .collect()
}

/// Puts the host back into the report of the stretched network: CPU times
/// instead of stretched ones, the host figures, the methods, the bottleneck.
fn patch(net: &Network, fx: &Fixed, exact: bool, report: &mut SolveReport) {
    let stable = report.status == Status::Stable;
    for (h, host) in net.hosts.iter().enumerate() {
        let on = net.stations_on_host(h);
        let saturated = fx.load[h] >= SATURATION_THRESHOLD;
        for &i in &on {
            let st = &net.stations[i];
            let Some(s) = report.stations.get_mut(&st.name) else {
                continue;
            };
            s.mean_service_ms = fx.flows.mean_service(net, i) * MS;
            if !stable {
                // No slowdown exists: the station's own CPU load per thread.
                let per = s.servers.map_or(1.0, f64::from);
                let u = s.arrival_rate_rps * s.mean_service_ms / MS / per;
                s.utilization = u;
                s.offered_utilization = u;
            }
            for (k, v) in st.visits.iter().enumerate() {
                if let (Some(v), Some(c)) = (v, s.classes.get_mut(&net.classes[k].name)) {
                    c.mean_service_ms = v.service.mean * MS;
                }
            }
            s.method = if saturated {
                format!(
                    "saturated (host {} at CPU load {:.4} of {} cores)",
                    host.name, fx.load[h], host.cores
                )
            } else if !stable {
                s.method.clone()
            } else if st.servers == Servers::Infinite {
                format!(
                    "M/G/c-PS on host {} ({} cores, slowdown ×{:.4}), {}",
                    host.name,
                    host.cores,
                    fx.slowdown[i],
                    if exact {
                        "exact mean (BCMP product form)"
                    } else {
                        "approx."
                    }
                )
            } else {
                format!(
                    "threads on host {} ({} cores, slowdown ×{:.4}): {} on the stretched \
                     service, approx.",
                    host.name, host.cores, fx.slowdown[i], s.method
                )
            };
        }
        report.hosts.insert(
            host.name.clone(),
            HostReport {
                cores: host.cores,
                stations: on.iter().map(|&i| net.stations[i].name.clone()).collect(),
                arrival_rate_rps: fx.rate[h],
                mean_cpu_ms: if fx.rate[h] > 0.0 {
                    fx.load[h] * f64::from(host.cores) / fx.rate[h] * MS
                } else {
                    0.0
                },
                utilization: fx.load[h],
                slowdown: (!saturated).then(|| {
                    // CPU time stretch, weighted by each station's work.
                    let (mut w, mut fw) = (0.0, 0.0);
                    for &i in &on {
                        let wi = fx.flows.total(i)
                            * (1.0 - fx.flows.blocking[i])
                            * fx.flows.mean_service(net, i);
                        w += wi;
                        fw += wi * fx.slowdown[i];
                    }
                    if w > 0.0 { fw / w } else { 1.0 }
                }),
                method: if saturated {
                    "saturated (CPU load ≥ 1)".into()
                } else if exact {
                    "M/G/c-PS exact mean (insensitive; BCMP product form)".into()
                } else {
                    "M/G/c-PS slowdown per station from mean populations, approx. (thread \
                     limits, or arrivals not Poisson)"
                        .into()
                },
            },
        );
        if saturated {
            report.saturated_hosts.push(host.name.clone());
        }
    }
    // The bottleneck: the busiest host, when it is busier than every
    // station with servers of its own (or there is none).
    let busiest = (0..net.hosts.len()).max_by(|&a, &b| fx.load[a].total_cmp(&fx.load[b]));
    if let Some(h) = busiest {
        let finite = report.stations.values().any(|s| s.servers.is_some());
        if !finite || fx.load[h] >= report.network.bottleneck_utilization {
            report.network.bottleneck = format!("host {}", net.hosts[h].name);
            report.network.bottleneck_utilization = fx.load[h];
        }
    }
    if stable {
        let m = &report.network.sojourn_method;
        let m = match m.strip_prefix("exact") {
            Some(rest) => format!("approx.{rest}"),
            None => m.clone(),
        };
        report.network.sojourn_method = format!(
            "{m}; a visit on a shared host is its own CPU work plus a wait for the cores \
             (none with probability 1 − Erlang C, else exponential; mean (slowdown − 1) × work)"
        );
    }
}

/// The factor by which all external arrivals can grow before some host's
/// CPU load, or some station's thread load (service stretched by its host),
/// reaches 1; `None` when nothing can saturate.
pub(super) fn max_arrival_scale(net: &Network) -> Result<Option<f64>, Error> {
    let peak = |scale: f64| -> Result<f64, Error> {
        let scaled = net.scaled(scale);
        let fx = fixed_point(&scaled)?;
        let hosts = fx.load.iter().copied().fold(0.0, f64::max);
        if hosts >= SATURATION_THRESHOLD {
            // Past 1 by a margin, so that the search sees the sign.
            return Ok(hosts + 1.0);
        }
        let solver = Solver::new(&fx.stretched);
        let stations = (0..net.stations.len())
            .filter(|&i| {
                let st = &net.stations[i];
                matches!(st.servers, Servers::Finite(_)) && st.capacity.is_none()
            })
            .map(|i| solver.offered_utilization(&fx.flows, i))
            .fold(0.0, f64::max);
        Ok(hosts.max(stations))
    };
    let base = peak(1.0)?;
    if base <= 0.0 {
        return Ok(None);
    }
    // Stretching only adds load, so the peak reaches 1 at or before the
    // scale where a linear one would (1/base) unless blocking holds it back.
    let (mut lo, mut hi) = (0.0, 1.0 / base);
    while peak(hi)? < 1.0 {
        lo = hi;
        hi *= 2.0;
        if hi > 1e12 {
            return Ok(None);
        }
    }
    // Illinois steps on 1 − peak(scale); a failed evaluation ends the search.
    let mut failed = None;
    let scale = regula_falsi(
        |x| match peak(x) {
            Ok(p) => 1.0 - p,
            Err(e) => {
                failed.get_or_insert(e);
                0.0
            }
        },
        lo,
        hi,
        1e-12,
    );
    match failed {
        Some(e) => Err(e),
        None => Ok(Some(scale)),
    }
}
