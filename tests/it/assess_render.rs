//! The table and Markdown renderers print the report's figures, with units,
//! and nothing else.

use planner::assess::{AssessOptions, AssessReport, assess, render_markdown, render_table};
use planner::catalog::embedded_catalog;
use planner::profile::profile_from_str;

fn report() -> AssessReport {
    let p = profile_from_str(
        "app.yaml",
        "name: Shop\nusers: {monthly_active: 40k, growth: 20%, horizon_months: 30}\ncurrent:\n  tier: monolith\n  components:\n    app: {size: c7g.large}\n    db: {size: db.m7g.large}\n",
    )
    .unwrap();
    assess(&p, &embedded_catalog().unwrap(), &AssessOptions::default()).unwrap()
}

#[test]
fn the_verdict_comes_first_with_the_report_figures() {
    let r = report();
    let t = render_table(&r);
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(lines[0], "planner assess: Shop");
    assert!(lines[2].contains("40,000 monthly users"), "{}", lines[2]);
    assert!(lines[2].contains(&format!("peak {:.1} API req/s", r.peak_api_rps_now)));
    let b = r.first_bottleneck.as_ref().unwrap();
    assert_eq!(
        lines[3],
        format!(
            "  Current tier: monolith; first bottleneck: {} ({}) at {:.2}× today's load",
            b.component,
            b.limit.name(),
            b.load_multiplier
        )
    );
    assert!(
        lines[4].contains(&format!("Headroom: {:.2}×", r.headroom_multiplier.unwrap())),
        "{}",
        lines[4]
    );
    assert!(
        lines[4].contains(&format!("{:.1} months", r.months_until_breach.unwrap())),
        "{}",
        lines[4]
    );
    let u = r
        .upgrade_by_month
        .expect("the monolith is outgrown within 30 months at 20% growth");
    assert!(
        lines[5].starts_with(&format!(
            "  Upgrade by month {u} to {}",
            r.next_tier.as_deref().unwrap()
        )),
        "{}",
        lines[5]
    );
    assert!(
        lines[6].starts_with("  Cost: $") && lines[6].contains("/mo now → $"),
        "{}",
        lines[6]
    );
    assert!(t.contains("SLOs: API p95 ≤ 200 ms, utilization ≤ 70%, errors ≤ 1%"));
}

#[test]
fn every_tier_has_a_row_and_a_section() {
    let r = report();
    let t = render_table(&r);
    let md = render_markdown(&r);
    for tier in &r.tiers {
        assert!(
            t.contains(&format!("Tier {}: {}", tier.rank, tier.title)),
            "{}",
            tier.name
        );
        assert!(
            md.contains(&format!("## Tier {}: {}", tier.rank, tier.title)),
            "{}",
            tier.name
        );
        assert!(md.contains(&format!("| {}", tier.name)), "{}", tier.name);
    }
    // Month rows: every third month, the last, and the breach and upgrade months.
    let mono = &r.tiers[0];
    let rows = md
        .split("## Tier 1")
        .nth(1)
        .unwrap()
        .split("## Tier 2")
        .next()
        .unwrap();
    let months: Vec<u32> = rows
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| month") && !l.starts_with("| ---"))
        .map(|l| l[2..].split(' ').next().unwrap().parse().unwrap())
        .collect();
    for m in [0, 3, 6, 30] {
        assert!(months.contains(&m), "month {m} missing from {months:?}");
    }
    if let Some(b) = mono.breach_month {
        assert!(months.contains(&b));
    }
    assert!(!months.contains(&1));
    // Costs carry their unit.
    let cost = mono.monthly_cost_usd.now.unwrap();
    let cents = (cost * 100.0).round() as u64;
    let shown = format!("${}.{:02}/mo", cents / 100, cents % 100);
    assert!(t.contains(&shown), "{shown} not in the table");
}

#[test]
fn markdown_is_headings_bullets_and_pipe_tables() {
    let md = render_markdown(&report());
    assert!(md.starts_with("# planner assess: Shop\n\n- Load today:"));
    assert!(md.contains("\n## Tiers\n\n| tier | fits now | headroom |"));
    assert!(md.contains("| --- | ---: |"));
    assert!(md.contains("\n## Method\n\n- Load: peak API req/s"));
    assert!(!md.contains('┆'), "no box drawing in Markdown");
}
