//! The tier catalog: the five architecture tiers and the price sheet, as data.
//!
//! Tier files (`tiers/*.toml`) say which components a tier has, how each
//! request class moves through them, and each component's scaling limits.
//! The price sheet (`tiers/prices.toml`) gives instance sizes and usage prices
//! with their date and public source. Both are embedded in the binary with
//! `include_str!`; `--tiers DIR` adds or overrides files.
//!
//! # Tier file format
//!
//! ```toml
//! name = "monolith"          # machine name, used in app.yaml `current.tier`
//! rank = 1                   # ladder position, 1 = simplest
//! title = "Monolith"
//! summary = "…"
//!
//! [components.app]
//! kind = "app"               # app, workers, search, media, notifications, database,
//!                            # replicas, cache (pools) or cdn, edge, load_balancer,
//!                            # queue, storage (delays)
//! sizes = ["c7g.large"]      # allowed price-sheet sizes (default: the kind's whole family)
//! min_count = 1              # instances (per region when `regional = true`)
//! max_count = 1
//! usl_sigma = 0.0            # Universal Scalability Law contention and coherency
//! usl_kappa = 0.0
//!
//! [components.storage]
//! kind = "storage"
//! latency = "20ms"           # delay components take a latency
//!
//! [paths]                    # every class: read, search, write, static, background, media
//!                            # (and notification: the background path when left out)
//! read = ["wan", "app", "db"]
//! static = ["cdn", "wan?", "storage?"]   # `?`: visited only on a miss of the cache/cdn before
//! ```
//!
//! `wan` is the network from the user's region to the primary region: a delay
//! of the region's round trip (none for users in the primary region).

pub mod describe;
pub mod load;
pub mod model;
pub mod raw;
mod tier;

pub use load::{EMBEDDED, PRICES_FILE, catalog_from_files, embedded_catalog, load_catalog};
pub use model::{
    Catalog, ClassKind, Component, ComponentKind, EdgePrice, Family, Instance, LoadBalancerPrice,
    PriceSheet, RATES, Rate, Step, Target, Tier, Usage,
};
pub use tier::WAN;
