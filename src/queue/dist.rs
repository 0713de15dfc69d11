//! Service-time distributions (temporary; replaced by the full module).
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Distribution {
    Exponential,
    Deterministic,
    Lognormal,
    Gamma,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceTime {
    pub distribution: Distribution,
    pub mean: f64,
    pub cv: f64,
}

impl ServiceTime {
    pub fn scv(&self) -> f64 {
        self.cv * self.cv
    }
}
