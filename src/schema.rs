//! JSON Schemas of the input files, generated from the raw serde types so
//! they cannot drift from what the parser accepts. Committed under
//! `schemas/` for editors (`planner schema KIND` prints one).
//!
//! Draft-07, the draft editors' YAML and TOML language servers understand.

use clap::ValueEnum;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use crate::catalog::raw::{RawPrices, RawTier};
use crate::network::raw::RawNetwork;
use crate::profile::raw::RawProfile;

/// The input files that have a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// An app profile (`app.yaml`), read by assess, check and timeline.
    App,
    /// A queueing network (`network.yaml`), read by solve and simulate.
    Network,
    /// A tier file (`tiers/<name>.toml`).
    Tier,
    /// The price sheet (`tiers/prices.toml`).
    Prices,
}

impl SchemaKind {
    /// Every kind, in the order of the committed files.
    pub const ALL: [SchemaKind; 4] = [
        SchemaKind::App,
        SchemaKind::Network,
        SchemaKind::Tier,
        SchemaKind::Prices,
    ];

    /// The name on the command line and in `schemas/<name>.schema.json`.
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::App => "app",
            SchemaKind::Network => "network",
            SchemaKind::Tier => "tier",
            SchemaKind::Prices => "prices",
        }
    }

    /// Where the schema is committed, relative to the repository root.
    pub fn path(self) -> String {
        format!("schemas/{}.schema.json", self.name())
    }

    fn title(self) -> &'static str {
        match self {
            SchemaKind::App => "planner app profile",
            SchemaKind::Network => "planner network",
            SchemaKind::Tier => "planner tier",
            SchemaKind::Prices => "planner price sheet",
        }
    }

    /// The value of the file's optional `schema:` marker, where it has one.
    fn marker(self) -> Option<&'static str> {
        match self {
            SchemaKind::App => Some(crate::profile::validate::PROFILE_SCHEMA),
            SchemaKind::Network => Some(crate::network::validate::NETWORK_SCHEMA),
            SchemaKind::Tier | SchemaKind::Prices => None,
        }
    }
}

/// The schema document of `kind`, as the value written to `schemas/`.
pub fn schema(kind: SchemaKind) -> Value {
    let root = match kind {
        SchemaKind::App => root_for::<RawProfile>(),
        SchemaKind::Network => root_for::<RawNetwork>(),
        SchemaKind::Tier => root_for::<RawTier>(),
        SchemaKind::Prices => root_for::<RawPrices>(),
    };
    let mut value = root.to_value();
    tidy_descriptions(&mut value);
    let Value::Object(mut body) = value else {
        unreachable!("a root schema is an object")
    };
    if let (Some(marker), Some(Value::Object(field))) = (
        kind.marker(),
        body.get_mut("properties").and_then(|p| p.get_mut("schema")),
    ) {
        // `Option<String>` in the types, but only one value is accepted.
        field.remove("type");
        field.remove("default");
        field.insert("enum".into(), Value::Array(vec![marker.into()]));
    }
    // `$schema`, title and description first, for people reading the file.
    let mut doc = serde_json::Map::new();
    for key in ["$schema", "title", "description"] {
        if let Some(v) = body.remove(key) {
            doc.insert(key.into(), v);
        }
    }
    doc.insert("title".into(), kind.title().into());
    doc.extend(body);
    Value::Object(doc)
}

/// Doc comments are wrapped at 80 columns; a description reads better as
/// one line per paragraph.
fn tidy_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(s) if key == "description" => {
                        *s = s
                            .split("\n\n")
                            .map(|p| p.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
                            .collect::<Vec<_>>()
                            .join("\n\n");
                    }
                    _ => tidy_descriptions(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy_descriptions),
        _ => {}
    }
}

/// The schema of `kind` as pretty JSON with a trailing newline.
pub fn schema_json(kind: SchemaKind) -> String {
    let mut text =
        serde_json::to_string_pretty(&schema(kind)).expect("a JSON value always serialises");
    text.push('\n');
    text
}

fn root_for<T: JsonSchema>() -> Schema {
    SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
}
