//! Tier files and the price sheet exactly as written (TOML), no checks
//! beyond shape.

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use crate::units::Human;

/// One tier file, `tiers/<name>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTier {
    /// Machine name, e.g. `monolith`.
    pub name: Spanned<String>,
    /// Position on the ladder (1 = simplest); tiers are tried in this order.
    pub rank: Spanned<i64>,
    /// Human title.
    pub title: Spanned<String>,
    /// One-paragraph description.
    #[serde(default)]
    pub summary: Option<Spanned<String>>,
    /// Components by name, in file order.
    pub components: IndexMap<String, RawComponent>,
    /// Request class → ordered list of component names visited.
    pub paths: IndexMap<String, Spanned<Vec<Spanned<String>>>>,
}

/// One component of a tier.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    /// What it is: `app`, `workers`, `search`, `media`, `database`,
    /// `replicas`, `cache`, `cdn`, `load_balancer`, `queue`, `storage`.
    pub kind: Spanned<String>,
    /// Allowed instance sizes (price sheet names); all of the kind's family
    /// when absent.
    #[serde(default)]
    pub sizes: Option<Spanned<Vec<Spanned<String>>>>,
    /// Fewest instances (per region when regional).
    #[serde(default)]
    pub min_count: Option<Spanned<i64>>,
    /// Most instances (per region when regional).
    #[serde(default)]
    pub max_count: Option<Spanned<i64>>,
    /// Universal Scalability Law contention σ.
    #[serde(default)]
    pub usl_sigma: Option<Spanned<f64>>,
    /// Universal Scalability Law coherency κ.
    #[serde(default)]
    pub usl_kappa: Option<Spanned<f64>>,
    /// One copy per region of users (multi-region tiers).
    #[serde(default)]
    pub regional: Option<Spanned<bool>>,
    /// Latency of a pass through a delay component (`cdn`, `load_balancer`,
    /// `queue`, `storage`).
    #[serde(default)]
    pub latency: Option<Spanned<Human>>,
    /// A database behind a connection pooler (PgBouncer, RDS Proxy): app
    /// connections are multiplexed onto the server's.
    #[serde(default)]
    pub pooler: Option<Spanned<bool>>,
}

/// The price sheet, `tiers/prices.toml`. In an override directory every
/// section is optional and instances are merged by name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrices {
    /// The date the figures were read, e.g. `2025-06`.
    #[serde(default)]
    pub as_of: Option<Spanned<String>>,
    /// The provider region the figures are for.
    #[serde(default)]
    pub region: Option<Spanned<String>>,
    /// Free text: terms (on-demand, Linux) and caveats.
    #[serde(default)]
    pub note: Option<Spanned<String>>,
    /// Instance sizes.
    #[serde(default)]
    pub instances: Vec<RawInstance>,
    /// CDN prices.
    #[serde(default)]
    pub cdn: Option<RawUsage>,
    /// Load balancer prices.
    #[serde(default)]
    pub load_balancer: Option<RawLoadBalancer>,
    /// Object storage request prices.
    #[serde(default)]
    pub storage: Option<RawUsage>,
    /// Internet egress from the origin.
    #[serde(default)]
    pub egress: Option<RawUsage>,
    /// Managed job queue.
    #[serde(default)]
    pub queue: Option<RawUsage>,
}

/// One instance size.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInstance {
    /// Name, e.g. `c7g.xlarge`.
    pub name: Spanned<String>,
    /// `compute`, `database` or `cache`.
    pub family: Spanned<String>,
    /// Virtual CPUs.
    pub vcpu: Spanned<i64>,
    /// Memory, GiB.
    pub memory_gib: Spanned<f64>,
    /// On-demand price, US dollars a month (730 hours).
    pub monthly_usd: Spanned<f64>,
    /// The public price list the figure was taken from.
    pub source: Spanned<String>,
    /// Date read, when different from the sheet's.
    #[serde(default)]
    pub as_of: Option<Spanned<String>>,
}

/// Usage-priced services.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUsage {
    /// US dollars per GB transferred out.
    #[serde(default)]
    pub per_gb_usd: Option<Spanned<f64>>,
    /// US dollars per 10,000 requests.
    #[serde(default)]
    pub per_10k_requests_usd: Option<Spanned<f64>>,
    /// US dollars per million requests.
    #[serde(default)]
    pub per_million_requests_usd: Option<Spanned<f64>>,
    /// The public price list.
    pub source: Spanned<String>,
    /// Date read, when different from the sheet's.
    #[serde(default)]
    pub as_of: Option<Spanned<String>>,
}

/// Load balancer prices.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLoadBalancer {
    /// Fixed US dollars a month.
    pub monthly_usd: Spanned<f64>,
    /// US dollars per capacity unit per month.
    pub capacity_unit_monthly_usd: Spanned<f64>,
    /// Requests per second one capacity unit covers.
    pub requests_per_second_per_unit: Spanned<f64>,
    /// The public price list.
    pub source: Spanned<String>,
    /// Date read, when different from the sheet's.
    #[serde(default)]
    pub as_of: Option<Spanned<String>>,
}
