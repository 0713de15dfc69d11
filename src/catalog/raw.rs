//! Tier files and the price sheet exactly as written (TOML), no checks
//! beyond shape.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::units::Human;

/// One tier file, `tiers/<name>.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTier {
    /// Machine name, e.g. `monolith`.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// Position on the ladder (1 = simplest); tiers are tried in this order.
    #[schemars(with = "i64")]
    pub rank: Spanned<i64>,
    /// Human title.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// One-paragraph description.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Spanned<String>>,
    /// Components by name, in file order.
    pub components: IndexMap<String, RawComponent>,
    /// Request class → ordered list of component names visited.
    #[schemars(with = "IndexMap<String, Vec<String>>")]
    pub paths: IndexMap<String, Spanned<Vec<Spanned<String>>>>,
}

/// One component of a tier.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    /// What it is: `app`, `workers`, `search`, `media`, `notifications`,
    /// `database`, `replicas`, `cache` (pools), or `cdn`, `edge`,
    /// `load_balancer`, `queue`, `storage` (delays).
    #[schemars(with = "String")]
    pub kind: Spanned<String>,
    /// Allowed instance sizes (price sheet names); all of the kind's family
    /// when absent.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub sizes: Option<Spanned<Vec<Spanned<String>>>>,
    /// Fewest instances (per region when regional).
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub min_count: Option<Spanned<i64>>,
    /// Most instances (per region when regional).
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub max_count: Option<Spanned<i64>>,
    /// Universal Scalability Law contention σ.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub usl_sigma: Option<Spanned<f64>>,
    /// Universal Scalability Law coherency κ.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub usl_kappa: Option<Spanned<f64>>,
    /// One copy per region of users (multi-region tiers).
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub regional: Option<Spanned<bool>>,
    /// Latency of a pass through a delay component (`cdn`, `edge`,
    /// `load_balancer`, `queue`, `storage`); at an `edge`, the profile's
    /// `edge.cpu_time` is added.
    #[serde(default)]
    #[schemars(with = "Option<Human>")]
    pub latency: Option<Spanned<Human>>,
    /// A database behind a connection pooler (PgBouncer, RDS Proxy): app
    /// connections are multiplexed onto the server's.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub pooler: Option<Spanned<bool>>,
    /// The component fails over to a standby in another availability zone
    /// (Multi-AZ database, cache replica), billed as such (databases and
    /// caches only).
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub standby: Option<Spanned<bool>>,
}

/// The price sheet, `tiers/prices.toml`. In an override directory every
/// section is optional and instances are merged by name.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPrices {
    /// The date the figures were read, e.g. `2025-06`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub as_of: Option<Spanned<String>>,
    /// The provider region the figures are for.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub region: Option<Spanned<String>>,
    /// Free text: terms (on-demand, Linux) and caveats.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
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
    /// Edge functions: plan, included requests and CPU time, and the price
    /// of more.
    #[serde(default)]
    pub edge: Option<RawEdge>,
    /// Every other price of the bill by name (`database_storage`,
    /// `object_put`, `nat_gateway`, ...), each with its unit, date and
    /// source; see `tiers/prices.toml` for the names and units.
    #[serde(default)]
    pub rates: IndexMap<String, RawRate>,
}

/// One named price of the bill.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRate {
    /// US dollars per unit (for `ratio` units: a multiplier).
    #[schemars(with = "f64")]
    pub usd: Spanned<f64>,
    /// The unit the price is per, e.g. `GB-month`, `1k requests`, `hour`.
    #[schemars(with = "String")]
    pub unit: Spanned<String>,
    /// The public price list.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
    /// Date read, when different from the sheet's.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub as_of: Option<Spanned<String>>,
}

/// One instance size.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawInstance {
    /// Name, e.g. `c7g.xlarge`.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// `compute`, `database` or `cache`.
    #[schemars(with = "String")]
    pub family: Spanned<String>,
    /// Virtual CPUs.
    #[schemars(with = "i64")]
    pub vcpu: Spanned<i64>,
    /// Memory, GiB.
    #[schemars(with = "f64")]
    pub memory_gib: Spanned<f64>,
    /// On-demand price, US dollars a month (730 hours).
    #[schemars(with = "f64")]
    pub monthly_usd: Spanned<f64>,
    /// The public price list the figure was taken from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
    /// Date read, when different from the sheet's.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub as_of: Option<Spanned<String>>,
    /// Cache nodes: commands per second one node serves (published
    /// benchmarks; see the note in the price sheet). Default 80,000.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub ops_per_second: Option<Spanned<f64>>,
    /// Database instances: row changes a second that one read replica's
    /// single WAL-replay process applies (see the note in the price sheet).
    /// Default: 25,000 + 3,000 a vCPU, at most 70,000.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub apply_per_second: Option<Spanned<f64>>,
}

/// Edge function prices.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEdge {
    /// US dollars a month for the plan.
    #[schemars(with = "f64")]
    pub monthly_usd: Spanned<f64>,
    /// Requests a month the plan includes.
    #[schemars(with = "f64")]
    pub included_requests: Spanned<f64>,
    /// US dollars per million requests beyond those included.
    #[schemars(with = "f64")]
    pub per_million_requests_usd: Spanned<f64>,
    /// CPU milliseconds a month the plan includes.
    #[schemars(with = "f64")]
    pub included_cpu_ms: Spanned<f64>,
    /// US dollars per million CPU milliseconds beyond those included.
    #[schemars(with = "f64")]
    pub per_million_cpu_ms_usd: Spanned<f64>,
    /// The public price list.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
    /// Date read, when different from the sheet's.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub as_of: Option<Spanned<String>>,
}

/// Usage-priced services.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawUsage {
    /// US dollars per GB transferred out.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub per_gb_usd: Option<Spanned<f64>>,
    /// US dollars per 10,000 requests.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub per_10k_requests_usd: Option<Spanned<f64>>,
    /// US dollars per million requests.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub per_million_requests_usd: Option<Spanned<f64>>,
    /// Volume tiers: the upper end of each tier but the last, GB a month,
    /// increasing (`per_gb_usd` is then the first tier's price).
    #[serde(default)]
    #[schemars(with = "Option<Vec<f64>>")]
    pub tier_upper_gb: Option<Spanned<Vec<f64>>>,
    /// Price per GB of each volume tier after the first (one more entry than
    /// `tier_upper_gb` has, less the first), US dollars.
    #[serde(default)]
    #[schemars(with = "Option<Vec<f64>>")]
    pub tier_per_gb_usd: Option<Spanned<Vec<f64>>>,
    /// GB a month free of charge, taken off before the tiers apply.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub free_gb: Option<Spanned<f64>>,
    /// Requests a month free of charge.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub free_requests: Option<Spanned<f64>>,
    /// The public price list.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
    /// Date read, when different from the sheet's.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub as_of: Option<Spanned<String>>,
}

/// Load balancer prices.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLoadBalancer {
    /// Fixed US dollars a month.
    #[schemars(with = "f64")]
    pub monthly_usd: Spanned<f64>,
    /// US dollars per capacity unit per month.
    #[schemars(with = "f64")]
    pub capacity_unit_monthly_usd: Spanned<f64>,
    /// Requests per second one capacity unit covers.
    #[schemars(with = "f64")]
    pub requests_per_second_per_unit: Spanned<f64>,
    /// The public price list.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
    /// Date read, when different from the sheet's.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub as_of: Option<Spanned<String>>,
}
