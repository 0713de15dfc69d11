//! Rendering an assess report as a terminal table or Markdown. Formats
//! figures, computes nothing: both renderers share one block-building step,
//! and every figure comes from the report with its unit.

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use super::report::{AssessReport, Bottleneck, BreachLimit, MonthRow, PoolReport, TierReport};

/// A piece of the rendered report.
#[derive(Debug, Clone)]
enum Block {
    /// A heading (level 1 or 2).
    Heading(u8, String),
    /// Lines of text (bullets in Markdown).
    Lines(Vec<String>),
    /// A grid: headers with units, then rows.
    Grid(Vec<String>, Vec<Vec<String>>),
}

/// The report as terminal tables.
pub fn render_table(report: &AssessReport) -> String {
    let mut out = String::new();
    for b in blocks(report) {
        match b {
            Block::Heading(1, t) => {
                out.push_str(&format!("{t}\n{}\n", "=".repeat(t.chars().count())))
            }
            Block::Heading(_, t) => {
                out.push_str(&format!("\n{t}\n{}\n", "-".repeat(t.chars().count())))
            }
            Block::Lines(ls) => {
                for l in ls {
                    out.push_str(&format!("  {l}\n"));
                }
            }
            Block::Grid(h, rows) => {
                let mut t = Table::new();
                t.load_style(presets::UTF8_FULL_CONDENSED)
                    .set_content_arrangement(ContentArrangement::Disabled)
                    .set_header(&h);
                for r in &rows {
                    t.add_row(r);
                }
                for i in 1..h.len() {
                    if let Some(c) = t.column_mut(i) {
                        c.set_cell_alignment(CellAlignment::Right);
                    }
                }
                out.push_str(&t.to_string());
                out.push('\n');
            }
        }
    }
    out
}

/// The report as GitHub-flavoured Markdown.
pub fn render_markdown(report: &AssessReport) -> String {
    let esc = |s: &str| s.replace('|', "\\|");
    let mut out = String::new();
    for b in blocks(report) {
        match b {
            Block::Heading(level, t) => {
                out.push_str(&format!("{} {t}\n\n", "#".repeat(usize::from(level))));
            }
            Block::Lines(ls) => {
                for l in ls {
                    out.push_str(&format!("- {}\n", esc(&l)));
                }
                out.push('\n');
            }
            Block::Grid(h, rows) => {
                out.push_str(&format!(
                    "| {} |\n",
                    h.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")
                ));
                out.push_str(&format!(
                    "|{}\n",
                    (0..h.len())
                        .map(|i| if i == 0 { " --- |" } else { " ---: |" })
                        .collect::<String>()
                ));
                for r in rows {
                    out.push_str(&format!(
                        "| {} |\n",
                        r.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")
                    ));
                }
                out.push('\n');
            }
        }
    }
    out
}

/// `1234567.8` → `1,234,568`.
fn int(x: f64) -> String {
    let s = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < -0.5 { format!("-{out}") } else { out }
}

/// US dollars a month: `$1,234.56/mo`.
fn usd(x: f64) -> String {
    let cents = (x * 100.0).round();
    format!(
        "${}.{:02}/mo",
        int((cents / 100.0).trunc()),
        (cents % 100.0).abs() as u64
    )
}

fn opt_usd(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), usd)
}

fn ms(x: Option<f64>) -> String {
    x.map_or_else(|| "saturated".into(), |v| format!("{v:.0} ms"))
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn times(x: Option<f64>) -> String {
    x.map_or_else(|| "over 1e10 users".into(), |v| format!("{v:.2}×"))
}

fn months(x: Option<f64>, horizon: u32) -> String {
    x.map_or_else(
        || format!("beyond {horizon} months"),
        |v| format!("{v:.1} months"),
    )
}

fn bottleneck(b: &Option<Bottleneck>) -> String {
    b.as_ref().map_or_else(
        || "none within 1e10 users".into(),
        |b| {
            format!(
                "{} ({}) at {:.2}× today's load",
                b.component,
                b.limit.name(),
                b.load_multiplier
            )
        },
    )
}

fn limit(b: &Option<BreachLimit>) -> String {
    b.as_ref().map_or_else(String::new, |b| {
        format!("{} ({})", b.component, b.limit.name())
    })
}

fn pools(p: &[PoolReport]) -> String {
    p.iter()
        .map(|p| format!("{} {}×{}", p.component, p.count, p.size))
        .collect::<Vec<_>>()
        .join(", ")
}

fn blocks(r: &AssessReport) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::Heading(1, format!("planner assess: {}", r.app)));
    let cur = r.tiers.iter().find(|t| t.is_current);
    let h = r.horizon_months;
    let mut verdict = vec![
        format!(
            "Load today: {} monthly users, peak {:.1} API req/s and {:.1} static req/s",
            int(r.users_now),
            r.peak_api_rps_now,
            r.peak_static_rps_now
        ),
        format!(
            "Current tier: {}; first bottleneck: {}",
            r.current_tier,
            bottleneck(&r.first_bottleneck)
        ),
        format!(
            "Headroom: {}; months until an SLO breaks: {}",
            times(r.headroom_multiplier),
            months(r.months_until_breach, h)
        ),
    ];
    verdict.push(match (r.upgrade_by_month, &r.next_tier, cur) {
        (Some(u), Some(n), Some(c)) => format!(
            "Upgrade by month {u} to {n} (tier {} cannot meet the SLOs from month {}: {}; lead time {} months)",
            c.name,
            c.breach_month.unwrap_or(u),
            limit(&c.breach_limit),
            r.lead_time_months
        ),
        (Some(u), None, Some(c)) => format!(
            "Upgrade by month {u}: tier {} cannot meet the SLOs from month {} ({}), and no higher tier fits then",
            c.name,
            c.breach_month.unwrap_or(u),
            limit(&c.breach_limit)
        ),
        _ => format!("No upgrade needed within the {h}-month horizon"),
    });
    let c = &r.monthly_cost_usd;
    let next = r.next_tier.as_deref().unwrap_or("");
    verdict.push(
        match (r.upgrade_by_month, c.at_upgrade, c.next_tier_at_upgrade) {
            (Some(u), Some(at), Some(n)) => format!(
                "Cost: {} now → {} at month {u} ({} on {next})",
                opt_usd(c.now),
                usd(at),
                usd(n)
            ),
            (Some(u), None, Some(n)) => format!(
                "Cost: {} now → {} on {next} at month {u}",
                opt_usd(c.now),
                usd(n)
            ),
            (Some(u), Some(at), None) => {
                format!("Cost: {} now → {} at month {u}", opt_usd(c.now), usd(at))
            }
            _ => format!("Cost: {} now", opt_usd(c.now)),
        },
    );
    verdict.push(format!(
        "Cheapest tier meeting every SLO today: {}",
        r.recommended_tier.as_deref().unwrap_or("none")
    ));
    b.push(Block::Lines(verdict));
    b.push(Block::Lines(vec![format!(
        "SLOs: API p95 ≤ {:.0} ms, utilization ≤ {}, errors ≤ {}{}",
        r.slo.api_p95_ms,
        pct(r.slo.max_utilization),
        pct(r.slo.max_error_rate),
        if r.slo.survive_instance_loss {
            ", survive losing one instance"
        } else {
            ""
        }
    )]));

    b.push(Block::Heading(2, "Tiers".into()));
    let mut grid = Vec::new();
    for t in &r.tiers {
        grid.push(vec![
            format!("{}{}", t.name, if t.is_current { " (current)" } else { "" }),
            if t.fits_now {
                "yes".into()
            } else {
                "no".into()
            },
            times(t.headroom_multiplier),
            bottleneck_short(t),
            months(t.months_until_breach, h),
            t.breach_month
                .map_or_else(|| "—".into(), |m| format!("month {m}")),
            t.upgrade_by_month
                .map_or_else(|| "—".into(), |m| format!("month {m}")),
            opt_usd(t.monthly_cost_usd.now),
            opt_usd(t.monthly_cost_usd.at_upgrade),
        ]);
    }
    b.push(Block::Grid(
        [
            "tier",
            "fits now",
            "headroom",
            "first bottleneck",
            "until breach",
            "tier breaks",
            "upgrade by",
            "cost now",
            "cost at upgrade",
        ]
        .map(String::from)
        .to_vec(),
        grid,
    ));
    for t in &r.tiers {
        b.extend(tier_blocks(t, h));
    }
    if !r.notes.is_empty() {
        b.push(Block::Heading(2, "Notes".into()));
        b.push(Block::Lines(r.notes.clone()));
    }
    b.push(Block::Heading(2, "Method".into()));
    let mut m = r.assumptions.clone();
    m.push(format!(
        "Prices: {} ({}), as of {}. {}",
        r.prices.region,
        r.prices.sources.join(", "),
        r.prices.as_of,
        r.prices.note
    ));
    b.push(Block::Lines(m));
    b
}

fn bottleneck_short(t: &TierReport) -> String {
    t.first_bottleneck.as_ref().map_or_else(
        || "—".into(),
        |b| format!("{} ({})", b.component, b.limit.name()),
    )
}

fn tier_blocks(t: &TierReport, horizon: u32) -> Vec<Block> {
    let mut b = vec![Block::Heading(
        2,
        format!(
            "Tier {}: {}{}",
            t.rank,
            t.title,
            if t.is_current { " (current)" } else { "" }
        ),
    )];
    let mut lines = vec![t.summary.clone()];
    if t.configuration_now.is_empty() {
        lines.push(format!(
            "Cannot meet the SLOs at today's load: {}",
            bottleneck(&t.first_bottleneck)
        ));
    } else {
        lines.push(format!(
            "{}: {} — {}",
            if t.is_current {
                "Today's setup"
            } else {
                "Right-sized for today"
            },
            pools(&t.configuration_now),
            opt_usd(t.monthly_cost_usd.now)
        ));
        lines.push(format!(
            "API p95 today {}; busiest {}",
            ms(t.api_p95_ms_now),
            t.busiest_now.as_ref().map_or_else(
                || "—".into(),
                |x| format!("{} at {}", x.component, pct(x.utilization))
            )
        ));
        lines.push(format!(
            "First bottleneck: {}; {} of growth",
            bottleneck(&t.first_bottleneck),
            months(t.months_until_breach, horizon)
        ));
    }
    lines.push(match t.breach_month {
        Some(m) => format!("Tier breaks in month {m}: {}", limit(&t.breach_limit)),
        None => format!("Tier meets every SLO through month {horizon}"),
    });
    b.push(Block::Lines(lines));
    let rows: Vec<Vec<String>> = t
        .timeline
        .iter()
        .filter(|row| shown(row, t))
        .map(|row| {
            vec![
                row.month.to_string(),
                int(row.users),
                format!("{:.1}", row.peak_api_rps),
                if row.fits {
                    pools(&row.configuration)
                } else {
                    format!("no fit: {}", limit(&row.limit))
                },
                opt_usd(row.monthly_cost_usd),
                if row.fits {
                    ms(row.api_p95_ms)
                } else {
                    "—".into()
                },
                row.busiest.as_ref().map_or_else(
                    || "—".into(),
                    |x| format!("{} {}", x.component, pct(x.utilization)),
                ),
            ]
        })
        .collect();
    b.push(Block::Grid(
        [
            "month",
            "users",
            "peak API req/s",
            "right-sized configuration",
            "cost",
            "API p95",
            "busiest",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    ));
    b
}

/// Timeline rows shown in text output (JSON has every month): every third
/// month, the last, and the breach and upgrade-by months.
fn shown(row: &MonthRow, t: &TierReport) -> bool {
    let last = t.timeline.last().map_or(0, |r| r.month);
    row.month.is_multiple_of(3)
        || row.month == last
        || Some(row.month) == t.breach_month
        || Some(row.month) == t.upgrade_by_month
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted_with_units() {
        assert_eq!(int(1_234_567.8), "1,234,568");
        assert_eq!(int(999.0), "999");
        assert_eq!(int(0.2), "0");
        assert_eq!(usd(1234.567), "$1,234.57/mo");
        assert_eq!(usd(0.004), "$0.00/mo");
        assert_eq!(ms(Some(123.4)), "123 ms");
        assert_eq!(ms(None), "saturated");
        assert_eq!(pct(0.706), "71%");
        assert_eq!(times(Some(2.345)), "2.35×");
        assert_eq!(months(None, 24), "beyond 24 months");
    }
}
