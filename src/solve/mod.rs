//! The analytic solver: traffic equations, per-station formulas, QNA
//! variability propagation and end-to-end sojourn estimates.

pub mod report;

pub use report::{
    ClassReport, NetworkReport, SolveReport, StationClassReport, StationReport, Status,
};
