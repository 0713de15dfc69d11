//! Helpers shared by the tests that run the real `planner` binary.

use std::path::Path;
use std::process::{Command, Output};

/// The repository root (examples, tests/data and the README live there).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the built binary in `dir` with `args`.
pub fn planner_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the planner binary runs")
}

/// Runs the built binary from the repository root.
pub fn planner(args: &[&str]) -> Output {
    planner_in(root(), args)
}

/// Bytes of an output stream as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Cells of every table row of a Markdown document, parsed by pulldown-cmark.
pub fn table_rows(md: &str) -> Vec<Vec<String>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::TableHead | Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.push(row.clone()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.push(cell.take().unwrap()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    rows
}

/// The `planner.assess/v1` keys every report carries, by library or binary.
#[track_caller]
pub fn assert_assess_contract(v: &serde_json::Value) {
    assert_eq!(v["schema"], "planner.assess/v1");
    for key in [
        "current_tier",
        "recommended_tier",
        "first_bottleneck",
        "headroom_multiplier",
        "months_until_breach",
        "upgrade_by_month",
        "next_tier",
        "monthly_cost_usd",
        "tiers",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in ["component", "limit", "load_multiplier"] {
        assert!(
            v["first_bottleneck"].get(key).is_some(),
            "missing first_bottleneck.{key}"
        );
    }
}

/// The built-in tier catalog, read once for the whole test binary.
pub fn catalog() -> &'static planner::catalog::Catalog {
    static C: std::sync::OnceLock<planner::catalog::Catalog> = std::sync::OnceLock::new();
    C.get_or_init(|| planner::catalog::embedded_catalog().expect("the built-in catalog"))
}

/// The built-in tiers, in ladder order.
pub const TIERS: [&str; 5] = [
    "monolith",
    "cache_cdn",
    "replicas",
    "services",
    "multi_region",
];

/// Rows of a loopback CSV fixture (tests/data/loopback) as numbers, the
/// header skipped and empty cells as NaN.
pub fn loopback_rows(path: &str) -> Vec<Vec<f64>> {
    let body = std::fs::read_to_string(root().join(path)).expect("fixture");
    body.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(',')
                .map(|c| c.parse().unwrap_or(f64::NAN))
                .collect()
        })
        .collect()
}

/// Property-test settings: `cases` cases drawn from a fixed seed, so that
/// every run of the suite (and CI) tries the same inputs; set
/// `PROPTEST_RNG_SEED` to any other integer to explore other inputs.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, RngSeed};
    let base = Config::default();
    let rng_seed = match base.rng_seed {
        RngSeed::Random => RngSeed::Fixed(20_261_130),
        fixed => fixed,
    };
    Config {
        cases,
        rng_seed,
        ..base
    }
}
