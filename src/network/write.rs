//! From a [`Network`] back to `network.yaml` text, in the documented
//! format, so that any network the tool builds (e.g. the one `planner
//! assess` solves for a tier) can be read, edited, solved and simulated.
//!
//! The text parses back to an identical model: every name is written as a
//! double-quoted (JSON-escaped) scalar, every number in Rust's shortest
//! round-trip form, and each mean in milliseconds is chosen so that
//! dividing it by 1,000, as the reader does, gives back the mean in seconds
//! exactly. A station whose visiting classes share one service and one set
//! of routes is written with the station's own `service` and `routes`;
//! otherwise each class gets its own entry under `classes`.

use std::fmt::Write as _;

use super::model::{ClassAtStation, Discipline, Network, Servers};
use super::validate::NETWORK_SCHEMA;
use crate::queue::dist::{Distribution, ServiceTime};

/// The network as YAML text. `header` lines, if any, are written first as
/// `#` comments.
pub fn to_yaml(net: &Network, header: &[String]) -> String {
    let mut out = String::new();
    for line in header {
        for l in line.lines() {
            let _ = writeln!(out, "# {l}");
        }
    }
    let _ = writeln!(out, "schema: {NETWORK_SCHEMA}");
    if net.classes.iter().any(|c| !c.arrivals.is_empty()) {
        out.push_str("arrivals:\n");
    }
    for c in &net.classes {
        for a in &c.arrivals {
            let _ = writeln!(
                out,
                "  - {{ rate: {}, to: {}, class: {} }}",
                num(a.rate),
                quote(&net.stations[a.station].name),
                quote(&c.name)
            );
        }
    }
    if net.has_clients() {
        out.push_str("clients:\n");
    }
    for c in &net.classes {
        if let Some(cl) = &c.clients {
            let _ = writeln!(
                out,
                "  - {{ class: {}, population: {}, think_time_ms: {}, to: {} }}",
                quote(&c.name),
                cl.population,
                num(millis(cl.think)),
                quote(&net.stations[cl.station].name)
            );
        }
    }
    out.push_str("stations:\n");
    for st in &net.stations {
        let _ = writeln!(out, "  {}:", quote(&st.name));
        match st.servers {
            Servers::Finite(c) => {
                let _ = writeln!(out, "    servers: {c}");
            }
            Servers::Infinite => out.push_str("    servers: infinite\n"),
        }
        if let Some(k) = st.capacity {
            let _ = writeln!(out, "    capacity: {k}");
        }
        if st.discipline == Discipline::Ps {
            let _ = writeln!(out, "    discipline: {}", Discipline::Ps.as_str());
        }
        if let Some(h) = st.host {
            let _ = writeln!(out, "    host: {}", quote(&net.hosts[h].name));
        }
        let visiting: Vec<(usize, &ClassAtStation)> = st
            .visits
            .iter()
            .enumerate()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
            .collect();
        let shared = visiting.windows(2).all(|w| same(w[0].1, w[1].1));
        match visiting.first() {
            Some((_, v)) if shared => {
                let _ = writeln!(out, "    service: {}", service(&v.service));
                if !v.routes.is_empty() {
                    let _ = writeln!(out, "    routes: {}", routes(net, v));
                }
            }
            _ => {
                out.push_str("    classes:\n");
                for (k, v) in visiting {
                    let _ = write!(
                        out,
                        "      {}: {{ service: {}",
                        quote(&net.classes[k].name),
                        service(&v.service)
                    );
                    if !v.routes.is_empty() {
                        let _ = write!(out, ", routes: {}", routes(net, v));
                    }
                    out.push_str(" }\n");
                }
            }
        }
    }
    if !net.hosts.is_empty() {
        out.push_str("hosts:\n");
        for h in &net.hosts {
            let _ = writeln!(out, "  {}: {{ cores: {} }}", quote(&h.name), h.cores);
        }
    }
    out
}

/// Whether two visits read the same in the file.
fn same(a: &ClassAtStation, b: &ClassAtStation) -> bool {
    a.service == b.service && a.routes == b.routes
}

/// A name as a YAML double-quoted scalar (JSON string syntax is a subset).
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// A number in its shortest round-trip form, always with a `.` or an
/// exponent so that YAML reads a float.
fn num(x: f64) -> String {
    let s = format!("{x:?}");
    if s.contains(['.', 'e', 'E']) || !x.is_finite() {
        s
    } else {
        format!("{s}.0")
    }
}

/// Milliseconds that the reader's `/ 1000` turns back into exactly
/// `seconds` (the nearest product, or a neighbour a few units in the last
/// place away when rounding takes the product off by one).
fn millis(seconds: f64) -> f64 {
    let ms = seconds * 1000.0;
    let (mut up, mut down) = (ms, ms);
    for _ in 0..8 {
        for c in [up, down] {
            if (c / 1000.0).to_bits() == seconds.to_bits() {
                return c;
            }
        }
        up = up.next_up();
        down = down.next_down();
    }
    ms
}

fn service(s: &ServiceTime) -> String {
    let mean = num(millis(s.mean));
    match s.distribution {
        Distribution::Exponential => format!("{{ distribution: exponential, mean_ms: {mean} }}"),
        Distribution::Deterministic => {
            format!("{{ distribution: deterministic, mean_ms: {mean} }}")
        }
        Distribution::Lognormal => format!(
            "{{ distribution: lognormal, mean_ms: {mean}, cv: {} }}",
            num(s.cv)
        ),
        Distribution::Gamma => format!(
            "{{ distribution: gamma, mean_ms: {mean}, cv: {} }}",
            num(s.cv)
        ),
    }
}

fn routes(net: &Network, v: &ClassAtStation) -> String {
    let parts: Vec<String> = v
        .routes
        .iter()
        .map(|r| {
            format!(
                "{}: {}",
                quote(&net.stations[r.to].name),
                num(r.probability)
            )
        })
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::network_from_str;

    #[test]
    fn millis_divide_back_exactly() {
        for s in [
            0.001,
            0.0123,
            1e-7,
            0.3,
            2.5,
            1.0 / 3.0,
            0.1 + 0.2,
            123.456_789,
        ] {
            assert_eq!((millis(s) / 1000.0).to_bits(), s.to_bits(), "{s}");
        }
    }

    #[test]
    fn numbers_read_as_floats() {
        assert_eq!(num(5.0), "5.0");
        assert_eq!(num(0.25), "0.25");
        assert_eq!(num(1e-7), "1e-7");
    }

    #[test]
    fn names_are_quoted() {
        assert_eq!(quote("app@eu"), "\"app@eu\"");
        assert_eq!(quote("a \"b\""), "\"a \\\"b\\\"\"");
    }

    #[test]
    fn a_small_network_round_trips() {
        let text = "
arrivals:
  - { rate: 120.5, to: web, class: read }
  - { rate: 7, to: web, class: write }
stations:
  web:
    servers: 4
    discipline: ps
    service: { distribution: exponential, mean_ms: 20 }
    routes: { db: 0.3 }
    classes:
      write: { service: { distribution: gamma, mean_ms: 35, cv: 1.2 }, routes: { db: 1.0 } }
  db:
    servers: 8
    capacity: 100
    service: { distribution: lognormal, mean_ms: 5.1, cv: 1.5 }
    routes: { wan: 0.5 }
  wan:
    servers: infinite
    service: { distribution: deterministic, mean_ms: 0.7 }
";
        let net = network_from_str("a.yaml", text).expect("valid");
        let written = to_yaml(&net, &["a header".to_string()]);
        let back = network_from_str("b.yaml", &written).expect("reads back");
        assert_eq!(format!("{net:?}"), format!("{back:?}"), "{written}");
        assert!(written.starts_with("# a header\n"));
    }
}
