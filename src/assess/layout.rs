//! The shape of one tier for one profile: its pools (components × regions),
//! each class's route through them, and the sizing options of each pool.
//!
//! A layout depends on the tier and the profile, never on the load, so it is
//! built once per tier and reused for every month and every candidate
//! configuration.

use crate::catalog::{ClassKind, ComponentKind, Family, PriceSheet, Target, Tier};
use crate::profile::{Profile, Timed};

use super::evaluate::N_MINUS_1_MAX_UTILIZATION;

/// A sized unit of a tier: one component, in one region when regional.
#[derive(Debug, Clone)]
pub struct Pool {
    /// Component index in the tier.
    pub component: usize,
    /// Region index for a regional component.
    pub region: Option<usize>,
    /// `app`, or `app@eu-west` for a regional copy.
    pub name: String,
}

/// Where a station of the network comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// A pool, by index into `Layout::pools`.
    Pool(usize),
    /// A delay component (one copy per region when regional).
    Delay(usize, Option<usize>),
    /// The round trip between a region and the primary.
    Wan(usize),
}

/// One visit of a class route.
#[derive(Debug, Clone, Copy)]
pub struct Visit {
    /// Where.
    pub node: Node,
    /// Probability that a request of the class makes this visit.
    pub probability: f64,
    /// Service time of the visit before any USL slowdown.
    pub work: Timed,
}

/// A request class of the network: a class kind from one region.
#[derive(Debug, Clone)]
pub struct Route {
    /// The class.
    pub kind: ClassKind,
    /// The region the requests come from (the primary for jobs).
    pub region: usize,
    /// Share of the class's load that reaches the tier from this region:
    /// the region's share, less what an edge blocks (bots) and, for jobs,
    /// what never reaches the app to enqueue them.
    pub share: f64,
    /// The region's share of the class's offered load, before an edge
    /// blocks anything (the requests the edge itself serves and bills).
    pub offered_share: f64,
    /// Network class name: `read`, or `read@eu-west` with several regions.
    pub name: String,
    /// Visits in order.
    pub visits: Vec<Visit>,
}

/// One sizing option of a pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Choice {
    /// Instance size (index into the price sheet).
    pub size: usize,
    /// Instances.
    pub count: u32,
}

/// A sizing option with its capacity and price.
#[derive(Debug, Clone, Copy)]
pub struct SizeOption {
    /// The choice.
    pub choice: Choice,
    /// Effective servers after the USL slowdown: count × servers per
    /// instance / slowdown(count); under N−1, no more than the servers left
    /// after losing one instance allow (scaled to the utilization SLO).
    pub capacity: f64,
    /// US dollars a month.
    pub monthly_usd: f64,
}

/// A tier laid out for a profile.
#[derive(Debug, Clone)]
pub struct Layout<'a> {
    /// The tier.
    pub tier: &'a Tier,
    /// The profile.
    pub profile: &'a Profile,
    /// The price sheet.
    pub prices: &'a PriceSheet,
    /// Pools in component order, regions within.
    pub pools: Vec<Pool>,
    /// Class routes (only those that can carry load).
    pub routes: Vec<Route>,
    /// Per pool: work per monthly active user at peak, server-seconds per
    /// second (before USL).
    pub demand_per_user: Vec<f64>,
    /// Per pool: the cheapest option for each capacity, sorted by capacity
    /// (a Pareto frontier: more capacity always costs more).
    pub frontiers: Vec<Vec<SizeOption>>,
    /// Per pool: whether options were left out because instances × pool size
    /// would exceed the database's max connections.
    pub capped_by_connections: Vec<bool>,
    /// Per pool: whether it has no option at all (a single-instance pool
    /// when the profile asks to survive losing one instance).
    pub unsizable: Vec<bool>,
    /// Per pool: the pools whose instances open connections to it (for
    /// database pools; empty otherwise).
    pub openers: Vec<Vec<usize>>,
    /// The API p95 with no queueing at all, seconds (`None` if it could not
    /// be computed): when above the objective, no configuration meets it.
    pub unqueued_p95: Option<f64>,
    /// Right-sizings and ceilings already computed for this layout.
    pub(crate) memo: super::plan::Memo,
}

/// Servers one instance of a pool contributes: its vCPUs; for a cache
/// node, as many as make its throughput the node's published commands a
/// second at the profile's lookup time (ops/s × lookup time, at least 1),
/// so that a lookup still takes the lookup time and a node serves what
/// redis-benchmark says it serves, not 1 / lookup time.
pub fn servers_per_instance(
    kind: ComponentKind,
    profile: &Profile,
    prices: &PriceSheet,
    size: usize,
) -> u32 {
    match kind.family() {
        Some(Family::Cache) => {
            let i = &prices.instances[size];
            // (Rounded down after a relative 1e-9, so 90,000 × 0.3 ms is 27.)
            let n = (i.ops_per_second * profile.work.cache_lookup.mean * (1.0 + 1e-9)).floor();
            if n.is_finite() && n >= 1.0 {
                n.min(1e6) as u32
            } else {
                1
            }
        }
        _ => prices.instances[size].vcpu,
    }
}

/// The work a class does at a kind of component; `None` when it does none
/// there (e.g. zero queries), in which case the visit is skipped.
pub fn work(
    profile: &Profile,
    class: ClassKind,
    kind: ComponentKind,
    latency: f64,
) -> Option<Timed> {
    use ClassKind as C;
    use ComponentKind as K;
    let w = &profile.work;
    let times = |n: f64, t: Timed| Timed {
        mean: n * t.mean,
        cv: t.cv / n.sqrt(),
    };
    let t = match (kind, class) {
        // An edge function: the edge's own latency plus its CPU time.
        (K::Edge, C::Read | C::Search | C::Write) => Timed {
            mean: latency + profile.edge.cpu_time,
            cv: 0.0,
        },
        (K::App | K::Workers | K::Notifications, C::Notification) => w.notification_cpu,
        (K::Database | K::Replicas, C::Notification) => {
            times(w.notification_db_queries, w.db_query)
        }
        (K::Cdn | K::LoadBalancer | K::Queue | K::Storage, _) => Timed {
            mean: latency,
            cv: 0.0,
        },
        (K::App, C::Read | C::Search | C::Write) => w.app_cpu,
        (K::App, C::Static) => Timed {
            mean: w.static_cpu,
            cv: 1.0,
        },
        (K::App | K::Workers, C::Background) => w.job_cpu,
        (K::App | K::Workers | K::Media, C::Media) => w.media_cpu,
        (K::Search, C::Search) => Timed {
            mean: w.search_engine_time,
            cv: w.search_cv,
        },
        (K::Database | K::Replicas, C::Read) => times(w.db_queries_per_read, w.db_query),
        (K::Database | K::Replicas, C::Write) => times(w.db_queries_per_write, w.db_query),
        (K::Database | K::Replicas, C::Search) => Timed {
            mean: w.search_db_time,
            cv: w.search_cv,
        },
        (K::Database | K::Replicas, C::Background | C::Media) => {
            times(w.job_db_queries, w.db_query)
        }
        (K::Cache, C::Read | C::Search) => times(w.cache_lookups_per_read, w.cache_lookup),
        (K::Cache, C::Write | C::Background) => times(w.cache_lookups_per_write, w.cache_lookup),
        _ => return None,
    };
    (t.mean > 0.0 && t.mean.is_finite()).then_some(t)
}

/// Takes what an edge keeps from the origin off the routes: bots (a
/// `traffic.bot_share` of every API class whose path visits an `edge`) are
/// blocked there, so their share of the class never enters the network;
/// and the jobs the app enqueues follow the requests that reach it
/// (background jobs per API request, media jobs and notifications per
/// write), so blocked and edge-answered requests enqueue none. Tiers
/// without an edge are unchanged.
fn remove_edge_traffic(
    tier: &Tier,
    profile: &Profile,
    unit: &super::load::Load,
    routes: &mut [Route],
) {
    let has_edge = |class: ClassKind| {
        tier.path(class).iter().any(|s| {
            matches!(s.target, Target::Component(i) if tier.components[i].kind == ComponentKind::Edge)
        })
    };
    let bot = profile.traffic.bot_share;
    // Share of a class's requests that reach the app.
    let pass = |class: ClassKind| -> f64 {
        if !has_edge(class) {
            return 1.0;
        }
        let answered = if class == ClassKind::Read {
            profile.edge.offload
        } else {
            0.0
        };
        (1.0 - bot) * (1.0 - answered)
    };
    let api = [ClassKind::Read, ClassKind::Search, ClassKind::Write];
    let api_rate: f64 = api.iter().map(|&c| unit.rate(c)).sum();
    let api_pass = if api_rate > 0.0 {
        api.iter().map(|&c| unit.rate(c) * pass(c)).sum::<f64>() / api_rate
    } else {
        1.0
    };
    for r in routes.iter_mut() {
        let factor = match r.kind {
            ClassKind::Read | ClassKind::Search | ClassKind::Write => {
                if has_edge(r.kind) {
                    1.0 - bot
                } else {
                    1.0
                }
            }
            ClassKind::Static => 1.0,
            ClassKind::Background => api_pass,
            ClassKind::Media | ClassKind::Notification => pass(ClassKind::Write),
        };
        r.share *= factor;
    }
}

impl<'a> Layout<'a> {
    /// Lays out `tier` for `profile`.
    pub fn new(tier: &'a Tier, profile: &'a Profile, prices: &'a PriceSheet) -> Layout<'a> {
        let regions = &profile.regions;
        let multi = regions.len() > 1;
        let mut pools = Vec::new();
        for (i, c) in tier.components.iter().enumerate() {
            if !c.kind.is_pool() {
                continue;
            }
            if c.regional && multi {
                for (r, reg) in regions.iter().enumerate() {
                    pools.push(Pool {
                        component: i,
                        region: Some(r),
                        name: format!("{}@{}", c.name, reg.name),
                    });
                }
            } else {
                pools.push(Pool {
                    component: i,
                    region: c.regional.then_some(0),
                    name: c.name.clone(),
                });
            }
        }
        let pool_of = |comp: usize, region: usize| -> usize {
            pools
                .iter()
                .position(|p| p.component == comp && p.region.is_none_or(|r| r == region || !multi))
                .expect("every pool component has a pool")
        };
        let mut routes = Vec::new();
        for class in ClassKind::ALL {
            let region_shares: Vec<(usize, f64)> = if class.from_users() {
                regions
                    .iter()
                    .enumerate()
                    .map(|(r, reg)| (r, reg.share))
                    .collect()
            } else {
                vec![(0, 1.0)]
            };
            for (r, share) in region_shares {
                let mut visits = Vec::new();
                let mut p = 1.0;
                let mut last_filter_hit: Option<f64> = None;
                let mut entered_miss = false;
                for step in tier.path(class) {
                    if step.on_miss && !entered_miss {
                        entered_miss = true;
                        if let Some(hit) = last_filter_hit {
                            p *= 1.0 - hit;
                        }
                    }
                    if p <= 0.0 {
                        break;
                    }
                    match step.target {
                        Target::Wan => {
                            let rtt = regions[r].round_trip;
                            if class.from_users() && rtt > 0.0 {
                                visits.push(Visit {
                                    node: Node::Wan(r),
                                    probability: p,
                                    work: Timed { mean: rtt, cv: 0.0 },
                                });
                            }
                        }
                        Target::Component(i) => {
                            let comp = &tier.components[i];
                            let Some(w) = work(profile, class, comp.kind, comp.latency) else {
                                continue;
                            };
                            let node = if comp.kind.is_pool() {
                                Node::Pool(pool_of(i, r))
                            } else {
                                Node::Delay(i, (comp.regional && multi).then_some(r))
                            };
                            visits.push(Visit {
                                node,
                                probability: p,
                                work: w,
                            });
                            // Reads answered at the edge go no further.
                            if comp.kind == ComponentKind::Edge && class == ClassKind::Read {
                                p *= 1.0 - profile.edge.offload;
                            }
                            if comp.kind.is_filter() && !step.on_miss {
                                last_filter_hit = Some(match comp.kind {
                                    ComponentKind::Cache => profile.cache_hit_ratio,
                                    _ => profile.cdn_hit_ratio,
                                });
                            }
                        }
                    }
                }
                if visits.is_empty() {
                    continue;
                }
                let name = if multi && class.from_users() {
                    format!("{}@{}", class.name(), regions[r].name)
                } else {
                    class.name().to_string()
                };
                routes.push(Route {
                    kind: class,
                    region: r,
                    share,
                    offered_share: share,
                    name,
                    visits,
                });
            }
        }
        let unit = super::load::Load::at(profile, 1.0);
        remove_edge_traffic(tier, profile, &unit, &mut routes);
        let mut demand_per_user = vec![0.0; pools.len()];
        for route in &routes {
            let rate = unit.rate(route.kind) * route.share;
            for v in &route.visits {
                if let Node::Pool(p) = v.node {
                    demand_per_user[p] += rate * v.probability * v.work.mean;
                }
            }
        }
        let mut layout = Layout {
            tier,
            profile,
            prices,
            pools,
            routes,
            demand_per_user,
            frontiers: Vec::new(),
            capped_by_connections: Vec::new(),
            unsizable: Vec::new(),
            openers: Vec::new(),
            unqueued_p95: None,
            memo: super::plan::Memo::default(),
        };
        layout.openers = layout.find_openers();
        layout.build_frontiers();
        // Only a shortcut for hopeless loads: a solver failure here just
        // leaves it off.
        layout.unqueued_p95 = super::evaluate::unqueued_p95(&layout).ok().flatten();
        layout
    }

    /// The component of pool `p`.
    pub fn component(&self, p: usize) -> &crate::catalog::Component {
        &self.tier.components[self.pools[p].component]
    }

    /// Whether some database of the tier takes connections without a pooler.
    pub fn has_unpooled_database(&self) -> bool {
        self.tier
            .components
            .iter()
            .any(|c| c.kind.holds_connections() && !c.pooler)
    }

    /// Most client connections one database instance of size `size`
    /// accepts: the profile's `database.max_connections`, else the managed
    /// default for the instance's memory.
    pub fn max_connections(&self, size: usize) -> u32 {
        self.profile.max_connections.unwrap_or_else(|| {
            crate::profile::default_max_connections(self.prices.instances[size].memory_gib)
        })
    }

    /// Connections database pool `db` lets the app's pools hold under
    /// `config` within the connection-utilization SLO: its instances × max
    /// connections × `slo.max_connection_utilization`, rounded down.
    pub fn connection_budget(&self, config: &[Choice], db: usize) -> u64 {
        let allowed = super::network::connections_allowed(self, config, db) as f64;
        ((allowed * self.profile.slo.max_connection_utilization).floor() as u64).max(1)
    }

    /// The fewest instances pool `p` may run under the profile's SLOs.
    pub fn min_count(&self, p: usize) -> u32 {
        let c = self.component(p);
        if c.min_count == 0 && self.demand_per_user[p] <= 0.0 {
            // A pool scaled to zero without work stays at zero.
            0
        } else if self.profile.slo.survive_instance_loss && c.kind.n_minus_1_applies() {
            c.min_count.max(2)
        } else {
            c.min_count
        }
    }

    /// For each database pool, the connection-opening pools that some class
    /// visits before it.
    fn find_openers(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.pools.len()];
        for route in &self.routes {
            for (j, v) in route.visits.iter().enumerate() {
                let Node::Pool(db) = v.node else { continue };
                if !self.component(db).kind.holds_connections() {
                    continue;
                }
                for earlier in &route.visits[..j] {
                    if let Node::Pool(a) = earlier.node
                        && self.component(a).kind.opens_connections()
                        && !out[db].contains(&a)
                    {
                        out[db].push(a);
                    }
                }
            }
        }
        out
    }

    fn build_frontiers(&mut self) {
        let pool_size = self.profile.pool_per_instance;
        // The most connections one unpooled database instance lets the
        // pools hold, at its largest allowed size.
        let max_conn = self
            .tier
            .components
            .iter()
            .filter(|c| c.kind.holds_connections() && !c.pooler)
            .flat_map(|c| c.sizes.iter())
            .map(|&s| {
                (f64::from(self.max_connections(s)) * self.profile.slo.max_connection_utilization)
                    .floor() as u32
            })
            .max()
            .unwrap_or(0);
        let unpooled = self.has_unpooled_database();
        // A pool that `current.colocate` runs on another pool's machine is
        // not a machine of its own: it keeps today's size and count (its
        // threads and connections), and costs nothing itself.
        let mut hosted = vec![false; self.pools.len()];
        for (_, group) in colocated(self) {
            for &q in &group[1..] {
                hosted[q] = true;
            }
        }
        for (p, &on_machine) in hosted.iter().enumerate() {
            let c = self.component(p).clone();
            if on_machine {
                let option = self.todays_option(p);
                self.unsizable.push(false);
                self.capped_by_connections.push(false);
                self.frontiers.push(vec![option]);
                continue;
            }
            let lo = self.min_count(p);
            let mut hi = c.max_count;
            let mut capped = false;
            if unpooled && c.kind.opens_connections() {
                let allowed = max_conn / pool_size;
                if allowed < hi {
                    capped = true;
                    hi = allowed;
                }
            }
            let n_minus_1 = self.profile.slo.survive_instance_loss && c.kind.n_minus_1_applies();
            let max_util = self.profile.slo.max_utilization;
            let mut options = Vec::new();
            for &size in &c.sizes {
                let spi = f64::from(servers_per_instance(
                    c.kind,
                    self.profile,
                    self.prices,
                    size,
                ));
                let cap = |n: u32| f64::from(n) * spi / c.usl_slowdown(n);
                for n in lo..=hi {
                    // Under N−1 an option is worth what it can carry within
                    // the utilization SLO and, one instance down, within
                    // the N−1 ceiling.
                    let capacity = if n == 0 {
                        0.0
                    } else if n_minus_1 {
                        cap(n).min(cap(n - 1) * N_MINUS_1_MAX_UTILIZATION / max_util)
                    } else {
                        cap(n)
                    };
                    options.push(SizeOption {
                        choice: Choice { size, count: n },
                        capacity,
                        monthly_usd: f64::from(n) * self.prices.instances[size].monthly_usd,
                    });
                }
            }
            // Pareto frontier: by capacity descending, keep an option only
            // when it is cheaper than every option with more capacity.
            options.sort_by(|a, b| {
                b.capacity
                    .total_cmp(&a.capacity)
                    .then(a.monthly_usd.total_cmp(&b.monthly_usd))
                    .then(a.choice.count.cmp(&b.choice.count))
            });
            let mut frontier: Vec<SizeOption> = Vec::new();
            for o in options {
                if frontier
                    .last()
                    .is_none_or(|f| o.monthly_usd < f.monthly_usd)
                {
                    frontier.push(o);
                }
            }
            frontier.reverse();
            self.unsizable.push(frontier.is_empty());
            self.capped_by_connections.push(capped);
            self.frontiers.push(frontier);
        }
    }

    /// Instances of pool `p` today when `current` does not say: the tier's
    /// least, and one for a pool that scales to zero once it has work.
    pub fn default_count(&self, p: usize) -> u32 {
        let c = self.component(p);
        if self.demand_per_user[p] > 0.0 {
            c.min_count.max(1)
        } else {
            c.min_count
        }
    }

    /// Pool `p` at today's size and count (`current.components`; the
    /// smallest size and the least count that runs its work when not
    /// given), at no cost of its own: a pool on another pool's machine.
    fn todays_option(&self, p: usize) -> SizeOption {
        let c = self.component(p);
        let given = self.profile.current.components.get(&c.name);
        let size = given
            .and_then(|g| g.size.as_ref())
            .and_then(|(s, _)| {
                c.sizes
                    .iter()
                    .copied()
                    .find(|&i| self.prices.instances[i].name == *s)
            })
            .unwrap_or(c.sizes[0]);
        let count = given
            .and_then(|g| g.count.as_ref())
            .map_or_else(|| self.default_count(p), |(n, _)| *n);
        let spi = f64::from(servers_per_instance(
            c.kind,
            self.profile,
            self.prices,
            size,
        ));
        SizeOption {
            choice: Choice { size, count },
            capacity: f64::from(count) * spi / c.usl_slowdown(count),
            monthly_usd: 0.0,
        }
    }

    /// The cheapest option of pool `p` with capacity ≥ `needed` servers, or
    /// the largest when none is big enough (`false` then).
    pub fn cheapest(&self, p: usize, needed: f64) -> Option<(SizeOption, bool)> {
        let f = &self.frontiers[p];
        // The frontier's capacities strictly increase: the first option
        // with enough is found by bisection.
        let first = if needed.is_nan() {
            f.len()
        } else {
            f.partition_point(|o| o.capacity < needed)
        };
        match f.get(first) {
            Some(o) => Some((*o, true)),
            None => f.last().map(|o| (*o, false)),
        }
    }
}

/// The groups of pools on one machine under `current.colocate` (current
/// tier only; one machine per region for regional components, the global
/// ones with the primary's): host name and pools, the machine's pool first.
/// Groups of fewer than two pools share nothing and are left out.
pub fn colocated(layout: &Layout<'_>) -> Vec<(String, Vec<usize>)> {
    let cur = &layout.profile.current;
    if cur.colocate.is_empty() || layout.tier.name != cur.tier {
        return Vec::new();
    }
    let mut groups: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    for name in &cur.colocate {
        for (p, pool) in layout.pools.iter().enumerate() {
            if layout.tier.components[pool.component].name != *name {
                continue;
            }
            match groups.iter_mut().find(|g| g.0 == pool.region) {
                Some(g) => g.1.push(p),
                None => groups.push((pool.region, vec![p])),
            }
        }
    }
    let base = cur.colocate.join("+");
    groups
        .into_iter()
        .filter(|g| g.1.len() >= 2)
        .map(|(r, pools)| {
            let name = match r {
                Some(r) => format!("{base}@{}", layout.profile.regions[r].name),
                None => base.clone(),
            };
            (name, pools)
        })
        .collect()
}
