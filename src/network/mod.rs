//! Queueing networks: the `network.yaml` format and its validated model.
//! Classes are open (external Poisson arrivals) or closed (`clients`: a
//! fixed population with a think time); a network may mix both.
//!
//! `raw` mirrors the file exactly; `validate` checks it and builds the
//! `model`, whose invariants (known stations, positive times, route sums at
//! most 1, every station reachable, every request able to leave) the solvers
//! rely on without re-checking. `hosts` checks the machines whose cores
//! stations share.

pub mod clients;
mod hosts;
pub mod model;
pub mod raw;
pub mod synthetic;
pub mod validate;
pub mod write;

pub use model::{
    Arrival, Class, ClassAtStation, Clients, Discipline, Host, Network, Route, Servers, Station,
};
pub use validate::{load_network, network_from_str};
pub use write::to_yaml;
