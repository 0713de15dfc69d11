//! From the raw file to a `Network` whose invariants hold.

use std::path::Path;

use indexmap::IndexMap;

use super::model::{Arrival, Class, ClassAtStation, Discipline, Network, Route, Servers, Station};
use super::raw::{RawNetwork, RawServers, RawService, RawStation};
use crate::error::InputError;
use crate::input::{Ctx, Spanned, load_yaml, parse_yaml};
use crate::queue::dist::{Distribution, ServiceTime};

/// The only network format version this build reads.
pub const NETWORK_SCHEMA: &str = "planner.network/v1";
/// Class name of arrivals that name none.
pub const DEFAULT_CLASS: &str = "default";
/// Most stations in one network.
pub const MAX_STATIONS: usize = 100_000;
/// Most servers at one station.
pub const MAX_SERVERS: f64 = 1_000_000.0;
/// Largest capacity of one station.
pub const MAX_CAPACITY: f64 = 10_000_000.0;
/// Largest external arrival rate of one stream, requests per second.
pub const MAX_RATE: f64 = 1e9;
/// Longest mean service time, milliseconds (about 11.6 days).
pub const MAX_MEAN_MS: f64 = 1e9;
/// Largest coefficient of variation of a service time.
pub const MAX_CV: f64 = 100.0;
/// Tolerance on route sums above 1 (rounding in hand-written files).
const ROUTE_SUM_TOLERANCE: f64 = 1e-9;

/// Reads and validates a network file.
pub fn load_network(path: &Path) -> Result<Network, InputError> {
    let raw: RawNetwork = load_yaml(path)?;
    validate(&raw, Ctx::new(&path.display().to_string()))
}

/// Parses and validates network YAML held in memory (`file` names it in errors).
pub fn network_from_str(file: &str, text: &str) -> Result<Network, InputError> {
    let raw: RawNetwork = parse_yaml(file, text)?;
    validate(&raw, Ctx::new(file))
}

/// Validates a raw network.
pub fn validate(raw: &RawNetwork, cx: Ctx<'_>) -> Result<Network, InputError> {
    if let Some(schema) = &raw.schema
        && schema.value != NETWORK_SCHEMA
    {
        return Err(cx.invalid(
            schema,
            "schema",
            format!("must be {NETWORK_SCHEMA:?} (this version of planner reads no other)"),
        ));
    }
    if raw.stations.is_empty() {
        return Err(cx.invalid_at(
            cx.whole(),
            "stations",
            "{}",
            "must define at least one station",
        ));
    }
    if raw.stations.len() > MAX_STATIONS {
        return Err(cx.invalid_at(
            cx.whole(),
            "stations",
            format!("{} stations", raw.stations.len()),
            format!("must define at most {MAX_STATIONS} stations"),
        ));
    }
    let arrivals: &[super::raw::RawArrival] =
        raw.arrivals.as_ref().map_or(&[], |a| a.value.as_slice());
    let no_clients = raw.clients.as_ref().is_none_or(|c| c.value.is_empty());
    if arrivals.is_empty() && no_clients {
        return Err(cx.invalid_at(
            raw.arrivals
                .as_ref()
                .map_or_else(|| cx.whole(), |a| cx.at(a)),
            "arrivals",
            "[]",
            "must list at least one arrival stream (or give `clients:` for a closed network)",
        ));
    }
    let names: Vec<&str> = raw.stations.keys().map(String::as_str).collect();
    let lookup = |name: &Spanned<String>, key: String| -> Result<usize, InputError> {
        names.iter().position(|n| *n == name.value).ok_or_else(|| {
            cx.invalid(
                name,
                key,
                match crate::input::suggest::nearest(&name.value, names.iter().copied()) {
                    Some(best) => format!(
                        "must name a station ({}; did you mean `{best}`?)",
                        one_of(&names)
                    ),
                    None => format!("must name a station ({})", one_of(&names)),
                },
            )
        })
    };

    // Classes, in order of first appearance, with their arrival streams.
    let mut classes: Vec<Class> = Vec::new();
    for (i, a) in arrivals.iter().enumerate() {
        let rate = cx.positive(&a.rate, &format!("arrivals[{i}].rate"))?;
        if rate > MAX_RATE {
            return Err(cx.invalid(
                &a.rate,
                format!("arrivals[{i}].rate"),
                format!("must be at most {MAX_RATE:e} req/s"),
            ));
        }
        let station = lookup(&a.to, format!("arrivals[{i}].to"))?;
        let class_name = match &a.class {
            Some(c) if c.value.trim().is_empty() => {
                return Err(cx.invalid(
                    c,
                    format!("arrivals[{i}].class"),
                    "must be a non-empty name",
                ));
            }
            Some(c) => c.value.clone(),
            None => DEFAULT_CLASS.to_string(),
        };
        let k = match classes.iter().position(|c| c.name == class_name) {
            Some(k) => k,
            None => {
                classes.push(Class {
                    name: class_name,
                    arrivals: Vec::new(),
                    clients: None,
                });
                classes.len() - 1
            }
        };
        classes[k].arrivals.push(Arrival { rate, station });
    }
    super::clients::add_closed_classes(raw, cx, &lookup, &mut classes)?;
    let class_names: Vec<&str> = classes.iter().map(|c| c.name.as_str()).collect();

    // Stations: servers, capacity, and each class's service and routes.
    let mut stations = Vec::with_capacity(raw.stations.len());
    for (name, rs) in &raw.stations {
        let key = format!("stations.{name}");
        if name.trim().is_empty() {
            return Err(cx.invalid_at(
                cx.at(&rs.servers),
                "stations",
                format!("{name:?} (a station name)"),
                "must have non-empty names",
            ));
        }
        let servers = servers(cx, &rs.servers, &key)?;
        let capacity = capacity(cx, rs, servers, &key)?;
        let discipline = discipline(cx, rs, servers, &key)?;
        for (cname, over) in &rs.classes {
            if !class_names.contains(&cname.as_str()) {
                let origin = over
                    .service
                    .as_ref()
                    .map(|s| cx.at(&s.mean_ms))
                    .unwrap_or_else(|| cx.at(&rs.servers));
                return Err(cx.invalid_at(
                    origin,
                    format!("{key}.classes"),
                    format!("{cname:?}"),
                    format!(
                        "must name classes that have arrivals or clients ({})",
                        one_of(&class_names)
                    ),
                ));
            }
        }
        let default_service = rs
            .service
            .as_ref()
            .map(|s| service(cx, s, &format!("{key}.service")))
            .transpose()?;
        let default_routes = rs
            .routes
            .as_ref()
            .map(|r| routes(cx, r, &format!("{key}.routes"), &lookup))
            .transpose()?;
        let mut visits = Vec::with_capacity(classes.len());
        for c in &classes {
            let over = rs.classes.get(&c.name);
            let ckey = format!("{key}.classes.{}", c.name);
            let svc = match over.and_then(|o| o.service.as_ref()) {
                Some(s) => Some(service(cx, s, &format!("{ckey}.service"))?),
                None => default_service,
            };
            let rts = match over.and_then(|o| o.routes.as_ref()) {
                Some(r) => routes(cx, r, &format!("{ckey}.routes"), &lookup)?,
                None => default_routes.clone().unwrap_or_default(),
            };
            // Visits are pruned to reachable stations below.
            visits.push(svc.map(|service| ClassAtStation {
                service,
                routes: rts,
            }));
        }
        stations.push(Station {
            name: name.clone(),
            servers,
            capacity,
            discipline,
            visits,
            host: None,
        });
    }

    prune_and_check_reachability(raw, cx, &classes, &mut stations)?;
    let hosts = super::hosts::resolve(raw, cx, &mut stations)?;
    let net = Network {
        stations,
        classes,
        hosts,
    };
    super::clients::check_stations(raw, cx, &net)?;
    Ok(net)
}

pub(super) fn one_of(names: &[&str]) -> String {
    const SHOWN: usize = 12;
    let mut s = names
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        s.push_str(&format!(", … {} more", names.len() - SHOWN));
    }
    format!("one of: {s}")
}

fn servers(cx: Ctx<'_>, v: &Spanned<RawServers>, key: &str) -> Result<Servers, InputError> {
    let key = format!("{key}.servers");
    match &v.value {
        RawServers::Word(w) if w == "infinite" => Ok(Servers::Infinite),
        RawServers::Count(n)
            if n.is_finite() && n.fract() == 0.0 && *n >= 1.0 && *n <= MAX_SERVERS =>
        {
            Ok(Servers::Finite(*n as u32))
        }
        _ => Err(cx.invalid(
            v,
            key,
            format!("must be a whole number from 1 to {MAX_SERVERS} or `infinite`"),
        )),
    }
}

fn capacity(
    cx: Ctx<'_>,
    rs: &RawStation,
    servers: Servers,
    key: &str,
) -> Result<Option<u32>, InputError> {
    let Some(cap) = &rs.capacity else {
        return Ok(None);
    };
    let key = format!("{key}.capacity");
    let Servers::Finite(c) = servers else {
        return Err(cx.invalid(
            cap,
            key,
            "cannot be set on a station with `servers: infinite` (it never blocks)",
        ));
    };
    let k = cap.value;
    if !(k.is_finite() && k.fract() == 0.0 && k >= f64::from(c) && k <= MAX_CAPACITY) {
        return Err(cx.invalid(
            cap,
            key,
            format!("must be a whole number from the station's servers ({c}) to {MAX_CAPACITY}"),
        ));
    }
    Ok(Some(k as u32))
}

fn discipline(
    cx: Ctx<'_>,
    rs: &RawStation,
    servers: Servers,
    key: &str,
) -> Result<Discipline, InputError> {
    let Some(d) = &rs.discipline else {
        return Ok(Discipline::Fcfs);
    };
    let key = format!("{key}.discipline");
    match (d.value.as_str(), servers) {
        ("fcfs", _) => Ok(Discipline::Fcfs),
        ("ps", Servers::Finite(_)) => Ok(Discipline::Ps),
        ("ps", Servers::Infinite) => Err(cx.invalid(
            d,
            key,
            "cannot be `ps` on a station with `servers: infinite` (nobody shares a server there)",
        )),
        _ => Err(cx.invalid(d, key, "must be one of: fcfs, ps")),
    }
}

fn service(cx: Ctx<'_>, s: &RawService, key: &str) -> Result<ServiceTime, InputError> {
    let distribution = match s.distribution.value.as_str() {
        "exponential" => Distribution::Exponential,
        "deterministic" => Distribution::Deterministic,
        "lognormal" => Distribution::Lognormal,
        "gamma" => Distribution::Gamma,
        _ => {
            return Err(cx.invalid(
                &s.distribution,
                format!("{key}.distribution"),
                "must be one of: exponential, deterministic, lognormal, gamma",
            ));
        }
    };
    let mean_key = format!("{key}.mean_ms");
    let mean_ms = cx.positive(&s.mean_ms, &mean_key)?;
    if mean_ms > MAX_MEAN_MS {
        return Err(cx.invalid(
            &s.mean_ms,
            mean_key,
            format!("must be at most {MAX_MEAN_MS:e} ms"),
        ));
    }
    let cv_key = format!("{key}.cv");
    let cv = match (distribution, &s.cv) {
        (Distribution::Exponential, None) => 1.0,
        (Distribution::Exponential, Some(cv)) if (cv.value - 1.0).abs() < 1e-12 => 1.0,
        (Distribution::Exponential, Some(cv)) => {
            return Err(cx.invalid(cv, cv_key, "must be 1 or absent for an exponential distribution (use gamma or lognormal for another cv)"));
        }
        (Distribution::Deterministic, None) => 0.0,
        (Distribution::Deterministic, Some(cv)) if cv.value == 0.0 => 0.0,
        (Distribution::Deterministic, Some(cv)) => {
            return Err(cx.invalid(
                cv,
                cv_key,
                "must be 0 or absent for a deterministic distribution",
            ));
        }
        (_, None) => {
            return Err(cx.invalid(
                &s.distribution,
                cv_key,
                format!(
                    "is required for a {} distribution (a number > 0, at most {MAX_CV})",
                    s.distribution.value
                ),
            ));
        }
        (_, Some(cv)) => {
            if !(cv.value.is_finite() && cv.value > 0.0 && cv.value <= MAX_CV) {
                return Err(cx.invalid(
                    cv,
                    cv_key,
                    format!(
                        "must be a number > 0 and at most {MAX_CV} (use deterministic for cv 0)"
                    ),
                ));
            }
            cv.value
        }
    };
    Ok(ServiceTime {
        distribution,
        mean: mean_ms / 1000.0,
        cv,
    })
}

use super::clients::Lookup;

fn routes(
    cx: Ctx<'_>,
    raw: &IndexMap<String, Spanned<f64>>,
    key: &str,
    lookup: &Lookup<'_>,
) -> Result<Vec<Route>, InputError> {
    let mut out = Vec::with_capacity(raw.len());
    let mut sum = 0.0;
    for (to, p) in raw {
        let rkey = format!("{key}.{to}");
        let named = Spanned::new(to.clone(), p.referenced, p.defined);
        let idx = lookup(&named, rkey.clone())?;
        let prob = cx.within(p, &rkey, 0.0, 1.0)?;
        sum += prob;
        if sum > 1.0 + ROUTE_SUM_TOLERANCE {
            return Err(cx.invalid_at(
                cx.at(p),
                key,
                format!("probabilities summing to {sum}"),
                "must have probabilities summing to at most 1 (the remainder leaves the network)",
            ));
        }
        if prob > 0.0 {
            out.push(Route {
                to: idx,
                probability: prob,
            });
        }
    }
    Ok(out)
}

/// Keeps each class's visits only where the class can arrive, and checks that
/// every station is reached, every reached station serves the class, and the
/// class can always leave.
fn prune_and_check_reachability(
    raw: &RawNetwork,
    cx: Ctx<'_>,
    classes: &[Class],
    stations: &mut [Station],
) -> Result<(), InputError> {
    let n = stations.len();
    let raw_stations: Vec<(&String, &RawStation)> = raw.stations.iter().collect();
    let mut reached_by_any = vec![false; n];
    for (k, class) in classes.iter().enumerate() {
        let mut reached = vec![false; n];
        let mut stack: Vec<usize> = class.arrivals.iter().map(|a| a.station).collect();
        stack.extend(class.clients.map(|c| c.station));
        while let Some(s) = stack.pop() {
            if std::mem::replace(&mut reached[s], true) {
                continue;
            }
            let Some(v) = &stations[s].visits[k] else {
                let (name, rs) = raw_stations[s];
                return Err(cx.invalid_at(
                    cx.at(&rs.servers),
                    format!("stations.{name}.service"),
                    "nothing",
                    format!(
                        "is required: class {:?} reaches {name} but neither stations.{name}.service nor stations.{name}.classes.{}.service is given",
                        class.name, class.name
                    ),
                ));
            };
            stack.extend(v.routes.iter().map(|r| r.to));
        }
        // Can every reached station lead out of the network? Walk backwards
        // from the stations the class can leave from.
        let mut leads_out = vec![false; n];
        let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut stack = Vec::new();
        for s in 0..n {
            if !reached[s] {
                continue;
            }
            let v = stations[s].visits[k]
                .as_ref()
                .expect("reached stations have visits");
            for r in &v.routes {
                preds[r.to].push(s);
            }
            if v.exit_probability() > ROUTE_SUM_TOLERANCE {
                stack.push(s);
            }
        }
        while let Some(s) = stack.pop() {
            if std::mem::replace(&mut leads_out[s], true) {
                continue;
            }
            stack.extend(preds[s].iter().copied());
        }
        if let Some(s) = (0..n).find(|&s| reached[s] && !leads_out[s]) {
            let (name, rs) = raw_stations[s];
            return Err(cx.invalid_at(
                cx.at(&rs.servers),
                format!("stations.{name}.routes"),
                "a closed loop",
                if class.clients.is_some() {
                    format!(
                        "must let class {:?} return to its clients: from {name} its routes sum to 1 around a loop with no exit",
                        class.name
                    )
                } else {
                    format!(
                        "must let class {:?} leave the network: from {name} its routes sum to 1 around a loop with no exit",
                        class.name
                    )
                },
            ));
        }
        for (s, st) in stations.iter_mut().enumerate() {
            if reached[s] {
                reached_by_any[s] = true;
            } else {
                st.visits[k] = None;
            }
        }
    }
    if let Some(s) = (0..n).find(|&s| !reached_by_any[s]) {
        let (name, rs) = raw_stations[s];
        return Err(cx.invalid_at(
            cx.at(&rs.servers),
            format!("stations.{name}"),
            "an unreachable station",
            "must be reachable: no arrival stream or route leads to it (add a route or remove the station)",
        ));
    }
    Ok(())
}
