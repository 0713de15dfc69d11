//! The validated tier catalog and price sheet.

use std::fmt;

/// Every tier and the prices they are costed with.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Tiers by ascending rank.
    pub tiers: Vec<Tier>,
    /// The price sheet.
    pub prices: PriceSheet,
}

impl Catalog {
    /// The tier called `name`.
    pub fn tier(&self, name: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.name == name)
    }
}

/// Instance families of the price sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// General compute (app, workers, search, media).
    Compute,
    /// Managed relational database.
    Database,
    /// Managed in-memory cache.
    Cache,
}

impl Family {
    /// All families.
    pub const ALL: [Family; 3] = [Family::Compute, Family::Database, Family::Cache];

    /// Name as written in the price sheet.
    pub fn name(self) -> &'static str {
        match self {
            Family::Compute => "compute",
            Family::Database => "database",
            Family::Cache => "cache",
        }
    }
}

/// What a component is; decides its queueing station and its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComponentKind {
    /// Application servers: API requests, and jobs where there are no workers.
    App,
    /// Background job workers.
    Workers,
    /// A search engine pool.
    Search,
    /// A media processing pool.
    Media,
    /// The database primary (or shards).
    Database,
    /// Read replicas.
    Replicas,
    /// In-memory cache nodes.
    Cache,
    /// Content delivery network edge (a delay).
    Cdn,
    /// Load balancer (a delay).
    LoadBalancer,
    /// Managed job queue (a delay).
    Queue,
    /// Object storage (a delay).
    Storage,
    /// A notification service: email, push and SMS delivery in its own pool.
    Notifications,
    /// Edge functions at the CDN's nodes (a delay): verify tokens, block
    /// bots, answer personalised cached pages before the origin.
    Edge,
}

impl ComponentKind {
    /// All kinds.
    pub const ALL: [ComponentKind; 13] = [
        ComponentKind::App,
        ComponentKind::Workers,
        ComponentKind::Search,
        ComponentKind::Media,
        ComponentKind::Database,
        ComponentKind::Replicas,
        ComponentKind::Cache,
        ComponentKind::Cdn,
        ComponentKind::LoadBalancer,
        ComponentKind::Queue,
        ComponentKind::Storage,
        ComponentKind::Notifications,
        ComponentKind::Edge,
    ];

    /// Name as written in tier files.
    pub fn name(self) -> &'static str {
        match self {
            ComponentKind::App => "app",
            ComponentKind::Workers => "workers",
            ComponentKind::Search => "search",
            ComponentKind::Media => "media",
            ComponentKind::Database => "database",
            ComponentKind::Replicas => "replicas",
            ComponentKind::Cache => "cache",
            ComponentKind::Cdn => "cdn",
            ComponentKind::LoadBalancer => "load_balancer",
            ComponentKind::Queue => "queue",
            ComponentKind::Storage => "storage",
            ComponentKind::Notifications => "notifications",
            ComponentKind::Edge => "edge",
        }
    }

    /// The price-sheet family of a pool; `None` for delay components.
    pub fn family(self) -> Option<Family> {
        match self {
            ComponentKind::App
            | ComponentKind::Workers
            | ComponentKind::Search
            | ComponentKind::Media
            | ComponentKind::Notifications => Some(Family::Compute),
            ComponentKind::Database | ComponentKind::Replicas => Some(Family::Database),
            ComponentKind::Cache => Some(Family::Cache),
            ComponentKind::Cdn
            | ComponentKind::LoadBalancer
            | ComponentKind::Queue
            | ComponentKind::Storage
            | ComponentKind::Edge => None,
        }
    }

    /// Whether the component is a pool of instances (else a pure delay).
    pub fn is_pool(self) -> bool {
        self.family().is_some()
    }

    /// Whether the component is a database that holds client connections.
    pub fn holds_connections(self) -> bool {
        matches!(self, ComponentKind::Database | ComponentKind::Replicas)
    }

    /// Whether instances of the component keep a database connection pool.
    pub fn opens_connections(self) -> bool {
        matches!(self, ComponentKind::App | ComponentKind::Workers)
    }

    /// Whether losing one instance is a failure to plan for (N−1). Managed
    /// databases and caches fail over to a standby, so only compute pools count.
    pub fn n_minus_1_applies(self) -> bool {
        self.family() == Some(Family::Compute)
    }

    /// Whether requests that miss this component continue along `?` steps.
    pub fn is_filter(self) -> bool {
        matches!(self, ComponentKind::Cache | ComponentKind::Cdn)
    }

    /// Whether `class` can visit this kind of component (is there work for it
    /// there).
    pub fn serves(self, class: ClassKind) -> bool {
        use ClassKind as C;
        match self {
            ComponentKind::App => true,
            ComponentKind::Workers => {
                matches!(class, C::Background | C::Media | C::Notification)
            }
            ComponentKind::Notifications => class == C::Notification,
            ComponentKind::Edge => class.is_api(),
            ComponentKind::Search => class == C::Search,
            ComponentKind::Media => class == C::Media,
            ComponentKind::Database | ComponentKind::Replicas => class != C::Static,
            ComponentKind::Cache => !matches!(class, C::Static | C::Media),
            ComponentKind::Cdn
            | ComponentKind::LoadBalancer
            | ComponentKind::Queue
            | ComponentKind::Storage => true,
        }
    }
}

impl fmt::Display for ComponentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Request classes every tier routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClassKind {
    /// API reads.
    Read,
    /// API searches.
    Search,
    /// API writes.
    Write,
    /// Static assets and media downloads.
    Static,
    /// Background jobs.
    Background,
    /// Media processing jobs.
    Media,
    /// Notifications (email, push, SMS) sent for writes, retries included.
    Notification,
}

impl ClassKind {
    /// All classes, in report order.
    pub const ALL: [ClassKind; 7] = [
        ClassKind::Read,
        ClassKind::Search,
        ClassKind::Write,
        ClassKind::Static,
        ClassKind::Background,
        ClassKind::Media,
        ClassKind::Notification,
    ];

    /// Name as written in tier files and reports.
    pub fn name(self) -> &'static str {
        match self {
            ClassKind::Read => "read",
            ClassKind::Search => "search",
            ClassKind::Write => "write",
            ClassKind::Static => "static",
            ClassKind::Background => "background",
            ClassKind::Media => "media",
            ClassKind::Notification => "notification",
        }
    }

    /// Whether the class counts in the API p95.
    pub fn is_api(self) -> bool {
        matches!(self, ClassKind::Read | ClassKind::Search | ClassKind::Write)
    }

    /// Whether the class comes from users in their regions (else it runs in
    /// the primary region).
    pub fn from_users(self) -> bool {
        !matches!(
            self,
            ClassKind::Background | ClassKind::Media | ClassKind::Notification
        )
    }

    /// Whether the class is a job taken from the queue (background, media,
    /// notification).
    pub fn is_job(self) -> bool {
        !self.from_users()
    }
}

/// One architecture tier.
#[derive(Debug, Clone)]
pub struct Tier {
    /// Machine name.
    pub name: String,
    /// Human title.
    pub title: String,
    /// Position on the ladder.
    pub rank: u32,
    /// Description.
    pub summary: String,
    /// Components in file order.
    pub components: Vec<Component>,
    /// Path of each class, indexed like [`ClassKind::ALL`].
    pub paths: Vec<Vec<Step>>,
    /// Where the tier was read from (`embedded:…` or a path).
    pub source: String,
}

impl Tier {
    /// The path of `class`.
    pub fn path(&self, class: ClassKind) -> &[Step] {
        &self.paths[ClassKind::ALL
            .iter()
            .position(|c| *c == class)
            .expect("all classes")]
    }

    /// Index of the component called `name`.
    pub fn component_index(&self, name: &str) -> Option<usize> {
        self.components.iter().position(|c| c.name == name)
    }

    /// Whether any component has one copy per region.
    pub fn is_multi_region(&self) -> bool {
        self.components.iter().any(|c| c.regional)
    }
}

/// One component of a tier.
#[derive(Debug, Clone)]
pub struct Component {
    /// Name, unique in the tier.
    pub name: String,
    /// Kind.
    pub kind: ComponentKind,
    /// Allowed sizes (indices into `PriceSheet::instances`), cheapest first.
    /// Empty for delay components.
    pub sizes: Vec<usize>,
    /// Fewest instances (per region when regional).
    pub min_count: u32,
    /// Most instances (per region when regional).
    pub max_count: u32,
    /// USL contention σ (0 for ideal scaling).
    pub usl_sigma: f64,
    /// USL coherency κ.
    pub usl_kappa: f64,
    /// One copy per region of users.
    pub regional: bool,
    /// Latency of one pass through a delay component, seconds.
    pub latency: f64,
    /// Connections multiplexed through a pooler (databases only).
    pub pooler: bool,
    /// Fails over to a standby in another availability zone (databases and
    /// caches), which the bill charges for.
    pub standby: bool,
}

impl Component {
    /// The USL slowdown of `n` instances: 1 + σ(n − 1) + κn(n − 1), so `n`
    /// instances deliver n / slowdown times one instance's throughput.
    pub fn usl_slowdown(&self, n: u32) -> f64 {
        crate::queue::usl::slowdown(self.usl_sigma, self.usl_kappa, f64::from(n))
    }
}

/// One step of a class's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Where the step goes.
    pub target: Target,
    /// Visited only when the last cache or CDN before it missed (`name?`).
    pub on_miss: bool,
}

/// The target of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The network between the user's region and the primary region
    /// (`wan`): a delay of the region's round trip, absent for the primary.
    Wan,
    /// A component, by index.
    Component(usize),
}

/// The price sheet.
#[derive(Debug, Clone)]
pub struct PriceSheet {
    /// Date the figures were read.
    pub as_of: String,
    /// Provider region.
    pub region: String,
    /// Terms and caveats.
    pub note: String,
    /// Instance sizes.
    pub instances: Vec<Instance>,
    /// CDN: per GB out and per 10k requests.
    pub cdn: Usage,
    /// Load balancer.
    pub load_balancer: LoadBalancerPrice,
    /// Object storage: per 10k requests.
    pub storage: Usage,
    /// Internet egress from the origin: per GB.
    pub egress: Usage,
    /// Managed queue: per million requests.
    pub queue: Usage,
    /// Edge functions: a plan with included requests and CPU time, then
    /// per million of each.
    pub edge: EdgePrice,
    /// Every other price of the bill, by name (see [`RATES`]).
    pub rates: indexmap::IndexMap<String, Rate>,
}

impl PriceSheet {
    /// The price called `name` (one of [`RATES`], checked when the sheet is
    /// read), US dollars per its unit.
    ///
    /// A scan of the few entries, not a hash lookup: every bill line reads a
    /// rate, and comparing short names (lengths first) is several times
    /// cheaper than hashing them.
    pub fn rate(&self, name: &str) -> &Rate {
        self.rates
            .iter()
            .find_map(|(k, r)| (k.as_str() == name).then_some(r))
            .unwrap_or_else(|| panic!("rate {name:?} is checked when the price sheet is read"))
    }
}

/// The named prices every base price sheet gives, with their units.
pub const RATES: [(&str, &str); 19] = [
    ("database_storage", "GB-month"),
    ("backup_storage", "GB-month"),
    ("block_storage", "GB-month"),
    ("object_storage", "GB-month"),
    ("object_put", "1k requests"),
    ("pooler", "vCPU-hour"),
    ("search_service", "ratio"),
    ("monitoring_metric", "metric-month"),
    ("log_ingest", "GB"),
    ("log_storage", "GB-month"),
    ("nat_gateway", "hour"),
    ("nat_data", "GB"),
    ("cross_az", "GB"),
    ("inter_region", "GB"),
    ("savings_1yr", "ratio"),
    ("savings_3yr", "ratio"),
    ("email_message", "1k messages"),
    ("push_message", "1M messages"),
    ("sms_message", "message"),
];

/// One named price.
#[derive(Debug, Clone)]
pub struct Rate {
    /// US dollars per unit (a multiplier for `ratio`).
    pub usd: f64,
    /// The unit.
    pub unit: String,
    /// Public price list.
    pub source: String,
    /// Date read.
    pub as_of: String,
}

/// One instance size.
#[derive(Debug, Clone)]
pub struct Instance {
    /// Name.
    pub name: String,
    /// Family.
    pub family: Family,
    /// Virtual CPUs.
    pub vcpu: u32,
    /// Memory, GiB.
    pub memory_gib: f64,
    /// US dollars a month.
    pub monthly_usd: f64,
    /// Public price list.
    pub source: String,
    /// Date read.
    pub as_of: String,
    /// Cache nodes: commands a second one node serves (0 for other
    /// families).
    pub ops_per_second: f64,
    /// Database instances: row changes a second one read replica's single
    /// WAL-replay process applies (0 for other families).
    pub apply_per_second: f64,
}

/// A usage-priced service.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    /// US dollars per GB out.
    pub per_gb_usd: f64,
    /// US dollars per request.
    pub per_request_usd: f64,
    /// Volume tiers after the first: (lower end GB, US dollars per GB), the
    /// first tier (from 0) at `per_gb_usd`.
    pub tiers: Vec<(f64, f64)>,
    /// GB a month free, taken off before the tiers apply.
    pub free_gb: f64,
    /// Requests a month free.
    pub free_requests: f64,
    /// Public price list.
    pub source: String,
    /// Date read.
    pub as_of: String,
}

impl Usage {
    /// US dollars for `gb` GB in a month: the free GB off first, then the
    /// volume tiers. Never falls as `gb` grows.
    pub fn data_usd(&self, gb: f64) -> f64 {
        let billed = (gb - self.free_gb).max(0.0);
        let mut usd = 0.0;
        let mut lower = 0.0;
        let mut price = self.per_gb_usd;
        for &(next_lower, next_price) in &self.tiers {
            if billed <= lower {
                break;
            }
            usd += (billed.min(next_lower) - lower).max(0.0) * price;
            lower = next_lower;
            price = next_price;
        }
        if billed > lower {
            usd += (billed - lower) * price;
        }
        usd
    }

    /// US dollars for `n` requests in a month, the free requests off first.
    pub fn requests_usd(&self, n: f64) -> f64 {
        (n - self.free_requests).max(0.0) * self.per_request_usd
    }
}

/// Edge function prices (Cloudflare Workers Standard, Lambda@Edge and the
/// like): a monthly plan that includes some requests and CPU time, then a
/// price per million of each.
#[derive(Debug, Clone)]
pub struct EdgePrice {
    /// US dollars a month for the plan.
    pub monthly_usd: f64,
    /// Requests a month the plan includes.
    pub included_requests: f64,
    /// US dollars per request beyond them.
    pub per_request_usd: f64,
    /// CPU milliseconds a month the plan includes.
    pub included_cpu_ms: f64,
    /// US dollars per CPU millisecond beyond them.
    pub per_cpu_ms_usd: f64,
    /// Public price list.
    pub source: String,
    /// Date read.
    pub as_of: String,
}

/// Load balancer prices.
#[derive(Debug, Clone)]
pub struct LoadBalancerPrice {
    /// Fixed US dollars a month.
    pub monthly_usd: f64,
    /// US dollars per capacity unit a month.
    pub capacity_unit_monthly_usd: f64,
    /// Requests per second one unit covers.
    pub requests_per_second_per_unit: f64,
    /// Public price list.
    pub source: String,
    /// Date read.
    pub as_of: String,
}
