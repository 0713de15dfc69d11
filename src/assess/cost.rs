//! Monthly cost of a configuration at a load, by component, from the price
//! sheet only.
//!
//! Pools: instances × the size's monthly price. CDN: requests through it ×
//! (price per request + bytes × price per GB). Load balancer: a fixed monthly
//! price per copy plus capacity units for the average request rate. Object
//! storage: requests × price per request. Queue: three requests per job
//! (send, receive, delete). `egress`: bytes sent to users from the origin
//! rather than a CDN edge. Volumes are monthly: peak rates over the
//! peak-to-average factor, over 30.44 days.

use indexmap::IndexMap;

use crate::catalog::{ClassKind, ComponentKind};
use crate::profile::model::{DAYS_PER_MONTH, SECONDS_PER_DAY};

use super::layout::{Choice, Layout, Node};
use super::load::Load;

/// Name of the breakdown line for origin egress.
pub const EGRESS: &str = "egress";
/// Queue requests per job: send, receive, delete.
pub const QUEUE_REQUESTS_PER_JOB: f64 = 3.0;

/// Monthly US dollars by component (file order, then `egress`).
pub fn monthly_cost(layout: &Layout<'_>, config: &[Choice], load: &Load) -> IndexMap<String, f64> {
    let prices = layout.prices;
    let profile = layout.profile;
    let bytes = |k: ClassKind| match k {
        ClassKind::Read | ClassKind::Search | ClassKind::Write => {
            profile.traffic.api_response_bytes
        }
        ClassKind::Static => profile.traffic.static_bytes,
        ClassKind::Background | ClassKind::Media => 0.0,
    };
    let mut out: IndexMap<String, f64> = IndexMap::new();
    for c in &layout.tier.components {
        out.insert(c.name.clone(), 0.0);
    }
    for (p, pool) in layout.pools.iter().enumerate() {
        let name = &layout.tier.components[pool.component].name;
        let ch = config[p];
        out[name] += f64::from(ch.count) * prices.instances[ch.size].monthly_usd;
    }
    let mut egress = 0.0;
    let seconds_per_month = SECONDS_PER_DAY * DAYS_PER_MONTH;
    for r in &layout.routes {
        let monthly = load.monthly(r.kind) * r.share;
        if monthly <= 0.0 {
            continue;
        }
        let through_cdn = matches!(r.visits.first(), Some(v) if matches!(v.node, Node::Delay(c, _) if layout.tier.components[c].kind == ComponentKind::Cdn));
        if r.kind.from_users() && !through_cdn {
            egress += monthly * bytes(r.kind) / 1e9 * prices.egress.per_gb_usd;
        }
        for v in &r.visits {
            let Node::Delay(c, _) = v.node else { continue };
            let comp = &layout.tier.components[c];
            let n = monthly * v.probability;
            out[&comp.name] += match comp.kind {
                ComponentKind::Cdn => {
                    n * (prices.cdn.per_request_usd + bytes(r.kind) / 1e9 * prices.cdn.per_gb_usd)
                }
                ComponentKind::LoadBalancer => {
                    n / seconds_per_month / prices.load_balancer.requests_per_second_per_unit
                        * prices.load_balancer.capacity_unit_monthly_usd
                }
                ComponentKind::Storage => n * prices.storage.per_request_usd,
                ComponentKind::Queue => n * QUEUE_REQUESTS_PER_JOB * prices.queue.per_request_usd,
                _ => 0.0,
            };
        }
    }
    for c in &layout.tier.components {
        if c.kind == ComponentKind::LoadBalancer {
            let copies = if c.regional { profile.regions.len() } else { 1 };
            out[&c.name] += copies as f64 * prices.load_balancer.monthly_usd;
        }
    }
    out.insert(EGRESS.to_string(), egress);
    out
}
