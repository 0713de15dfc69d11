//! Rendering an assess report for people. The default is one screen
//! ([`render_summary`]): the verdict in words, the plan, one row a tier and
//! the growth percentiles, within the output width. `--detail`
//! ([`render_table`]) and Markdown add the month-by-month tables and the
//! method; both share one block-building step. Formats figures, computes
//! nothing: every figure comes from the report with its unit.

mod calibration;
mod summary;

use crate::render::{Grid, columns};

use super::report::{AssessReport, Bottleneck, BreachLimit, MonthRow, PoolReport, TierReport};

use summary::tier_grid;
pub(crate) use summary::{headroom, slo_line, step_action, today};
pub use summary::{render_summary, render_summary_width, uncertain, verdict_lines};

/// A piece of the rendered report.
#[derive(Debug, Clone)]
enum Block {
    /// A heading (level 1 or 2).
    Heading(u8, String),
    /// Lines of text (bullets in Markdown).
    Lines(Vec<String>),
    /// A grid: headers with units, then rows.
    Grid(Grid),
}

/// The report in full, as terminal tables (`--detail`): the verdict, the
/// plan, every tier's month-by-month table and the method.
pub fn render_table(report: &AssessReport) -> String {
    let width = columns();
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
            Block::Grid(g) => {
                out.push_str(&g.table_width(width));
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
            Block::Grid(g) => {
                out.push_str(&g.markdown());
                out.push('\n');
            }
        }
    }
    out
}

/// `1234567.8` → `1,234,568`.
pub(crate) fn int(x: f64) -> String {
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
pub(crate) fn usd(x: f64) -> String {
    let cents = (x * 100.0).round();
    format!(
        "${}.{:02}/mo",
        int((cents / 100.0).trunc()),
        (cents % 100.0).abs() as u64
    )
}

/// US dollars without the period, for a column headed `$/month`: `$1,234.56`.
pub(crate) fn dollars(x: f64) -> String {
    usd(x).trim_end_matches("/mo").to_string()
}

pub(crate) fn opt_usd(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), usd)
}

pub(crate) fn ms(x: Option<f64>) -> String {
    x.map_or_else(|| "saturated".into(), |v| format!("{v:.0} ms"))
}

pub(crate) fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

pub(crate) fn times(x: Option<f64>) -> String {
    x.map_or_else(|| "over 1e10 users".into(), |v| format!("{v:.2}×"))
}

pub(crate) fn months(x: Option<f64>, horizon: u32) -> String {
    x.map_or_else(
        || format!("beyond {horizon} months"),
        |v| format!("{v:.1} months"),
    )
}

pub(crate) fn bottleneck(b: &Option<Bottleneck>) -> String {
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

pub(crate) fn limit(b: &Option<BreachLimit>) -> String {
    b.as_ref().map_or_else(String::new, |b| {
        format!("{} ({})", b.component, b.limit.name())
    })
}

pub(crate) fn pools(p: &[PoolReport]) -> String {
    p.iter()
        .map(|p| format!("{} {}×{}", p.component, p.count, p.size))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Pools one per line, for a table cell.
fn pools_lines(p: &[PoolReport]) -> String {
    p.iter()
        .map(|p| format!("{} {}×{}", p.component, p.count, p.size))
        .collect::<Vec<_>>()
        .join("\n")
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

    if let Some(g) = &r.growth_percentiles {
        b.push(Block::Lines(vec![uncertain(g, h)]));
    }
    if let Some(c) = &r.calibration {
        b.extend(calibration::blocks(c));
    }
    if r.plan.is_empty() {
        if r.upgrade_by_month.is_none() {
            b.push(Block::Heading(2, "Plan".into()));
            b.push(Block::Lines(vec![format!(
                "Nothing to change within the {h}-month horizon."
            )]));
        }
    } else {
        b.push(Block::Heading(2, "Plan".into()));
        let mut g = Grid::new([
            "month",
            "step",
            "cost after ($/month)",
            "why",
            "lasts until",
        ])
        .left([1, 3]);
        for s in &r.plan {
            g.row([
                s.month.to_string(),
                step_action(s),
                dollars(s.monthly_cost_usd_after),
                s.reason.clone(),
                s.lasts_until_month
                    .map_or_else(|| format!("beyond month {h}"), |m| format!("month {m}")),
            ]);
        }
        b.push(Block::Grid(g));
    }
    b.push(Block::Heading(2, "Tiers".into()));
    b.push(Block::Grid(tier_grid(r, true)));
    for t in &r.tiers {
        b.extend(tier_blocks(t, h, r.slo.max_replication_lag_ms));
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

pub(crate) fn bottleneck_short(t: &TierReport) -> String {
    t.first_bottleneck.as_ref().map_or_else(
        || "—".into(),
        |b| format!("{} ({})", b.component, b.limit.name()),
    )
}

fn tier_blocks(t: &TierReport, horizon: u32, slo_lag_ms: f64) -> Vec<Block> {
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
        if let Some(lag) = t.replication_lag_ms_now {
            lines.push(match lag {
                Some(l) => format!("Replication lag today {l:.1} ms (SLO ≤ {slo_lag_ms:.0} ms)"),
                None => "Replication lag today: a replica's replay cannot keep up with the writes"
                    .to_string(),
            });
        }
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
    let mut g = Grid::new([
        "month",
        "users",
        "peak API req/s",
        "right-sized configuration",
        "cost",
        "API p95",
        "busiest",
    ])
    .left([3, 6]);
    for row in t.timeline.iter().filter(|row| shown(row, t)) {
        g.row([
            row.month.to_string(),
            int(row.users),
            format!("{:.1}", row.peak_api_rps),
            if row.fits {
                pools_lines(&row.configuration)
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
        ]);
    }
    b.push(Block::Grid(g));
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
