//! Evaluating each side with the assess stage and pairing the figures.

use crate::assess::cost::monthly_total;
use crate::assess::current::{current_config, current_tier};
use crate::assess::evaluate::{evaluate, pool_utilization};
use crate::assess::layout::{Choice, Layout};
use crate::assess::load::Load;
use crate::assess::plan::{bought_config, config_ceiling, largest, tier_ceiling};
use crate::assess::report::Bottleneck;
use crate::catalog::Catalog;
use crate::check::short;
use crate::error::Error;
use crate::profile::Profile;

use super::{COMPARE_SCHEMA, Change, CompareReport, ComponentChange, Mode, PoolState, Setup, Side};

/// A side's figures before pairing.
#[derive(Debug, Clone)]
struct Measured {
    side: Side,
    pools: Vec<(String, PoolState)>,
    api_p95_ms: Option<f64>,
    headroom: Option<f64>,
    months: Option<f64>,
    cost: Option<f64>,
}

/// Evaluates tier `t` of `catalog` for `profile`: today's setup when
/// `today`, else at the size it would be bought at today (the cheapest that
/// carries the load 12 months ahead, or as far as the tier can; the largest
/// configuration when none meets every SLO today), so a tier move shows the
/// headroom it buys.
fn measure(
    label: String,
    profile: &Profile,
    catalog: &Catalog,
    t: usize,
    today: bool,
) -> Result<Measured, Error> {
    let tier = &catalog.tiers[t];
    let layout = Layout::new(tier, profile, &catalog.prices);
    let users = profile.users.monthly_active;
    let horizon = profile.users.horizon_months;
    let load = Load::at(profile, users);
    let (config, setup): (Option<Vec<Choice>>, Setup) = if today {
        (Some(current_config(&layout)?), Setup::Today)
    } else {
        match bought_config(&layout, 0)? {
            Some((config, _)) => (Some(config), Setup::RightSized),
            None => match largest(&layout) {
                Some(c) => (Some(c), Setup::Largest),
                None => (None, Setup::None),
            },
        }
    };
    let mut side = Side {
        label,
        file: profile.file.clone(),
        app: profile.name.clone(),
        tier: tier.name.clone(),
        setup,
        fits_now: false,
        users_now: users,
        peak_api_rps_now: load.api_rps,
        horizon_months: horizon,
        first_bottleneck: None,
    };
    let finite = |x: Option<f64>| x.filter(|v| v.is_finite());
    let Some(config) = config else {
        // No configuration: how much of today's load could the tier carry?
        let (max, breaking) = tier_ceiling(&layout, users)?;
        let headroom = finite(Some(max / users));
        side.first_bottleneck = breaking.map(|v| Bottleneck {
            component: v.component,
            limit: v.limit,
            load_multiplier: headroom.unwrap_or(0.0),
        });
        return Ok(Measured {
            side,
            pools: Vec::new(),
            api_p95_ms: None,
            headroom,
            months: Some(0.0),
            cost: None,
        });
    };
    let eval = evaluate(&layout, &config, &load, true)?;
    side.fits_now = eval.ok();
    let (max, breaking) = config_ceiling(&layout, &config)?;
    let headroom = finite(max.map(|u| u / users));
    let months = finite(max.and_then(|u| profile.users.month_reaching(u, f64::from(horizon))));
    side.first_bottleneck = breaking.map(|v| Bottleneck {
        component: v.component,
        limit: v.limit,
        load_multiplier: headroom.unwrap_or(0.0),
    });
    let pools = layout
        .pools
        .iter()
        .enumerate()
        .map(|(p, pool)| {
            let c = config[p];
            let u = pool_utilization(&layout, &config, p, &load);
            (
                pool.name.clone(),
                PoolState {
                    size: catalog.prices.instances[c.size].name.clone(),
                    count: c.count,
                    utilization: if u.is_finite() { u } else { f64::MAX },
                },
            )
        })
        .collect();
    let cost: f64 = monthly_total(&layout, &config, &load);
    Ok(Measured {
        side,
        pools,
        api_p95_ms: finite(eval.api_p95.map(|p| p * 1000.0)),
        headroom,
        months,
        cost: finite(Some(cost)),
    })
}

/// Compares tiers `from` and `to` (catalog indices) for `profile`, each
/// right-sized at today's load.
pub fn compare_tiers(
    profile: &Profile,
    catalog: &Catalog,
    from: usize,
    to: usize,
) -> Result<CompareReport, Error> {
    let label = |t: usize| catalog.tiers[t].name.clone();
    let (before, after) = std::thread::scope(|s| {
        let b = s.spawn(|| measure(label(from), profile, catalog, from, false));
        let a = measure(label(to), profile, catalog, to, false);
        let b = b
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("a tier evaluation panicked".into())));
        (b, a)
    });
    let mut notes = Vec::new();
    if from == to {
        notes.push(format!(
            "--from and --to name the same tier ({}): no difference",
            catalog.tiers[from].name
        ));
    }
    if let Some(cur) = [from, to]
        .into_iter()
        .find(|&t| catalog.tiers[t].name == profile.current.tier)
    {
        notes.push(format!(
            "{} is the current tier: it is right-sized at today's load like the other, not today's setup (planner assess reports today's setup)",
            catalog.tiers[cur].name
        ));
    }
    Ok(pair(Mode::Tiers, before?, after?, notes))
}

/// Compares two profiles: each at its current tier with today's setup, or,
/// with `tier`, both on that tier (today's setup for a profile already on
/// it, else right-sized at today's load).
pub fn compare_profiles(
    before: (&str, &Profile),
    after: (&str, &Profile),
    catalog: &Catalog,
    tier: Option<usize>,
) -> Result<CompareReport, Error> {
    let pick = |p: &Profile| -> Result<(usize, bool), Error> {
        let cur = current_tier(p, catalog)?;
        Ok(match tier {
            Some(t) => (t, t == cur),
            None => (cur, true),
        })
    };
    let (tb, today_b) = pick(before.1)?;
    let (ta, today_a) = pick(after.1)?;
    let (b, a) = std::thread::scope(|s| {
        let b = s.spawn(|| measure(before.0.to_string(), before.1, catalog, tb, today_b));
        let a = measure(after.0.to_string(), after.1, catalog, ta, today_a);
        let b = b
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("a profile evaluation panicked".into())));
        (b, a)
    });
    let mut notes = Vec::new();
    if tb != ta {
        notes.push(format!(
            "tiers differ: {} runs {} and {} runs {}; each is compared at its current tier with today's setup (--tier NAME compares both on one tier)",
            before.0, catalog.tiers[tb].name, after.0, catalog.tiers[ta].name
        ));
    }
    if let Some(t) = tier {
        for ((name, _), today) in [(before, today_b), (after, today_a)] {
            if !today {
                notes.push(format!(
                    "{name} does not run tier {} today: it is right-sized at today's load",
                    catalog.tiers[t].name
                ));
            }
        }
    }
    Ok(pair(Mode::Profiles, b?, a?, notes))
}

fn pair(mode: Mode, before: Measured, after: Measured, mut notes: Vec<String>) -> CompareReport {
    let mut components: Vec<ComponentChange> = before
        .pools
        .iter()
        .map(|(name, b)| {
            let a = after.pools.iter().find(|(n, _)| n == name).map(|p| &p.1);
            ComponentChange {
                component: name.clone(),
                before: Some(b.clone()),
                after: a.cloned(),
                utilization_change_pp: a.map(|a| 100.0 * (a.utilization - b.utilization)),
            }
        })
        .collect();
    for (name, a) in &after.pools {
        if !before.pools.iter().any(|(n, _)| n == name) {
            components.push(ComponentChange {
                component: name.clone(),
                before: None,
                after: Some(a.clone()),
                utilization_change_pp: None,
            });
        }
    }
    for m in [&before, &after] {
        let s = &m.side;
        match s.setup {
            Setup::Largest => notes.push(format!(
                "{}: no configuration of tier {} meets every SLO at today's load; figures are for its largest configuration",
                s.label, s.tier
            )),
            Setup::None => notes.push(format!(
                "{}: tier {} has no allowed configuration; headroom says how much of today's load it could carry",
                s.label, s.tier
            )),
            Setup::Today | Setup::RightSized => {
                if !s.fits_now {
                    notes.push(format!(
                        "{}: this configuration already breaks an SLO at today's load",
                        s.label
                    ));
                }
            }
        }
        if m.api_p95_ms.is_none() && !m.pools.is_empty() {
            notes.push(format!(
                "api_p95_ms: {} is saturated (a component at or above 100%)",
                s.label
            ));
        }
        if m.headroom.is_none() {
            notes.push(format!(
                "headroom_multiplier: {} takes more than 1e10 users",
                s.label
            ));
        }
        if m.months.is_none() {
            notes.push(format!(
                "months_until_breach: {} keeps its headroom through the {}-month horizon",
                s.label, s.horizon_months
            ));
        }
    }
    let api_p95_ms = Change::new(before.api_p95_ms, after.api_p95_ms);
    let headroom_multiplier = Change::new(before.headroom, after.headroom);
    let months_until_breach = Change::new(before.months, after.months);
    let monthly_cost_usd = Change::new(before.cost, after.cost);
    let verdict = verdict(
        &after.side,
        &headroom_multiplier,
        &api_p95_ms,
        &monthly_cost_usd,
    );
    CompareReport {
        schema: COMPARE_SCHEMA,
        mode,
        before: before.side,
        after: after.side,
        components,
        api_p95_ms,
        headroom_multiplier,
        months_until_breach,
        monthly_cost_usd,
        verdict,
        notes,
    }
}

/// `+12` / `−30` with a true minus sign.
fn signed(x: f64, text: &str) -> String {
    if x < 0.0 {
        format!("−{text}")
    } else {
        format!("+{text}")
    }
}

fn or_dash(x: Option<f64>, unit: &str) -> String {
    x.map(|v| {
        if unit == "×" {
            crate::render::times(v)
        } else {
            format!("{}{unit}", short(v))
        }
    })
    .unwrap_or_else(|| "—".into())
}

/// "cache_cdn: headroom 2.3× → 1.6× (−30%), p95 123 → 150 ms, cost
/// +$42/mo; first bottleneck db (connections)".
fn verdict(after: &Side, headroom: &Change, p95: &Change, cost: &Change) -> String {
    let mut h = format!(
        "headroom {} → {}",
        or_dash(headroom.before, "×"),
        or_dash(headroom.after, "×")
    );
    if let Some(r) = headroom.relative {
        h.push_str(&format!(
            " ({}%)",
            signed(r, &format!("{:.0}", (100.0 * r).abs()))
        ));
    }
    let p = format!(
        "p95 {} → {} ms",
        or_dash(p95.before, ""),
        or_dash(p95.after, "")
    );
    let c = match cost.delta {
        // Below half a cent a month the cost is the same.
        Some(d) if d.abs() < 0.005 => "cost unchanged".to_string(),
        Some(d) => format!("cost {}/mo", signed(d, &format!("${}", short(d.abs())))),
        None => format!(
            "cost {} → {}",
            or_dash(cost.before, " $/mo"),
            or_dash(cost.after, " $/mo")
        ),
    };
    let mut line = format!("{}: {h}, {p}, {c}", after.label);
    match &after.first_bottleneck {
        Some(b) => line.push_str(&format!(
            "; first bottleneck {} ({})",
            b.component,
            b.limit.name()
        )),
        None => line.push_str("; no bottleneck within 1e10 users"),
    }
    if !after.fits_now {
        line.push_str("; breaks an SLO at today's load");
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_has_delta_and_relative_only_when_both_exist() {
        let c = Change::new(Some(2.0), Some(1.5));
        assert_eq!(c.delta, Some(-0.5));
        assert_eq!(c.relative, Some(-0.25));
        let none = Change::new(None, Some(1.0));
        assert_eq!((none.delta, none.relative), (None, None));
        let zero = Change::new(Some(0.0), Some(1.0));
        assert_eq!((zero.delta, zero.relative), (Some(1.0), None));
        let inf = Change::new(Some(f64::INFINITY), Some(1.0));
        assert_eq!((inf.before, inf.delta), (None, None));
    }

    fn example(name: &str) -> Profile {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name);
        crate::profile::load_profile(&path).expect("the example loads")
    }

    #[test]
    fn a_right_sized_tier_has_the_figures_assess_reports_for_it() {
        let profile = example("b2b-saas.yaml");
        let catalog = crate::catalog::load_catalog(None).expect("built-in catalog");
        let assess = crate::assess::assess(&profile, &catalog, &Default::default()).unwrap();
        let cur = current_tier(&profile, &catalog).unwrap();
        for (t, tr) in assess.tiers.iter().enumerate() {
            if t == cur || !tr.fits_now {
                continue;
            }
            let r = compare_tiers(&profile, &catalog, cur, t).unwrap();
            assert_eq!(r.after.tier, tr.name);
            assert_eq!(r.headroom_multiplier.after, tr.headroom_multiplier);
            assert_eq!(r.months_until_breach.after, tr.months_until_breach);
            assert_eq!(r.api_p95_ms.after, tr.api_p95_ms_now);
            assert_eq!(r.monthly_cost_usd.after, tr.monthly_cost_usd.now);
            let busiest = tr.busiest_now.as_ref().unwrap();
            let u = r
                .components
                .iter()
                .find(|c| c.component == busiest.component)
                .and_then(|c| c.after.as_ref())
                .unwrap()
                .utilization;
            approx::assert_relative_eq!(u, busiest.utilization, max_relative = 1e-12);
        }
    }

    #[test]
    fn todays_setup_matches_the_assessment_of_the_current_tier() {
        let profile = example("b2b-saas.yaml");
        let catalog = crate::catalog::load_catalog(None).unwrap();
        let assess = crate::assess::assess(&profile, &catalog, &Default::default()).unwrap();
        let r = compare_profiles(("a", &profile), ("b", &profile), &catalog, None).unwrap();
        assert_eq!(r.before.setup, Setup::Today);
        assert_eq!(r.headroom_multiplier.before, assess.headroom_multiplier);
        assert_eq!(r.headroom_multiplier.delta, Some(0.0));
        assert!(
            r.components
                .iter()
                .all(|c| c.utilization_change_pp == Some(0.0))
        );
        assert!(r.notes.iter().all(|n| !n.contains("tiers differ")));
    }

    #[test]
    fn differing_current_tiers_are_said() {
        let catalog = crate::catalog::load_catalog(None).unwrap();
        let a = example("b2b-saas.yaml");
        let b = example("social-app.yaml");
        if a.current.tier == b.current.tier {
            return;
        }
        let r = compare_profiles(("a.yaml", &a), ("b.yaml", &b), &catalog, None).unwrap();
        assert!(
            r.notes
                .iter()
                .any(|n| n.starts_with("tiers differ: a.yaml runs"))
        );
        assert_ne!(r.before.tier, r.after.tier);
    }

    #[test]
    fn signed_uses_a_true_minus() {
        assert_eq!(signed(-3.0, "3"), "−3");
        assert_eq!(signed(3.0, "3"), "+3");
    }
}
