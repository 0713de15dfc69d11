//! Queueing formulas: pure functions of plain numbers, no I/O.
//!
//! Each submodule holds one family of results (Erlang loss and delay, M/M/c,
//! M/G/1, G/G/c, M/M/c/K, processor sharing, Whitt's QNA, Gunther's USL,
//! service-time distributions, their transforms and the inversion of
//! transforms, mean value analysis of closed networks). Rates are in 1/s
//! and times in seconds throughout. A formula
//! without an answer for the given input (an unstable station, an invalid
//! rate) returns `None` instead of an infinite or negative number.

pub mod dist;
pub mod erlang;
pub mod gamma;
pub mod ggc;
pub mod invert;
pub mod mg1;
pub mod mmc;
pub mod mmck;
pub mod mva;
pub mod ps;
pub mod qna;
pub mod transform;
pub mod usl;

pub(crate) mod root;
