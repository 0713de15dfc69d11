//! Renderers: format results, compute nothing. Tables (comfy-table) and
//! Markdown share one row-building step per report; JSON is serde. Terminal
//! tables fit the output width (`COLUMNS`, else the terminal's, else 100
//! columns): wide cells wrap instead of running off the screen.

pub mod color;
pub mod html;
pub mod simulate;
pub mod solve;
pub mod tiers;
pub mod width;

use comfy_table::{ContentArrangement, Table, presets};

pub use width::{columns, wrap};

use crate::error::Error;

/// A titled grid of cells, rendered as a table or as Markdown.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Column headers, with units.
    pub header: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
    /// Columns of words, aligned left (the first always is; the others,
    /// numbers, align right).
    pub left: Vec<usize>,
}

impl Grid {
    /// A grid with these headers.
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Self {
        Grid {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            left: Vec::new(),
        }
    }

    /// Aligns these columns (of words, not numbers) left.
    pub fn left(mut self, columns: impl IntoIterator<Item = usize>) -> Self {
        self.left.extend(columns);
        self
    }

    /// Adds a row.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// As a terminal table as wide as its content (the engineers' tables of
    /// `solve` and `simulate`, meant for wide terminals and files).
    pub fn table(&self) -> String {
        self.build(None)
    }

    /// As a terminal table at most [`columns()`] wide.
    pub fn fit(&self) -> String {
        self.build(Some(columns()))
    }

    /// As a terminal table at most `width` columns wide: cells wrap (at
    /// spaces where they can) when the content is wider.
    pub fn table_width(&self, width: usize) -> String {
        self.build(Some(width))
    }

    fn build(&self, width: Option<usize>) -> String {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_header(&self.header);
        match width {
            Some(w) => {
                t.set_content_arrangement(ContentArrangement::Dynamic)
                    .set_width(u16::try_from(w).unwrap_or(u16::MAX));
            }
            None => {
                t.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        for r in &self.rows {
            t.add_row(r);
        }
        // Numbers right-aligned: every column but the first and the words.
        for i in (1..self.header.len()).filter(|i| !self.left.contains(i)) {
            if let Some(col) = t.column_mut(i) {
                col.set_cell_alignment(comfy_table::CellAlignment::Right);
            }
        }
        t.to_string()
    }

    /// As a GitHub-flavoured Markdown table.
    pub fn markdown(&self) -> String {
        let esc = |s: &str| s.replace('|', "\\|").replace('\n', "<br>");
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
                .map(|i| if i == 0 || self.left.contains(&i) {
                    " --- |"
                } else {
                    " ---: |"
                })
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

/// A chart tick label, short and without trailing zeros: 1500 → `1.5k`, 2e6 → `2M`, 0.25 → `0.25`.
pub fn tick(v: f64) -> String {
    let (x, unit) = if v.abs() >= 1e9 {
        (v / 1e9, "G")
    } else if v.abs() >= 1e6 {
        (v / 1e6, "M")
    } else if v.abs() >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let s = if x.abs() >= 100.0 || (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    };
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    format!("{s}{unit}")
}

/// A load multiplier, always two decimals: 1.3672 → `1.37×`.
pub fn times(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}×")
    } else {
        "—".into()
    }
}

/// A duration in minutes, whole minutes when whole, else one decimal:
/// 60 → `60 min`, 2.5 → `2.5 min`.
pub fn minutes(x: f64) -> String {
    if !x.is_finite() {
        "—".into()
    } else if (x - x.round()).abs() < 0.05 {
        format!("{x:.0} min")
    } else {
        format!("{x:.1} min")
    }
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
        assert_eq!(tick(1500.0), "1.5k");
        assert_eq!(tick(2e6), "2M");
        assert_eq!(tick(5.0), "5");
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(250.0), "250");
        assert_eq!(times(1.3672), "1.37×");
        assert_eq!(times(1.467), "1.47×");
        assert_eq!(minutes(60.0), "60 min");
        assert_eq!(minutes(5.0), "5 min");
        assert_eq!(minutes(2.5), "2.5 min");
    }

    #[test]
    fn tables_fit_the_width_by_wrapping_cells() {
        let mut g = Grid::new(["configuration", "cost ($/month)"]);
        g.row([
            "app 2×c7g.large, db 1×db.m7g.large, cache 1×cache.t4g.small, search 2×search.m7g",
            "1,234.56",
        ]);
        for w in [40, 60, 100] {
            let t = g.table_width(w);
            assert!(t.lines().all(|l| l.chars().count() <= w), "width {w}:\n{t}");
            assert!(t.contains("c7g.large") && t.contains("1,234.56"));
        }
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
