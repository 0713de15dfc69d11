//! Checking one configuration at one load against every SLO.
//!
//! Limits, named as in the report:
//! - `utilization`: a pool's offered utilization above the SLO maximum (or a
//!   station saturated);
//! - `p95`: the API p95 above the SLO;
//! - `connections`: app and worker instances × pool size above a database's
//!   max connections, or blocking above the SLO error rate;
//! - `round_trip`: the inter-region round trips alone put the API p95 above
//!   the SLO, whatever the capacity;
//! - `n_minus_1`: with one instance of a compute pool lost, the remaining
//!   instances would run above [`N_MINUS_1_MAX_UTILIZATION`] (checked when
//!   the profile asks; a single-instance pool always fails it);
//! - `replication_lag`: a read replica's mean lag (its single-process apply
//!   station, [`super::replication`]) above `slo.max_replication_lag`.
//!
//! Utilization, connection arithmetic, round trips and N−1 are computed
//! without solving (utilization law: demand × slowdown / servers); the
//! network is solved for the p95 and blocking only when those pass, or when
//! a full report is wanted.
//!
//! The API p95 is the 95th percentile of the mixture of the API classes'
//! sojourn distributions (reads, searches, writes from every region,
//! weighted by their admitted rates), from the solver's composed laws
//! ([`crate::solve::distribution`]): no per-class fit, so the mixture's
//! quantile always lies between the classes' own. The error rate is the share
//! of all API requests refused anywhere in the network.

use serde::Serialize;

use crate::error::Error;
use crate::solve::distribution::Sojourns;
use crate::solve::{SolveReport, Status, analyze};

use super::layout::{Choice, Layout, Node, servers_per_instance};
use super::load::Load;
use super::network::{Built, build, build_unqueued, connections_allowed, connections_held};

/// The SLO limits a configuration can break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// A component above the maximum utilization.
    Utilization,
    /// API p95 above the SLO.
    P95,
    /// Connection limit exceeded, or blocking above the error-rate SLO.
    Connections,
    /// The region round trip alone breaks the p95.
    RoundTrip,
    /// Fails after losing one instance.
    #[serde(rename = "n_minus_1")]
    NMinus1,
    /// A read replica's replication lag above the SLO.
    ReplicationLag,
}

impl Limit {
    /// Name as in the report.
    pub fn name(self) -> &'static str {
        match self {
            Limit::Utilization => "utilization",
            Limit::P95 => "p95",
            Limit::Connections => "connections",
            Limit::RoundTrip => "round_trip",
            Limit::NMinus1 => "n_minus_1",
            Limit::ReplicationLag => "replication_lag",
        }
    }
}

/// Severity given to breaks that no amount of load reduction fixes.
pub const UNFIXABLE: f64 = 1e6;

/// One broken SLO.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The component (pool or station name) at fault.
    pub component: String,
    /// Which limit.
    pub limit: Limit,
    /// How far past the limit: value / allowed (> 1).
    pub severity: f64,
}

/// The result of checking one configuration at one load.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Broken SLOs, most severe first; empty when every SLO holds.
    pub violations: Vec<Violation>,
    /// API p95, seconds; `None` when a station is saturated.
    pub api_p95: Option<f64>,
    /// The busiest pool and its offered utilization.
    pub busiest: Option<(String, f64)>,
    /// Share of API requests refused anywhere (0..1); `None` when saturated
    /// or not solved.
    pub error_rate: Option<f64>,
    /// The read replica pool with the largest mean replication lag and that
    /// lag, seconds (`None` for the lag when its replay cannot keep up);
    /// `None` without replicas.
    pub replication_lag: Option<(String, Option<f64>)>,
}

impl Evaluation {
    /// Whether every SLO holds.
    pub fn ok(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Highest utilization of a compute pool after losing one instance: queues
/// stay bounded and requests are served, slower, until it is replaced.
pub const N_MINUS_1_MAX_UTILIZATION: f64 = 0.9;

/// Offered utilization of pool `p` under `config` at `load`: its work
/// (stretched by the USL slowdown) over its servers; for pools sharing a
/// machine, the machine's load (all their work over its cores) for the
/// first of them and 0 for the others.
pub fn pool_utilization(layout: &Layout<'_>, config: &[Choice], p: usize, load: &Load) -> f64 {
    // Pools sharing a machine (`current.colocate`): the machine's load is
    // its first pool's.
    if let Some(u) = super::network::host_utilization(layout, config, p, load) {
        return u;
    }
    let comp = layout.component(p);
    let ch = config[p];
    let mut servers =
        ch.count * servers_per_instance(comp.kind, layout.profile, layout.prices, ch.size);
    if comp.kind.holds_connections() && !comp.pooler {
        let k = connections_allowed(layout, config, p)
            .min(connections_held(layout, config, p))
            .max(1);
        servers = servers.min(u32::try_from(k).unwrap_or(u32::MAX));
    }
    let demand = layout.demand_per_user[p] * load.users * comp.usl_slowdown(ch.count);
    if servers == 0 && demand > 0.0 {
        // A pool scaled to zero that has work cannot do it.
        return f64::INFINITY;
    }
    demand / f64::from(servers.max(1))
}

/// Severity of a replica whose replay cannot keep up at all: large but
/// finite, and fixable by less load.
const SATURATED_LAG_SEVERITY: f64 = 1e3;

/// The worst replica lag of `config` at `load` and the violation it makes.
fn replication_check(
    layout: &Layout<'_>,
    config: &[Choice],
    load: &Load,
) -> (Option<(String, Option<f64>)>, Option<Violation>) {
    let slo = layout.profile.slo.max_replication_lag;
    let mut worst: Option<(String, Option<f64>, f64)> = None;
    for a in super::replication::apply_stations(layout, config, load) {
        let lag = a.lag();
        let severity = match lag {
            Some(l) => l / slo,
            None => SATURATED_LAG_SEVERITY * a.utilization().max(1.0),
        };
        if worst.as_ref().is_none_or(|w| severity > w.2) {
            worst = Some((layout.pools[a.pool].name.clone(), lag, severity));
        }
    }
    let violation = worst.as_ref().filter(|w| w.2 > 1.0).map(|w| Violation {
        component: w.0.clone(),
        limit: Limit::ReplicationLag,
        severity: w.2,
    });
    (worst.map(|w| (w.0, w.1)), violation)
}

/// Checks `config` at `load` against the profile's SLOs. With `full`, the
/// network is always solved (for the p95 and busiest figures); without, it
/// is solved only when the checks that need no solving pass.
pub fn evaluate(
    layout: &Layout<'_>,
    config: &[Choice],
    load: &Load,
    full: bool,
) -> Result<Evaluation, Error> {
    let slo = layout.profile.slo;
    let mut violations = Vec::new();
    // Connection arithmetic needs no solving.
    for p in 0..layout.pools.len() {
        let comp = layout.component(p);
        if comp.kind.holds_connections() && !comp.pooler {
            let held = connections_held(layout, config, p);
            let allowed = layout.connection_budget(config, p);
            if held > allowed {
                violations.push(Violation {
                    component: layout.pools[p].name.clone(),
                    limit: Limit::Connections,
                    severity: held as f64 / allowed as f64,
                });
            }
        }
    }
    let rtt = round_trip_p95(layout, load);
    if let Some((region, p95)) = &rtt
        && *p95 > slo.api_p95
    {
        violations.push(Violation {
            component: format!("wan@{region}"),
            limit: Limit::RoundTrip,
            severity: p95 / slo.api_p95,
        });
    }
    let (replication_lag, lag_violation) = replication_check(layout, config, load);
    violations.extend(lag_violation);
    let mut busiest: Option<(String, f64)> = None;
    for p in 0..layout.pools.len() {
        if layout.demand_per_user[p] <= 0.0 {
            continue;
        }
        let u = pool_utilization(layout, config, p, load);
        if busiest.as_ref().is_none_or(|b| u > b.1) {
            busiest = Some((layout.pools[p].name.clone(), u));
        }
        if u > slo.max_utilization {
            violations.push(Violation {
                component: layout.pools[p].name.clone(),
                limit: Limit::Utilization,
                severity: u / slo.max_utilization,
            });
        }
        if slo.survive_instance_loss && layout.component(p).kind.n_minus_1_applies() {
            let n = config[p].count;
            let after = if n <= 1 {
                f64::INFINITY
            } else {
                let mut less = config.to_vec();
                less[p].count -= 1;
                pool_utilization(layout, &less, p, load)
            };
            if after > N_MINUS_1_MAX_UTILIZATION {
                violations.push(Violation {
                    component: layout.pools[p].name.clone(),
                    limit: Limit::NMinus1,
                    severity: if after.is_finite() {
                        after / N_MINUS_1_MAX_UTILIZATION
                    } else {
                        UNFIXABLE
                    },
                });
            }
        }
    }
    let mut api_p95 = None;
    let mut error_rate = None;
    if full || violations.is_empty() {
        let built = build(layout, config, load);
        let (report, sojourns) = analyze(&built.network)?;
        let (p95, err) = slo_figures(layout, &built, &report, sojourns.as_ref());
        api_p95 = p95;
        error_rate = err;
        // The error-rate SLO is about requests, network-wide: the share of
        // API requests refused, named after the station refusing most.
        if let Some(e) = err
            && e > slo.max_error_rate
        {
            violations.push(Violation {
                component: most_refusing(&built, &report),
                limit: Limit::Connections,
                severity: e / slo.max_error_rate.max(1e-12),
            });
        }
        // A p95 breach the round trips alone explain is reported as such.
        let rtt_breaks = rtt.as_ref().is_some_and(|r| r.1 > slo.api_p95);
        if let Some(p) = api_p95
            && p > slo.api_p95
            && !rtt_breaks
        {
            violations.push(Violation {
                component: slowest_station(&built, &report),
                limit: Limit::P95,
                severity: p / slo.api_p95,
            });
        }
    }
    violations.sort_by(|a, b| b.severity.total_cmp(&a.severity));
    Ok(Evaluation {
        violations,
        api_p95,
        busiest,
        error_rate,
        replication_lag,
    })
}

/// The API p95 (seconds) and the share of API requests refused; each
/// `None` when saturated.
fn slo_figures(
    layout: &Layout<'_>,
    built: &Built,
    report: &SolveReport,
    sojourns: Option<&Sojourns>,
) -> (Option<f64>, Option<f64>) {
    let (mut arriving, mut completed) = (0.0, 0.0);
    let mut weights = Vec::new();
    for (k, cr) in report.network.classes.values().enumerate() {
        let route = &layout.routes[built.routes[k]];
        if !route.kind.is_api() {
            continue;
        }
        arriving += cr.arrival_rate_rps;
        completed += cr.throughput_rps.unwrap_or(0.0);
        weights.push(k);
    }
    let (Some(sojourns), Status::Stable) = (sojourns, report.status) else {
        return (None, None);
    };
    let weights: Vec<(usize, f64)> = weights
        .into_iter()
        .map(|k| (k, sojourns.admitted(k)))
        .collect();
    let error_rate = if arriving > 0.0 {
        Some((1.0 - completed / arriving).clamp(0.0, 1.0))
    } else {
        Some(0.0)
    };
    if weights.is_empty() {
        return (Some(0.0), error_rate);
    }
    let p95 = sojourns.planning_quantile(&weights, 0.95);
    (p95, error_rate)
}

/// The station refusing the largest share of its arrivals (for naming an
/// error-rate breach).
fn most_refusing(built: &Built, report: &SolveReport) -> String {
    report
        .stations
        .values()
        .enumerate()
        .filter_map(|(i, st)| st.blocking_probability.map(|b| (i, b)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| built.network.stations[i].name.clone())
        .unwrap_or_default()
}

/// The station contributing most to API response time (for naming a p95
/// breach): the largest rate-weighted mean response among pools.
fn slowest_station(built: &Built, report: &SolveReport) -> String {
    report
        .stations
        .iter()
        .enumerate()
        .filter(|(i, _)| !matches!(built.nodes[*i], Node::Wan(_)))
        .map(|(_, (name, st))| {
            (
                name,
                st.mean_response_ms.unwrap_or(0.0) * st.visits_per_request,
            )
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(n, _)| n.clone())
        .unwrap_or_default()
}

/// The API p95 with no queueing anywhere (every pool an infinite-server
/// station at base service times), seconds: no configuration is faster. The
/// class mix is fixed, so it does not depend on the load.
pub fn unqueued_p95(layout: &Layout<'_>) -> Result<Option<f64>, Error> {
    let load = Load::at(layout.profile, layout.profile.users.monthly_active);
    let built = build_unqueued(layout, &load);
    let (report, sojourns) = analyze(&built.network)?;
    Ok(slo_figures(layout, &built, &report, sojourns.as_ref()).0)
}

/// The pool doing the most API work per request (for naming a p95 that no
/// size fixes).
pub fn slowest_pool(layout: &Layout<'_>) -> String {
    let unit = Load::at(layout.profile, 1.0);
    let mut work = vec![0.0; layout.pools.len()];
    for r in layout.routes.iter().filter(|r| r.kind.is_api()) {
        for v in &r.visits {
            if let Node::Pool(p) = v.node {
                work[p] += unit.rate(r.kind) * r.share * v.probability * v.work.mean;
            }
        }
    }
    work.iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(p, _)| layout.pools[p].name.clone())
        .unwrap_or_default()
}

/// The p95 of API requests from the round trips alone, with the region that
/// sets it; `None` without round trips.
pub fn round_trip_p95(layout: &Layout<'_>, load: &Load) -> Option<(String, f64)> {
    let mut mass: Vec<(f64, f64, usize)> = Vec::new();
    let mut total = 0.0;
    for r in &layout.routes {
        if !r.kind.is_api() {
            continue;
        }
        let rate = load.rate(r.kind) * r.share;
        if rate <= 0.0 {
            continue;
        }
        total += rate;
        let wan = r.visits.iter().find_map(|v| match v.node {
            Node::Wan(_) => Some((v.work.mean, v.probability)),
            _ => None,
        });
        if let Some((rtt, p)) = wan {
            mass.push((rtt, rate * p, r.region));
        }
    }
    if mass.is_empty() || total <= 0.0 {
        return None;
    }
    // Smallest delay d with P(delay ≤ d) ≥ 95%; requests without a round trip
    // have delay 0.
    mass.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut above = 0.0;
    for (rtt, w, region) in &mass {
        above += w;
        if above / total > 0.05 {
            return Some((layout.profile.regions[*region].name.clone(), *rtt));
        }
    }
    Some((layout.profile.regions[mass[0].2].name.clone(), 0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::current::{current_config, current_tier};
    use crate::catalog::embedded_catalog;
    use crate::network::Discipline;
    use crate::profile::profile_from_str;
    use crate::solve::solve;

    const MONOLITH: &str = "users:\n  monthly_active: 100k\ncurrent:\n  tier: monolith\n  components:\n    app: {size: c7g.xlarge}\n    db: {size: db.m7g.large}\n";

    fn with_profile<T>(text: &str, f: impl FnOnce(&Layout<'_>, &[Choice]) -> T) -> T {
        let p = profile_from_str("app.yaml", text).unwrap();
        let cat = embedded_catalog().unwrap();
        let t = current_tier(&p, &cat).unwrap();
        let layout = Layout::new(&cat.tiers[t], &p, &cat.prices);
        let config = current_config(&layout).unwrap();
        f(&layout, &config)
    }

    #[test]
    fn compute_pools_share_their_cpus_and_databases_queue() {
        with_profile(MONOLITH, |layout, config| {
            let load = Load::at(layout.profile, 100_000.0);
            let b = build(layout, config, &load);
            let by_name = |n: &str| {
                b.network
                    .stations
                    .iter()
                    .find(|s| s.name == n)
                    .unwrap()
                    .discipline
            };
            assert_eq!(by_name("app"), Discipline::Ps);
            assert_eq!(by_name("db"), Discipline::Fcfs);
            // Without queueing every pool is a delay, which is always FCFS.
            let u = build_unqueued(layout, &load);
            assert!(
                u.network
                    .stations
                    .iter()
                    .all(|s| s.discipline == Discipline::Fcfs)
            );
        });
    }

    #[test]
    fn api_p95_lies_between_the_api_classes_p95() {
        with_profile(MONOLITH, |layout, config| {
            for users in [100_000.0, 400_000.0, 700_000.0] {
                let load = Load::at(layout.profile, users);
                let e = evaluate(layout, config, &load, true).unwrap();
                let b = build(layout, config, &load);
                let r = solve(&b.network).unwrap();
                if r.status != Status::Stable {
                    assert_eq!(e.api_p95, None);
                    continue;
                }
                let class_p95: Vec<f64> = r
                    .network
                    .classes
                    .values()
                    .enumerate()
                    .filter(|(k, _)| layout.routes[b.routes[*k]].kind.is_api())
                    .map(|(_, c)| c.p95_sojourn_ms.unwrap() / 1000.0)
                    .collect();
                let p95 = e.api_p95.unwrap();
                let lo = class_p95.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = class_p95.iter().copied().fold(0.0, f64::max);
                // Planning accuracy: 1e-3 where a quantile sits on a jump.
                assert!(
                    p95 >= lo * (1.0 - 1e-3) && p95 <= hi * (1.0 + 1e-3),
                    "{users} users: API p95 {p95} s outside the classes' [{lo}, {hi}]"
                );
            }
        });
    }

    #[test]
    fn error_rate_is_the_share_of_api_requests_refused() {
        // A pool of 1 connection per app instance: the database refuses.
        let text = format!("{MONOLITH}database:\n  pool_per_instance: 1\n");
        with_profile(&text, |layout, config| {
            let load = Load::at(layout.profile, 100_000.0);
            let e = evaluate(layout, config, &load, true).unwrap();
            let b = build(layout, config, &load);
            let r = solve(&b.network).unwrap();
            let (mut arriving, mut done) = (0.0, 0.0);
            for (k, c) in r.network.classes.values().enumerate() {
                if layout.routes[b.routes[k]].kind.is_api() {
                    arriving += c.arrival_rate_rps;
                    done += c.throughput_rps.unwrap();
                }
            }
            let want = 1.0 - done / arriving;
            let got = e.error_rate.unwrap();
            assert!((got - want).abs() <= 1e-12, "{got} vs {want}");
            let breach = e
                .violations
                .iter()
                .filter(|v| v.limit == Limit::Connections && v.component == "db")
                .count();
            assert_eq!(
                breach,
                usize::from(want > layout.profile.slo.max_error_rate)
            );
        });
    }
}
