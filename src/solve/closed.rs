//! Networks with clients (closed classes), alone or mixed with open
//! classes: Mean Value Analysis.
//!
//! - One closed class and no open class: exact MVA, a multi-server station
//!   as a load-dependent one (completion rate `min(j, c)/D`), exact for
//!   product-form networks (Reiser & Lavenberg 1980; Lazowska et al. 1984,
//!   ch. 6 and ch. 8).
//! - Several closed classes: exact multiclass MVA over the population
//!   lattice when it is small, Linearizer (Chandy & Neuse 1982) otherwise;
//!   a multi-server station by Seidmann's approximation (a queue with
//!   demand `D/c` followed by a delay `D(c − 1)/c`).
//! - Open classes beside closed ones: the standard mixed method
//!   (Lazowska et al. 1984, §7.4): the open classes' utilization `U_o` at
//!   each queueing station is fixed by their rates; the closed classes see
//!   it as a slower station (demand `D/(1 − U_o)`, or the load-dependent
//!   rates scaled by `1 − U_o`); each open class then has
//!   `R = D(1 + Q_closed)/(1 − U_o)` per queueing station.
//!
//! Means only: MVA gives no response-time distribution, so no percentile is
//! given for a network with clients (the report says why).

use super::traffic;
use crate::error::Error;
use crate::network::{Arrival, Discipline, Network, Servers};
use crate::queue::dist::Distribution;
use crate::queue::mva::{
    MvaStation, fn_rate::Rate, mva_exact, mva_exact_multiclass, mva_linearizer, mva_schweitzer,
};

/// Offered open utilization at or above this saturates a station.
const SATURATION_THRESHOLD: f64 = 1.0 - 1e-9;
/// Most `population × population × load-dependent stations` steps of exact
/// single-class MVA; beyond, multi-server stations use Seidmann's
/// approximation (the load-dependent recursion is quadratic in the
/// population).
const MAX_LOAD_DEPENDENT_WORK: f64 = 2e8;
/// Most `lattice points × stations × classes` for exact multiclass MVA;
/// beyond, Linearizer.
const MAX_LATTICE_WORK: f64 = 2e7;
/// Most lattice points of exact multiclass MVA (its own limit).
const MAX_LATTICE: f64 = 1e6;

/// A figure per class and station, `[class][station]`.
type PerClass = Vec<Vec<f64>>;

/// The MVA solution of a network with clients, in seconds and 1/s.
#[derive(Debug, Clone)]
pub(super) struct MixedSolution {
    /// Throughput of each class (requests per second; for a closed class
    /// the rate its clients send requests, one per cycle).
    pub throughput: Vec<f64>,
    /// `rate[c][k]`: visits of class c to station k per second.
    pub rate: Vec<Vec<f64>>,
    /// `queue[c][k]`: mean number of class-c requests at station k.
    pub queue: Vec<Vec<f64>>,
    /// Open utilization per server at each station (0 at delays).
    pub open_utilization: Vec<f64>,
    /// Stations where the open classes alone reach utilization 1.
    pub saturated: Vec<usize>,
    /// How each station was treated.
    pub station_method: Vec<String>,
    /// How the network was solved, and whether exactly.
    pub method: String,
}

/// Solves a network with clients by MVA (mixed with its open classes).
/// `approximate` forces Linearizer for several closed classes whatever the
/// size of their population lattice (to check it against the exact
/// recursion).
#[allow(clippy::needless_range_loop, reason = "class and station indices")]
pub(super) fn solve_mixed(net: &Network, approximate: bool) -> Result<MixedSolution, Error> {
    let n_st = net.stations.len();
    let n_cl = net.classes.len();
    let (rate_open, visits) = visit_ratios(net)?;
    let service = |c: usize, k: usize| -> f64 {
        net.stations[k].visits[c]
            .as_ref()
            .map_or(0.0, |v| v.service.mean)
    };
    let closed: Vec<usize> = (0..n_cl)
        .filter(|&c| net.classes[c].clients.is_some())
        .collect();
    let open: Vec<usize> = (0..n_cl)
        .filter(|&c| net.classes[c].clients.is_none())
        .collect();

    // Open utilization per server.
    let open_utilization: Vec<f64> = (0..n_st)
        .map(|k| match net.stations[k].servers {
            Servers::Finite(m) => {
                open.iter()
                    .map(|&c| rate_open[c][k] * service(c, k))
                    .sum::<f64>()
                    / f64::from(m)
            }
            Servers::Infinite => 0.0,
        })
        .collect();
    let saturated: Vec<usize> = (0..n_st)
        .filter(|&k| open_utilization[k] >= SATURATION_THRESHOLD)
        .collect();
    let mut sol = MixedSolution {
        throughput: vec![0.0; n_cl],
        rate: rate_open.clone(),
        queue: vec![vec![0.0; n_st]; n_cl],
        open_utilization,
        saturated,
        station_method: vec![String::new(); n_st],
        method: String::new(),
    };
    for &c in &open {
        sol.throughput[c] = net.class_rate(c);
    }
    if !sol.saturated.is_empty() {
        sol.method = "none (saturated by the open classes)".into();
        return Ok(sol);
    }

    let demand = |c: usize, k: usize| visits[c][k] * service(c, k);
    let open_u = sol.open_utilization.clone();
    let slow = |k: usize| 1.0 - open_u[k];
    let population = |c: usize| net.classes[c].clients.map_or(0, |cl| cl.population);
    let think = |c: usize| net.classes[c].clients.map_or(0.0, |cl| cl.think);

    // Closed classes.
    let mut notes: Vec<String> = Vec::new();
    let mut exact = product_form(net, &mut notes);
    let mixed = !open.is_empty();
    let mut seidmann = vec![false; n_st];
    let mut core = String::new();
    if let [c] = closed[..] {
        let n = population(c);
        let ld_work: f64 = (0..n_st)
            .filter(|&k| multi_server_queue(net, k, n, open_u[k] > 0.0))
            .count() as f64
            * f64::from(n)
            * f64::from(n);
        let use_seidmann = ld_work > MAX_LOAD_DEPENDENT_WORK;
        let mut columns: Vec<MvaStation> = Vec::new();
        let mut owner: Vec<usize> = Vec::new();
        for k in 0..n_st {
            let d = demand(c, k);
            if net.stations[k].visits[c].is_none() {
                sol.station_method[k] = open_only_label(net, k);
                continue;
            }
            match net.stations[k].servers {
                Servers::Infinite => {
                    columns.push(MvaStation::Delay(d));
                    owner.push(k);
                    sol.station_method[k] = "delay: no queueing".into();
                }
                Servers::Finite(1) => {
                    columns.push(MvaStation::Queueing(d / slow(k)));
                    owner.push(k);
                    sol.station_method[k] = queue_label(sol.open_utilization[k]);
                }
                Servers::Finite(m) if !multi_server_queue(net, k, n, open_u[k] > 0.0) => {
                    // As many servers as clients and no open load: nobody waits.
                    columns.push(MvaStation::Delay(d));
                    owner.push(k);
                    sol.station_method[k] =
                        format!("{m} servers ≥ {n} clients: no queueing (a delay)");
                }
                Servers::Finite(m) if use_seidmann => {
                    seidmann[k] = true;
                    let mf = f64::from(m);
                    columns.push(MvaStation::Queueing(d / mf / slow(k)));
                    columns.push(MvaStation::Delay(d * (mf - 1.0) / mf));
                    owner.extend([k, k]);
                    sol.station_method[k] = seidmann_label(m);
                }
                Servers::Finite(m) => {
                    let rates = (1..=m.min(n.max(1)))
                        .map(|j| f64::from(j) * slow(k) / d.max(f64::MIN_POSITIVE))
                        .collect();
                    if d > 0.0 {
                        columns.push(MvaStation::LoadDependent(Rate { rates }));
                    } else {
                        columns.push(MvaStation::Delay(0.0));
                    }
                    owner.push(k);
                    sol.station_method[k] = if sol.open_utilization[k] > 0.0 {
                        exact = false;
                        format!(
                            "load-dependent, {m} servers at rate min(j, {m})/D slowed by \
                             1 − U_open (approx.)"
                        )
                    } else {
                        format!("load-dependent, {m} servers at rate min(j, {m})/D")
                    };
                }
            }
        }
        let points = mva_exact(&columns, think(c), n).ok_or_else(|| {
            Error::Internal(format!(
                "exact MVA has no solution for class {:?}",
                net.classes[c].name
            ))
        })?;
        let last = points
            .last()
            .ok_or_else(|| Error::Internal("MVA at 0 clients".into()))?;
        sol.throughput[c] = last.throughput;
        for (col, &k) in owner.iter().enumerate() {
            sol.queue[c][k] += last.queue[col];
        }
        core = if use_seidmann {
            exact = false;
            format!(
                "single-class MVA over 1..{n} clients (Reiser & Lavenberg 1980), multi-server \
                 stations by Seidmann's approximation (the load-dependent recursion would be \
                 too long)"
            )
        } else {
            format!("single-class MVA over 1..{n} clients (Reiser & Lavenberg 1980)")
        };
    } else if !closed.is_empty() {
        // Several closed classes over queueing and delay columns.
        let mut delay: Vec<bool> = Vec::new();
        let mut owner: Vec<usize> = Vec::new();
        let mut part: Vec<(usize, f64, bool)> = Vec::new(); // (station, share, queue)
        for k in 0..n_st {
            if closed.iter().all(|&c| net.stations[k].visits[c].is_none()) {
                sol.station_method[k] = open_only_label(net, k);
                continue;
            }
            match net.stations[k].servers {
                Servers::Infinite => {
                    delay.push(true);
                    owner.push(k);
                    part.push((k, 1.0, false));
                    sol.station_method[k] = "delay: no queueing".into();
                }
                Servers::Finite(1) => {
                    delay.push(false);
                    owner.push(k);
                    part.push((k, 1.0 / slow(k), true));
                    sol.station_method[k] = queue_label(sol.open_utilization[k]);
                }
                Servers::Finite(m) => {
                    seidmann[k] = true;
                    exact = false;
                    let mf = f64::from(m);
                    delay.extend([false, true]);
                    owner.extend([k, k]);
                    part.push((k, 1.0 / mf / slow(k), true));
                    part.push((k, (mf - 1.0) / mf, false));
                    sol.station_method[k] = seidmann_label(m);
                }
            }
        }
        let demands: Vec<Vec<f64>> = closed
            .iter()
            .map(|&c| part.iter().map(|&(k, f, _)| demand(c, k) * f).collect())
            .collect();
        let pops: Vec<u32> = closed.iter().map(|&c| population(c)).collect();
        let thinks: Vec<f64> = closed.iter().map(|&c| think(c)).collect();
        let lattice: f64 = pops.iter().map(|&n| f64::from(n) + 1.0).product();
        let work = lattice * delay.len() as f64 * closed.len() as f64;
        let lattice_text = pops
            .iter()
            .map(|n| (n + 1).to_string())
            .collect::<Vec<_>>()
            .join(" × ");
        let result = if work <= MAX_LATTICE_WORK && lattice <= MAX_LATTICE && !approximate {
            core = format!(
                "multiclass MVA over the whole population lattice ({lattice_text} vectors; \
                 Reiser & Lavenberg 1980)"
            );
            mva_exact_multiclass(&demands, &delay, &pops, &thinks)
        } else {
            exact = false;
            core = format!(
                "multiclass MVA by Linearizer (Chandy & Neuse 1982), the lattice \
                 ({lattice_text} vectors) being too large for the full recursion"
            );
            mva_linearizer(&demands, &delay, &pops, &thinks).or_else(|| {
                core = "multiclass MVA by Schweitzer's approximation (1979; Linearizer did \
                        not converge)"
                    .into();
                mva_schweitzer(&demands, &delay, &pops, &thinks)
            })
        }
        .ok_or_else(|| Error::Internal("multiclass MVA did not converge".into()))?;
        for (i, &c) in closed.iter().enumerate() {
            sol.throughput[c] = result.throughput[i];
            for (col, &k) in owner.iter().enumerate() {
                sol.queue[c][k] += result.queue[i][col];
            }
        }
        if seidmann.iter().any(|&b| b) {
            core.push_str("; multi-server stations by Seidmann's approximation");
        }
    }
    for &c in &closed {
        for k in 0..n_st {
            sol.rate[c][k] = sol.throughput[c] * visits[c][k];
        }
    }

    // Open classes, from the closed queue lengths.
    for &c in &open {
        for k in 0..n_st {
            let lambda = rate_open[c][k];
            if lambda <= 0.0 {
                continue;
            }
            let s = service(c, k);
            let closed_q: f64 = closed.iter().map(|&j| sol.queue[j][k]).sum();
            let per_visit = match net.stations[k].servers {
                Servers::Infinite => s,
                Servers::Finite(1) => s * (1.0 + closed_q) / slow(k),
                Servers::Finite(m) if closed_q > 0.0 || seidmann[k] => {
                    exact = false;
                    let mf = f64::from(m);
                    // Seidmann: the closed requests queue at the D/c part
                    // only; their share there is what exceeds the delay part.
                    let closed_delay: f64 = closed
                        .iter()
                        .map(|&j| sol.rate[j][k] * service(j, k) * (mf - 1.0) / mf)
                        .sum();
                    let queued = (closed_q - closed_delay).max(0.0);
                    s / mf * (1.0 + queued) / slow(k) + s * (mf - 1.0) / mf
                }
                Servers::Finite(m) => {
                    open_multi_server(net, &open, &rate_open, k, m, c, &mut exact)?
                }
            };
            sol.queue[c][k] = lambda * per_visit;
        }
    }
    if mixed {
        core = if closed.is_empty() {
            core
        } else {
            format!(
                "mixed MVA (Lazowska et al. 1984, §7.4): open classes slow each queueing \
                 station by 1/(1 − U_open); closed classes by {core}"
            )
        };
    }
    notes.dedup();
    sol.method = if exact {
        format!("exact: {core}")
    } else if notes.is_empty() {
        format!("approx.: {core}")
    } else {
        format!("approx.: {core}; {}", notes.join("; "))
    };
    Ok(sol)
}

/// Whether station `k` (finite servers, more than one) can make some of
/// `n` clients wait: fewer servers than clients, or open load beside them.
fn multi_server_queue(net: &Network, k: usize, n: u32, open_load: bool) -> bool {
    matches!(net.stations[k].servers, Servers::Finite(m) if m > 1 && (m < n || open_load))
}

fn open_only_label(net: &Network, k: usize) -> String {
    match net.stations[k].servers {
        Servers::Infinite => "delay: no queueing (open classes only)".into(),
        Servers::Finite(1) => "open classes only: M/M/1".into(),
        Servers::Finite(m) => format!("open classes only: M/M/{m} (Erlang C)"),
    }
}

fn queue_label(open_u: f64) -> String {
    if open_u > 0.0 {
        "queueing (1 server), slowed by 1/(1 − U_open) for the closed classes".into()
    } else {
        "queueing (1 server)".into()
    }
}

fn seidmann_label(m: u32) -> String {
    format!(
        "{m} servers by Seidmann's approximation (a queue of demand D/{m} and a delay of \
         D·{}/{m}; approx.)",
        m - 1
    )
}

/// Per-visit response of open class `c` at multi-server station `k` that
/// no closed class reaches: M/M/c by Erlang C over the open load, with the
/// rate-weighted mean service (exact for one exponential service time).
fn open_multi_server(
    net: &Network,
    open: &[usize],
    rate_open: &[Vec<f64>],
    k: usize,
    m: u32,
    c: usize,
    exact: &mut bool,
) -> Result<f64, Error> {
    let st = &net.stations[k];
    let mean = |j: usize| st.visits[j].as_ref().map_or(0.0, |v| v.service.mean);
    let lambda: f64 = open.iter().map(|&j| rate_open[j][k]).sum();
    let work: f64 = open.iter().map(|&j| rate_open[j][k] * mean(j)).sum();
    let s_bar = work / lambda;
    let metrics = crate::queue::mmc::mmc(lambda, 1.0 / s_bar, m).ok_or_else(|| {
        Error::Internal(format!(
            "no steady state at stable station {}",
            net.stations[k].name
        ))
    })?;
    let s = mean(c);
    if (s - s_bar).abs() > 1e-12 * s_bar {
        *exact = false;
    }
    Ok(match st.discipline {
        Discipline::Fcfs => metrics.mean_wait + s,
        Discipline::Ps => s * metrics.mean_response / s_bar,
    })
}

/// Visits of each class at each station per second (`rate[c][k]`, open
/// classes at their rates, closed classes per one request per second) and
/// per request (`visits[c][k]`), from the traffic equations.
fn visit_ratios(net: &Network) -> Result<(PerClass, PerClass), Error> {
    let mut unit = net.clone();
    for c in &mut unit.classes {
        if let Some(cl) = c.clients {
            c.arrivals = vec![Arrival {
                rate: 1.0,
                station: cl.station,
            }];
        }
    }
    let plan = traffic::forward_plan(&unit);
    let flows = traffic::solve_flows(&unit, &plan, &|_, _, _| 0.0).map_err(|s| {
        Error::Internal(format!(
            "traffic equations: singular system at station index {}",
            s.unknown
        ))
    })?;
    let n_st = net.stations.len();
    let mut rate = vec![vec![0.0; n_st]; net.classes.len()];
    let mut visits = vec![vec![0.0; n_st]; net.classes.len()];
    for (c, class) in unit.classes.iter().enumerate() {
        let total: f64 = class.arrivals.iter().map(|a| a.rate).sum();
        for k in 0..n_st {
            rate[c][k] = flows.offered[k][c];
            visits[c][k] = if total > 0.0 {
                flows.offered[k][c] / total
            } else {
                0.0
            };
        }
    }
    Ok((rate, visits))
}

/// Whether MVA is exact for these stations (BCMP product form): FCFS
/// stations serve every class with one exponential distribution of one
/// mean; PS and delay stations may have any. Notes each exception.
fn product_form(net: &Network, notes: &mut Vec<String>) -> bool {
    let mut ok = true;
    for st in &net.stations {
        if st.servers == Servers::Infinite || st.discipline == Discipline::Ps {
            continue;
        }
        let v: Vec<_> = st.visits.iter().flatten().collect();
        let exponential = v
            .iter()
            .all(|v| v.service.distribution == Distribution::Exponential);
        let one_mean = v
            .windows(2)
            .all(|w| (w[0].service.mean - w[1].service.mean).abs() <= 1e-12 * w[0].service.mean);
        if !exponential || !one_mean {
            ok = false;
            notes.push(format!(
                "FCFS station {} has {} service: MVA treats it as exponential of the same mean",
                st.name,
                if exponential {
                    "class-dependent"
                } else {
                    "non-exponential"
                }
            ));
        }
    }
    ok
}
