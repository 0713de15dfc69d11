//! The embedded tier catalog and price sheet, and refusals of bad tier files.

use planner::catalog::{
    ClassKind, ComponentKind, EMBEDDED, PRICES_FILE, Target, catalog_from_files, embedded_catalog,
};
use planner::error::InputError;

fn embedded_files() -> Vec<(String, String)> {
    EMBEDDED
        .iter()
        .map(|(n, t)| (format!("tiers/{n}"), t.to_string()))
        .collect()
}

fn with_file(name: &str, text: &str) -> Result<planner::catalog::Catalog, InputError> {
    let mut files = embedded_files();
    files.push((name.to_string(), text.to_string()));
    catalog_from_files(&files)
}

#[test]
fn embedded_catalog_has_the_five_tiers_in_ladder_order() {
    let c = embedded_catalog().unwrap();
    let names: Vec<&str> = c.tiers.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "monolith",
            "cache_cdn",
            "replicas",
            "services",
            "multi_region"
        ]
    );
    let mono = c.tier("monolith").unwrap();
    let app = &mono.components[mono.component_index("app").unwrap()];
    assert_eq!(
        (app.min_count, app.max_count),
        (1, 1),
        "monolith scales vertically only"
    );
    assert!(
        !mono
            .components
            .iter()
            .any(|c| c.kind == ComponentKind::Cache)
    );
    let multi = c.tier("multi_region").unwrap();
    assert!(multi.is_multi_region());
    assert!(
        multi
            .path(ClassKind::Write)
            .iter()
            .any(|s| s.target == Target::Wan),
        "writes cross to the primary region"
    );
    assert!(
        !multi
            .path(ClassKind::Read)
            .iter()
            .any(|s| s.target == Target::Wan)
    );
    // Sizes are sorted cheapest first.
    for t in &c.tiers {
        for comp in &t.components {
            let prices: Vec<f64> = comp
                .sizes
                .iter()
                .map(|&i| c.prices.instances[i].monthly_usd)
                .collect();
            assert!(
                prices.windows(2).all(|w| w[0] <= w[1]),
                "{}.{}",
                t.name,
                comp.name
            );
            assert_eq!(comp.kind.is_pool(), !comp.sizes.is_empty());
        }
    }
}

#[test]
fn every_price_has_a_source_and_date() {
    let c = embedded_catalog().unwrap();
    assert!(!c.prices.as_of.is_empty());
    for i in &c.prices.instances {
        assert!(i.source.starts_with("https://"), "{}", i.name);
        assert!(!i.as_of.is_empty() && i.monthly_usd > 0.0);
    }
    for u in [
        &c.prices.cdn,
        &c.prices.storage,
        &c.prices.egress,
        &c.prices.queue,
    ] {
        assert!(u.source.starts_with("https://"));
    }
    assert!(c.prices.cdn.per_gb_usd > 0.0 && c.prices.cdn.per_request_usd > 0.0);
}

#[test]
fn a_user_tier_is_added_and_a_same_named_tier_replaced() {
    let mono = EMBEDDED
        .iter()
        .find(|(n, _)| *n == "monolith.toml")
        .unwrap()
        .1;
    let custom = mono
        .replace("name = \"monolith\"", "name = \"big_box\"")
        .replace("rank = 1", "rank = 9");
    let c = with_file("mine/big_box.toml", &custom).unwrap();
    assert_eq!(c.tiers.len(), 6);
    assert_eq!(c.tiers.last().unwrap().name, "big_box");
    let bigger = mono.replace(
        "max_count = 1\n\n[components.db]",
        "max_count = 3\n\n[components.db]",
    );
    let c = with_file("mine/monolith.toml", &bigger).unwrap();
    assert_eq!(c.tiers.len(), 5);
    let t = c.tier("monolith").unwrap();
    assert_eq!(t.components[t.component_index("app").unwrap()].max_count, 3);
    assert_eq!(t.source, "mine/monolith.toml");
}

#[test]
fn a_price_override_merges_by_name() {
    let text = "[[instances]]\nname = \"c7g.large\"\nfamily = \"compute\"\nvcpu = 2\nmemory_gib = 4\nmonthly_usd = 40.0\nsource = \"https://example.com/negotiated\"\n";
    let c = with_file(&format!("mine/{PRICES_FILE}"), text).unwrap();
    let i = c
        .prices
        .instances
        .iter()
        .find(|i| i.name == "c7g.large")
        .unwrap();
    assert!((i.monthly_usd - 40.0).abs() < 1e-12);
    assert_eq!(i.source, "https://example.com/negotiated");
    assert!(
        c.prices.instances.iter().any(|i| i.name == "c7g.xlarge"),
        "others kept"
    );
}

fn err(name: &str, text: &str) -> String {
    match with_file(name, text) {
        Ok(_) => panic!("accepted {name}"),
        Err(e) => e.to_string(),
    }
}

const GOOD: &str = r#"name = "t"
rank = 7
title = "T"

[components.app]
kind = "app"

[components.db]
kind = "database"

[paths]
read = ["app", "db"]
search = ["app", "db"]
write = ["app", "db"]
static = ["app"]
background = ["app", "db"]
media = ["app", "db"]
"#;

#[test]
fn a_minimal_tier_is_accepted() {
    let c = with_file("t.toml", GOOD).unwrap();
    assert_eq!(c.tier("t").unwrap().components.len(), 2);
}

#[test]
fn bad_tier_files_are_refused_with_file_line_key_and_allowed_values() {
    let e = err(
        "t.toml",
        &GOOD.replace("title = \"T\"", "title = \"T\"\ncolour = \"red\""),
    );
    assert!(e.starts_with("t.toml:4:1: ") && e.contains("colour"), "{e}");

    let e = err(
        "t.toml",
        &GOOD.replace("kind = \"database\"", "kind = \"postgres\""),
    );
    assert!(
        e.starts_with("t.toml:9:8: components.db.kind must be one of: app, workers"),
        "{e}"
    );
    assert!(e.ends_with("got \"postgres\""), "{e}");

    let e = err(
        "t.toml",
        &GOOD.replace("read = [\"app\", \"db\"]", "read = [\"app\", \"dbx\"]"),
    );
    assert!(
        e.contains("paths.read must name components of this tier") && e.contains("got \"dbx\""),
        "{e}"
    );

    let e = err(
        "t.toml",
        &GOOD.replace("static = [\"app\"]", "static = [\"app\", \"db\"]"),
    );
    assert!(
        e.contains("cannot send static requests to a database"),
        "{e}"
    );

    let e = err(
        "t.toml",
        &GOOD.replace("read = [\"app\", \"db\"]", "read = [\"app\", \"db?\"]"),
    );
    assert!(e.contains("only after a cache or cdn step"), "{e}");

    let e = err(
        "t.toml",
        &GOOD.replace("kind = \"app\"", "kind = \"app\"\nmax_count = -3"),
    );
    assert!(
        e.contains("components.app.max_count must be a whole number from 1 to 10000, got -3"),
        "{e}"
    );

    let e = err(
        "t.toml",
        &GOOD.replace(
            "kind = \"app\"",
            "kind = \"app\"\nsizes = [\"db.m7g.large\"]",
        ),
    );
    assert!(
        e.contains("components.app.sizes must name compute sizes"),
        "{e}"
    );

    let e = err(
        "t.toml",
        &GOOD.replace("kind = \"app\"", "kind = \"app\"\nlatency = \"5ms\""),
    );
    assert!(
        e.contains("latency can only be set on delay components"),
        "{e}"
    );

    let e = err("t.toml", &GOOD.replace("media = [\"app\", \"db\"]\n", ""));
    assert!(e.contains("paths.media is required"), "{e}");

    let e = err("t.toml", &GOOD.replace("rank = 7", "rank = 1"));
    assert!(
        e.contains("rank must differ from every other tier's"),
        "{e}"
    );

    let e = err("t.toml", "name = \n");
    assert!(e.starts_with("t.toml:1:"), "{e}");
}

#[test]
fn bad_delay_latency_units_are_refused() {
    let t = GOOD
        .replace(
            "[paths]",
            "[components.q]\nkind = \"queue\"\nlatency = \"5%\"\n\n[paths]",
        )
        .replace(
            "background = [\"app\", \"db\"]",
            "background = [\"q\", \"app\", \"db\"]",
        );
    let e = err("t.toml", &t);
    assert!(
        e.contains("components.q.latency must be a duration with a unit")
            && e.contains("got \"5%\""),
        "{e}"
    );
}

#[test]
fn bad_price_sheets_are_refused() {
    let e = err(
        &format!("x/{PRICES_FILE}"),
        "[[instances]]\nname = \"big\"\nfamily = \"gpu\"\nvcpu = 2\nmemory_gib = 4\nmonthly_usd = 1.0\nsource = \"s\"\n",
    );
    assert!(
        e.contains("instances[0].family must be one of: compute, database, cache"),
        "{e}"
    );
    let e = err(
        &format!("x/{PRICES_FILE}"),
        "[[instances]]\nname = \"big\"\nfamily = \"compute\"\nvcpu = 2\nmemory_gib = 4\nmonthly_usd = -1.0\nsource = \"s\"\n",
    );
    assert!(
        e.contains("instances[0].monthly_usd must be a price"),
        "{e}"
    );
}
