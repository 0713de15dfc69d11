//! The timeline driver: sample growth paths, precompute the tiers, plan
//! every path, and recompute the median path exactly.

use crate::assess::cost::monthly_lines;
use crate::assess::current::current_tier;
use crate::assess::layout::Layout;
use crate::assess::load::Load;
use crate::assess::plan::{Sizing, right_size};
use crate::assess::report::BreachLimit;
use crate::catalog::Catalog;
use crate::error::Error;
use crate::profile::{GrowthDist, Pricing, Profile};

use super::ceilings::precompute_known;
use super::paths::{PathGrowth, PathStats, evaluate, evaluate_moves, plan, sample_users};
use super::report::{
    GrowthReport, SpikeReport, TIMELINE_SCHEMA, TierCeiling, TimelineReport, TimelineRow,
    UpgradeReport,
};
use super::{DEFAULT_PATHS, DEFAULT_SEED, MAX_MONTHS, MAX_PATHS, METHOD};

/// Options of a timeline.
#[derive(Debug, Clone)]
pub struct TimelineOptions {
    /// Months to show (default: the profile's horizon).
    pub months: Option<u32>,
    /// Growth paths.
    pub paths: u32,
    /// Seed of the growth paths.
    pub seed: u64,
    /// Lead time, months (default: the profile's).
    pub lead_time_months: Option<u32>,
    /// How instances are paid for (default: the profile's).
    pub pricing: Option<Pricing>,
}

impl Default for TimelineOptions {
    fn default() -> Self {
        TimelineOptions {
            months: None,
            paths: DEFAULT_PATHS,
            seed: DEFAULT_SEED,
            lead_time_months: None,
            pricing: None,
        }
    }
}

/// Reads the profile and catalog and builds the timeline.
pub fn timeline_file(
    profile_path: &std::path::Path,
    tiers_dir: Option<&std::path::Path>,
    opts: &TimelineOptions,
) -> Result<TimelineReport, Error> {
    let profile = crate::profile::load_profile(profile_path)?;
    let catalog = crate::catalog::load_catalog(tiers_dir)?;
    // With `observed:`, the work figures derived from it, as `assess` uses.
    let profile = crate::assess::calibrate::demands_profile(&profile, &catalog, None)?;
    timeline(&profile, &catalog, opts)
}

/// The spike multiplier of each month 0..=months.
fn spike_factors(profile: &Profile, months: u32) -> Vec<f64> {
    (0..=months)
        .map(|m| {
            profile
                .users
                .spikes
                .iter()
                .find(|s| s.month == m)
                .map_or(1.0, |s| s.factor)
        })
        .collect()
}

struct Simulated {
    pre: super::ceilings::Precomputed,
    stats: PathStats,
    spike: Vec<f64>,
}

/// Samples the paths and plans them; without `percentiles`, the users' and
/// costs' percentiles are left out ([`evaluate_moves`]).
#[allow(
    clippy::too_many_arguments,
    reason = "the timeline's options, one by one"
)]
fn simulate(
    profile: &Profile,
    current_profile: &Planned,
    catalog: &Catalog,
    months: u32,
    paths: u32,
    seed: u64,
    lead: u32,
    percentiles: bool,
) -> Result<Simulated, Error> {
    let table = profile.users.growth_dist.as_ref().map(GrowthDist::table);
    let growth = match &table {
        Some(table) => PathGrowth::Uncertain {
            users_now: profile.users.monthly_active,
            table,
        },
        None => PathGrowth::Fixed(
            (0..=months)
                .map(|m| profile.users.at(f64::from(m)))
                .collect(),
        ),
    };
    let users = sample_users(&growth, months, paths, seed);
    let spike = spike_factors(profile, months);
    let all = users.iter().flatten();
    let lo = all.clone().copied().fold(f64::INFINITY, f64::min);
    let hi = all.copied().fold(0.0, f64::max);
    let mut pre = precompute_known(
        profile,
        &current_profile.profile,
        catalog,
        lo,
        hi,
        current_profile.ceiling.clone(),
    )?;
    pre.allowed = (0..catalog.tiers.len())
        .map(|t| crate::assess::steps::tier_allowed(profile, catalog, t, pre.current))
        .collect();
    let stats = if percentiles {
        evaluate(&pre, &users, &spike, lead)
    } else {
        evaluate_moves(&pre, &users, &spike, lead)
    };
    Ok(Simulated { pre, stats, spike })
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Builds the month-by-month timeline of `profile`.
pub fn timeline(
    profile: &Profile,
    catalog: &Catalog,
    opts: &TimelineOptions,
) -> Result<TimelineReport, Error> {
    let months = opts.months.unwrap_or(profile.users.horizon_months);
    if !(1..=MAX_MONTHS).contains(&months) {
        return Err(Error::Usage(format!(
            "--months must be from 1 to {MAX_MONTHS}, got {months}"
        )));
    }
    if !(1..=MAX_PATHS).contains(&opts.paths) {
        return Err(Error::Usage(format!(
            "--paths must be from 1 to {MAX_PATHS}, got {}",
            opts.paths
        )));
    }
    let lead = opts.lead_time_months.unwrap_or(profile.lead_time_months);
    let planned = plan_profile(profile, catalog, opts.pricing)?;
    let mut base = profile.clone();
    base.pricing = planned.profile.pricing;
    let profile = &base;
    let Simulated { pre, stats, spike } = simulate(
        profile, &planned, catalog, months, opts.paths, opts.seed, lead, true,
    )?;
    let api_rps = |users: f64| Load::at(profile, users).api_rps;
    // The median path, planned and right-sized exactly.
    let median: Vec<f64> = stats.users.iter().map(|q| q[1]).collect();
    let median_plan = plan(&pre, &median, &spike, lead);
    let layouts: Vec<Layout<'_>> = catalog
        .tiers
        .iter()
        .map(|t| Layout::new(t, profile, &catalog.prices))
        .collect();
    let certain = profile.users.growth_dist.is_none();
    let mut rows = Vec::with_capacity(months as usize + 1);
    #[allow(
        clippy::needless_range_loop,
        reason = "m indexes five per-month vectors"
    )]
    for m in 0..=months as usize {
        let [u10, u50, u90] = stats.users[m];
        let tier = median_plan.in_use[m];
        let (mut limiting_component, mut limiting_utilization, mut api_p95_ms, mut cost) =
            (None, None, None, None);
        let mut lines = Vec::new();
        if let Some(t) = tier {
            let layout = &layouts[t];
            let peak = Load::at(profile, u50 * spike[m]);
            if let Sizing::Fits { eval, .. } = right_size(layout, &peak)? {
                if let Some((c, u)) = eval.busiest {
                    limiting_component = Some(c);
                    limiting_utilization = finite(u);
                }
                api_p95_ms = eval.api_p95.and_then(|p| finite(p * 1000.0));
            }
            let sustained = Load::at(profile, u50);
            if let Sizing::Fits { config, .. } = right_size(layout, &sustained)? {
                lines = monthly_lines(layout, &config, &sustained);
                cost = finite(lines.iter().map(|l| l.usd).sum());
            }
        }
        rows.push(TimelineRow {
            month: m as u32,
            users_p10: u10,
            users_p50: u50,
            users_p90: u90,
            spike_factor: spike[m],
            peak_api_rps_p10: api_rps(u10 * spike[m]),
            peak_api_rps_p50: api_rps(u50 * spike[m]),
            peak_api_rps_p90: api_rps(u90 * spike[m]),
            tier: tier.map(|t| pre.tiers[t].name.clone()),
            upgrade: median_plan.moves.iter().any(|(u, _)| *u as usize == m),
            limiting_component,
            limiting_utilization,
            api_p95_ms,
            monthly_cost_usd: cost,
            // Every path is the same under certain growth: the band is the
            // median itself (the grid the paths use only approximates it).
            monthly_cost_usd_p10: if certain { cost } else { stats.cost[m][0] },
            monthly_cost_usd_p90: if certain { cost } else { stats.cost[m][2] },
            breach_probability: stats.breach_probability[m],
            lines,
        });
    }
    let mut notes = Vec::new();
    if stats.exhausted_probability > 0.0 {
        notes.push(format!(
            "tier: on {:.1}% of paths no tier of the catalog carries the peak by month {months}",
            stats.exhausted_probability * 100.0
        ));
    }
    if stats.moves.is_empty() {
        notes.push(format!(
            "upgrades: tier {} carries the load through month {months} on every path",
            pre.tiers[pre.current].name
        ));
    }
    let growth = growth_report(profile);
    Ok(TimelineReport {
        schema: TIMELINE_SCHEMA,
        app: profile.name.clone(),
        months,
        paths: opts.paths,
        seed: opts.seed,
        lead_time_months: lead,
        growth,
        spikes: profile
            .users
            .spikes
            .iter()
            .map(|s| SpikeReport {
                month: s.month,
                factor: s.factor,
                hours: s.hours,
            })
            .collect(),
        current_tier: pre.tiers[pre.current].name.clone(),
        current_setup_ceiling_users: finite(pre.config_ceiling),
        current_setup_ceiling_api_rps: finite(pre.config_ceiling).map(api_rps),
        tiers: pre
            .tiers
            .iter()
            .map(|t| TierCeiling {
                name: t.name.clone(),
                rank: t.rank,
                ceiling_users: finite(t.ceiling),
                ceiling_api_rps: finite(t.ceiling).map(api_rps),
                limit: t.limit.clone(),
            })
            .collect(),
        upgrades: stats
            .moves
            .iter()
            .enumerate()
            .map(|(k, mv)| UpgradeReport {
                ordinal: k as u32 + 1,
                to_tier: pre.tiers[mv.to].name.clone(),
                to_tier_share: mv.to_share,
                probability: mv.probability,
                month_p10: mv.months[0],
                month_p50: mv.months[1],
                month_p90: mv.months[2],
            })
            .collect(),
        rows,
        notes,
        method: METHOD.iter().map(|s| s.to_string()).collect(),
    })
}

fn growth_report(profile: &Profile) -> GrowthReport {
    use crate::profile::Growth;
    match (&profile.users.growth_dist, &profile.users.growth) {
        (Some(d), _) => GrowthReport {
            form: match d {
                GrowthDist::Normal { .. } => "normal",
                GrowthDist::Pert { .. } => "pert",
                GrowthDist::SplitNormal { .. } => "split_normal",
            },
            monthly_rate_p10: Some(d.quantile(0.1)),
            monthly_rate_p50: Some(d.quantile(0.5)),
            monthly_rate_p90: Some(d.quantile(0.9)),
        },
        (None, Growth::Rate(r)) => GrowthReport {
            form: "fixed",
            monthly_rate_p10: Some(*r),
            monthly_rate_p50: Some(*r),
            monthly_rate_p90: Some(*r),
        },
        (None, Growth::Forecast(_)) => GrowthReport {
            form: "forecast",
            monthly_rate_p10: None,
            monthly_rate_p50: None,
            monthly_rate_p90: None,
        },
    }
}

/// The profile the plan runs on: `pricing` applied, and the app's
/// connection pool raised where the plan raises it (a connection limit of
/// today's tier that a larger pool fixes), so that tier moves come where
/// the plan of `assess` puts them.
pub fn planned_profile(
    profile: &Profile,
    catalog: &Catalog,
    pricing: Option<Pricing>,
) -> Result<Profile, Error> {
    plan_profile(profile, catalog, pricing).map(|p| p.profile)
}

/// The profile the plan runs on, and today's tier's ceiling on it when
/// finding the profile found it (the connection pool left as it is).
struct Planned {
    profile: Profile,
    ceiling: Option<(f64, Option<BreachLimit>)>,
}

fn plan_profile(
    profile: &Profile,
    catalog: &Catalog,
    pricing: Option<Pricing>,
) -> Result<Planned, Error> {
    let mut p = profile.clone();
    if let Some(pr) = pricing {
        p.pricing = pr;
    }
    let cur = current_tier(&p, catalog)?;
    let layout = Layout::new(&catalog.tiers[cur], &p, &catalog.prices);
    let (max, limit) = super::ceilings::ceiling(&layout)?;
    let mut pool = None;
    if max.is_finite()
        && limit
            .as_ref()
            .is_some_and(|l| l.limit == crate::assess::evaluate::Limit::Connections)
    {
        let month = p
            .users
            .month_reaching(max, f64::from(p.users.horizon_months))
            .map_or(p.users.horizon_months, |m| m.ceil() as u32);
        pool = crate::assess::steps::pool_fix(&layout, month)?;
    }
    drop(layout);
    let ceiling = match pool {
        Some(size) => {
            p.pool_per_instance = size;
            None
        }
        None => Some((max, limit)),
    };
    Ok(Planned {
        profile: p,
        ceiling,
    })
}

/// Upgrade-month percentiles and breach probabilities for `assess`, when
/// growth is uncertain (`None` otherwise): the default paths and seed over
/// the profile's horizon.
pub fn growth_percentiles(
    profile: &Profile,
    catalog: &Catalog,
    lead: u32,
) -> Result<Option<crate::assess::report::GrowthPercentiles>, Error> {
    if profile.users.growth_dist.is_none() {
        return Ok(None);
    }
    let months = profile.users.horizon_months;
    let planned = plan_profile(profile, catalog, None)?;
    let sim = simulate(
        profile,
        &planned,
        catalog,
        months,
        DEFAULT_PATHS,
        DEFAULT_SEED,
        lead,
        false,
    )?;
    let first = sim.stats.moves.first();
    Ok(Some(crate::assess::report::GrowthPercentiles {
        paths: DEFAULT_PATHS,
        seed: DEFAULT_SEED,
        upgrade_by_month_p10: first.and_then(|m| m.months[0]),
        upgrade_by_month_p50: first.and_then(|m| m.months[1]),
        upgrade_by_month_p90: first.and_then(|m| m.months[2]),
        upgrade_probability: first.map_or(0.0, |m| m.probability),
        breach_probability_by_month: sim.stats.breach_probability,
    }))
}
