//! `planner assess`: for each tier, build the open queueing network of the
//! app profile, solve it, right-size it month by month, and report the first
//! bottleneck, the headroom, when to upgrade and what it costs.

pub mod calibrate;
pub mod cost;
pub mod current;
pub mod evaluate;
pub mod layout;
pub mod load;
pub mod network;
pub mod plan;
pub mod render;
pub mod replication;
pub mod report;
pub mod run;
pub mod steps;

pub use calibrate::{Calibration, Demands};
pub use render::{render_markdown, render_summary, render_summary_width, render_table};
pub use report::{ASSESS_SCHEMA, AssessReport};
pub use run::{AssessOptions, NetworkExport, assess, assess_file, export_network};

/// How the figures are obtained, stated in every report.
pub const ASSUMPTIONS: [&str; 14] = [
    "Load: peak API req/s = monthly active users × daily-active share × API requests per user per day / 86,400 × peak-to-average; static likewise; reads, searches and writes split the API requests; background jobs are a share of API requests, media jobs a share of writes.",
    "Each tier is an open multi-class queueing network solved analytically; classes are read, search, write, static, background and media, one per region of users for user traffic.",
    "App, worker, search and media pools are one processor-sharing station of instances × vCPUs (a time-sliced CPU, ideal balancing) whose service times are stretched by Gunther's USL slowdown 1 + σ(N−1) + κN(N−1) from the tier file. Components that `current.colocate` puts on one machine share its cores (one processor-sharing host for all their work).",
    "A database visit holds a connection for all of a request's queries: service = queries × time per query, cv reduced by √queries; its servers are its vCPUs (× shards or replicas). Without a pooler its capacity is min(max connections, instances × pool size), so exhaustion shows as blocking (M/M/c/K).",
    "A cache node serves the commands a second of the price sheet (redis-benchmark figures, 80–130K ops/s a node), as ops/s × lookup time servers, so a lookup still takes the lookup time; a cache hit skips the database, a miss visits it. A database without `database.max_connections` takes the RDS for PostgreSQL default LEAST(memory / 9,531,392 B, 5000), and the app's pools may hold at most `slo.max_connection_utilization` (80%) of it. The CDN, load balancer, queue, object storage and inter-region round trips are infinite-server delays.",
    "API p95 is the 95th percentile of the mixture of the API classes, weighted by rate: each class's sojourn distribution is composed along its route from per-visit laws (waits for servers, processor-sharing slowdowns, service distributions, round trips; successive visits independent) and inverted numerically; round_trip is reported when the round trips alone exceed the p95 objective.",
    "Edge (multi_region, and services where the tier file has one): every API request first visits an edge function, a delay of the tier's edge latency plus edge.cpu_time; bots (traffic.bot_share) are blocked there and reads answered there (edge.offload) go no further. Notifications are a request class, traffic.notification_share of writes, sent from the workers or, in services, from a notifications pool.",
    "Replication lag: each read replica replays the primary's row changes in one process, a single-server M/G/1 station at the size's apply rate per second (price sheet); its mean sojourn is the lag, held within slo.max_replication_lag (100 ms by default).",
    "Right-sizing: every pool takes its cheapest size and count for one common capacity target, raised until every SLO holds; N−1 requires every compute pool to stay at or below 90% utilization with one instance lost. Managed databases and caches are assumed to fail over to a standby.",
    "Headroom: the load multiplier at which today's configuration first breaks an SLO (closed form for utilization and N−1, bisection on load otherwise); months until breach follow the growth rate or forecast.",
    "A tier breaches in the first month no configuration within its limits meets every SLO; the upgrade-by month is that month less the lead time.",
    "Cost, line by line (monthly_cost_usd.lines_now): instances × monthly price (× the savings ratio under pricing: savings_*); a Multi-AZ standby for every database that fails over (tier files' `standby`, or slo.survive_instance_loss) and a replica node for such caches; RDS Proxy per vCPU behind a pooler; managed search at the OpenSearch premium; database storage from storage.per_user (20 GB an instance at least) and backups; object storage from media uploads kept, PUTs and GETs priced apart; CDN and internet egress by volume tier after their free tiers; load balancer hours and capacity units; queue requests; NAT gateways, cross-AZ and inter-region traffic; 10 CloudWatch metrics a host and logs per request. Volumes are peak rates over the peak-to-average factor over 30.44 days.",
    "Plan: at the first month today's setup breaks an SLO, the cheapest fix first: a larger app connection pool (free) where the app's own pool is the connection limit, then a size or count within the tier bought for the load 12 months ahead, then a tier move to the cheapest tier that meets every SLO for 12 months after (or the longest-lasting), started the lead time before the breach. A multi-region tier is proposed only for users in several regions. Over-provisioning is a saving at month 0.",
    "Non-current tiers are shown at the size they would be bought at today: the cheapest that carries the load 12 months ahead (or as far as the tier can).",
];
