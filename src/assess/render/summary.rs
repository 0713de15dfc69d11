//! The one-screen summary of an assess report, and the sentences it shares
//! with the HTML report: the verdict (what to do, by when, for how much),
//! today's setup, the headroom, uncertain growth and the plan steps.

use crate::render::{Grid, columns, wrap};

use super::super::report::{AssessReport, GrowthPercentiles, PlanAction, PlanStep};
use super::{
    bottleneck, bottleneck_short, dollars, int, limit, months, opt_usd, pct, pools, times, usd,
};

/// The report on one screen: the verdict, the plan, the tiers (one row
/// each) and, where growth is uncertain, the upgrade month's P10–P50–P90;
/// every line within [`columns()`].
pub fn render_summary(report: &AssessReport) -> String {
    render_summary_width(report, columns())
}

/// [`render_summary`] at most `width` columns wide.
pub fn render_summary_width(r: &AssessReport, width: usize) -> String {
    let mut out = String::new();
    let para = |text: &str, out: &mut String| {
        for l in wrap(text, width, 2) {
            out.push_str(&l);
            out.push('\n');
        }
    };
    let title = format!("{}: capacity plan", r.app);
    out.push_str(&format!(
        "{title}\n{}\n",
        "=".repeat(title.chars().count().min(width))
    ));
    for line in verdict_lines(r) {
        para(&line, &mut out);
    }
    para(&today(r), &mut out);
    para(&headroom(r), &mut out);
    if let Some(g) = &r.growth_percentiles {
        para(&uncertain(g, r.horizon_months), &mut out);
    }
    if let Some(c) = &r.calibration {
        for line in super::calibration::summary_lines(c) {
            para(&line, &mut out);
        }
    }
    if r.plan.is_empty() {
        // With an upgrade due, the verdict is the plan.
        if r.upgrade_by_month.is_none() {
            out.push('\n');
            para(
                &format!(
                    "Plan: nothing to change within the {}-month horizon.",
                    r.horizon_months
                ),
                &mut out,
            );
        }
    } else {
        out.push_str("\nPlan\n");
        // The first step and every tier move or shard with its reason;
        // resizes after the first in brief; at most SUMMARY_STEPS on one
        // screen (all of them, with reasons, under --detail).
        for (i, s) in r.plan.iter().take(SUMMARY_STEPS).enumerate() {
            let line = if i == 0 || matches!(s.action, PlanAction::UpgradeTier | PlanAction::Shard)
            {
                plan_line(s, r.horizon_months)
            } else {
                plan_line_brief(s, r.horizon_months)
            };
            para(&format!("{}. {line}", i + 1), &mut out);
        }
        if r.plan.len() > SUMMARY_STEPS {
            para(
                &format!(
                    "… and {} more steps, with their reasons: --detail.",
                    r.plan.len() - SUMMARY_STEPS
                ),
                &mut out,
            );
        }
    }
    out.push('\n');
    out.push_str("Tiers\n");
    out.push_str(&tier_grid(r, false).table_width(width));
    out.push('\n');
    para(&slo_line(r), &mut out);
    para(
        &format!(
            "Prices: {}, as of {}. Month-by-month tables and the method: --detail; a report to share: --format html -o report.html.",
            r.prices.region, r.prices.as_of
        ),
        &mut out,
    );
    out
}

/// The verdict in words: what to do, by when, for how much (one sentence
/// a line; the HTML report shows the same words).
pub fn verdict_lines(r: &AssessReport) -> Vec<String> {
    let cur = r.tiers.iter().find(|t| t.is_current);
    let c = &r.monthly_cost_usd;
    let h = r.horizon_months;
    let mut lines = vec![match (r.upgrade_by_month, &r.next_tier, cur) {
        (Some(u), Some(n), Some(t)) => format!(
            "Verdict: start moving to {n} by month {u}: {} cannot meet the SLOs from month {} ({}; lead time {} months). Cost {} now → {} on {n} at month {u}.",
            t.name,
            t.breach_month.unwrap_or(u),
            limit(&t.breach_limit),
            r.lead_time_months,
            opt_usd(c.now),
            opt_usd(c.next_tier_at_upgrade.or(c.at_upgrade)),
        ),
        (Some(u), None, Some(t)) => format!(
            "Verdict: by month {u} {} cannot meet the SLOs ({}), and no higher tier fits then. Cost {} now.",
            t.name,
            limit(&t.breach_limit),
            opt_usd(c.now)
        ),
        _ => format!(
            "Verdict: no tier move needed within the {h}-month horizon: {} meets every SLO through month {h}. Cost {} now{}.",
            r.current_tier,
            opt_usd(c.now),
            c.at_upgrade
                .map_or_else(String::new, |a| format!(", {} at month {h}", usd(a)))
        ),
    }];
    if r.months_until_breach == Some(0.0) {
        lines.push(format!(
            "Act now: today's setup already breaks an SLO ({}).",
            bottleneck(&r.first_bottleneck)
        ));
    }
    if let Some(first) = r.plan.first() {
        lines.push(format!(
            "Next step, by month {}: {} ({} after).",
            first.month,
            step_action(first),
            usd(first.monthly_cost_usd_after)
        ));
    }
    lines
}

pub(crate) fn today(r: &AssessReport) -> String {
    let cur = r.tiers.iter().find(|t| t.is_current);
    format!(
        "Current tier: {}{}, at {} monthly users, peak {:.1} API req/s and {:.1} static req/s today.",
        r.current_tier,
        cur.filter(|t| !t.configuration_now.is_empty())
            .map_or_else(String::new, |t| format!(
                " ({})",
                pools(&t.configuration_now)
            )),
        int(r.users_now),
        r.peak_api_rps_now,
        r.peak_static_rps_now,
    )
}

pub(crate) fn headroom(r: &AssessReport) -> String {
    format!(
        "Headroom {}: first bottleneck {}; {} of growth until an SLO breaks. Cheapest tier meeting every SLO today: {}.",
        times(r.headroom_multiplier),
        bottleneck(&r.first_bottleneck),
        months(r.months_until_breach, r.horizon_months),
        r.recommended_tier.as_deref().unwrap_or("none")
    )
}

fn month_or_beyond(m: Option<u32>, horizon: u32) -> String {
    m.map_or_else(|| format!("beyond {horizon}"), |m| m.to_string())
}

/// Uncertain growth: the upgrade-by month as P10–P50–P90.
pub fn uncertain(g: &GrowthPercentiles, horizon: u32) -> String {
    format!(
        "Growth is uncertain: upgrade by month {} (P10) – {} (P50) – {} (P90); {} of {} growth paths need a tier move within {horizon} months.",
        month_or_beyond(g.upgrade_by_month_p10, horizon),
        month_or_beyond(g.upgrade_by_month_p50, horizon),
        month_or_beyond(g.upgrade_by_month_p90, horizon),
        pct(g.upgrade_probability),
        int(f64::from(g.paths)),
    )
}

/// What a plan step does, in words.
pub(crate) fn step_action(s: &PlanStep) -> String {
    match s.action {
        PlanAction::Resize => format!("resize {} {} → {}", s.target, s.from, s.to),
        PlanAction::Configure => format!("set {} {} → {}", s.target, s.from, s.to),
        PlanAction::Add => format!("add to {}: {} → {}", s.target, s.from, s.to),
        PlanAction::UpgradeTier => format!("move tier {} → {}", s.from, s.to),
        PlanAction::Shard => format!("shard {}: {} → {}", s.target, s.from, s.to),
    }
}

/// Plan steps shown on the one-screen summary.
const SUMMARY_STEPS: usize = 5;

/// One plan step without its reason (the summary's later steps).
fn plan_line_brief(s: &PlanStep, horizon: u32) -> String {
    format!(
        "By month {}: {}, {} after; {}.",
        s.month,
        step_action(s),
        usd(s.monthly_cost_usd_after),
        lasts(s, horizon)
    )
}

fn lasts(s: &PlanStep, horizon: u32) -> String {
    s.lasts_until_month.map_or_else(
        || format!("lasts beyond month {horizon}"),
        |m| format!("lasts until month {m}"),
    )
}

/// One plan step on one line (wrapped by the caller).
pub(crate) fn plan_line(s: &PlanStep, horizon: u32) -> String {
    format!(
        "By month {}: {}, {} after; {}; {}.",
        s.month,
        step_action(s),
        usd(s.monthly_cost_usd_after),
        s.reason,
        lasts(s, horizon)
    )
}

pub(crate) fn slo_line(r: &AssessReport) -> String {
    format!(
        "SLOs: API p95 ≤ {:.0} ms, utilization ≤ {}, errors ≤ {}{}",
        r.slo.api_p95_ms,
        pct(r.slo.max_utilization),
        pct(r.slo.max_error_rate),
        if r.slo.survive_instance_loss {
            ", survive losing one instance"
        } else {
            ""
        }
    )
}

/// The tier grid: compact (the one-screen summary) or full (`--detail`,
/// Markdown).
pub(super) fn tier_grid(r: &AssessReport, full: bool) -> Grid {
    let h = r.horizon_months;
    if full {
        let mut g = Grid::new([
            "tier",
            "fits now",
            "headroom",
            "first bottleneck",
            "until breach",
            "tier breaks",
            "upgrade by",
            "cost now",
            "cost at upgrade",
        ])
        .left([3]);
        for t in &r.tiers {
            g.row([
                format!("{}{}", t.name, if t.is_current { " (current)" } else { "" }),
                yes_no(t.fits_now),
                times(t.headroom_multiplier),
                bottleneck_short(t),
                months(t.months_until_breach, h),
                t.breach_month
                    .map_or_else(|| "—".into(), |m| format!("month {m}")),
                t.upgrade_by_month
                    .map_or_else(|| "—".into(), |m| format!("month {m}")),
                opt_usd(t.monthly_cost_usd.now),
                opt_usd(t.monthly_cost_usd.at_upgrade),
            ]);
        }
        return g;
    }
    let mut g = Grid::new([
        "tier",
        "fits now",
        "headroom",
        "months left",
        "breaks first at",
        "outgrown",
        "cost now ($/month)",
    ])
    .left([4]);
    for t in &r.tiers {
        g.row([
            format!("{}{}", t.name, if t.is_current { " (now)" } else { "" }),
            yes_no(t.fits_now),
            times(t.headroom_multiplier),
            t.months_until_breach
                .map_or_else(|| format!("> {h}"), |m| format!("{m:.1}")),
            bottleneck_short(t),
            t.breach_month
                .map_or_else(|| "—".into(), |m| format!("month {m}")),
            t.monthly_cost_usd.now.map_or_else(|| "—".into(), dollars),
        ]);
    }
    g
}

fn yes_no(b: bool) -> String {
    if b { "yes".into() } else { "no".into() }
}
