//! Compare reports as a terminal table or Markdown, both built from the same
//! two grids. Formats only.

use crate::check::short;
use crate::render::{Grid, columns, pct, times, wrap};

use super::{Change, CompareReport, PoolState, Setup, Side};

fn setup(s: &Side) -> &'static str {
    match s.setup {
        Setup::Today => "today's setup",
        Setup::RightSized => "right-sized today",
        Setup::Largest => "largest configuration",
        Setup::None => "no configuration",
    }
}

fn title(r: &CompareReport) -> String {
    format!(
        "{} ({}, tier {}, {}) → {} ({}, tier {}, {})",
        r.before.label,
        r.before.app,
        r.before.tier,
        setup(&r.before),
        r.after.label,
        r.after.app,
        r.after.tier,
        setup(&r.after)
    )
}

fn pool(p: &Option<PoolState>) -> (String, String) {
    match p {
        Some(p) => (format!("{}×{}", p.count, p.size), pct(p.utilization)),
        None => ("—".into(), "—".into()),
    }
}

/// `text` (the magnitude as shown) with the sign of `x`; none when it shows
/// as zero.
fn signed(x: f64, text: String) -> String {
    if text.chars().all(|c| matches!(c, '0' | '.' | '%')) {
        text
    } else if x < 0.0 {
        format!("−{text}")
    } else if x > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

fn figure(g: &mut Grid, name: &str, c: &Change, none_before: &str, none_after: &str) {
    // Multipliers: always two decimals, as everywhere.
    let show = |x: f64| {
        if name.contains('×') {
            times(x).trim_end_matches('×').to_string()
        } else {
            short(x)
        }
    };
    g.row([
        name.to_string(),
        c.before
            .map(show)
            .unwrap_or_else(|| none_before.to_string()),
        c.after.map(show).unwrap_or_else(|| none_after.to_string()),
        c.delta
            .map(|d| signed(d, show(d.abs())))
            .unwrap_or_else(|| "—".into()),
        c.relative
            .map(|r| signed(r, format!("{:.1}%", (100.0 * r).abs())))
            .unwrap_or_else(|| "—".into()),
    ]);
}

/// The per-component grid and the figures grid.
fn grids(r: &CompareReport) -> (Grid, Grid) {
    let (b, a) = (&r.before.label, &r.after.label);
    let mut comps = Grid::new([
        "component".to_string(),
        format!("{b}: instances"),
        format!("{a}: instances"),
        format!("{b}: utilization (%)"),
        format!("{a}: utilization (%)"),
        "Δ utilization (pp)".to_string(),
    ]);
    for c in &r.components {
        let (bs, bu) = pool(&c.before);
        let (as_, au) = pool(&c.after);
        comps.row([
            c.component.clone(),
            bs,
            as_,
            bu,
            au,
            c.utilization_change_pp
                .map(|d| signed(d, format!("{:.1}", d.abs())))
                .unwrap_or_else(|| "—".into()),
        ]);
    }
    let mut figs = Grid::new([
        "figure".to_string(),
        b.clone(),
        a.clone(),
        "Δ".to_string(),
        "Δ (%)".to_string(),
    ]);
    let beyond = |s: &Side| format!("> {} months", s.horizon_months);
    figure(
        &mut figs,
        "API p95 (ms)",
        &r.api_p95_ms,
        "saturated",
        "saturated",
    );
    figure(
        &mut figs,
        "headroom (×)",
        &r.headroom_multiplier,
        "> 1e10 users",
        "> 1e10 users",
    );
    figure(
        &mut figs,
        "months until breach (months)",
        &r.months_until_breach,
        &beyond(&r.before),
        &beyond(&r.after),
    );
    figure(
        &mut figs,
        "monthly cost ($/month)",
        &r.monthly_cost_usd,
        "—",
        "—",
    );
    (comps, figs)
}

/// Title, the two tables, the verdict and the notes, within the output
/// width.
pub fn render_table(r: &CompareReport) -> String {
    let width = columns();
    let para = |text: &str, indent: usize| -> String {
        wrap(text, width, indent)
            .into_iter()
            .map(|l| l + "\n")
            .collect()
    };
    let (comps, figs) = grids(r);
    let mut out = para(&format!("Compare: {}", title(r)), 2);
    out.push('\n');
    out.push_str(&comps.table_width(width));
    out.push_str("\n\n");
    out.push_str(&figs.table_width(width));
    out.push_str("\n\n");
    out.push_str(&para(&format!("Verdict: {}", r.verdict), 2));
    if !r.notes.is_empty() {
        out.push_str("\nNotes:\n");
        for n in &r.notes {
            for l in wrap(&format!("- {n}"), width - 2, 2) {
                out.push_str(&format!("  {l}\n"));
            }
        }
    }
    out
}

/// For a pull request or a document: the verdict as a heading, then the
/// same tables and the notes.
pub fn render_markdown(r: &CompareReport) -> String {
    let (comps, figs) = grids(r);
    let mut out = format!("### {}\n\n{}.\n\n", r.verdict, title(r));
    out.push_str(&comps.markdown());
    out.push('\n');
    out.push_str(&figs.markdown());
    if !r.notes.is_empty() {
        out.push_str("\n**Notes**\n\n");
        for n in &r.notes {
            out.push_str(&format!("- {n}\n"));
        }
    }
    out
}
