//! What `planner tiers` shows: the catalog as plain report data.

use serde::Serialize;

use super::model::{Catalog, ComponentKind, Family, Target, Tier};
use crate::error::Error;

/// JSON schema name of tier listings.
pub const TIERS_SCHEMA: &str = "planner.tiers/v1";

/// Every tier, one line each.
#[derive(Debug, Clone, Serialize)]
pub struct TierList {
    /// Always `planner.tiers/v1`.
    pub schema: &'static str,
    /// Tiers by rank.
    pub tiers: Vec<TierSummary>,
    /// Date of the price sheet.
    pub prices_as_of: String,
    /// Region of the price sheet.
    pub prices_region: String,
}

/// One tier in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct TierSummary {
    /// Name, as used in profiles and flags.
    pub name: String,
    /// Position on the ladder (1 = simplest).
    pub rank: u32,
    /// Title.
    pub title: String,
    /// One-line description.
    pub summary: String,
    /// Component names.
    pub components: Vec<String>,
    /// Where the definition came from (`embedded` or a file).
    pub source: String,
}

/// One tier in full.
#[derive(Debug, Clone, Serialize)]
pub struct TierDetail {
    /// Always `planner.tiers/v1`.
    pub schema: &'static str,
    /// Summary figures.
    pub tier: TierSummary,
    /// Components with their limits and price options.
    pub components: Vec<ComponentDetail>,
    /// Request class → the steps it takes (`wan` is the round trip to the
    /// primary region; `?` marks a visit only on a cache or CDN miss).
    pub paths: Vec<(String, Vec<String>)>,
}

/// One component of a tier.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentDetail {
    /// Name.
    pub name: String,
    /// Kind (app, database, cache, …).
    pub kind: String,
    /// Fewest instances.
    pub min_count: u32,
    /// Most instances.
    pub max_count: u32,
    /// USL contention σ (scale-out penalty).
    pub usl_sigma: f64,
    /// USL coherency κ.
    pub usl_kappa: f64,
    /// Fixed latency of a delay component, milliseconds (0 for servers).
    pub latency_ms: f64,
    /// Instance sizes allowed, with their prices.
    pub sizes: Vec<SizeDetail>,
    /// Usage prices of the component, in words (edge functions,
    /// notification messages); absent for others.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_price: Option<String>,
}

/// An instance size and its price.
#[derive(Debug, Clone, Serialize)]
pub struct SizeDetail {
    /// Instance name.
    pub name: String,
    /// vCPUs.
    pub vcpu: u32,
    /// Memory, GiB.
    pub memory_gib: f64,
    /// Price, USD per month.
    pub monthly_usd: f64,
    /// Date of the price.
    pub as_of: String,
    /// Public price list it was taken from.
    pub source: String,
    /// Database sizes: row changes a second one read replica's WAL-replay
    /// process applies; absent for other families.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apply_per_second: Option<f64>,
}

/// The usage prices of a component of kind `kind`, in words.
fn usage_price(catalog: &Catalog, kind: ComponentKind) -> Option<String> {
    let p = &catalog.prices;
    match kind {
        ComponentKind::Edge => {
            let e = &p.edge;
            Some(format!(
                "${:.2}/month with {:.0}M requests and {:.0}M CPU-ms, then ${:.2} per 1M requests and ${:.2} per 1M CPU-ms (as of {}: {})",
                e.monthly_usd,
                e.included_requests / 1e6,
                e.included_cpu_ms / 1e6,
                e.per_request_usd * 1e6,
                e.per_cpu_ms_usd * 1e6,
                e.as_of,
                e.source
            ))
        }
        ComponentKind::Notifications => {
            let r = |n: &str| p.rate(n);
            Some(format!(
                "messages: email ${} per {}, push ${} per {}, SMS ${} per {} (as of {}: {}; {}; {})",
                r("email_message").usd,
                r("email_message").unit,
                r("push_message").usd,
                r("push_message").unit,
                r("sms_message").usd,
                r("sms_message").unit,
                r("email_message").as_of,
                r("email_message").source,
                r("push_message").source,
                r("sms_message").source
            ))
        }
        _ => None,
    }
}

fn summary(t: &Tier) -> TierSummary {
    TierSummary {
        name: t.name.clone(),
        rank: t.rank,
        title: t.title.clone(),
        summary: t.summary.clone(),
        components: t.components.iter().map(|c| c.name.clone()).collect(),
        source: t.source.clone(),
    }
}

/// Every tier of `catalog`.
pub fn list(catalog: &Catalog) -> TierList {
    TierList {
        schema: TIERS_SCHEMA,
        tiers: catalog.tiers.iter().map(summary).collect(),
        prices_as_of: catalog.prices.as_of.clone(),
        prices_region: catalog.prices.region.clone(),
    }
}

/// The tier called `name` (`-` and `_` alike), or a usage error naming the
/// tiers.
pub fn show(catalog: &Catalog, name: &str) -> Result<TierDetail, Error> {
    let wanted = name.replace('-', "_");
    let Some(t) = catalog.tiers.iter().find(|t| t.name == wanted) else {
        let names: Vec<&str> = catalog.tiers.iter().map(|t| t.name.as_str()).collect();
        let hint = crate::input::suggest::nearest(&wanted, names.iter().copied())
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "tier {name:?} is not in the catalog (one of: {}{hint})",
            names.join(", ")
        )));
    };
    let components = t
        .components
        .iter()
        .map(|c| ComponentDetail {
            name: c.name.clone(),
            kind: c.kind.to_string(),
            min_count: c.min_count,
            max_count: c.max_count,
            usl_sigma: c.usl_sigma,
            usl_kappa: c.usl_kappa,
            latency_ms: c.latency * 1000.0,
            sizes: c
                .sizes
                .iter()
                .map(|&i| {
                    let s = &catalog.prices.instances[i];
                    SizeDetail {
                        name: s.name.clone(),
                        vcpu: s.vcpu,
                        memory_gib: s.memory_gib,
                        monthly_usd: s.monthly_usd,
                        as_of: s.as_of.clone(),
                        source: s.source.clone(),
                        apply_per_second: (s.family == Family::Database)
                            .then_some(s.apply_per_second),
                    }
                })
                .collect(),
            usage_price: usage_price(catalog, c.kind),
        })
        .collect();
    let paths = crate::catalog::model::ClassKind::ALL
        .iter()
        .zip(&t.paths)
        .map(|(class, steps)| {
            let steps = steps
                .iter()
                .map(|s| {
                    let name = match s.target {
                        Target::Wan => "wan".to_string(),
                        Target::Component(i) => t.components[i].name.clone(),
                    };
                    if s.on_miss { format!("{name}?") } else { name }
                })
                .collect();
            (class.name().to_string(), steps)
        })
        .collect();
    Ok(TierDetail {
        schema: TIERS_SCHEMA,
        tier: summary(t),
        components,
        paths,
    })
}
