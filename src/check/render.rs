//! Check reports as k6-style ✓/✗ lines (table format) or as a pull-request
//! comment in Markdown. Formats only.

use crate::render::{Grid, columns, minutes, num, pct, times, wrap};

use super::{CheckReport, CheckResult, Comparison, Unit};

/// A number without trailing zeros: 1.5 → `1.5`, 2.320 → `2.32`.
pub(crate) fn short(x: f64) -> String {
    let s = num(x);
    if s.contains('.') && !s.contains('e') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn value(x: f64, unit: Unit) -> String {
    match unit {
        Unit::Multiplier => times(x),
        Unit::Months => format!("{} months", short(x)),
        Unit::Milliseconds => format!("{} ms", short(x)),
        Unit::UsdPerMonth => format!("${}/month", short(x)),
        Unit::Fraction => pct(x),
        Unit::Minutes => minutes(x),
    }
}

fn op(c: Comparison) -> &'static str {
    match c {
        Comparison::AtLeast => "≥",
        Comparison::AtMost => "≤",
    }
}

fn mark(passed: bool) -> &'static str {
    if passed { "✓" } else { "✗" }
}

fn measured(c: &CheckResult) -> String {
    match (c.measured, &c.measured_note) {
        (Some(m), _) => value(m, c.unit),
        (None, Some(n)) => n.clone(),
        (None, None) => "—".into(),
    }
}

fn condition(c: &CheckResult) -> String {
    format!(
        "{} {} {}",
        c.label,
        op(c.comparison),
        value(c.threshold, c.unit)
    )
}

fn verdict(r: &CheckReport) -> String {
    if r.passed {
        format!(
            "✓ capacity check passed: {} of {} checks hold ({}, tier {})",
            r.checks.len(),
            r.checks.len(),
            r.app,
            r.tier
        )
    } else {
        format!(
            "✗ capacity check failed: {} of {} checks failed ({}, tier {})",
            r.failed,
            r.checks.len(),
            r.app,
            r.tier
        )
    }
}

/// One line per check, the way k6 prints thresholds, verdict first; long
/// lines wrap within the output width.
pub fn render_table(r: &CheckReport) -> String {
    let width = columns();
    let mut out = String::new();
    let mut push = |text: &str, indent: usize, hang: usize| {
        for l in wrap(text, width - indent, hang) {
            out.push_str(&format!("{}{l}\n", " ".repeat(indent)));
        }
    };
    push(&verdict(r), 0, 2);
    for c in &r.checks {
        push(
            &format!(
                "{} {}  (measured {})",
                mark(c.passed),
                condition(c),
                measured(c)
            ),
            2,
            2,
        );
        if !c.passed {
            push(&c.detail, 6, 0);
        }
    }
    out
}

/// A pull-request comment: verdict first, a table, the failing checks
/// explained.
pub fn render_markdown(r: &CheckReport) -> String {
    let mut out = format!("### {}\n\n", verdict(r));
    out.push_str(&format!("Profile `{}`", r.file));
    if let Some(b) = &r.baseline {
        out.push_str(&format!(", baseline `{b}`"));
    }
    out.push_str(".\n\n");
    let mut g = Grid::new(["check", "result", "threshold", "measured"]);
    for c in &r.checks {
        g.row([
            c.label.clone(),
            mark(c.passed).to_string(),
            format!("{} {}", op(c.comparison), value(c.threshold, c.unit)),
            measured(c),
        ]);
    }
    out.push_str(&g.markdown());
    let failing: Vec<&CheckResult> = r.checks.iter().filter(|c| !c.passed).collect();
    if !failing.is_empty() {
        out.push_str("\n**Failing checks**\n\n");
        for c in failing {
            out.push_str(&format!(
                "- ✗ **{}** (measured {}): {}.\n",
                condition(c),
                measured(c),
                c.detail
            ));
        }
    }
    out
}
