//! The calibration section of an assess report (profiles with
//! `observed:`): the derived work figures beside the typed ones, the
//! warnings, and the observed latency and connections against the model's.

use crate::assess::calibrate::{Calibration, Demands, Reproduced};
use crate::render::Grid;
use crate::units::three_digits;

use super::Block;

/// A busy share: one decimal below 10% (`0.5%`), none above (`42%`).
fn busy(x: f64) -> String {
    if x < 0.1 {
        format!("{:.1}%", x * 100.0)
    } else {
        format!("{:.0}%", x * 100.0)
    }
}

fn signed_pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |e| format!("{:+.0}%", e * 100.0))
}

fn value(r: &Reproduced, x: Option<f64>) -> String {
    x.map_or_else(
        || "saturated".into(),
        |v| {
            if r.figure.ends_with("_ms") {
                format!("{} ms", three_digits(v))
            } else {
                format!("{v:.1} conn")
            }
        },
    )
}

fn figure_name(r: &Reproduced) -> &'static str {
    match r.figure {
        "api_p50_ms" => "API p50",
        "api_p95_ms" => "API p95",
        _ => "DB connections in use",
    }
}

fn used(c: &Calibration) -> &'static str {
    match c.demands {
        Demands::Observed => "the derived figures (--demands typed for the typed ones)",
        Demands::Typed => "the typed figures (--demands typed)",
    }
}

/// The calibration in a few sentences, for the one-screen summary.
pub(super) fn summary_lines(c: &Calibration) -> Vec<String> {
    let mut lines = vec![format!(
        "Calibration: observed {} API req/s at month {} (the profile says {} req/s); assessed with {}.",
        three_digits(c.observed_api_rps),
        c.at_month,
        three_digits(c.profile_api_rps),
        used(c)
    )];
    let figs: Vec<String> = c
        .figures
        .iter()
        .map(|f| match (f.derived, f.ratio) {
            (Some(d), Some(r)) => format!(
                "{} typed {} {u}, derived {} {u} (typed/derived {})",
                f.figure,
                three_digits(f.typed),
                three_digits(d),
                three_digits(r),
                u = f.unit
            ),
            _ => format!(
                "{} typed {} {}, not derived",
                f.figure,
                three_digits(f.typed),
                f.unit
            ),
        })
        .collect();
    if !figs.is_empty() {
        lines.push(format!("Work figures: {}.", figs.join("; ")));
    }
    let rep: Vec<String> = c
        .reproduction
        .iter()
        .map(|r| {
            format!(
                "{} observed {}, model {} ({})",
                figure_name(r),
                value(r, Some(r.observed)),
                value(r, model(c, r)),
                signed_pct(model_error(c, r))
            )
        })
        .collect();
    if !rep.is_empty() {
        lines.push(format!(
            "At the observed load on today's setup: {}.",
            rep.join("; ")
        ));
    }
    for w in &c.warnings {
        lines.push(format!("Warning: {w}."));
    }
    lines
}

/// The model figure of the demands in use.
fn model(c: &Calibration, r: &Reproduced) -> Option<f64> {
    match c.demands {
        Demands::Observed => r.calibrated.or(r.typed),
        Demands::Typed => r.typed,
    }
}

fn model_error(c: &Calibration, r: &Reproduced) -> Option<f64> {
    match c.demands {
        Demands::Observed if r.calibrated.is_some() => r.calibrated_error,
        _ => r.typed_error,
    }
}

/// The section for `--detail` and Markdown.
pub(super) fn blocks(c: &Calibration) -> Vec<Block> {
    let mut b = vec![Block::Heading(2, "Calibration from observed".into())];
    b.push(Block::Lines(vec![format!(
        "Observed peak: {} API req/s at month {} (the profile gives {} req/s then); assessed with {}",
        three_digits(c.observed_api_rps),
        c.at_month,
        three_digits(c.profile_api_rps),
        used(c)
    )]));
    if !c.components.is_empty() {
        let mut g = Grid::new([
            "component",
            "busy",
            "servers",
            "typed demand (ms/req)",
            "derived demand (ms/req)",
            "model busy",
        ]);
        for r in &c.components {
            g.row([
                r.component.clone(),
                busy(r.utilization),
                three_digits(r.servers),
                three_digits(r.typed_demand_ms),
                three_digits(r.observed_demand_ms),
                busy(r.model_utilization),
            ]);
        }
        b.push(Block::Grid(g));
        let mut g = Grid::new(["figure", "typed", "derived", "typed / derived"]);
        for f in &c.figures {
            g.row([
                f.figure.clone(),
                format!("{} {}", three_digits(f.typed), f.unit),
                f.derived
                    .map_or_else(|| "—".into(), |d| format!("{} {}", three_digits(d), f.unit)),
                f.ratio
                    .map_or_else(|| "—".into(), |r| format!("{}×", three_digits(r))),
            ]);
        }
        b.push(Block::Grid(g));
    }
    if !c.reproduction.is_empty() {
        let mut g = Grid::new(["observed", "value", "calibrated", "error", "typed", "error"]);
        for r in &c.reproduction {
            g.row([
                figure_name(r).to_string(),
                value(r, Some(r.observed)),
                if c.figures.iter().any(|f| f.derived.is_some()) {
                    value(r, r.calibrated)
                } else {
                    "—".into()
                },
                signed_pct(r.calibrated_error),
                value(r, r.typed),
                signed_pct(r.typed_error),
            ]);
        }
        b.push(Block::Grid(g));
    }
    let mut lines: Vec<String> = c.warnings.iter().map(|w| format!("Warning: {w}")).collect();
    lines.push(c.method.clone());
    b.push(Block::Lines(lines));
    b
}
