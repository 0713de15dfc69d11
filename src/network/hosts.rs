//! Shared hosts: the `hosts:` map and each station's `host:` key, checked
//! and resolved to indices.
//!
//! A host is a machine whose cores every station on it shares by processor
//! sharing (see [`super::model::Host`] for the exact semantics). A station
//! on a host keeps its `servers` as a concurrency limit (threads, workers,
//! pool slots) and may not set `discipline: ps` of its own: the sharing is
//! the host's. A host that no station names is an error, since it would
//! silently model nothing.

use super::model::{Discipline, Host, Station};
use super::raw::RawNetwork;
use super::validate::{MAX_SERVERS, one_of};
use crate::error::InputError;
use crate::input::Ctx;

/// Checks the hosts and sets `Station::host` on `stations` (in the order of
/// `raw.stations`); returns the hosts in file order.
pub(super) fn resolve(
    raw: &RawNetwork,
    cx: Ctx<'_>,
    stations: &mut [Station],
) -> Result<Vec<Host>, InputError> {
    let mut hosts = Vec::with_capacity(raw.hosts.len());
    for (name, h) in &raw.hosts {
        let key = format!("hosts.{name}.cores");
        if name.trim().is_empty() {
            return Err(cx.invalid_at(
                cx.at(&h.cores),
                "hosts",
                format!("{name:?} (a host name)"),
                "must have non-empty names",
            ));
        }
        let n = h.cores.value;
        if !(n.is_finite() && n.fract() == 0.0 && (1.0..=MAX_SERVERS).contains(&n)) {
            return Err(cx.invalid(
                &h.cores,
                key,
                format!("must be a whole number of cores from 1 to {MAX_SERVERS}"),
            ));
        }
        hosts.push(Host {
            name: name.clone(),
            cores: n as u32,
        });
    }
    let names: Vec<&str> = raw.hosts.keys().map(String::as_str).collect();
    let mut used = vec![false; hosts.len()];
    for ((sname, rs), st) in raw.stations.iter().zip(stations.iter_mut()) {
        let Some(host) = &rs.host else { continue };
        let key = format!("stations.{sname}.host");
        let Some(h) = names.iter().position(|n| *n == host.value) else {
            let allowed = if names.is_empty() {
                "must name a host defined under `hosts:` (none is defined; add e.g. \
                 `hosts: { server: { cores: 2 } }`)"
                    .to_string()
            } else {
                match crate::input::suggest::nearest(&host.value, names.iter().copied()) {
                    Some(best) => format!(
                        "must name a host under `hosts:` ({}; did you mean `{best}`?)",
                        one_of(&names)
                    ),
                    None => format!("must name a host under `hosts:` ({})", one_of(&names)),
                }
            };
            return Err(cx.invalid(host, key, allowed));
        };
        if st.discipline == Discipline::Ps {
            let d = rs
                .discipline
                .as_ref()
                .expect("ps is only set from the file");
            return Err(cx.invalid(
                d,
                format!("stations.{sname}.discipline"),
                format!(
                    "cannot be `ps` on a station with a host (host `{}` already shares its \
                     cores among the requests in service; `servers` limits how many hold a \
                     thread): remove `discipline` or `host`",
                    host.value
                ),
            ));
        }
        st.host = Some(h);
        used[h] = true;
    }
    if let Some(h) = used.iter().position(|u| !u) {
        let (name, raw_host) = raw.hosts.get_index(h).expect("one entry per host");
        return Err(cx.invalid_at(
            cx.at(&raw_host.cores),
            format!("hosts.{name}"),
            "a host no station uses",
            format!("must be named by at least one station (`host: {name}`), or removed"),
        ));
    }
    Ok(hosts)
}
