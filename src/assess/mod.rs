//! `planner assess`: for each tier, build the open queueing network of the
//! app profile, solve it, right-size it month by month, and report the first
//! bottleneck, the headroom, when to upgrade and what it costs.

pub mod cost;
pub mod current;
pub mod layout;
pub mod load;
pub mod network;
