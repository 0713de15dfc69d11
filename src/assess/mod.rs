//! `planner assess`: for each tier, build the open queueing network of the
//! app profile, solve it, right-size it month by month, and report the first
//! bottleneck, the headroom, when to upgrade and what it costs.

pub mod cost;
pub mod current;
pub mod evaluate;
pub mod layout;
pub mod load;
pub mod network;
pub mod plan;
pub mod render;
pub mod report;
pub mod run;

pub use render::{render_markdown, render_table};
pub use report::{ASSESS_SCHEMA, AssessReport};
pub use run::{AssessOptions, NetworkExport, assess, assess_file, export_network};

/// How the figures are obtained, stated in every report.
pub const ASSUMPTIONS: [&str; 10] = [
    "Load: peak API req/s = monthly active users × daily-active share × API requests per user per day / 86,400 × peak-to-average; static likewise; reads, searches and writes split the API requests; background jobs are a share of API requests, media jobs a share of writes.",
    "Each tier is an open multi-class queueing network solved analytically; classes are read, search, write, static, background and media, one per region of users for user traffic.",
    "App, worker, search and media pools are one FCFS station of instances × vCPUs (ideal balancing) whose service times are stretched by Gunther's USL slowdown 1 + σ(N−1) + κN(N−1) from the tier file.",
    "A database visit holds a connection for all of a request's queries: service = queries × time per query, cv reduced by √queries; its servers are its vCPUs (× shards or replicas). Without a pooler its capacity is min(max connections, instances × pool size), so exhaustion shows as blocking (M/M/c/K).",
    "Cache nodes are single-server stations (one command thread); a cache hit skips the database, a miss visits it. The CDN, load balancer, queue, object storage and inter-region round trips are infinite-server delays.",
    "API p95 is the 95th percentile of the mixture of the API classes, each class's sojourn fitted by a lognormal through the solver's mean and p95; round_trip is reported when the round trips alone exceed the p95 objective.",
    "Right-sizing: every pool takes its cheapest size and count for one common capacity target, raised until every SLO holds; N−1 requires every compute pool to stay at or below 90% utilization with one instance lost. Managed databases and caches are assumed to fail over to a standby.",
    "Headroom: the load multiplier at which today's configuration first breaks an SLO (closed form for utilization and N−1, bisection on load otherwise); months until breach follow the growth rate or forecast.",
    "A tier breaches in the first month no configuration within its limits meets every SLO; the upgrade-by month is that month less the lead time.",
    "Cost: instances × monthly price, CDN per GB and per request, load balancer fixed price plus capacity units at the average rate, object storage and queue requests, and origin egress per GB; volumes are peak rates over the peak-to-average factor over 30.44 days. Storage volumes, backups and inter-region transfer are not included.",
];
