//! Closed classes in the network file: the `clients:` list.
//!
//! A closed class has a fixed population of clients. Each client thinks
//! (an exponential think time with the given mean), sends one request that
//! enters the stations at `to`, follows the class's routes, and when the
//! request leaves the stations (the routes' remainder) the client thinks
//! again. Validation here keeps the rules that are about clients apart from
//! the open-network checks in `validate`.

use super::model::{Class, Clients, Network};
use super::raw::RawNetwork;
use super::validate::{DEFAULT_CLASS, MAX_MEAN_MS};
use crate::error::InputError;
use crate::input::{Ctx, Spanned};

/// Most clients of one closed class.
pub const MAX_POPULATION: f64 = 100_000.0;

/// Resolves a station name to its index, or a located error.
pub(super) type Lookup<'a> = dyn Fn(&Spanned<String>, String) -> Result<usize, InputError> + 'a;

/// Adds the closed classes of `raw.clients` to `classes` (after the open
/// ones), refusing a class that also has arrivals or is listed twice.
pub(super) fn add_closed_classes(
    raw: &RawNetwork,
    cx: Ctx<'_>,
    lookup: &Lookup<'_>,
    classes: &mut Vec<Class>,
) -> Result<(), InputError> {
    let Some(list) = &raw.clients else {
        return Ok(());
    };
    for (i, c) in list.value.iter().enumerate() {
        let key = format!("clients[{i}]");
        let name = match &c.class {
            Some(n) if n.value.trim().is_empty() => {
                return Err(cx.invalid(n, format!("{key}.class"), "must be a non-empty name"));
            }
            Some(n) => n.value.clone(),
            None => DEFAULT_CLASS.to_string(),
        };
        if let Some(prev) = classes.iter().find(|k| k.name == name) {
            let origin = c
                .class
                .as_ref()
                .map_or_else(|| cx.at(&c.population), |n| cx.at(n));
            let why = if prev.clients.is_some() {
                "must name each closed class once (this class is already listed under clients)"
            } else {
                "must not name a class that has arrivals: a class is either open (arrivals) or \
                 closed (clients with a population), not both"
            };
            return Err(cx.invalid_at(origin, format!("{key}.class"), format!("{name:?}"), why));
        }
        let n = &c.population;
        if !(n.value.is_finite()
            && n.value.fract() == 0.0
            && n.value >= 1.0
            && n.value <= MAX_POPULATION)
        {
            return Err(cx.invalid(
                n,
                format!("{key}.population"),
                format!("must be a whole number of clients from 1 to {MAX_POPULATION}"),
            ));
        }
        let z = &c.think_time_ms;
        if !(z.value.is_finite() && z.value >= 0.0 && z.value <= MAX_MEAN_MS) {
            return Err(cx.invalid(
                z,
                format!("{key}.think_time_ms"),
                format!("must be a number of milliseconds from 0 to {MAX_MEAN_MS:e}"),
            ));
        }
        let station = lookup(&c.to, format!("{key}.to"))?;
        classes.push(Class {
            name,
            arrivals: Vec::new(),
            clients: Some(Clients {
                population: n.value as u32,
                think: z.value / 1000.0,
                station,
            }),
        });
    }
    Ok(())
}

/// Checks what the solvers of closed classes need of the stations: no
/// capacity limits anywhere in a network with clients (a closed model has
/// no notion of a rejected request), and no shared hosts (Mean Value
/// Analysis here has no processor sharing across stations).
pub(super) fn check_stations(
    raw: &RawNetwork,
    cx: Ctx<'_>,
    net: &Network,
) -> Result<(), InputError> {
    if !net.has_clients() {
        return Ok(());
    }
    for (name, rs) in &raw.stations {
        if let Some(host) = &rs.host {
            return Err(cx.invalid(
                host,
                format!("stations.{name}.host"),
                "cannot be set in a network with clients (closed classes): shared hosts are \
                 solved for open classes only; give the station its own servers instead",
            ));
        }
        if let Some(cap) = &rs.capacity {
            return Err(cx.invalid(
                cap,
                format!("stations.{name}.capacity"),
                "cannot be set in a network with clients (closed classes): a client's request \
                 is never rejected; remove the capacity or model the limit as servers",
            ));
        }
    }
    Ok(())
}
