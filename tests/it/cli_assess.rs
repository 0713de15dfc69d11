//! `planner assess` through the real binary: every example, every format,
//! from any directory, and bad profiles with exit code 2.

use crate::common::{assert_assess_contract, planner_in, root, text};

const EXAMPLES: [&str; 4] = [
    "examples/b2b-saas.yaml",
    "examples/social-app.yaml",
    "examples/media-app.yaml",
    "examples/api-platform.yaml",
];

#[test]
fn every_example_assesses_in_every_format_without_nan() {
    for ex in EXAMPLES {
        for format in ["table", "json", "markdown"] {
            let out = planner_in(root(), &["assess", ex, "--format", format]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{ex} {format}: {}",
                text(&out.stderr)
            );
            let s = text(&out.stdout);
            let words: Vec<&str> = s
                .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
                .collect();
            for bad in ["NaN", "inf", "-inf", "infinity", "-0.0", "-0"] {
                assert!(!words.contains(&bad), "{ex} --format {format} prints {bad}");
            }
        }
    }
}

#[test]
fn json_carries_the_contract_names() {
    let out = planner_in(
        root(),
        &["assess", "examples/api-platform.yaml", "-f", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_assess_contract(&v);
    assert!(v["monthly_cost_usd"].get("now").is_some());
    assert!(v["monthly_cost_usd"].get("at_upgrade").is_some());
}

#[test]
fn the_embedded_catalog_works_from_any_directory() {
    let dir = std::env::temp_dir();
    let profile = root().join("examples/b2b-saas.yaml");
    let out = planner_in(&dir, &["assess", profile.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Current tier: monolith"));
}

#[test]
fn bad_profiles_exit_2_with_a_located_message() {
    let dir = std::env::temp_dir().join(format!("planner-assess-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let base = std::fs::read_to_string(root().join("examples/b2b-saas.yaml")).expect("example");
    let cases = [
        (
            "unknown-key.yaml",
            format!("{base}\nbogus_key: 1\n"),
            "unknown field `bogus_key`",
        ),
        ("empty.yaml", String::new(), "the file is empty"),
    ];
    for (name, body, phrase) in cases {
        let path = dir.join(name);
        std::fs::write(&path, body).expect("write");
        let out = planner_in(root(), &["assess", path.to_str().expect("utf8")]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(phrase), "{name}: {err}");
        assert!(
            err.starts_with(&format!("error: {}", path.display())),
            "{name}: {err}"
        );
    }
    let out = planner_in(
        root(),
        &["assess", "examples/b2b-saas.yaml", "--tiers", "no/such/dir"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}
