//! The monthly bill of a configuration at a load, line by line, from the
//! price sheet and the profile only.
//!
//! Instances: count × the size's monthly price (× the savings ratio under
//! `pricing: savings_*`), a Multi-AZ standby for every database (and a
//! replica node for every cache) that fails over (`standby = true` in the
//! tier file, or `slo.survive_instance_loss`), RDS Proxy per vCPU behind a
//! pooler, and managed search at the OpenSearch premium. Components that
//! `current.colocate` runs on another component's machine add no instance
//! of their own (a database keeps its data on a gp3 volume of the machine,
//! backed up by snapshots). Storage grows with
//! users (`storage.per_user` of database data per user, on every database
//! instance, at least 20 GB each) and with uploads (`storage.media_per_upload`
//! × uploads a month × `storage.media_kept_months`); backups keep the daily
//! changes (5% of the data a day) for `storage.backup_retention_days`
//! beyond the free copy. CDN and internet egress are priced by volume tier,
//! after their free tiers. Object storage PUTs (media uploads) and GETs
//! (static misses) are priced apart. Monitoring: 10 CloudWatch metrics a
//! host, and logs of `storage.log_per_request` per request ingested and
//! kept a month. Transfer: NAT gateways (one per load balancer copy, jobs'
//! outbound calls through them), cross-AZ traffic where a standby exists
//! (half the app's database and cache traffic plus the replication of
//! writes) and inter-region replication of writes. Volumes are monthly:
//! peak rates over the peak-to-average factor, over 30.44 days.

use indexmap::IndexMap;
use serde::Serialize;

use crate::catalog::{ClassKind, ComponentKind};
use crate::profile::Pricing;
use crate::profile::model::{DAYS_PER_MONTH, SECONDS_PER_DAY};

use super::layout::{Choice, Layout, Node, colocated};
use super::load::Load;

/// Name of the breakdown entry for origin egress.
pub const EGRESS: &str = "egress";
/// Name of the breakdown entry for NAT gateways.
pub const NAT: &str = "nat";
/// Name of the breakdown entry for traffic between availability zones.
pub const CROSS_AZ: &str = "cross_az";
/// Name of the breakdown entry for traffic between regions.
pub const INTER_REGION: &str = "inter_region";
/// Name of the breakdown entry for logs.
pub const LOGS: &str = "logs";
/// Name of the breakdown entry for notification messages (email, push,
/// SMS), present when the app sends any.
pub const MESSAGES: &str = "messages";
/// Queue requests per job: send, receive, delete.
pub const QUEUE_REQUESTS_PER_JOB: f64 = 3.0;
/// Hours in the month the price sheet's monthly figures use.
pub const HOURS_PER_MONTH: f64 = 730.0;
/// Smallest storage of one managed database instance, GB (RDS gp3).
pub const MIN_DATABASE_GB: f64 = 20.0;
/// Root volume of one EC2 instance, GB.
pub const ROOT_VOLUME_GB: f64 = 20.0;
/// Share of the database that changes a day, for backups.
pub const BACKUP_DAILY_CHANGE: f64 = 0.05;
/// CloudWatch metrics counted per host.
pub const METRICS_PER_HOST: f64 = 10.0;
/// Fewest vCPUs RDS Proxy charges for.
pub const POOLER_MIN_VCPU: u32 = 2;
/// Share of the app's database and cache traffic that crosses zones when
/// the fleet spans two.
pub const CROSS_AZ_SHARE: f64 = 0.5;

/// What a line of the bill pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// App, worker and media instances and their volumes.
    Compute,
    /// Database primaries, read replicas and the pooler.
    Database,
    /// Multi-AZ standbys and their storage.
    DatabaseStandby,
    /// Database storage.
    DatabaseStorage,
    /// Cache nodes and their replicas.
    Cache,
    /// Managed search.
    Search,
    /// Object storage: data and requests.
    Storage,
    /// Database backups.
    Backup,
    /// CDN data and requests.
    Cdn,
    /// Internet egress, NAT, cross-AZ and inter-region traffic.
    DataTransfer,
    /// Load balancers.
    LoadBalancer,
    /// Managed queue requests.
    Queue,
    /// Metrics and logs.
    Monitoring,
    /// Edge functions: plan, requests and CPU time.
    Edge,
    /// Notification messages: email, push and SMS.
    Messaging,
    /// Anything else.
    Other,
}

impl Category {
    /// Name as serialised.
    pub fn name(self) -> &'static str {
        match self {
            Category::Compute => "compute",
            Category::Database => "database",
            Category::DatabaseStandby => "database_standby",
            Category::DatabaseStorage => "database_storage",
            Category::Cache => "cache",
            Category::Search => "search",
            Category::Storage => "storage",
            Category::Backup => "backup",
            Category::Cdn => "cdn",
            Category::DataTransfer => "data_transfer",
            Category::LoadBalancer => "load_balancer",
            Category::Queue => "queue",
            Category::Monitoring => "monitoring",
            Category::Edge => "edge",
            Category::Messaging => "messaging",
            Category::Other => "other",
        }
    }
}

/// One line of the bill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineItem {
    /// The pool (`app`, `app@eu-west`), delay component (`cdn`) or
    /// tier-wide item (`egress`, `nat`, `cross_az`, `inter_region`, `logs`)
    /// it belongs to.
    pub component: String,
    /// What it pays for.
    pub category: Category,
    /// The priced item, e.g. `db.m7g.large`, `data out (tiered)`.
    pub item: String,
    /// How many units a month.
    pub quantity: f64,
    /// The unit of `quantity`: `instance-month`, `GB-month`, `GB`,
    /// `1k requests`, `hour`, `vCPU-month`, ...
    pub unit: String,
    /// US dollars per unit (for tiered prices: the average over the
    /// volume).
    pub unit_price_usd: f64,
    /// US dollars a month: quantity × unit price.
    pub usd: f64,
}

/// A line as it is produced: borrowed text, built only when kept.
struct Line<'s> {
    /// Breakdown key (the tier component's name, or a tier-wide name).
    key: &'s str,
    component: &'s str,
    category: Category,
    item: &'s dyn Fn() -> String,
    quantity: f64,
    unit: &'static str,
    usd: f64,
}

/// The monthly bill of `config` at `load`, line by line.
pub fn monthly_lines(layout: &Layout<'_>, config: &[Choice], load: &Load) -> Vec<LineItem> {
    let mut out = Vec::new();
    bill(layout, config, load, &mut |l: &Line<'_>| {
        out.push(LineItem {
            component: l.component.to_string(),
            category: l.category,
            item: (l.item)(),
            quantity: l.quantity,
            unit: l.unit.to_string(),
            unit_price_usd: if l.quantity > 0.0 {
                l.usd / l.quantity
            } else {
                0.0
            },
            usd: l.usd,
        });
    });
    out
}

/// Monthly US dollars by component (file order, then `egress`, `nat`,
/// `cross_az`, `inter_region`, `logs`): the lines summed by component.
pub fn monthly_cost(layout: &Layout<'_>, config: &[Choice], load: &Load) -> IndexMap<String, f64> {
    let mut out: IndexMap<String, f64> = IndexMap::new();
    for c in &layout.tier.components {
        out.insert(c.name.clone(), 0.0);
    }
    for k in [EGRESS, NAT, CROSS_AZ, INTER_REGION, LOGS] {
        out.insert(k.to_string(), 0.0);
    }
    bill(layout, config, load, &mut |l: &Line<'_>| {
        *out.entry(l.key.to_string()).or_insert(0.0) += l.usd;
    });
    out
}

/// The monthly total of `config` at `load`, US dollars.
pub fn monthly_total(layout: &Layout<'_>, config: &[Choice], load: &Load) -> f64 {
    let mut total = 0.0;
    bill(layout, config, load, &mut |l: &Line<'_>| total += l.usd);
    total
}

/// Whether database pool `p` of `layout` has a Multi-AZ standby (and a
/// cache pool a replica node).
pub fn has_standby(layout: &Layout<'_>, p: usize) -> bool {
    let c = layout.component(p);
    matches!(c.kind, ComponentKind::Database | ComponentKind::Cache)
        && (c.standby || layout.profile.slo.survive_instance_loss)
}

/// Whether the tier runs in more than one availability zone.
pub fn spans_zones(layout: &Layout<'_>) -> bool {
    (0..layout.pools.len()).any(|p| has_standby(layout, p))
}

fn gb(bytes: f64) -> f64 {
    bytes / 1e9
}

#[allow(
    clippy::too_many_lines,
    reason = "one pass over the price sheet reads best as one function"
)]
fn bill(layout: &Layout<'_>, config: &[Choice], load: &Load, emit: &mut dyn FnMut(&Line<'_>)) {
    bill_pools(layout, &PoolRates::of(layout), config, load, emit);
    bill_shared(layout, load, emit);
}

/// The monthly totals of several configurations at one load, US dollars:
/// [`monthly_total`] of each (the same sums, bit for bit), with the lines
/// that do not depend on the configuration priced once.
pub fn monthly_totals<'c>(
    layout: &Layout<'_>,
    configs: impl Iterator<Item = &'c [Choice]>,
    load: &Load,
) -> Vec<f64> {
    let mut shared = Vec::new();
    bill_shared(layout, load, &mut |l: &Line<'_>| shared.push(l.usd));
    let rates = PoolRates::of(layout);
    configs
        .map(|config| {
            let mut total = 0.0;
            bill_pools(layout, &rates, config, load, &mut |l: &Line<'_>| {
                total += l.usd;
            });
            shared.iter().fold(total, |t, usd| t + usd)
        })
        .collect()
}

/// The price sheet's rates the pools' lines use, looked up once for a bill
/// (or once for every configuration priced together).
struct PoolRates {
    /// Multiplier of instance prices under the pricing terms.
    ratio: f64,
    /// The pricing terms as the items name them.
    terms: &'static str,
    block_storage: f64,
    search_service: f64,
    database_storage: f64,
    backup_storage: f64,
    pooler: f64,
    monitoring_metric: f64,
}

impl PoolRates {
    fn of(layout: &Layout<'_>) -> PoolRates {
        let prices = layout.prices;
        let (ratio, terms) = match layout.profile.pricing {
            Pricing::OnDemand => (1.0, ""),
            Pricing::Savings1yr => (prices.rate("savings_1yr").usd, ", 1-yr savings"),
            Pricing::Savings3yr => (prices.rate("savings_3yr").usd, ", 3-yr savings"),
        };
        PoolRates {
            ratio,
            terms,
            block_storage: prices.rate("block_storage").usd,
            search_service: prices.rate("search_service").usd,
            database_storage: prices.rate("database_storage").usd,
            backup_storage: prices.rate("backup_storage").usd,
            pooler: prices.rate("pooler").usd,
            monitoring_metric: prices.rate("monitoring_metric").usd,
        }
    }
}

/// The lines of the pools: instances, their volumes and standbys, database
/// storage and backups, the pooler, metrics.
fn bill_pools<F: FnMut(&Line<'_>) + ?Sized>(
    layout: &Layout<'_>,
    rates: &PoolRates,
    config: &[Choice],
    load: &Load,
    emit: &mut F,
) {
    let prices = layout.prices;
    let profile = layout.profile;
    let storage = &profile.storage;
    let (ratio, terms) = (rates.ratio, rates.terms);
    let data_gb = gb(load.users * storage.per_user_bytes);
    // Pools that `current.colocate` runs on another pool's machine: that
    // machine's name, and no instance, standby or managed service of their
    // own (a database keeps its data on a volume of the machine).
    let mut machine: Vec<Option<&str>> = vec![None; layout.pools.len()];
    for (_, group) in colocated(layout) {
        let host = layout.pools[group[0]].name.as_str();
        for &q in &group[1..] {
            machine[q] = Some(host);
        }
    }
    // --- pools ---------------------------------------------------------
    for (p, pool) in layout.pools.iter().enumerate() {
        let comp = layout.component(p);
        let key = comp.name.as_str();
        let component = pool.name.as_str();
        let ch = config[p];
        let inst = &prices.instances[ch.size];
        let n = f64::from(ch.count);
        let name = inst.name.as_str();
        let mut line = |category, item: &dyn Fn() -> String, quantity: f64, unit, price: f64| {
            emit(&Line {
                key,
                component,
                category,
                item,
                quantity,
                unit,
                usd: quantity * price,
            });
        };
        let instance_price = inst.monthly_usd * ratio;
        let hosted = machine[p];
        let database = matches!(comp.kind, ComponentKind::Database | ComponentKind::Replicas);
        if hosted.is_some() && !database {
            continue;
        }
        match comp.kind {
            ComponentKind::App | ComponentKind::Workers | ComponentKind::Media => {
                line(
                    Category::Compute,
                    &|| format!("{name}{terms}"),
                    n,
                    "instance-month",
                    instance_price,
                );
                line(
                    Category::Compute,
                    &|| format!("gp3 root volume, {ROOT_VOLUME_GB} GB an instance"),
                    n * ROOT_VOLUME_GB,
                    "GB-month",
                    rates.block_storage,
                );
            }
            ComponentKind::Search => {
                line(
                    Category::Search,
                    &|| format!("OpenSearch {name}.search{terms}"),
                    n,
                    "instance-month",
                    instance_price * rates.search_service,
                );
            }
            ComponentKind::Database | ComponentKind::Replicas => {
                let primary = comp.kind == ComponentKind::Database;
                if hosted.is_none() {
                    line(
                        Category::Database,
                        &|| {
                            if primary {
                                format!("{name}{terms}")
                            } else {
                                format!("read replica {name}{terms}")
                            }
                        },
                        n,
                        "instance-month",
                        instance_price,
                    );
                }
                // Shards split the data; every replica holds all of it.
                let per_instance = if primary { data_gb / n } else { data_gb };
                let volume = n * per_instance.max(MIN_DATABASE_GB);
                let storage_price = match hosted {
                    Some(_) => rates.block_storage,
                    None => rates.database_storage,
                };
                line(
                    Category::DatabaseStorage,
                    &|| match hosted {
                        Some(host) => format!("gp3 data volume on the {host} machine (colocated)"),
                        None => "gp3 storage".to_string(),
                    },
                    volume,
                    "GB-month",
                    storage_price,
                );
                if primary && hosted.is_none() && has_standby(layout, p) {
                    line(
                        Category::DatabaseStandby,
                        &|| format!("Multi-AZ standby {name}{terms}"),
                        n,
                        "instance-month",
                        instance_price,
                    );
                    line(
                        Category::DatabaseStandby,
                        &|| "standby gp3 storage".to_string(),
                        volume,
                        "GB-month",
                        storage_price,
                    );
                }
                if primary {
                    let days = storage.backup_retention_days;
                    line(
                        Category::Backup,
                        &|| {
                            let (what, free) = match hosted {
                                Some(_) => ("volume snapshots", ""),
                                None => ("automated backups", " beyond the free copy"),
                            };
                            format!(
                                "{what}, {days} days of {:.0}% daily changes{free}",
                                BACKUP_DAILY_CHANGE * 100.0
                            )
                        },
                        data_gb * BACKUP_DAILY_CHANGE * days,
                        "GB-month",
                        rates.backup_storage,
                    );
                }
                if comp.pooler && hosted.is_none() {
                    let vcpu = inst.vcpu.max(POOLER_MIN_VCPU);
                    line(
                        Category::Database,
                        &|| format!("RDS Proxy, {vcpu} vCPU an instance"),
                        n * f64::from(vcpu),
                        "vCPU-month",
                        rates.pooler * HOURS_PER_MONTH,
                    );
                }
            }
            ComponentKind::Cache => {
                line(
                    Category::Cache,
                    &|| format!("{name}{terms}"),
                    n,
                    "instance-month",
                    instance_price,
                );
                if has_standby(layout, p) {
                    line(
                        Category::Cache,
                        &|| format!("replica node (Multi-AZ) {name}{terms}"),
                        n,
                        "instance-month",
                        instance_price,
                    );
                }
            }
            _ => {}
        }
        if hosted.is_some() {
            // No host of its own to watch.
            continue;
        }
        line(
            Category::Monitoring,
            &|| format!("CloudWatch metrics, {METRICS_PER_HOST} a host"),
            n * METRICS_PER_HOST,
            "metric-month",
            rates.monitoring_metric,
        );
    }
}

/// The lines that depend on the load only: delay components by volume,
/// transfer and logs.
fn bill_shared(layout: &Layout<'_>, load: &Load, emit: &mut dyn FnMut(&Line<'_>)) {
    let prices = layout.prices;
    let profile = layout.profile;
    let tier = layout.tier;
    let storage = &profile.storage;
    // --- delay components, by volume ---------------------------------------
    let bytes = |k: ClassKind| match k {
        ClassKind::Read | ClassKind::Search | ClassKind::Write => {
            profile.traffic.api_response_bytes
        }
        ClassKind::Static => profile.traffic.static_bytes,
        ClassKind::Background | ClassKind::Media | ClassKind::Notification => 0.0,
    };
    let ncomp = tier.components.len();
    let mut cdn_requests = vec![0.0; ncomp];
    let mut cdn_bytes = vec![0.0; ncomp];
    let mut lb_requests = vec![0.0; ncomp];
    let mut gets = vec![0.0; ncomp];
    let mut puts = vec![0.0; ncomp];
    let mut queue_jobs = vec![0.0; ncomp];
    let mut edge_requests = vec![0.0; ncomp];
    // Requests of each class reaching the tier (bots blocked at an edge
    // left out), a month.
    let mut reaching = [0.0; 7];
    let mut egress_bytes = 0.0;
    let mut logged = 0.0;
    let mut remote_writes = 0.0;
    for r in &layout.routes {
        let monthly = load.monthly(r.kind) * r.share;
        if monthly <= 0.0 {
            continue;
        }
        reaching[super::load::class_index(r.kind)] += monthly;
        let through_cdn = matches!(r.visits.first(), Some(v) if matches!(v.node, Node::Delay(c, _) if tier.components[c].kind == ComponentKind::Cdn));
        if r.kind.from_users() && !through_cdn {
            // Reads answered at an edge leave from the edge, not the origin.
            let from_origin = r
                .visits
                .iter()
                .find(|v| !matches!(v.node, Node::Delay(c, _) if tier.components[c].kind == ComponentKind::Edge))
                .map_or(0.0, |v| v.probability);
            egress_bytes += monthly * from_origin * bytes(r.kind);
        }
        if r.kind == ClassKind::Write && r.visits.iter().any(|v| matches!(v.node, Node::Wan(_))) {
            remote_writes += monthly;
        }
        // Requests reaching the origin (a pool) are logged once.
        if let Some(v) = r.visits.iter().find(|v| matches!(v.node, Node::Pool(_))) {
            logged += monthly * v.probability;
        }
        for v in &r.visits {
            let Node::Delay(c, _) = v.node else { continue };
            let n = monthly * v.probability;
            match tier.components[c].kind {
                ComponentKind::Cdn => {
                    cdn_requests[c] += n;
                    cdn_bytes[c] += n * bytes(r.kind);
                }
                ComponentKind::LoadBalancer => lb_requests[c] += n,
                ComponentKind::Storage if r.kind == ClassKind::Media => puts[c] += n,
                ComponentKind::Storage => gets[c] += n,
                ComponentKind::Queue => queue_jobs[c] += n,
                // The edge serves every offered request, bots included.
                ComponentKind::Edge => {
                    edge_requests[c] += load.monthly(r.kind) * r.offered_share * v.probability;
                }
                _ => {}
            }
        }
    }
    let reaching = |k: ClassKind| reaching[super::load::class_index(k)];
    let seconds_per_month = SECONDS_PER_DAY * DAYS_PER_MONTH;
    let uploads = load.monthly(ClassKind::Media);
    for (c, comp) in tier.components.iter().enumerate() {
        let key = comp.name.as_str();
        let mut line = |category, item: &dyn Fn() -> String, quantity: f64, unit, usd: f64| {
            emit(&Line {
                key,
                component: key,
                category,
                item,
                quantity,
                unit,
                usd,
            });
        };
        match comp.kind {
            ComponentKind::Cdn => {
                let data = gb(cdn_bytes[c]);
                line(
                    Category::Cdn,
                    &|| {
                        format!(
                            "data out, first {:.0} GB free, then by volume tier",
                            prices.cdn.free_gb
                        )
                    },
                    data,
                    "GB",
                    prices.cdn.data_usd(data),
                );
                line(
                    Category::Cdn,
                    &|| {
                        format!(
                            "HTTPS requests, first {:.0}M free",
                            prices.cdn.free_requests / 1e6
                        )
                    },
                    cdn_requests[c] / 1e3,
                    "1k requests",
                    prices.cdn.requests_usd(cdn_requests[c]),
                );
            }
            ComponentKind::LoadBalancer => {
                let copies = (if comp.regional {
                    profile.regions.len()
                } else {
                    1
                }) as f64;
                let lb = &prices.load_balancer;
                line(
                    Category::LoadBalancer,
                    &|| "Application Load Balancer".to_string(),
                    copies,
                    "load balancer-month",
                    copies * lb.monthly_usd,
                );
                let units = lb_requests[c] / seconds_per_month / lb.requests_per_second_per_unit;
                line(
                    Category::LoadBalancer,
                    &|| "load balancer capacity units (LCU)".to_string(),
                    units,
                    "LCU-month",
                    units * lb.capacity_unit_monthly_usd,
                );
            }
            ComponentKind::Storage => {
                let stored =
                    gb(uploads * storage.media_per_upload_bytes * storage.media_kept_months);
                line(
                    Category::Storage,
                    &|| {
                        format!(
                            "S3 Standard, {} months of media uploads",
                            storage.media_kept_months
                        )
                    },
                    stored,
                    "GB-month",
                    stored * prices.rate("object_storage").usd,
                );
                line(
                    Category::Storage,
                    &|| "S3 PUT requests (uploads)".to_string(),
                    puts[c] / 1e3,
                    "1k requests",
                    puts[c] / 1e3 * prices.rate("object_put").usd,
                );
                line(
                    Category::Storage,
                    &|| "S3 GET requests".to_string(),
                    gets[c] / 1e3,
                    "1k requests",
                    gets[c] * prices.storage.per_request_usd,
                );
            }
            ComponentKind::Edge => {
                let e = &prices.edge;
                let requests = edge_requests[c];
                let cpu_ms = requests * profile.edge.cpu_time * 1e3;
                line(
                    Category::Edge,
                    &|| {
                        format!(
                            "edge functions plan, {:.0}M requests and {:.0}M CPU-ms included",
                            e.included_requests / 1e6,
                            e.included_cpu_ms / 1e6
                        )
                    },
                    1.0,
                    "plan-month",
                    e.monthly_usd,
                );
                let extra = (requests - e.included_requests).max(0.0);
                line(
                    Category::Edge,
                    &|| "edge requests beyond those included".to_string(),
                    extra / 1e6,
                    "1M requests",
                    extra * e.per_request_usd,
                );
                let extra_cpu = (cpu_ms - e.included_cpu_ms).max(0.0);
                line(
                    Category::Edge,
                    &|| {
                        format!(
                            "edge CPU time beyond that included, {:.1} ms a request",
                            profile.edge.cpu_time * 1e3
                        )
                    },
                    extra_cpu / 1e6,
                    "1M CPU-ms",
                    extra_cpu * e.per_cpu_ms_usd,
                );
            }
            ComponentKind::Queue => {
                let n = queue_jobs[c] * QUEUE_REQUESTS_PER_JOB;
                line(
                    Category::Queue,
                    &|| "SQS requests, 3 a job".to_string(),
                    n / 1e6,
                    "1M requests",
                    prices.queue.requests_usd(n),
                );
            }
            _ => {}
        }
    }
    // --- tier-wide transfer and logs -------------------------------------
    let mut wide =
        |key: &'static str, category, item: &dyn Fn() -> String, quantity: f64, unit, usd: f64| {
            emit(&Line {
                key,
                component: key,
                category,
                item,
                quantity,
                unit,
                usd,
            });
        };
    let egress_gb = gb(egress_bytes);
    wide(
        EGRESS,
        Category::DataTransfer,
        &|| {
            format!(
                "data out to the internet, first {:.0} GB free, then by volume tier",
                prices.egress.free_gb
            )
        },
        egress_gb,
        "GB",
        prices.egress.data_usd(egress_gb),
    );
    let gateways: f64 = tier
        .components
        .iter()
        .filter(|c| c.kind == ComponentKind::LoadBalancer)
        .map(|c| {
            if c.regional {
                profile.regions.len() as f64
            } else {
                1.0
            }
        })
        .sum();
    if gateways > 0.0 {
        let hours = gateways * HOURS_PER_MONTH;
        wide(
            NAT,
            Category::DataTransfer,
            &|| "NAT gateway, one per load balancer".to_string(),
            hours,
            "hour",
            hours * prices.rate("nat_gateway").usd,
        );
        let nat_gb = gb(
            (reaching(ClassKind::Background) + reaching(ClassKind::Notification))
                * profile.traffic.api_response_bytes,
        );
        wide(
            NAT,
            Category::DataTransfer,
            &|| "NAT data processed (jobs' outbound calls)".to_string(),
            nat_gb,
            "GB",
            nat_gb * prices.rate("nat_data").usd,
        );
    }
    if spans_zones(layout) {
        let api: f64 = [ClassKind::Read, ClassKind::Search, ClassKind::Write]
            .iter()
            .map(|k| reaching(*k))
            .sum();
        let cross = gb(api * profile.traffic.api_response_bytes * CROSS_AZ_SHARE
            + reaching(ClassKind::Write) * profile.traffic.api_response_bytes);
        wide(
            CROSS_AZ,
            Category::DataTransfer,
            &|| "between zones: half the app's data traffic, and writes to the standby".to_string(),
            cross,
            "GB",
            cross * prices.rate("cross_az").usd,
        );
    }
    let regions = profile.regions.len();
    if tier.is_multi_region() && regions > 1 {
        let inter = gb(
            (reaching(ClassKind::Write) * (regions - 1) as f64 + remote_writes)
                * profile.traffic.api_response_bytes,
        );
        wide(
            INTER_REGION,
            Category::DataTransfer,
            &|| "between regions: writes to the primary and replicated to every region".to_string(),
            inter,
            "GB",
            inter * prices.rate("inter_region").usd,
        );
    }
    // Notifications delivered (failed attempts are not billed), by channel.
    let sent = reaching(ClassKind::Notification) / profile.notifications.attempts();
    if sent > 0.0 {
        let n = &profile.notifications;
        for (share, rate, per, unit, what) in [
            (n.email_share, "email_message", 1e3, "1k messages", "email"),
            (
                n.push_share,
                "push_message",
                1e6,
                "1M messages",
                "mobile push",
            ),
            (n.sms_share, "sms_message", 1.0, "message", "SMS"),
        ] {
            if share <= 0.0 {
                continue;
            }
            let quantity = sent * share / per;
            wide(
                MESSAGES,
                Category::Messaging,
                &|| format!("{what} notifications, {:.0}% of those sent", share * 100.0),
                quantity,
                unit,
                quantity * prices.rate(rate).usd,
            );
        }
    }
    let log_gb = gb(logged * storage.log_per_request_bytes);
    wide(
        LOGS,
        Category::Monitoring,
        &|| "CloudWatch Logs ingestion".to_string(),
        log_gb,
        "GB",
        log_gb * prices.rate("log_ingest").usd,
    );
    wide(
        LOGS,
        Category::Monitoring,
        &|| "CloudWatch Logs storage, a month kept".to_string(),
        log_gb,
        "GB-month",
        log_gb * prices.rate("log_storage").usd,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::embedded_catalog;
    use crate::profile::profile_from_str;

    #[test]
    fn totals_priced_together_are_each_total_bit_for_bit() {
        let text = "users:\n  monthly_active: 50k\nregions:\n  us-east: {share: 70%}\n  eu-west: {share: 30%, round_trip: 80ms}\ncurrent:\n  tier: monolith\n  components:\n    app: {size: c7g.xlarge}\n    db: {size: db.m7g.large}\n";
        let p = profile_from_str("app.yaml", text).unwrap();
        let cat = embedded_catalog().unwrap();
        for tier in &cat.tiers {
            let layout = Layout::new(tier, &p, &cat.prices);
            // Every pool at each of its frontier options, the others at
            // their smallest.
            let smallest: Vec<Choice> = layout.frontiers.iter().map(|f| f[0].choice).collect();
            let mut configs = vec![smallest.clone()];
            for (p, f) in layout.frontiers.iter().enumerate() {
                for o in f {
                    let mut c = smallest.clone();
                    c[p] = o.choice;
                    configs.push(c);
                }
            }
            for users in [1e3, 5e4, 2e6] {
                let load = Load::at(layout.profile, users);
                let together = monthly_totals(&layout, configs.iter().map(|c| &c[..]), &load);
                for (c, t) in configs.iter().zip(&together) {
                    let alone = monthly_total(&layout, c, &load);
                    assert_eq!(t.to_bits(), alone.to_bits(), "{} {c:?}", tier.name);
                    let lines: f64 = monthly_lines(&layout, c, &load).iter().map(|l| l.usd).sum();
                    assert_eq!(t.to_bits(), lines.to_bits());
                }
            }
        }
    }

    #[test]
    fn a_rate_is_the_one_of_its_name() {
        let cat = embedded_catalog().unwrap();
        for (name, _) in crate::catalog::RATES {
            let by_scan = cat.prices.rate(name);
            let by_key = &cat.prices.rates[name];
            assert!(std::ptr::eq(by_scan, by_key), "{name}");
        }
    }
}
