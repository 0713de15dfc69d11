//! The pieces every chart of the HTML report is drawn with: the canvas and
//! margins, the axes and their round ticks, the legend, bands and lines.

use std::fmt::Write as _;

use super::esc;

/// Chart size, pixels (the SVG scales down to the page).
pub(super) const W: f64 = 800.0;
pub(super) const H: f64 = 340.0;
/// Plot margins: left, right, top, bottom.
pub(super) const ML: f64 = 72.0;
pub(super) const MR: f64 = 170.0;
pub(super) const MT: f64 = 20.0;
pub(super) const MB: f64 = 48.0;

/// Series colours (colour-blind-safe Okabe–Ito), then grey.
pub(super) const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#666666",
];

/// An SVG document's opening tag, its accessible title and description.
pub(super) fn svg_open(h: &mut String, id: &str, title: &str, desc: &str) {
    let _ = writeln!(
        h,
        "<svg id=\"{id}\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(title),
        esc(desc)
    );
    let _ = writeln!(
        h,
        "<rect x=\"0\" y=\"0\" width=\"{W}\" height=\"{H}\" fill=\"#fff\"/>"
    );
}

/// Month axis (x) from 0 to `months`, with ticks every few months.
pub(super) fn x_axis(h: &mut String, months: u32, x: &impl Fn(f64) -> f64) {
    let step = match months {
        0..=12 => 1,
        13..=24 => 3,
        25..=60 => 6,
        _ => 12,
    };
    let y0 = H - MB;
    let _ = writeln!(
        h,
        "<line class=\"axis\" x1=\"{ML}\" y1=\"{y0}\" x2=\"{:.1}\" y2=\"{y0}\"/>",
        W - MR
    );
    for m in (0..=months).step_by(step) {
        let px = x(f64::from(m));
        let _ = writeln!(
            h,
            "<line class=\"axis\" x1=\"{px:.1}\" y1=\"{y0}\" x2=\"{px:.1}\" y2=\"{:.1}\"/><text x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{m}</text>",
            y0 + 4.0,
            y0 + 17.0
        );
    }
    let _ = writeln!(
        h,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">month from now</text>",
        (ML + W - MR) / 2.0,
        H - 10.0
    );
}

/// Y axis with gridlines at `ticks`, labelled by `label`, titled `unit`.
pub(super) fn y_axis(
    h: &mut String,
    ticks: &[f64],
    y: &impl Fn(f64) -> f64,
    label: impl Fn(f64) -> String,
    unit: &str,
) {
    let _ = writeln!(
        h,
        "<line class=\"axis\" x1=\"{ML}\" y1=\"{MT}\" x2=\"{ML}\" y2=\"{:.1}\"/>",
        H - MB
    );
    for &v in ticks {
        let py = y(v);
        let _ = writeln!(
            h,
            "<line class=\"grid\" x1=\"{ML}\" y1=\"{py:.1}\" x2=\"{:.1}\" y2=\"{py:.1}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            W - MR,
            ML - 6.0,
            py + 4.0,
            esc(&label(v))
        );
    }
    let cy = (MT + H - MB) / 2.0;
    let _ = writeln!(
        h,
        "<text x=\"16\" y=\"{cy:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {cy:.1})\">{}</text>",
        esc(unit)
    );
}

/// A legend entry at row `i` of the right margin.
pub(super) fn legend(h: &mut String, i: usize, color: &str, kind: &str, text: &str) {
    let x = W - MR + 12.0;
    let y = MT + 8.0 + 20.0 * i as f64;
    let mark = match kind {
        "band" => format!(
            "<rect x=\"{x}\" y=\"{:.1}\" width=\"18\" height=\"10\" fill=\"{color}\" fill-opacity=\"0.25\"/>",
            y - 5.0
        ),
        "dash" => format!(
            "<line x1=\"{x}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{color}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
            x + 18.0
        ),
        "box" => format!(
            "<rect x=\"{x}\" y=\"{:.1}\" width=\"18\" height=\"10\" fill=\"{color}\"/>",
            y - 5.0
        ),
        _ => format!(
            "<line x1=\"{x}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{color}\" stroke-width=\"3\"/>",
            x + 18.0
        ),
    };
    let _ = writeln!(
        h,
        "{mark}<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
        x + 24.0,
        y + 4.0,
        esc(text)
    );
}

/// Powers of ten, and their 2× and 5×, within `lo..=hi`.
pub(super) fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let mut out = Vec::new();
    let mut p = 10f64.powf(lo.log10().floor());
    while p <= hi * 1.0001 {
        for m in [1.0, 2.0, 5.0] {
            let v = p * m;
            if v >= lo * 0.9999 && v <= hi * 1.0001 {
                out.push(v);
            }
        }
        p *= 10.0;
    }
    if out.len() > 8 {
        out.retain(|v| {
            let l = v.log10();
            (l - l.round()).abs() < 1e-9
        });
    }
    out
}

/// About five round ticks from 0 to `hi`.
pub(super) fn linear_ticks(hi: f64) -> Vec<f64> {
    let raw = hi / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    (0..)
        .map(|i| f64::from(i) * step)
        .take_while(|v| *v <= hi * 1.0001)
        .collect()
}

/// A closed polygon through the upper points, then the lower ones back.
pub(super) fn band_path(upper: &[(f64, f64)], lower: &[(f64, f64)]) -> String {
    let mut pts: Vec<String> = upper
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    pts.extend(lower.iter().rev().map(|(x, y)| format!("{x:.1},{y:.1}")));
    pts.join(" ")
}

pub(super) fn polyline(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(log_ticks(3.0, 400.0), [5.0, 10.0, 20.0, 50.0, 100.0, 200.0]);
        assert_eq!(
            linear_ticks(1000.0),
            [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0]
        );
    }
}
