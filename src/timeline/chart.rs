//! The timeline as an SVG chart for a board deck (plotters' SVG backend):
//! peak load with its P10–P90 band against each tier's ceiling, upgrade
//! points, and monthly cost below. Formats the report; computes nothing.

use plotters::prelude::*;

use crate::error::Error;

use super::report::TimelineReport;

/// Chart size, pixels.
const SIZE: (u32, u32) = (1100, 760);

fn fail<E: std::fmt::Display>(e: E) -> Error {
    Error::Internal(format!("drawing the chart: {e}"))
}

/// Renders `r` as an SVG document.
pub fn render_svg(r: &TimelineReport) -> Result<String, Error> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let title = format!(
            "{}: growth timeline ({} paths, growth {} P10/P50/P90 {}/{}/{} a month)",
            r.app,
            r.paths,
            r.growth.form,
            rate(r.growth.monthly_rate_p10),
            rate(r.growth.monthly_rate_p50),
            rate(r.growth.monthly_rate_p90),
        );
        let root = root.titled(&title, ("sans-serif", 20)).map_err(fail)?;
        let (top, bottom) = root.split_vertically(440);
        load_panel(r, &top)?;
        cost_panel(r, &bottom)?;
        root.present().map_err(fail)?;
    }
    Ok(svg)
}

fn rate(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), crate::render::pct)
}

fn load_panel<DB: DrawingBackend>(
    r: &TimelineReport,
    area: &DrawingArea<DB, plotters::coord::Shift>,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let h = f64::from(r.months);
    let lo_data = r
        .rows
        .iter()
        .map(|w| w.peak_api_rps_p10)
        .fold(f64::INFINITY, f64::min);
    let hi_data = r
        .rows
        .iter()
        .map(|w| w.peak_api_rps_p90)
        .fold(0.0, f64::max);
    let (ylo, yhi) = (lo_data / 2.0, hi_data * 4.0);
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .caption(
            "Peak API load against each tier's ceiling",
            ("sans-serif", 16),
        )
        .x_label_area_size(36)
        .y_label_area_size(80)
        .build_cartesian_2d(0f64..h, (ylo..yhi).log_scale())
        .map_err(fail)?;
    chart
        .configure_mesh()
        .x_desc("month from now")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("peak API load (req/s, log scale)")
        .y_label_formatter(&|y| crate::render::tick(*y))
        .draw()
        .map_err(fail)?;
    let band_color = RGBColor(31, 119, 180);
    let mut band: Vec<(f64, f64)> = r
        .rows
        .iter()
        .map(|w| (f64::from(w.month), w.peak_api_rps_p90))
        .collect();
    band.extend(
        r.rows
            .iter()
            .rev()
            .map(|w| (f64::from(w.month), w.peak_api_rps_p10)),
    );
    chart
        .draw_series(std::iter::once(Polygon::new(band, band_color.mix(0.25))))
        .map_err(fail)?
        .label("peak load P10–P90")
        .legend(move |(x, y)| {
            Rectangle::new([(x, y - 5), (x + 18, y + 5)], band_color.mix(0.25).filled())
        });
    chart
        .draw_series(LineSeries::new(
            r.rows
                .iter()
                .map(|w| (f64::from(w.month), w.peak_api_rps_p50)),
            band_color.stroke_width(3),
        ))
        .map_err(fail)?
        .label("peak load, median")
        .legend(move |(x, y)| {
            PathElement::new(vec![(x, y), (x + 18, y)], band_color.stroke_width(3))
        });
    for (i, t) in r.tiers.iter().enumerate() {
        let color = Palette99::pick(i + 1).to_rgba();
        let Some(c) = t.ceiling_api_rps.filter(|c| *c > ylo && *c < yhi) else {
            continue;
        };
        chart
            .draw_series(DashedLineSeries::new(
                vec![(0.0, c), (h, c)],
                8,
                5,
                color.stroke_width(2),
            ))
            .map_err(fail)?
            .label(format!(
                "ceiling: {} ({} req/s)",
                t.name,
                crate::render::num(c)
            ))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
            });
    }
    let red = RGBColor(214, 39, 40);
    for u in &r.upgrades {
        if let (Some(p10), Some(p90)) = (u.month_p10, u.month_p90.or(Some(r.months))) {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(f64::from(p10), ylo), (f64::from(p90), yhi)],
                    red.mix(0.08).filled(),
                )))
                .map_err(fail)?;
        }
        if let Some(m) = u.month_p50 {
            let x = f64::from(m);
            chart
                .draw_series(LineSeries::new(
                    vec![(x, ylo), (x, yhi)],
                    red.stroke_width(2),
                ))
                .map_err(fail)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("upgrade {} → {} (P50 month {m})", u.ordinal, u.to_tier),
                    (x + 0.2, yhi / (1.6 + 0.9 * f64::from(u.ordinal))),
                    ("sans-serif", 13).into_font().color(&red),
                )))
                .map_err(fail)?;
        }
    }
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(0.0, ylo), (0.0, ylo)],
            red.mix(0.15).filled(),
        )))
        .map_err(fail)?
        .label("upgrade-by month: P50 line, P10–P90 shaded")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 18, y + 5)], red.mix(0.3).filled()));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(fail)?;
    Ok(())
}

fn cost_panel<DB: DrawingBackend>(
    r: &TimelineReport,
    area: &DrawingArea<DB, plotters::coord::Shift>,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let h = f64::from(r.months);
    let top = r
        .rows
        .iter()
        .flat_map(|w| [w.monthly_cost_usd, w.monthly_cost_usd_p90])
        .flatten()
        .fold(1.0, f64::max)
        * 1.1;
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .caption("Monthly cost under the plan", ("sans-serif", 16))
        .x_label_area_size(36)
        .y_label_area_size(80)
        .build_cartesian_2d(0f64..h, 0f64..top)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .x_desc("month from now")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("cost ($/month)")
        .y_label_formatter(&|y| format!("${}", crate::render::tick(*y)))
        .draw()
        .map_err(fail)?;
    let green = RGBColor(44, 160, 44);
    let rows: Vec<_> = r
        .rows
        .iter()
        .filter_map(|w| {
            Some((
                f64::from(w.month),
                w.monthly_cost_usd_p10?,
                w.monthly_cost_usd_p90?,
            ))
        })
        .collect();
    let mut band: Vec<(f64, f64)> = rows.iter().map(|(m, _, hi)| (*m, *hi)).collect();
    band.extend(rows.iter().rev().map(|(m, lo, _)| (*m, *lo)));
    chart
        .draw_series(std::iter::once(Polygon::new(band, green.mix(0.25))))
        .map_err(fail)?
        .label("cost P10–P90")
        .legend(move |(x, y)| {
            Rectangle::new([(x, y - 5), (x + 18, y + 5)], green.mix(0.25).filled())
        });
    chart
        .draw_series(LineSeries::new(
            r.rows
                .iter()
                .filter_map(|w| Some((f64::from(w.month), w.monthly_cost_usd?))),
            green.stroke_width(3),
        ))
        .map_err(fail)?
        .label("cost, median path")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], green.stroke_width(3)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(fail)?;
    Ok(())
}
