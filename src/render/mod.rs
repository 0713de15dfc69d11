//! Renderers: format results, compute nothing. Tables (comfy-table) and
//! Markdown share one row-building step per report; JSON is serde.

pub mod color;
pub mod simulate;
pub mod solve;
pub mod tiers;

use comfy_table::{ContentArrangement, Table, presets};

use crate::error::Error;

/// A titled grid of cells, rendered as a table or as Markdown.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Column headers, with units.
    pub header: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    /// A grid with these headers.
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Self {
        Grid {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// As a terminal table.
    pub fn table(&self) -> String {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(&self.header);
        for r in &self.rows {
            t.add_row(r);
        }
        // Numbers right-aligned: every column but the first.
        for i in 1..self.header.len() {
            if let Some(col) = t.column_mut(i) {
                col.set_cell_alignment(comfy_table::CellAlignment::Right);
            }
        }
        t.to_string()
    }

    /// As a GitHub-flavoured Markdown table.
    pub fn markdown(&self) -> String {
        let esc = |s: &str| s.replace('|', "\\|");
        let mut out = String::new();
        out.push_str(&format!(
            "| {} |\n",
            self.header
                .iter()
                .map(|h| esc(h))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        out.push_str(&format!(
            "|{}\n",
            (0..self.header.len())
                .map(|i| if i == 0 { " --- |" } else { " ---: |" })
                .collect::<String>()
        ));
        for r in &self.rows {
            out.push_str(&format!(
                "| {} |\n",
                r.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")
            ));
        }
        out
    }
}

/// Serialises a report as pretty JSON with a trailing newline.
pub fn json<T: serde::Serialize>(report: &T) -> Result<String, Error> {
    let mut s = serde_json::to_string_pretty(report)
        .map_err(|e| Error::Internal(format!("JSON output: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// A number with about four significant digits, fixed format (no exponent
/// for everyday magnitudes).
pub fn num(x: f64) -> String {
    let a = x.abs();
    if !x.is_finite() {
        "—".into()
    } else if a == 0.0 {
        "0".into()
    } else if !(1e-4..1e9).contains(&a) {
        format!("{x:.3e}")
    } else if a >= 1000.0 {
        format!("{x:.0}")
    } else if a >= 100.0 {
        format!("{x:.1}")
    } else if a >= 10.0 {
        format!("{x:.2}")
    } else if a >= 1.0 {
        format!("{x:.3}")
    } else {
        format!("{x:.4}")
    }
}

/// An optional number, `—` when absent.
pub fn opt(x: Option<f64>) -> String {
    x.map(num).unwrap_or_else(|| "—".into())
}

/// A fraction as a percentage with one decimal: 0.734 → `73.4%`.
pub fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{:.1}%", 100.0 * x)
    } else {
        "—".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_four_significant_digits() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(1234.6), "1235");
        assert_eq!(num(123.45), "123.5");
        assert_eq!(num(12.346), "12.35");
        assert_eq!(num(1.2344), "1.234");
        assert_eq!(num(0.12346), "0.1235");
        assert_eq!(num(0.00001234), "1.234e-5");
        assert_eq!(pct(0.7345), "73.5%");
        assert_eq!(opt(None), "—");
    }

    #[test]
    fn markdown_escapes_pipes_and_aligns_numbers() {
        let mut g = Grid::new(["a", "b (ms)"]);
        g.row(["x|y", "1"]);
        assert_eq!(
            g.markdown(),
            "| a | b (ms) |\n| --- | ---: |\n| x\\|y | 1 |\n"
        );
    }
}
