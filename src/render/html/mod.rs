//! `planner assess --format html`: one self-contained HTML file to share.
//! Inline CSS, charts as inline SVG, no script and no URL that loads
//! anything, so it opens offline, prints, and passes any content policy.
//! It holds the verdict and plan, load against each tier's ceiling, cost by
//! component, the growth fan chart, the tier comparison, and the method with
//! the price dates. Formats the assess and timeline reports; computes
//! nothing but chart geometry. Every piece of user text is escaped.

use std::fmt::Write as _;

use crate::assess::AssessReport;
use crate::assess::render as words;
use crate::timeline::TimelineReport;

mod axes;
mod charts;
use charts::{cost_chart, fan_chart, load_chart};

/// Growth paths drawn for the HTML report's timeline (fewer than `planner
/// timeline`'s default: the percentiles settle long before, and the report
/// stays quick).
pub const TIMELINE_PATHS: u32 = 2_000;

/// `s` safe in HTML text and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { --ink: #1d232a; --muted: #5b6570; --rule: #d5dae0; --accent: #0072B2; --bad: #b3261e; --good: #1b7f3b; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.75rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--rule); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
p.meta { color: var(--muted); margin: 0 0 1rem; }
p.verdict { font-size: 1.2rem; font-weight: 600; padding: .75rem 1rem; margin: .5rem 0;
  border-left: .3rem solid var(--accent); background: #f3f7fb; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
caption { text-align: left; color: var(--muted); padding: .25rem 0; caption-side: top; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .5rem; text-align: right; vertical-align: top; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
thead th { border-bottom: 2px solid var(--ink); }
tr.current td { font-weight: 600; }
.yes { color: var(--good); } .no { color: var(--bad); }
.nw { white-space: nowrap; }
figure { margin: .5rem 0 1.5rem; }
figure svg { width: 100%; height: auto; max-width: 800px; display: block; }
figcaption { color: var(--muted); font-size: .9rem; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #1d232a; }
svg .axis { stroke: #1d232a; stroke-width: 1; }
svg .grid { stroke: #e3e7eb; stroke-width: 1; }
ul.method li { margin: .25rem 0; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  section, figure, table { break-inside: avoid; }
  p.verdict { background: none; }
}
"#;

/// The whole report as one HTML document.
pub fn render(r: &AssessReport, t: &TimelineReport) -> String {
    let mut h = String::new();
    let title = format!("{}: capacity plan", r.app);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        esc(&title)
    );
    let _ = writeln!(h, "<h1>{}</h1>", esc(&title));
    let _ = writeln!(
        h,
        "<p class=\"meta\">planner {} · schema {} · {}-month horizon · prices {} as of {}</p>",
        env!("CARGO_PKG_VERSION"),
        esc(r.schema),
        r.horizon_months,
        esc(&r.prices.region),
        esc(&r.prices.as_of)
    );
    verdict(&mut h, r);
    plan(&mut h, r);
    load_chart(&mut h, t);
    cost_chart(&mut h, r);
    fan_chart(&mut h, t);
    tiers(&mut h, r);
    method(&mut h, r, t);
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn verdict(h: &mut String, r: &AssessReport) {
    h.push_str("<section id=\"verdict\">\n<h2>Verdict</h2>\n");
    for (i, line) in words::verdict_lines(r).iter().enumerate() {
        let class = if line.starts_with("Verdict:") || i == 0 {
            " class=\"verdict\""
        } else {
            ""
        };
        let _ = writeln!(h, "<p{class}>{}</p>", esc(line));
    }
    let _ = writeln!(h, "<p>{}</p>", esc(&words::today(r)));
    let _ = writeln!(h, "<p>{}</p>", esc(&words::headroom(r)));
    if let Some(g) = &r.growth_percentiles {
        let _ = writeln!(h, "<p>{}</p>", esc(&words::uncertain(g, r.horizon_months)));
    }
    let _ = writeln!(h, "<p>{}</p>", esc(&words::slo_line(r)));
    h.push_str("</section>\n");
}

fn plan(h: &mut String, r: &AssessReport) {
    h.push_str("<section id=\"plan\">\n<h2>Plan</h2>\n");
    if r.plan.is_empty() {
        let _ = writeln!(
            h,
            "<p>{}</p>",
            match (r.upgrade_by_month, &r.next_tier) {
                (Some(u), Some(n)) =>
                    format!("Start moving to {} by month {u}: see the verdict.", esc(n)),
                _ => format!(
                    "Nothing to change within the {}-month horizon.",
                    r.horizon_months
                ),
            }
        );
    } else {
        h.push_str(
            "<table>\n<caption>What to do and by when, cheapest fix first; cost is the total after the step.</caption>\n\
             <thead><tr><th>by month</th><th class=\"text\">step</th><th>cost after ($/month)</th>\
             <th class=\"text\">why</th><th>lasts until</th></tr></thead>\n<tbody>\n",
        );
        for s in &r.plan {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"text\">{}</td><td>{}</td><td class=\"text\">{}</td><td>{}</td></tr>",
                s.month,
                esc(&words::step_action(s)),
                esc(&words::dollars(s.monthly_cost_usd_after)),
                esc(&s.reason),
                s.lasts_until_month.map_or_else(
                    || format!("beyond month {}", r.horizon_months),
                    |m| format!("month {m}")
                )
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</section>\n");
}

fn tiers(h: &mut String, r: &AssessReport) {
    h.push_str("<section id=\"tiers\">\n<h2>Tiers compared</h2>\n<table>\n");
    let _ = writeln!(
        h,
        "<caption>Each tier at today's load: today's setup for the current tier ({}), right-sized for the others.</caption>",
        esc(&r.current_tier)
    );
    h.push_str(
        "<thead><tr><th>tier</th><th>fits now</th><th>headroom (×)</th><th>months left</th>\
         <th class=\"text\">breaks first at</th><th>outgrown</th><th>upgrade by</th>\
         <th>cost now ($/month)</th><th>cost at upgrade ($/month)</th>\
         <th class=\"text\">configuration now</th></tr></thead>\n<tbody>\n",
    );
    for t in &r.tiers {
        let month = |m: Option<u32>| m.map_or_else(|| "—".to_string(), |m| format!("month {m}"));
        let _ = writeln!(
            h,
            "<tr{}><td>{}{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td class=\"text\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"text\">{}</td></tr>",
            if t.is_current {
                " class=\"current\""
            } else {
                ""
            },
            esc(&t.name),
            if t.is_current { " (now)" } else { "" },
            if t.fits_now { "yes" } else { "no" },
            if t.fits_now { "yes" } else { "no" },
            esc(&words::times(t.headroom_multiplier)),
            esc(&words::months(t.months_until_breach, r.horizon_months)),
            esc(&words::bottleneck_short(t)),
            month(t.breach_month),
            month(t.upgrade_by_month),
            t.monthly_cost_usd
                .now
                .map_or_else(|| "—".into(), words::dollars),
            t.monthly_cost_usd
                .at_upgrade
                .map_or_else(|| "—".into(), words::dollars),
            if t.configuration_now.is_empty() {
                "none meets the SLOs today".to_string()
            } else {
                t.configuration_now
                    .iter()
                    .map(|p| {
                        format!(
                            "<span class=\"nw\">{}</span>",
                            esc(&format!("{} {}×{}", p.component, p.count, p.size))
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("<br>")
            },
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn method(h: &mut String, r: &AssessReport, t: &TimelineReport) {
    h.push_str("<section id=\"method\">\n<h2>Assumptions and method</h2>\n");
    if !r.notes.is_empty() {
        h.push_str("<h3>Notes</h3>\n<ul class=\"method\">\n");
        for n in &r.notes {
            let _ = writeln!(h, "<li>{}</li>", esc(n));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<h3>The model</h3>\n<ul class=\"method\">\n");
    for a in &r.assumptions {
        let _ = writeln!(h, "<li>{}</li>", esc(a));
    }
    h.push_str("</ul>\n<h3>The growth timeline</h3>\n<ul class=\"method\">\n");
    let _ = writeln!(
        h,
        "<li>{} growth paths (seed {}), growth {}; lead time {} months.</li>",
        t.paths,
        t.seed,
        esc(t.growth.form),
        t.lead_time_months
    );
    for m in &t.method {
        let _ = writeln!(h, "<li>{}</li>", esc(m));
    }
    h.push_str("</ul>\n<h3>Prices</h3>\n");
    let _ = writeln!(
        h,
        "<p>{}, as of {}. {}</p>\n<ul class=\"method\">",
        esc(&r.prices.region),
        esc(&r.prices.as_of),
        esc(&r.prices.note)
    );
    // Sources are named, not linked: the file loads nothing and links nowhere.
    for s in &r.prices.sources {
        let _ = writeln!(h, "<li>{}</li>", esc(s));
    }
    h.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_escaped() {
        assert_eq!(
            esc(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
