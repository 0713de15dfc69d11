//! The fit as an SVG chart (plotters): measured points against the fitted
//! model, throughput on the left and latency on the right. Formats the
//! report; computes nothing.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::Error;

use super::report::{CurvePoint, FitReport};

/// Reads one latency figure of a point.
type Pick = fn(&CurvePoint) -> Option<f64>;

/// Chart size, pixels.
const SIZE: (u32, u32) = (1200, 520);

fn fail<E: std::fmt::Display>(e: E) -> Error {
    Error::Internal(format!("drawing the chart: {e}"))
}

/// Renders `r` as an SVG document.
pub fn render_svg(r: &FitReport) -> Result<String, Error> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let title = format!(
            "planner fit: {} — saturation {} req/s (95% {}–{})",
            r.source,
            crate::render::num(r.saturation_rps),
            crate::render::num(r.saturation_rps_interval[0]),
            crate::render::num(r.saturation_rps_interval[1]),
        );
        let root = root.titled(&title, ("sans-serif", 18)).map_err(fail)?;
        let (left, right) = root.split_horizontally(SIZE.0 / 2);
        throughput_panel(r, &left)?;
        if r.kind == "open" {
            latency_panel(r, &right)?;
        } else {
            closed_latency_panel(r, &right)?;
        }
        root.present().map_err(fail)?;
    }
    Ok(svg)
}

/// Draws a chart's legend at `pos`.
macro_rules! legend {
    ($chart:expr, $pos:expr) => {
        $chart
            .configure_series_labels()
            .position($pos)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .label_font(("sans-serif", 13))
            .draw()
            .map_err(fail)
    };
}

fn throughput_panel<DB: DrawingBackend>(
    r: &FitReport,
    area: &DrawingArea<DB, Shift>,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let xmax = r
        .curve
        .iter()
        .chain(&r.measured)
        .map(|p| p.load)
        .fold(1.0, f64::max)
        * 1.02;
    let ymax = r
        .curve
        .iter()
        .chain(&r.measured)
        .flat_map(|p| [p.throughput_rps, p.alt_rps.unwrap_or(0.0)])
        .filter(|v| v.is_finite())
        .fold(1.0, f64::max)
        * 1.15;
    let open = r.kind == "open";
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .caption(
            if open {
                "Throughput against offered rate"
            } else {
                "Throughput against clients (USL, MVA)"
            },
            ("sans-serif", 16),
        )
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..xmax, 0f64..ymax)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .x_desc(if open { "offered (req/s)" } else { "clients" })
        .y_desc("throughput (req/s)")
        .draw()
        .map_err(fail)?;
    let blue = RGBColor(31, 119, 180);
    let orange = RGBColor(255, 127, 14);
    let model: Vec<(f64, f64)> = r
        .curve
        .iter()
        .filter(|p| p.throughput_rps.is_finite())
        .map(|p| (p.load, p.throughput_rps))
        .collect();
    chart
        .draw_series(LineSeries::new(model, blue.stroke_width(2)))
        .map_err(fail)?
        .label(if open {
            "model: min(offered, saturation)"
        } else {
            "USL fit"
        })
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], blue.stroke_width(2)));
    let alt: Vec<(f64, f64)> = r
        .curve
        .iter()
        .filter_map(|p| Some((p.load, p.alt_rps?)))
        .collect();
    if !alt.is_empty() {
        chart
            .draw_series(DashedLineSeries::new(alt, 6, 4, orange.stroke_width(2)))
            .map_err(fail)?
            .label("MVA, one station with the fitted demand")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], orange.stroke_width(2))
            });
    }
    if open {
        let s = r.saturation_rps;
        let band = r.saturation_rps_interval;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, band[0]), (xmax, band[1].min(ymax))],
                blue.mix(0.12).filled(),
            )))
            .map_err(fail)?
            .label("saturation, 95% interval")
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 18, y + 5)], blue.mix(0.2).filled())
            });
        chart
            .draw_series(DashedLineSeries::new(
                vec![(0.0, s), (xmax, s)],
                6,
                4,
                blue.stroke_width(1),
            ))
            .map_err(fail)?;
    }
    chart
        .draw_series(
            r.measured
                .iter()
                .map(|p| Circle::new((p.load, p.throughput_rps), 4, BLACK.filled())),
        )
        .map_err(fail)?
        .label("measured")
        .legend(|(x, y)| Circle::new((x + 9, y), 4, BLACK.filled()));
    legend!(chart, SeriesLabelPosition::LowerRight)
}

fn latency_panel<DB: DrawingBackend>(
    r: &FitReport,
    area: &DrawingArea<DB, Shift>,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    // Only the rates the model calls stable: past saturation a measured
    // latency describes the length of the overload, not a steady state.
    let stable: Vec<&CurvePoint> = r
        .measured
        .iter()
        .filter(|p| p.load <= r.saturation_rps)
        .collect();
    let xmax = r.saturation_rps * 1.02;
    let values = stable
        .iter()
        .flat_map(|p| [p.p50_ms, p.p95_ms, p.p99_ms])
        .flatten()
        .filter(|v| *v > 0.0);
    let (lo, hi) = values.fold((f64::INFINITY, 0.0_f64), |(a, b), v| (a.min(v), b.max(v)));
    let (ylo, yhi) = if lo.is_finite() {
        (lo / 2.0, hi * 20.0)
    } else {
        (0.1, 1000.0)
    };
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .caption(
            "Latency: measured (points) and model (lines)",
            ("sans-serif", 16),
        )
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..xmax, (ylo..yhi).log_scale())
        .map_err(fail)?;
    chart
        .configure_mesh()
        .x_desc("offered (req/s)")
        .y_desc("latency (ms, log scale)")
        .y_label_formatter(&|y| crate::render::num(*y))
        .draw()
        .map_err(fail)?;
    let series: [(&str, Pick, RGBColor); 3] = [
        ("p50", |p| p.p50_ms, RGBColor(44, 160, 44)),
        ("p95", |p| p.p95_ms, RGBColor(255, 127, 14)),
        ("p99", |p| p.p99_ms, RGBColor(214, 39, 40)),
    ];
    for (name, get, color) in series {
        let line: Vec<(f64, f64)> = r
            .curve
            .iter()
            .filter(|p| p.load <= xmax)
            .filter_map(|p| Some((p.load, get(p)?.clamp(ylo, yhi))))
            .collect();
        chart
            .draw_series(LineSeries::new(line, color.stroke_width(2)))
            .map_err(fail)?
            .label(format!("{name}: model line, measured points"))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
            });
        chart
            .draw_series(
                stable
                    .iter()
                    .filter_map(|p| Some((p.load, get(p)?)))
                    .map(|(x, y)| Circle::new((x, y), 4, color.filled())),
            )
            .map_err(fail)?;
    }
    legend!(chart, SeriesLabelPosition::UpperLeft)
}

fn closed_latency_panel<DB: DrawingBackend>(
    r: &FitReport,
    area: &DrawingArea<DB, Shift>,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let xmax = r.closed.iter().map(|c| c.clients).fold(1.0, f64::max) * 1.05;
    let ymax = r
        .closed
        .iter()
        .flat_map(|c| [c.measured_mean_ms.unwrap_or(0.0), c.mva_mean_ms])
        .filter(|v| v.is_finite())
        .fold(1.0, f64::max)
        * 1.1;
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .caption("Mean latency against clients", ("sans-serif", 16))
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..xmax, 0f64..ymax)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .x_desc("clients")
        .y_desc("mean latency (ms)")
        .draw()
        .map_err(fail)?;
    let orange = RGBColor(255, 127, 14);
    chart
        .draw_series(LineSeries::new(
            r.closed.iter().map(|c| (c.clients, c.mva_mean_ms)),
            orange.stroke_width(2),
        ))
        .map_err(fail)?
        .label("MVA")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], orange.stroke_width(2)));
    chart
        .draw_series(
            r.closed
                .iter()
                .filter_map(|c| Some((c.clients, c.measured_mean_ms?)))
                .map(|(x, y)| Circle::new((x, y), 4, BLACK.filled())),
        )
        .map_err(fail)?
        .label("measured")
        .legend(|(x, y)| Circle::new((x + 9, y), 4, BLACK.filled()));
    legend!(chart, SeriesLabelPosition::UpperLeft)
}
