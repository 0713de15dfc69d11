//! `planner assess --format html`: one self-contained file (inline CSS and
//! SVG, no script, nothing fetched), with the verdict, plan, charts, tier
//! table and method, all user text escaped. The browser test
//! (tests/browser) loads the same files in Chromium.

use crate::common::{planner, text};
use crate::report_width::EXAMPLES;

use std::path::PathBuf;

fn out_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
}

fn html(profile: &str, file: &str) -> String {
    let path = out_path(file);
    let out = planner(&[
        "assess",
        profile,
        "--format",
        "html",
        "-o",
        path.to_str().expect("utf8"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{profile}: {}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "the report goes to the file");
    std::fs::read_to_string(&path).expect("written")
}

#[test]
fn every_example_makes_a_self_contained_report() {
    for (i, ex) in EXAMPLES.iter().enumerate() {
        let h = html(ex, &format!("report-{i}.html"));
        let v: serde_json::Value =
            serde_json::from_slice(&planner(&["assess", ex, "-f", "json"]).stdout).expect("json");
        assert!(h.starts_with("<!DOCTYPE html>"), "{ex}");
        assert!(h.trim_end().ends_with("</html>"), "{ex}");
        // Self-contained: nothing to run and nothing to load.
        for banned in [
            "<script", " src=", "href=", "url(", "@import", "<link", "<img", "<iframe",
        ] {
            assert!(!h.contains(banned), "{ex}: contains {banned}");
        }
        assert!(h.contains("<style>") && h.contains("@media print"), "{ex}");
        // Three charts, each with a size and an accessible title.
        assert_eq!(h.matches("<svg ").count(), 3, "{ex}");
        assert_eq!(
            h.matches("width=\"800\" height=\"340\" role=\"img\"")
                .count(),
            3,
            "{ex}"
        );
        assert_eq!(h.matches("<title id=\"chart-").count(), 3, "{ex}");
        // The app, the verdict and every tier.
        let app = v["app"].as_str().expect("app").replace('&', "&amp;");
        assert!(
            h.contains(&format!("<h1>{app}: capacity plan</h1>")),
            "{ex}"
        );
        let verdict = match (v["upgrade_by_month"].as_u64(), v["next_tier"].as_str()) {
            (Some(u), Some(n)) => format!("Verdict: start moving to {n} by month {u}"),
            (Some(u), None) => format!("Verdict: by month {u} "),
            _ => "Verdict: no tier move needed".to_string(),
        };
        assert!(h.contains(&verdict), "{ex}: {verdict}");
        for t in v["tiers"].as_array().expect("tiers") {
            let name = t["name"].as_str().expect("name");
            assert!(h.contains(&format!("<td>{name}")), "{ex}: {name}");
        }
        // Sections with headings, tables with captions.
        for id in [
            "verdict", "plan", "load", "cost", "timeline", "tiers", "method",
        ] {
            assert!(h.contains(&format!("<section id=\"{id}\">")), "{ex}: {id}");
        }
        assert!(h.matches("<caption>").count() >= 1, "{ex}");
        assert!(
            h.contains(v["prices"]["as_of"].as_str().expect("as_of")),
            "{ex}"
        );
        // Cost bars: one titled rectangle per component of every tier
        // that fits today.
        let parts: usize = v["tiers"]
            .as_array()
            .expect("tiers")
            .iter()
            .map(|t| {
                t["monthly_cost_usd"]["breakdown_now"]
                    .as_object()
                    .map_or(0, |m| m.len())
            })
            .sum();
        let chart = h.split("id=\"chart-cost\"").nth(1).expect("cost chart");
        let chart = chart.split("</svg>").next().expect("end");
        assert_eq!(chart.matches("</title></rect>").count(), parts, "{ex}");
        for bad in ["NaN", "inf\"", "Infinity"] {
            assert!(!h.contains(bad), "{ex}: {bad}");
        }
    }
}

#[test]
fn user_text_is_escaped() {
    let base = std::fs::read_to_string(crate::common::root().join("examples/b2b-saas.yaml"))
        .expect("example");
    let evil = base.replace(
        "name: Ledgerly (B2B SaaS)",
        "name: \"<script>alert('x')</script> & <b>Co</b>\"",
    );
    let path = out_path("evil.yaml");
    std::fs::write(&path, evil).expect("write");
    let h = html(path.to_str().expect("utf8"), "evil.html");
    assert!(!h.contains("<script") && !h.contains("<b>Co"));
    assert!(
        h.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;")
    );
}

#[test]
fn only_assess_has_an_html_form() {
    for args in [
        vec!["solve", "examples/networks/mm1.yaml"],
        vec!["tiers"],
        vec!["check", "examples/ci/app.yaml"],
        vec!["compare", "examples/b2b-saas.yaml", "--to", "replicas"],
        vec!["assess", "examples/b2b-saas.yaml", "--scenarios"],
    ] {
        let mut a = args.clone();
        a.extend(["--format", "html"]);
        let out = planner(&a);
        assert_eq!(out.status.code(), Some(2), "{a:?}");
        assert!(
            text(&out.stderr).contains("--format html is for `planner assess`"),
            "{a:?}: {}",
            text(&out.stderr)
        );
    }
}
