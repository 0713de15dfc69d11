//! Replication lag: every read replica applies the primary's write stream
//! in one process (PostgreSQL's startup process replays WAL alone), so a
//! replica is a single-server station fed by the row changes of every write
//! request and job that reaches the primary, whatever the replica's vCPUs.
//!
//! Per replica pool, at load λ (requests a second reaching the database):
//! write requests of `work.db_writes_per_write` row changes and jobs of
//! `work.db_writes_per_job`, each applied at the replica size's
//! `apply_per_second` (price sheet), a deterministic time per row change,
//! so the station is M/G/1 with a two-point service law (M/D/1 when only
//! one kind writes). Its mean sojourn, Pollaczek–Khinchine,
//! W = λ·E[S²] / (2(1 − ρ)) + E[S], is the mean replication lag checked
//! against `slo.max_replication_lag`. With the primary in S shards each
//! replica follows one shard's stream: λ / S.
//!
//! The station is not part of the request network (no request waits for
//! it), so the network `assess` solves leaves it out; the exported network
//! (`assess --network`) adds it, one `apply@<pool>` station per replica
//! pool, so `planner solve` and `planner simulate` can check the lag.

use crate::catalog::ComponentKind;
use crate::network::{Arrival, Class, ClassAtStation, Discipline, Network, Servers, Station};
use crate::queue::dist::{Distribution, ServiceTime};

use super::layout::{Choice, Layout, Node};
use super::load::Load;

/// The apply station of one replica pool.
#[derive(Debug, Clone, PartialEq)]
pub struct Apply {
    /// Pool index.
    pub pool: usize,
    /// Write requests a second applied, after sharding.
    pub writes_rps: f64,
    /// Jobs a second applied, after sharding.
    pub jobs_rps: f64,
    /// Apply time of one write request, seconds.
    pub write_s: f64,
    /// Apply time of one job, seconds.
    pub job_s: f64,
}

impl Apply {
    /// Utilization of the replay process.
    pub fn utilization(&self) -> f64 {
        self.writes_rps * self.write_s + self.jobs_rps * self.job_s
    }

    /// Mean replication lag, seconds (Pollaczek–Khinchine sojourn); `None`
    /// when the replay process cannot keep up (ρ ≥ 1).
    pub fn lag(&self) -> Option<f64> {
        let lambda = self.writes_rps + self.jobs_rps;
        if lambda <= 0.0 {
            return Some(0.0);
        }
        let rho = self.utilization();
        if rho >= 1.0 {
            return None;
        }
        let mean = rho / lambda;
        let second =
            (self.writes_rps * self.write_s.powi(2) + self.jobs_rps * self.job_s.powi(2)) / lambda;
        Some(lambda * second / (2.0 * (1.0 - rho)) + mean)
    }
}

/// Write requests and jobs a second reaching a database primary of
/// `layout` at `load`.
fn primary_streams(layout: &Layout<'_>, load: &Load) -> (f64, f64) {
    let (mut writes, mut jobs) = (0.0, 0.0);
    for r in &layout.routes {
        let reach = r
            .visits
            .iter()
            .find(|v| {
                matches!(v.node, Node::Pool(p) if layout.component(p).kind == ComponentKind::Database)
            })
            .map_or(0.0, |v| v.probability);
        let rate = load.rate(r.kind) * r.share * reach;
        if r.kind == crate::catalog::ClassKind::Write {
            writes += rate;
        } else if r.kind.is_job() {
            jobs += rate;
        }
    }
    (writes, jobs)
}

/// The apply station of every replica pool of `layout` under `config` at
/// `load` (empty for tiers without replicas).
pub fn apply_stations(layout: &Layout<'_>, config: &[Choice], load: &Load) -> Vec<Apply> {
    let replicas: Vec<usize> = (0..layout.pools.len())
        .filter(|&p| layout.component(p).kind == ComponentKind::Replicas)
        .collect();
    if replicas.is_empty() {
        return Vec::new();
    }
    let (writes, jobs) = primary_streams(layout, load);
    let shards = (0..layout.pools.len())
        .filter(|&p| layout.component(p).kind == ComponentKind::Database)
        .map(|p| config[p].count)
        .max()
        .unwrap_or(1)
        .max(1);
    let shards = f64::from(shards);
    let work = &layout.profile.work;
    replicas
        .into_iter()
        .map(|p| {
            let rate = layout.prices.instances[config[p].size].apply_per_second;
            Apply {
                pool: p,
                writes_rps: writes / shards,
                jobs_rps: jobs / shards,
                write_s: work.db_writes_per_write / rate,
                job_s: work.db_writes_per_job / rate,
            }
        })
        .collect()
}

/// The largest `work.db_writes_per_write` (row changes per write request)
/// with which every replica's mean lag stays within the SLO under `config`
/// at `load`, to the nearest 0.1; `None` when even 0 does not (jobs alone
/// break it).
pub fn max_writes_per_write(layout: &Layout<'_>, config: &[Choice], load: &Load) -> Option<f64> {
    let slo = layout.profile.slo.max_replication_lag;
    let stations = apply_stations(layout, config, load);
    let fits = |n: f64| {
        stations.iter().all(|a| {
            let rate = layout.prices.instances[config[a.pool].size].apply_per_second;
            Apply {
                write_s: n / rate,
                ..a.clone()
            }
            .lag()
            .is_some_and(|l| l <= slo)
        })
    };
    if !fits(0.0) {
        return None;
    }
    let (mut lo, mut hi) = (0.0, 1.0);
    while fits(hi) && hi < 1e6 {
        lo = hi;
        hi *= 2.0;
    }
    while hi - lo > 0.05 {
        let mid = 0.5 * (lo + hi);
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some((lo * 10.0).floor() / 10.0)
}

/// Adds the apply stations of `config` at `load` to `network` (one
/// FCFS single-server station `apply@<pool>` per replica pool, one class
/// `wal@<pool>` for write requests and one `wal-jobs@<pool>` for jobs, with
/// deterministic apply times), for `planner solve` and `planner simulate`
/// to check the lag.
pub fn add_apply_stations(
    layout: &Layout<'_>,
    config: &[Choice],
    load: &Load,
    network: &mut Network,
) {
    for a in apply_stations(layout, config, load) {
        let pool = &layout.pools[a.pool].name;
        let station = network.stations.len();
        let mut classes = Vec::new();
        for (name, rate, s) in [
            (format!("wal@{pool}"), a.writes_rps, a.write_s),
            (format!("wal-jobs@{pool}"), a.jobs_rps, a.job_s),
        ] {
            if rate > 0.0 && s > 0.0 {
                classes.push((name, rate, s));
            }
        }
        if classes.is_empty() {
            continue;
        }
        let before = network.classes.len();
        for st in &mut network.stations {
            st.visits.extend(std::iter::repeat_n(None, classes.len()));
        }
        let mut visits = vec![None; before];
        for (name, rate, s) in classes {
            visits.push(Some(ClassAtStation {
                service: ServiceTime {
                    distribution: Distribution::Deterministic,
                    mean: s,
                    cv: 0.0,
                },
                routes: Vec::new(),
            }));
            network.classes.push(Class {
                name,
                arrivals: vec![Arrival { rate, station }],
                clients: None,
            });
        }
        network.stations.push(Station {
            name: format!("apply@{pool}"),
            servers: Servers::Finite(1),
            capacity: None,
            discipline: Discipline::Fcfs,
            visits,
            host: None,
        });
    }
}
