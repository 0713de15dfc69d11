//! The HTML report's charts, drawn as inline SVG by hand: load against each
//! tier's ceiling (log scale, P10–P90 band), today's cost by component
//! (stacked bars) and the cost fan chart over the months. Geometry only:
//! every figure comes from the reports.

use std::fmt::Write as _;

use super::esc;
use crate::assess::AssessReport;
use crate::assess::render as words;
use crate::render::tick;
use crate::timeline::TimelineReport;

use super::axes::{
    H, MB, ML, MR, MT, PALETTE, W, band_path, legend, linear_ticks, log_ticks, polyline, svg_open,
    x_axis, y_axis,
};

/// Peak API load (P10–P90 band and median) against each tier's ceiling.
pub(super) fn load_chart(h: &mut String, t: &TimelineReport) {
    h.push_str("<section id=\"load\">\n<h2>Load against each tier's ceiling</h2>\n<figure>\n");
    let months = t.months.max(1);
    let lo_data = t
        .rows
        .iter()
        .map(|w| w.peak_api_rps_p10)
        .filter(|v| *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    let hi_data = t
        .rows
        .iter()
        .map(|w| w.peak_api_rps_p90)
        .fold(0.0, f64::max);
    let (lo_data, hi_data) = if lo_data.is_finite() && hi_data > 0.0 {
        (lo_data, hi_data)
    } else {
        (1.0, 10.0)
    };
    // Show ceilings up to 30× the highest load; list the rest in words.
    let cap = hi_data * 30.0;
    let shown: Vec<(usize, &crate::timeline::report::TierCeiling, f64)> = t
        .tiers
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, c, c.ceiling_api_rps.filter(|v| *v > 0.0 && *v <= cap)?)))
        .collect();
    let lo = shown.iter().map(|s| s.2).fold(lo_data, f64::min) / 1.5;
    let hi = shown.iter().map(|s| s.2).fold(hi_data, f64::max) * 1.5;
    let (llo, lhi) = (lo.log10(), hi.log10());
    let x = |m: f64| ML + (W - ML - MR) * m / f64::from(months);
    let y = |v: f64| H - MB - (H - MT - MB) * (v.max(lo).log10() - llo) / (lhi - llo);
    svg_open(
        h,
        "chart-load",
        "Peak API load against each tier's ceiling",
        "Peak API requests per second by month, median and P10 to P90 over growth paths, with each tier's ceiling as a dashed line, log scale",
    );
    y_axis(
        h,
        &log_ticks(lo, hi),
        &y,
        tick,
        "peak API load (req/s, log)",
    );
    x_axis(h, months, &x);
    let p90: Vec<(f64, f64)> = t
        .rows
        .iter()
        .map(|w| (x(f64::from(w.month)), y(w.peak_api_rps_p90)))
        .collect();
    let p10: Vec<(f64, f64)> = t
        .rows
        .iter()
        .map(|w| (x(f64::from(w.month)), y(w.peak_api_rps_p10)))
        .collect();
    let p50: Vec<(f64, f64)> = t
        .rows
        .iter()
        .map(|w| (x(f64::from(w.month)), y(w.peak_api_rps_p50)))
        .collect();
    let blue = PALETTE[0];
    let _ = writeln!(
        h,
        "<polygon points=\"{}\" fill=\"{blue}\" fill-opacity=\"0.25\" stroke=\"none\"/>",
        band_path(&p90, &p10)
    );
    let _ = writeln!(
        h,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{blue}\" stroke-width=\"3\"/>",
        polyline(&p50)
    );
    let mut row = 0;
    legend(h, row, blue, "line", "peak load, median");
    row += 1;
    legend(h, row, blue, "band", "P10–P90 of paths");
    row += 1;
    for (i, c, v) in &shown {
        let color = PALETTE[(i + 1) % PALETTE.len()];
        let py = y(*v);
        let _ = writeln!(
            h,
            "<line x1=\"{ML}\" y1=\"{py:.1}\" x2=\"{:.1}\" y2=\"{py:.1}\" stroke=\"{color}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
            W - MR
        );
        legend(
            h,
            row,
            color,
            "dash",
            &format!("{} {} req/s", c.name, tick(*v)),
        );
        row += 1;
    }
    for u in &t.upgrades {
        if let Some(m) = u.month_p50 {
            let px = x(f64::from(m));
            // Labels in the right half of the plot read leftwards, so they
            // stay clear of the legend.
            let (tx, anchor) = if px > (ML + W - MR) / 2.0 {
                (px - 4.0, "end")
            } else {
                (px + 4.0, "start")
            };
            let _ = writeln!(
                h,
                "<line x1=\"{px:.1}\" y1=\"{MT}\" x2=\"{px:.1}\" y2=\"{:.1}\" stroke=\"#b3261e\" stroke-width=\"1.5\"/><text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" fill=\"#b3261e\">→ {} (P50 month {m})</text>",
                H - MB,
                MT + 12.0 + 14.0 * f64::from(u.ordinal - 1),
                esc(&u.to_tier)
            );
        }
    }
    h.push_str("</svg>\n");
    let beyond: Vec<String> = t
        .tiers
        .iter()
        .filter(|c| !shown.iter().any(|s| s.1.name == c.name))
        .map(|c| {
            c.ceiling_api_rps.map_or_else(
                || format!("{} (none within 1e10 users)", c.name),
                |v| format!("{} ({} req/s)", c.name, tick(v)),
            )
        })
        .collect();
    let _ = writeln!(
        h,
        "<figcaption>Peak API load by month (median of {} growth paths, P10–P90 shaded) against the most load each tier can be right-sized for; red lines mark the median upgrade-by month.{}</figcaption>",
        t.paths,
        if beyond.is_empty() {
            String::new()
        } else {
            esc(&format!(
                " Ceilings above the chart: {}.",
                beyond.join(", ")
            ))
        }
    );
    h.push_str("</figure>\n</section>\n");
}

/// Today's monthly cost of each tier, stacked by component.
pub(super) fn cost_chart(h: &mut String, r: &AssessReport) {
    h.push_str("<section id=\"cost\">\n<h2>Cost by component</h2>\n<figure>\n");
    let mut components: Vec<&str> = Vec::new();
    for t in &r.tiers {
        for k in t.monthly_cost_usd.breakdown_now.keys() {
            if !components.contains(&k.as_str()) {
                components.push(k);
            }
        }
    }
    let totals: Vec<f64> = r
        .tiers
        .iter()
        .map(|t| t.monthly_cost_usd.breakdown_now.values().sum())
        .collect();
    let top = totals.iter().copied().fold(1.0, f64::max) * 1.1;
    let ticks = linear_ticks(top);
    let top = ticks.last().copied().filter(|v| *v >= top).unwrap_or(top);
    let y = |v: f64| H - MB - (H - MT - MB) * v / top;
    svg_open(
        h,
        "chart-cost",
        "Monthly cost by component, each tier at today's load",
        "Stacked bars: one bar per tier, each component's monthly cost in US dollars",
    );
    y_axis(h, &ticks, &y, |v| format!("${}", tick(v)), "cost ($/month)");
    let n = r.tiers.len().max(1) as f64;
    let slot = (W - ML - MR) / n;
    let bar = slot * 0.6;
    let _ = writeln!(
        h,
        "<line class=\"axis\" x1=\"{ML}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
        H - MB,
        W - MR,
        H - MB
    );
    for (i, t) in r.tiers.iter().enumerate() {
        let x0 = ML + slot * i as f64 + (slot - bar) / 2.0;
        let mut base = 0.0;
        for (k, v) in &t.monthly_cost_usd.breakdown_now {
            let ci = components
                .iter()
                .position(|c| *c == k.as_str())
                .unwrap_or(0);
            let (y1, y0) = (y(base + v), y(base));
            let _ = writeln!(
                h,
                "<rect x=\"{x0:.1}\" y=\"{y1:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}: {} {}</title></rect>",
                (y0 - y1).max(0.0),
                PALETTE[ci % PALETTE.len()],
                esc(&t.name),
                esc(k),
                esc(&words::usd(*v))
            );
            base += v;
        }
        let cx = x0 + bar / 2.0;
        let label = if t.monthly_cost_usd.breakdown_now.is_empty() {
            "no fit today".to_string()
        } else {
            words::dollars(totals[i])
        };
        let _ = writeln!(
            h,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text><text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            y(base) - 6.0,
            esc(&label),
            H - MB + 17.0,
            esc(&t.name)
        );
    }
    for (i, c) in components.iter().enumerate() {
        legend(h, i, PALETTE[i % PALETTE.len()], "box", c);
    }
    h.push_str("</svg>\n");
    h.push_str(
        "<figcaption>Monthly cost of each tier at today's load (today's setup for the current tier, right-sized for the others), by component; egress is the data sent out.</figcaption>\n</figure>\n</section>\n",
    );
}

/// Monthly cost under the plan over the months: median path and P10–P90.
pub(super) fn fan_chart(h: &mut String, t: &TimelineReport) {
    h.push_str("<section id=\"timeline\">\n<h2>Growth timeline</h2>\n<figure>\n");
    let months = t.months.max(1);
    let rows: Vec<(f64, f64, f64, f64)> = t
        .rows
        .iter()
        .filter_map(|w| {
            Some((
                f64::from(w.month),
                w.monthly_cost_usd_p10?,
                w.monthly_cost_usd?,
                w.monthly_cost_usd_p90?,
            ))
        })
        .collect();
    let top = rows.iter().map(|r| r.3.max(r.2)).fold(1.0, f64::max) * 1.1;
    let ticks = linear_ticks(top);
    let top = ticks.last().copied().filter(|v| *v >= top).unwrap_or(top);
    let x = |m: f64| ML + (W - ML - MR) * m / f64::from(months);
    let y = |v: f64| H - MB - (H - MT - MB) * v / top;
    svg_open(
        h,
        "chart-timeline",
        "Monthly cost under the plan, with growth uncertainty",
        "Monthly cost by month on the median growth path, with the 10th to 90th percentile over growth paths shaded",
    );
    y_axis(h, &ticks, &y, |v| format!("${}", tick(v)), "cost ($/month)");
    x_axis(h, months, &x);
    let green = PALETTE[2];
    let hi: Vec<(f64, f64)> = rows.iter().map(|r| (x(r.0), y(r.3))).collect();
    let lo: Vec<(f64, f64)> = rows.iter().map(|r| (x(r.0), y(r.1))).collect();
    let mid: Vec<(f64, f64)> = rows.iter().map(|r| (x(r.0), y(r.2))).collect();
    let _ = writeln!(
        h,
        "<polygon points=\"{}\" fill=\"{green}\" fill-opacity=\"0.25\" stroke=\"none\"/>",
        band_path(&hi, &lo)
    );
    let _ = writeln!(
        h,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{green}\" stroke-width=\"3\"/>",
        polyline(&mid)
    );
    legend(h, 0, green, "line", "cost, median path");
    legend(h, 1, green, "band", "P10–P90 of paths");
    for u in &t.upgrades {
        if let (Some(a), Some(b)) = (u.month_p10, u.month_p90.or(Some(months))) {
            let _ = writeln!(
                h,
                "<rect x=\"{:.1}\" y=\"{MT}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#b3261e\" fill-opacity=\"0.08\"/>",
                x(f64::from(a)),
                (x(f64::from(b)) - x(f64::from(a))).max(2.0),
                H - MT - MB
            );
        }
    }
    if !t.upgrades.is_empty() {
        legend(h, 2, "#b3261e", "band", "upgrade-by P10–P90");
    }
    h.push_str("</svg>\n");
    let mut caption = format!(
        "{} growth paths, growth {} (monthly rate P10/P50/P90: {}/{}/{}).",
        t.paths,
        t.growth.form,
        t.growth
            .monthly_rate_p10
            .map_or_else(|| "—".into(), crate::render::pct),
        t.growth
            .monthly_rate_p50
            .map_or_else(|| "—".into(), crate::render::pct),
        t.growth
            .monthly_rate_p90
            .map_or_else(|| "—".into(), crate::render::pct),
    );
    for u in &t.upgrades {
        let m = |m: Option<u32>| m.map_or_else(|| "beyond".to_string(), |m| m.to_string());
        let _ = write!(
            caption,
            " Upgrade {} → {}: upgrade-by month P10 {}, P50 {}, P90 {} ({} of paths within {} months).",
            u.ordinal,
            u.to_tier,
            m(u.month_p10),
            m(u.month_p50),
            m(u.month_p90),
            crate::render::pct(u.probability),
            t.months
        );
    }
    let _ = writeln!(h, "<figcaption>{}</figcaption>", esc(&caption));
    h.push_str("</figure>\n</section>\n");
}
