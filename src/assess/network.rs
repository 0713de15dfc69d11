//! Building the open queueing network of one tier, configuration and load.
//!
//! Stations: pools are multi-server stations (instances × servers per
//! instance, ideal balancing) whose service times are stretched by the USL
//! slowdown of their instance count; delay components and the inter-region
//! round trip are infinite-server stations with deterministic times. Compute
//! pools (app, workers, search, media) are processor-sharing stations: a
//! CPU time-slices the requests its threads hold, so a 30 ms request is not
//! held up behind a 2 s job (docs/adr/0003-processor-sharing.md). Databases
//! and caches serve FCFS. A database without a pooler gets a capacity:
//! min(its max connections, the connections its clients' pools hold), so
//! exhausting them shows up as blocking (M/M/c/K).
//!
//! Components that `current.colocate` puts on one machine (in the current
//! tier) share a host: its cores are the first component's instance's
//! vCPUs (× its count); a compute pool on it lets every request present
//! hold a thread (`servers: infinite`), a database keeps its connections as
//! threads (servers = capacity = the connection limit), and every request's
//! CPU work on them is shared by processor sharing of the host's cores.

use crate::catalog::Family;
use crate::network::{
    Arrival, Class, ClassAtStation, Discipline, Host, Network, Route, Servers, Station,
};
use crate::profile::Timed;
use crate::queue::dist::{Distribution, ServiceTime};

use super::layout::{Choice, Layout, Node, colocated, servers_per_instance};
use super::load::Load;

/// A network with the meaning of each station and class.
#[derive(Debug, Clone)]
pub struct Built {
    /// The network to solve.
    pub network: Network,
    /// Per station, where it comes from.
    pub nodes: Vec<Node>,
    /// Per network class, its route index in the layout.
    pub routes: Vec<usize>,
}

/// A service time with the given mean and coefficient of variation.
pub fn service_time(t: Timed) -> ServiceTime {
    let distribution = if t.cv == 0.0 {
        Distribution::Deterministic
    } else if (t.cv - 1.0).abs() < 1e-12 {
        Distribution::Exponential
    } else {
        Distribution::Gamma
    };
    let cv = match distribution {
        Distribution::Exponential => 1.0,
        _ => t.cv,
    };
    ServiceTime {
        distribution,
        mean: t.mean,
        cv,
    }
}

/// How station `node` shares its servers: processor sharing for a compute
/// pool with finite servers (a time-sliced CPU), FCFS otherwise (databases
/// and caches queue requests; delays have no queue).
pub fn discipline_of(layout: &Layout<'_>, node: Node, servers: Servers) -> Discipline {
    match (node, servers) {
        (Node::Pool(p), Servers::Finite(_))
            if layout.component(p).kind.family() == Some(Family::Compute) =>
        {
            Discipline::Ps
        }
        _ => Discipline::Fcfs,
    }
}

/// Connections held against database pool `db` under `config`: the opening
/// pools' instances × the pool size per instance.
pub fn connections_held(layout: &Layout<'_>, config: &[Choice], db: usize) -> u64 {
    layout.openers[db]
        .iter()
        .map(|&a| u64::from(config[a].count) * u64::from(layout.profile.pool_per_instance))
        .sum()
}

/// Connections database pool `db` accepts under `config`.
pub fn connections_allowed(layout: &Layout<'_>, config: &[Choice], db: usize) -> u64 {
    u64::from(config[db].count) * u64::from(layout.max_connections(config[db].size))
}

/// Builds the network of `layout` sized by `config` (one choice per pool)
/// at `load`.
pub fn build(layout: &Layout<'_>, config: &[Choice], load: &Load) -> Built {
    build_with(layout, Some(config), load)
}

/// The network with every pool an infinite-server station at its base
/// service times: no queueing and no USL slowdown, the fastest any
/// configuration could be.
pub fn build_unqueued(layout: &Layout<'_>, load: &Load) -> Built {
    build_with(layout, None, load)
}

fn build_with(layout: &Layout<'_>, config: Option<&[Choice]>, load: &Load) -> Built {
    let prices = layout.prices;
    // Stations in a stable order: the round trips, then components in file
    // order, regions within.
    let mut nodes: Vec<Node> = Vec::new();
    let mut classes: Vec<(usize, f64)> = Vec::new();
    for (ri, r) in layout.routes.iter().enumerate() {
        let rate = load.rate(r.kind) * r.share;
        if rate <= 0.0 {
            continue;
        }
        classes.push((ri, rate));
        for v in &r.visits {
            if !nodes.contains(&v.node) {
                nodes.push(v.node);
            }
        }
    }
    let order = |n: &Node| -> (usize, usize) {
        match *n {
            Node::Wan(r) => (0, r),
            Node::Pool(p) => (
                1 + layout.pools[p].component,
                layout.pools[p].region.unwrap_or(0),
            ),
            Node::Delay(c, r) => (1 + c, r.unwrap_or(0)),
        }
    };
    nodes.sort_by_key(order);
    let index = |n: Node| nodes.iter().position(|m| *m == n).expect("collected above");

    let mut stations: Vec<Station> = nodes
        .iter()
        .map(|&n| {
            let (name, servers, capacity) = match n {
                Node::Wan(r) => (
                    format!("wan@{}", layout.profile.regions[r].name),
                    Servers::Infinite,
                    None,
                ),
                Node::Delay(c, r) => {
                    let comp = &layout.tier.components[c];
                    let name = match r {
                        Some(r) => format!("{}@{}", comp.name, layout.profile.regions[r].name),
                        None => comp.name.clone(),
                    };
                    (name, Servers::Infinite, None)
                }
                Node::Pool(p) if config.is_none() => {
                    (layout.pools[p].name.clone(), Servers::Infinite, None)
                }
                Node::Pool(p) => {
                    let config = config.expect("guarded above");
                    let comp = layout.component(p);
                    let ch = config[p];
                    let servers =
                        ch.count * servers_per_instance(comp.kind, layout.profile, prices, ch.size);
                    let (servers, capacity) = if comp.kind.holds_connections() && !comp.pooler {
                        let k = connections_allowed(layout, config, p)
                            .min(connections_held(layout, config, p))
                            .max(1);
                        let k = u32::try_from(k).unwrap_or(u32::MAX);
                        (servers.min(k), Some(k))
                    } else {
                        (servers, None)
                    };
                    (
                        layout.pools[p].name.clone(),
                        Servers::Finite(servers.max(1)),
                        capacity,
                    )
                }
            };
            Station {
                discipline: discipline_of(layout, n, servers),
                name,
                servers,
                capacity,
                visits: vec![None; classes.len()],
                host: None,
            }
        })
        .collect();

    let hosts = match config {
        Some(config) => share_hosts(layout, config, &nodes, &mut stations),
        None => Vec::new(),
    };

    let mut net_classes = Vec::with_capacity(classes.len());
    let mut route_of = Vec::with_capacity(classes.len());
    for (k, &(ri, rate)) in classes.iter().enumerate() {
        let r = &layout.routes[ri];
        for (j, v) in r.visits.iter().enumerate() {
            let mut work = v.work;
            if let (Node::Pool(p), Some(config)) = (v.node, config) {
                work.mean *= layout.component(p).usl_slowdown(config[p].count);
            }
            let routes = match r.visits.get(j + 1) {
                Some(next) => vec![Route {
                    to: index(next.node),
                    probability: next.probability / v.probability,
                }],
                None => Vec::new(),
            };
            stations[index(v.node)].visits[k] = Some(ClassAtStation {
                service: service_time(work),
                routes,
            });
        }
        net_classes.push(Class {
            name: r.name.clone(),
            arrivals: vec![Arrival {
                rate,
                station: index(r.visits[0].node),
            }],
            clients: None,
        });
        route_of.push(ri);
    }
    Built {
        network: Network {
            stations,
            classes: net_classes,
            hosts,
        },
        nodes,
        routes: route_of,
    }
}

/// Cores of the machine hosting `pools` (its first pool's instances' vCPUs).
fn host_cores(layout: &Layout<'_>, config: &[Choice], pools: &[usize]) -> u32 {
    let ch = config[pools[0]];
    (ch.count * layout.prices.instances[ch.size].vcpu).max(1)
}

/// Utilization of the machine that pool `p` shares under `current.colocate`
/// (all its pools' work, USL-stretched, over its cores) when `p` is the
/// machine's pool (listed first), 0 for the other pools on it (their work
/// is counted on the machine; their own size adds no cores); `None` when
/// `p` shares no machine.
pub fn host_utilization(
    layout: &Layout<'_>,
    config: &[Choice],
    p: usize,
    load: &Load,
) -> Option<f64> {
    let groups = colocated(layout);
    let (_, pools) = groups.iter().find(|g| g.1.contains(&p))?;
    if pools[0] != p {
        return Some(0.0);
    }
    let work: f64 = pools
        .iter()
        .map(|&q| {
            layout.demand_per_user[q]
                * load.users
                * layout.component(q).usl_slowdown(config[q].count)
        })
        .sum();
    Some(work / f64::from(host_cores(layout, config, pools)))
}

/// Puts the stations of colocated pools on their hosts; returns the hosts
/// that some station uses.
fn share_hosts(
    layout: &Layout<'_>,
    config: &[Choice],
    nodes: &[Node],
    stations: &mut [Station],
) -> Vec<Host> {
    let mut hosts = Vec::new();
    for (name, pools) in colocated(layout) {
        let on: Vec<usize> = pools
            .iter()
            .filter_map(|&p| nodes.iter().position(|n| *n == Node::Pool(p)))
            .collect();
        if on.is_empty() {
            continue;
        }
        let h = hosts.len();
        hosts.push(Host {
            name,
            cores: host_cores(layout, config, &pools),
        });
        for i in on {
            let st = &mut stations[i];
            st.host = Some(h);
            if st.discipline == Discipline::Ps {
                // A compute pool: every request present runs on a thread.
                st.servers = Servers::Infinite;
                st.discipline = Discipline::Fcfs;
            } else if let Some(k) = st.capacity {
                // A database: its connections are its threads.
                st.servers = Servers::Finite(k);
            }
        }
    }
    hosts
}
