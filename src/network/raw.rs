//! The network file exactly as written: serde types, no checks beyond shape.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::input::Spanned;

/// A whole `network.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNetwork {
    /// Optional format marker; only `planner.network/v1` is known.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub schema: Option<Spanned<String>>,
    /// External Poisson arrival streams (open classes). A network needs
    /// arrivals, clients, or both.
    #[serde(default)]
    #[schemars(with = "Option<Vec<RawArrival>>")]
    pub arrivals: Option<Spanned<Vec<RawArrival>>>,
    /// Closed classes: a fixed population of clients, each thinking, then
    /// sending one request through the stations and waiting for it.
    #[serde(default)]
    #[schemars(with = "Option<Vec<RawClients>>")]
    pub clients: Option<Spanned<Vec<RawClients>>>,
    /// Stations by name, in file order.
    pub stations: IndexMap<String, RawStation>,
    /// Machines whose CPU cores several stations share (`host:` on a
    /// station), by name.
    #[serde(default)]
    pub hosts: IndexMap<String, RawHost>,
}

/// A machine whose cores the stations naming it share by processor sharing.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHost {
    /// Number of CPU cores (a whole number ≥ 1).
    #[schemars(with = "u32")]
    pub cores: Spanned<f64>,
}

/// One external Poisson stream.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawArrival {
    /// Mean arrival rate, requests per second.
    #[schemars(with = "f64")]
    pub rate: Spanned<f64>,
    /// Entry station.
    #[schemars(with = "String")]
    pub to: Spanned<String>,
    /// Request class; `default` when absent.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub class: Option<Spanned<String>>,
}

/// One closed class: `population` clients cycling think → stations → think.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawClients {
    /// Request class; `default` when absent. A class has either arrivals or
    /// clients, never both.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub class: Option<Spanned<String>>,
    /// Number of clients: a whole number ≥ 1.
    #[schemars(with = "u64", range(min = 1))]
    pub population: Spanned<f64>,
    /// Mean think time of a client between its requests (exponential),
    /// milliseconds; 0 for clients that send the next request at once.
    #[schemars(with = "f64", range(min = 0))]
    pub think_time_ms: Spanned<f64>,
    /// Station each request starts at; a request that leaves the stations
    /// returns to its client.
    #[schemars(with = "String")]
    pub to: Spanned<String>,
}

/// One station.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStation {
    /// Number of identical servers, or `infinite` for a pure delay.
    #[schemars(with = "RawServers")]
    pub servers: Spanned<RawServers>,
    /// Service time for every class without its own.
    #[serde(default)]
    pub service: Option<RawService>,
    /// Routing after service for every class without its own: next station →
    /// probability; the remainder leaves the network.
    #[serde(default)]
    #[schemars(with = "Option<IndexMap<String, f64>>")]
    pub routes: Option<IndexMap<String, Spanned<f64>>>,
    /// At most this many requests at the station (in service and waiting).
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub capacity: Option<Spanned<f64>>,
    /// `fcfs` (default) or `ps` (processor sharing: a time-sliced CPU).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub discipline: Option<Spanned<String>>,
    /// Per-class service and routes, overriding the station's own.
    #[serde(default)]
    pub classes: IndexMap<String, RawClassAtStation>,
    /// The host (under `hosts:`) whose cores serve this station's requests:
    /// its service times are CPU work shared with every other station on the
    /// host, and `servers` only limits how many requests hold a thread here.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub host: Option<Spanned<String>>,
}

/// Per-class overrides at one station.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawClassAtStation {
    /// This class's service time here.
    #[serde(default)]
    pub service: Option<RawService>,
    /// This class's routing after service here.
    #[serde(default)]
    #[schemars(with = "Option<IndexMap<String, f64>>")]
    pub routes: Option<IndexMap<String, Spanned<f64>>>,
}

/// A service-time distribution.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    /// `exponential`, `deterministic`, `lognormal` or `gamma`.
    #[schemars(with = "String")]
    pub distribution: Spanned<String>,
    /// Mean service time, milliseconds.
    #[schemars(with = "f64")]
    pub mean_ms: Spanned<f64>,
    /// Coefficient of variation (sd / mean), for lognormal and gamma.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub cv: Option<Spanned<f64>>,
}

/// `servers:` is a count or the word `infinite`.
#[derive(Debug, Clone, PartialEq)]
pub enum RawServers {
    /// A number as written (validated to a whole number ≥ 1 later).
    Count(f64),
    /// Any word; only `infinite` is allowed.
    Word(String),
}

impl std::fmt::Display for RawServers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RawServers::Count(n) => write!(f, "{n}"),
            RawServers::Word(w) => write!(f, "{w:?}"),
        }
    }
}

impl JsonSchema for RawServers {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Servers".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A whole number of servers (at least 1), or `infinite` for a pure delay.",
            "anyOf": [
                { "type": "integer", "minimum": 1 },
                { "const": "infinite" }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for RawServers {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = RawServers;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number of servers or `infinite`")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawServers, E> {
                Ok(RawServers::Count(v as f64))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawServers, E> {
                Ok(RawServers::Count(v as f64))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RawServers, E> {
                Ok(RawServers::Count(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawServers, E> {
                Ok(RawServers::Word(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}
