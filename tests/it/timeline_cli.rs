//! `planner timeline` through the real binary: agreement with assess,
//! uncertainty, reproducibility, CSV/JSON round trips, the SVG, bad input.

use crate::common::planner;

fn json(args: &[&str]) -> serde_json::Value {
    let o = planner(args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

fn profile_with_growth(growth: &str) -> tempfile_path::Path {
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/b2b-saas.yaml"
    ))
    .expect("example");
    let text = base.replace("  growth: 12%", &format!("  growth: {growth}"));
    tempfile_path::write(&text)
}

/// A uniquely named file under the target directory.
mod tempfile_path {
    pub type Path = std::path::PathBuf;
    pub fn write(text: &str) -> Path {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
        let p = dir.join(format!(
            "timeline-{}-{}.yaml",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&p, text).expect("write");
        p
    }
}

#[test]
fn fixed_growth_gives_the_same_upgrade_month_as_assess() {
    for ex in [
        "examples/b2b-saas.yaml",
        "examples/media-app.yaml",
        "examples/api-platform.yaml",
    ] {
        let a = json(&["assess", ex, "-f", "json"]);
        let t = json(&["timeline", ex, "-f", "json"]);
        let first = t["upgrades"].get(0);
        let month = first
            .map(|u| u["month_p50"].clone())
            .unwrap_or(serde_json::Value::Null);
        assert_eq!(a["upgrade_by_month"], month, "{ex}");
        if let Some(u) = first {
            assert_eq!(u["month_p10"], u["month_p90"], "{ex}: one path");
            assert_eq!(a["next_tier"], u["to_tier"], "{ex}");
        }
        assert!(
            a.get("growth_percentiles").is_none(),
            "{ex}: certain growth"
        );
    }
}

fn spread(sd: &str) -> (i64, i64, i64) {
    let p = profile_with_growth(&format!("\"12% ± {sd}\""));
    let t = json(&[
        "timeline",
        p.to_str().unwrap(),
        "--months",
        "48",
        "-f",
        "json",
    ]);
    let u = &t["upgrades"][0];
    let m = |k: &str| u[k].as_i64().unwrap_or(1000);
    (m("month_p10"), m("month_p50"), m("month_p90"))
}

#[test]
fn wider_uncertainty_widens_the_spread_and_keeps_the_median() {
    let (a10, a50, a90) = spread("1%");
    let (b10, b50, b90) = spread("4%");
    assert!(
        b90 - b10 > a90 - a10,
        "{a10}/{a50}/{a90} vs {b10}/{b50}/{b90}"
    );
    assert!((a50 - b50).abs() <= 1, "median moved: {a50} vs {b50}");
    let fixed = json(&[
        "timeline",
        "examples/b2b-saas.yaml",
        "--months",
        "48",
        "-f",
        "json",
    ]);
    let f50 = fixed["upgrades"][0]["month_p50"].as_i64().unwrap();
    assert!((a50 - f50).abs() <= 1 && (b50 - f50).abs() <= 1);
}

#[test]
fn the_same_seed_gives_byte_identical_output() {
    let args = [
        "timeline",
        "examples/b2b-saas-uncertain.yaml",
        "--seed",
        "7",
        "-f",
        "csv",
    ];
    assert_eq!(planner(&args).stdout, planner(&args).stdout);
    let other = planner(&[
        "timeline",
        "examples/b2b-saas-uncertain.yaml",
        "--seed",
        "8",
        "-f",
        "csv",
    ]);
    assert_ne!(planner(&args).stdout, other.stdout);
}

#[test]
fn csv_json_and_table_carry_the_same_numbers() {
    let ex = "examples/b2b-saas-uncertain.yaml";
    let j = json(&["timeline", ex, "-f", "json"]);
    let csv = String::from_utf8(planner(&["timeline", ex, "-f", "csv"]).stdout).unwrap();
    let table = String::from_utf8(planner(&["timeline", ex, "-f", "markdown"]).stdout).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows = j["rows"].as_array().unwrap();
    let md: Vec<Vec<String>> = table
        .lines()
        .filter(|l| l.starts_with("| ") && l.chars().nth(2).is_some_and(|c| c.is_ascii_digit()))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect();
    assert_eq!(md.len(), rows.len());
    for ((line, row), cells) in lines.zip(rows).zip(&md) {
        let fields: Vec<&str> = line.split(',').collect();
        for (h, f) in header.iter().zip(&fields) {
            match &row[*h] {
                // serde_json's default float parsing may differ in the last bit.
                serde_json::Value::Number(n) => {
                    let (a, b) = (f.parse::<f64>().unwrap(), n.as_f64().unwrap());
                    assert!((a - b).abs() <= 1e-14 * b.abs(), "{h}: {a} vs {b}")
                }
                serde_json::Value::Null => assert!(f.is_empty(), "{h}"),
                serde_json::Value::String(s) => assert_eq!(f, s, "{h}"),
                serde_json::Value::Bool(b) => assert_eq!(*f, b.to_string(), "{h}"),
                v => panic!("{h}: {v}"),
            }
        }
        // The table rounds to four significant digits.
        let close = |cell: &str, x: f64| {
            let v: f64 = cell.split_whitespace().next().unwrap().parse().unwrap();
            assert!((v - x).abs() <= 1e-3 * x.abs() + 1e-9, "{cell} vs {x}");
        };
        close(&cells[1], row["users_p10"].as_f64().unwrap());
        close(&cells[2], row["users_p50"].as_f64().unwrap());
        close(&cells[3], row["users_p90"].as_f64().unwrap());
        close(&cells[4], row["peak_api_rps_p50"].as_f64().unwrap());
        if let Some(c) = row["monthly_cost_usd"].as_f64() {
            close(&cells[10], c);
        }
    }
}

#[test]
fn the_chart_is_well_formed_svg_with_axes_and_legend() {
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("timeline-chart.svg");
    let o = planner(&[
        "timeline",
        "examples/b2b-saas-uncertain.yaml",
        "--chart",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(&out).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let text: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("|");
    for needle in [
        "req/s",
        "$/month",
        "month from now",
        "ceiling: monolith",
        "peak load, median",
        "upgrade 1",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
}

#[test]
fn the_chart_never_overwrites_the_profile() {
    let p = profile_with_growth("12%");
    let before = std::fs::read(&p).unwrap();
    let o = planner(&[
        "timeline",
        p.to_str().unwrap(),
        "--chart",
        p.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&p).unwrap(), before);
}

#[test]
fn assess_reports_growth_percentiles_where_growth_is_uncertain() {
    let a = json(&["assess", "examples/b2b-saas-uncertain.yaml", "-f", "json"]);
    let g = &a["growth_percentiles"];
    let m = |k: &str| g[k].as_u64().unwrap();
    assert!(m("upgrade_by_month_p10") <= m("upgrade_by_month_p50"));
    assert!(m("upgrade_by_month_p50") <= m("upgrade_by_month_p90"));
    let b = g["breach_probability_by_month"].as_array().unwrap();
    assert!(b.windows(2).all(|w| w[0].as_f64() <= w[1].as_f64()));
}

#[test]
fn bad_growth_and_spikes_are_located_errors_with_exit_code_2() {
    let cases = [
        ("\"-5% ± 2%\"", "users.growth", "between 0% and 100%"),
        ("\"12% ± -3%\"", "users.growth", "above 0%"),
        (
            "{ low: 5%, likely: 15%, high: 250% }",
            "users.growth.high",
            "between 0% and 100%",
        ),
        (
            "{ p10: 25%, p50: 15%, p90: 10% }",
            "users.growth.p10",
            "below users.growth.p90",
        ),
        (
            "{ low: 20%, likely: 15%, high: 25% }",
            "users.growth.low",
            "at most users.growth.likely",
        ),
        (
            "12%\n  spikes: [{ month: -1, factor: 10x }]",
            "users.spikes[0].month",
            "from 0 to 120",
        ),
        (
            "12%\n  spikes: [{ month: 3, factor: 0.5x }]",
            "users.spikes[0].factor",
            "from 1 to 1000",
        ),
    ];
    for (growth, key, allowed) in cases {
        let p = profile_with_growth(growth);
        let o = planner(&["timeline", p.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{growth}: {err}");
        assert!(
            err.contains(&format!("{}:", p.display()))
                && err.contains(key)
                && err.contains(allowed)
                && err.contains("got"),
            "{growth}: {err}"
        );
        assert!(
            err.contains(":10:") || err.contains(":11:"),
            "{growth}: located: {err}"
        );
    }
    let o = planner(&["timeline", "examples/b2b-saas.yaml", "--paths", "0"]);
    assert_eq!(o.status.code(), Some(2));
}
