//! `planner timeline`: month by month, the load against each tier's ceiling,
//! when each upgrade falls due and what it costs, with growth uncertainty.
//!
//! Method: evaluating a tier at a month depends only on the load (users),
//! not on the growth path. So each tier's ceiling (the most users it can be
//! right-sized for within every SLO) and today's configuration's ceiling are
//! found once with the `assess` machinery (bisection on load), and each
//! tier's cost is tabulated once on a grid of loads (right-sized; cost never
//! falls as load grows within a tier). Each Monte Carlo growth path is then
//! arithmetic: compare the path's peak users each month with the ceilings,
//! follow the upgrade plan, interpolate the cost. The median row is
//! recomputed exactly (right-sized at its load).

pub mod ceilings;
pub mod chart;
pub mod cli;
pub mod paths;
pub mod render;
pub mod report;
pub mod run;

pub use report::{TIMELINE_SCHEMA, TimelineReport};
pub use run::{TimelineOptions, growth_percentiles, timeline, timeline_file};

/// Default seed of the growth paths.
pub const DEFAULT_SEED: u64 = 20_240_501;
/// Default number of growth paths.
pub const DEFAULT_PATHS: u32 = 10_000;
/// Most growth paths accepted.
pub const MAX_PATHS: u32 = 1_000_000;
/// Default months shown (the profile's horizon when not given).
pub const MAX_MONTHS: u32 = 120;

/// How the figures are obtained, stated in every report.
pub const METHOD: [&str; 6] = [
    "Growth: each path draws one monthly rate from the profile's distribution (fixed rates and forecasts give one path); users compound monthly; a spike multiplies its month's peak, and the tier must carry that peak (queues reach steady state within minutes, so a day-long spike needs the same capacity as a month-long one).",
    "Ceilings: each tier's ceiling is the most users it can be right-sized for within every SLO, and today's setup's ceiling the most users today's configuration serves; both found once by bisection on load with the assess model (relative precision better than 1e-9).",
    "Plan: start on today's tier; in the first month a path's peak exceeds the tier's ceiling, move to the cheapest higher tier that carries it, starting the lead time earlier (the upgrade-by month, as in assess).",
    "Cost: each tier right-sized on a grid of loads once, interpolated on log(users) between grid points for each path; the median row is right-sized exactly at its load. Costs are at the sustained (non-spike) load.",
    "Percentiles: P10/P50/P90 over the paths by nearest rank; an upgrade month beyond the horizon counts as later than every month, and a percentile that falls there is null.",
    "Breach probability: share of paths on which today's configuration has broken an SLO at or before the month, with no change to it.",
];
