//! The JSON Schemas under `schemas/` are generated from the raw serde types
//! and committed; this test keeps them in sync and checks every example file
//! against its schema. After changing an input type:
//! `PLANNER_UPDATE_GENERATED=1 cargo test --test it schemas`.

use crate::common::root;

use std::path::{Path, PathBuf};

use planner::schema::{SchemaKind, schema, schema_json};
use serde_json::{Value, json};

#[test]
fn committed_schemas_match_the_types() {
    for kind in SchemaKind::ALL {
        let path = kind.path();
        let file = root().join(&path);
        let generated = schema_json(kind);
        if std::env::var_os("PLANNER_UPDATE_GENERATED").is_some() {
            std::fs::create_dir_all(file.parent().expect("parent")).expect("dir");
            std::fs::write(&file, &generated).expect("write");
            continue;
        }
        let committed = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            committed == generated,
            "{path} is out of date: run `PLANNER_UPDATE_GENERATED=1 cargo test --test it schemas` and commit it"
        );
    }
}

#[test]
fn schemas_are_well_formed_draft_07() {
    for kind in SchemaKind::ALL {
        let s = schema(kind);
        assert!(
            jsonschema::draft7::meta::is_valid(&s),
            "{}: not a valid draft-07 schema",
            kind.name()
        );
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        assert!(
            s["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("planner "))
        );
        assert_eq!(s["additionalProperties"], false, "{}", kind.name());
    }
}

#[test]
fn schema_command_prints_the_committed_file() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(["schema", "network"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).expect("utf8"),
        schema_json(SchemaKind::Network)
    );
}

fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    found.sort();
    found
}

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str::<Value>(text).expect("YAML")
}

fn errors(kind: SchemaKind, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(&schema(kind)).expect("schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn assert_valid(kind: SchemaKind, path: &Path, instance: &Value) {
    let errs = errors(kind, instance);
    assert!(
        errs.is_empty(),
        "{} does not validate against {}:\n{}",
        path.display(),
        kind.path(),
        errs.join("\n")
    );
}

#[test]
fn example_files_validate_against_their_schemas() {
    let mut checked = 0;
    for dir in ["examples", "examples/ci"] {
        for path in files(dir, "yaml") {
            let text = std::fs::read_to_string(&path).expect("read");
            assert_valid(SchemaKind::App, &path, &yaml(&text));
            checked += 1;
        }
    }
    for path in files("examples/networks", "yaml") {
        let text = std::fs::read_to_string(&path).expect("read");
        assert_valid(SchemaKind::Network, &path, &yaml(&text));
        checked += 1;
    }
    for path in files("tiers", "toml") {
        let text = std::fs::read_to_string(&path).expect("read");
        let value: Value = toml::from_str(&text).expect("TOML");
        let kind = if path.file_stem().is_some_and(|s| s == "prices") {
            SchemaKind::Prices
        } else {
            SchemaKind::Tier
        };
        assert_valid(kind, &path, &value);
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} example files found");
}

#[test]
fn the_starter_profile_validates() {
    use planner::profile::starter::{StarterAnswers, starter_profile};
    let text = starter_profile(&StarterAnswers::default());
    assert_valid(SchemaKind::App, Path::new("planner init"), &yaml(&text));
}

#[test]
fn schemas_refuse_what_the_parser_refuses() {
    let minimal =
        json!({ "users": { "monthly_active": "40k" }, "current": { "tier": "monolith" } });
    assert!(errors(SchemaKind::App, &minimal).is_empty());

    let mut unknown = minimal.clone();
    unknown["users"]["monthly_actives"] = json!(5);
    assert!(!errors(SchemaKind::App, &unknown).is_empty(), "unknown key");

    let mut wrong_type = minimal.clone();
    wrong_type["users"]["growth"] = json!([1, 2]);
    assert!(
        !errors(SchemaKind::App, &wrong_type).is_empty(),
        "a list as growth"
    );

    let mut range = minimal.clone();
    range["users"]["growth"] = json!({ "p10": "5%", "p50": "10%", "p90": "20%" });
    assert!(errors(SchemaKind::App, &range).is_empty(), "a growth range");

    let mut marker = minimal;
    marker["schema"] = json!("planner.profile/v2");
    assert!(
        !errors(SchemaKind::App, &marker).is_empty(),
        "unknown marker"
    );

    let net = |servers: Value| {
        json!({
            "arrivals": [{ "rate": 10, "to": "web" }],
            "stations": { "web": { "servers": servers, "service": { "distribution": "exponential", "mean_ms": 5 } } }
        })
    };
    assert!(errors(SchemaKind::Network, &net(json!(2))).is_empty());
    assert!(errors(SchemaKind::Network, &net(json!("infinite"))).is_empty());
    assert!(!errors(SchemaKind::Network, &net(json!(0))).is_empty());
    assert!(!errors(SchemaKind::Network, &net(json!("many"))).is_empty());
}
