//! Scenario results as a table or Markdown: one row per scenario, then the
//! explanation of each. Formats only.

use crate::render::{Grid, minutes};

use super::ScenarioResult;

fn grid(results: &[ScenarioResult]) -> Grid {
    let mut g = Grid::new(["scenario", "survives", "first failure", "SLOs broken for"]);
    for r in results {
        g.row([
            r.name.name().to_string(),
            match (r.applicable, r.survives) {
                (true, true) => "✓ yes".to_string(),
                (false, true) => "✓ not applicable".to_string(),
                (true, false) => "✗ no".to_string(),
                (false, false) => "✗ no (one region: site down)".to_string(),
            },
            r.first_failure
                .as_ref()
                .map(|f| format!("{} ({})", f.component, f.limit.name()))
                .unwrap_or_else(|| "—".into()),
            minutes(r.breach_minutes),
        ]);
    }
    g
}

/// Scenarios as a terminal table with one explanation line each.
pub fn render_table(results: &[ScenarioResult]) -> String {
    let mut out = String::from("Failure scenarios (today's setup)\n");
    out.push_str(&grid(results).table());
    out.push('\n');
    for r in results {
        out.push_str(&format!(
            "  {}: {}.\n    {}.\n",
            r.name.name(),
            r.title,
            r.detail
        ));
    }
    out
}

/// Scenarios as a Markdown section.
pub fn render_markdown(results: &[ScenarioResult]) -> String {
    let mut out = String::from("## Failure scenarios (today's setup)\n\n");
    out.push_str(&grid(results).markdown());
    out.push('\n');
    for r in results {
        out.push_str(&format!(
            "- **{}**: {}. {}.\n",
            r.name.name(),
            r.title,
            r.detail
        ));
    }
    out
}
