//! Timeline renderers: Markdown has every column; the terminal table a
//! compact grid of the same rows within the output width (ranges joined in
//! one cell); CSV writes the rows at full precision with units in the
//! header. Nothing computed.

use crate::render::{Grid, columns, num, opt, pct, wrap};

use super::report::TimelineReport;

const HEADER: [&str; 13] = [
    "month",
    "users P10",
    "users P50",
    "users P90",
    "peak API P50 (req/s)",
    "tier",
    "upgrade",
    "limiting",
    "utilization",
    "API p95 (ms)",
    "cost P50 ($/month)",
    "cost P10–P90 ($/month)",
    "breach P (current setup)",
];

fn grid(r: &TimelineReport) -> Grid {
    let mut g = Grid::new(HEADER);
    for row in &r.rows {
        let spike = if row.spike_factor > 1.0 {
            format!(" (spike ×{})", num(row.spike_factor))
        } else {
            String::new()
        };
        g.row([
            row.month.to_string(),
            num(row.users_p10),
            num(row.users_p50),
            num(row.users_p90),
            format!("{}{spike}", num(row.peak_api_rps_p50)),
            row.tier.clone().unwrap_or_else(|| "—".into()),
            if row.upgrade {
                "⬆".into()
            } else {
                String::new()
            },
            row.limiting_component.clone().unwrap_or_else(|| "—".into()),
            row.limiting_utilization
                .map(pct)
                .unwrap_or_else(|| "—".into()),
            opt(row.api_p95_ms),
            opt(row.monthly_cost_usd),
            format!(
                "{}–{}",
                opt(row.monthly_cost_usd_p10),
                opt(row.monthly_cost_usd_p90)
            ),
            pct(row.breach_probability),
        ]);
    }
    g
}

/// A median and, below it, its P10–P90 range (left out when the range is
/// one value: certain growth).
fn band(p50: String, p10: String, p90: String) -> String {
    if p10 == p90 {
        p50
    } else {
        format!("{p50}\n{p10}–{p90}")
    }
}

/// The terminal grid: the same rows, ranges in one cell, fewer columns.
fn compact_grid(r: &TimelineReport) -> Grid {
    let mut g = Grid::new([
        "month",
        "users P50, P10–P90",
        "peak API (req/s)",
        "tier",
        "limiting",
        "API p95 (ms)",
        "cost P50, P10–P90 ($/month)",
        "breach P",
    ])
    .left([3, 4]);
    for row in &r.rows {
        let spike = if row.spike_factor > 1.0 {
            format!(" spike ×{}", num(row.spike_factor))
        } else {
            String::new()
        };
        g.row([
            row.month.to_string(),
            band(num(row.users_p50), num(row.users_p10), num(row.users_p90)),
            format!("{}{spike}", num(row.peak_api_rps_p50)),
            format!(
                "{}{}",
                if row.upgrade { "⬆ " } else { "" },
                row.tier.clone().unwrap_or_else(|| "—".into())
            ),
            match (&row.limiting_component, row.limiting_utilization) {
                (Some(c), Some(u)) => format!("{c} {}", pct(u)),
                (Some(c), None) => c.clone(),
                _ => "—".into(),
            },
            opt(row.api_p95_ms),
            band(
                opt(row.monthly_cost_usd),
                opt(row.monthly_cost_usd_p10),
                opt(row.monthly_cost_usd_p90),
            ),
            pct(row.breach_probability),
        ]);
    }
    g
}

fn month(m: Option<u32>) -> String {
    m.map_or_else(|| "beyond".into(), |m| m.to_string())
}

fn summary(r: &TimelineReport, md: bool) -> String {
    let b = if md { "**" } else { "" };
    let mut s = format!(
        "{b}{}{b}: {} months, {} growth paths (seed {}), growth {} (monthly rate P10/P50/P90: {}/{}/{}), lead time {} months, today's tier {}.\n",
        r.app,
        r.months,
        r.paths,
        r.seed,
        r.growth.form,
        r.growth
            .monthly_rate_p10
            .map(pct)
            .unwrap_or_else(|| "—".into()),
        r.growth
            .monthly_rate_p50
            .map(pct)
            .unwrap_or_else(|| "—".into()),
        r.growth
            .monthly_rate_p90
            .map(pct)
            .unwrap_or_else(|| "—".into()),
        r.lead_time_months,
        r.current_tier,
    );
    for u in &r.upgrades {
        s.push_str(&format!(
            "{}Upgrade {} → {} ({} of moving paths): upgrade-by month P10 {}, P50 {}, P90 {}; {} of paths within {} months.\n",
            if md { "- " } else { "" },
            u.ordinal,
            u.to_tier,
            pct(u.to_tier_share),
            month(u.month_p10),
            month(u.month_p50),
            month(u.month_p90),
            pct(u.probability),
            r.months,
        ));
    }
    for n in &r.notes {
        s.push_str(&format!("{}note: {n}\n", if md { "- " } else { "" }));
    }
    s
}

/// As a terminal table within the output width (ranges in one cell; every
/// column is in Markdown, CSV and JSON).
pub fn render_table(r: &TimelineReport) -> String {
    let width = columns();
    let text: String = summary(r, false)
        .lines()
        .flat_map(|l| wrap(l, width, 2))
        .map(|l| l + "\n")
        .collect();
    format!("{text}\n{}\n", compact_grid(r).table_width(width))
}

/// As Markdown.
pub fn render_markdown(r: &TimelineReport) -> String {
    format!("{}\n{}", summary(r, true), grid(r).markdown())
}

/// As CSV: one line per month, numbers at full precision, empty cells for
/// figures that do not exist.
pub fn render_csv(r: &TimelineReport) -> String {
    let mut s = String::from(
        "month,users_p10,users_p50,users_p90,spike_factor,peak_api_rps_p10,peak_api_rps_p50,peak_api_rps_p90,tier,upgrade,limiting_component,limiting_utilization,api_p95_ms,monthly_cost_usd,monthly_cost_usd_p10,monthly_cost_usd_p90,breach_probability\n",
    );
    let o = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    for w in &r.rows {
        let cells = [
            w.month.to_string(),
            w.users_p10.to_string(),
            w.users_p50.to_string(),
            w.users_p90.to_string(),
            w.spike_factor.to_string(),
            w.peak_api_rps_p10.to_string(),
            w.peak_api_rps_p50.to_string(),
            w.peak_api_rps_p90.to_string(),
            w.tier.clone().unwrap_or_default(),
            w.upgrade.to_string(),
            w.limiting_component.clone().unwrap_or_default(),
            o(w.limiting_utilization),
            o(w.api_p95_ms),
            o(w.monthly_cost_usd),
            o(w.monthly_cost_usd_p10),
            o(w.monthly_cost_usd_p90),
            w.breach_probability.to_string(),
        ];
        let quoted: Vec<String> = cells
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        s.push_str(&quoted.join(","));
        s.push('\n');
    }
    s
}
