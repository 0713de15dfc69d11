//! The assessment driver: every tier, month by month, into an
//! [`AssessReport`].

use indexmap::IndexMap;

use crate::catalog::Catalog;
use crate::error::Error;
use crate::profile::{Pricing, Profile};

use super::cost::{monthly_cost, monthly_lines};
use super::current::{current_config, current_tier};
use super::evaluate::{Evaluation, Violation, evaluate};
use super::layout::{Choice, Layout};
use super::load::Load;
use super::plan::{Sizing, bought_config, config_ceiling, right_size_from, tier_ceiling};
use super::report::{
    ASSESS_SCHEMA, AssessReport, Bottleneck, BreachLimit, Busy, CostSummary, MonthRow, PoolReport,
    PriceInfo, SloReport, TierReport,
};

/// Options of an assessment.
#[derive(Debug, Clone, Default)]
pub struct AssessOptions {
    /// Months of lead time before a tier breach; the profile's
    /// `planning.lead_time_months` (default 2) when `None`.
    pub lead_time_months: Option<u32>,
    /// How instances are paid for; the profile's `pricing` (default
    /// `on_demand`) when `None`.
    pub pricing: Option<Pricing>,
    /// Which work figures to use when the profile has `observed:`: the
    /// derived ones when `None` (see [`super::calibrate`]).
    pub demands: Option<super::calibrate::Demands>,
}

/// Reads the profile at `profile_path` and the catalog (embedded, plus the
/// files of `tiers_dir`), and assesses: what `planner assess` runs.
pub fn assess_file(
    profile_path: &std::path::Path,
    tiers_dir: Option<&std::path::Path>,
    opts: &AssessOptions,
) -> Result<AssessReport, Error> {
    let profile = crate::profile::load_profile(profile_path)?;
    let catalog = crate::catalog::load_catalog(tiers_dir)?;
    assess(&profile, &catalog, opts)
}

/// Assesses `profile` against every tier of `catalog`.
///
/// Errors: the profile's current setup does not match the catalog
/// (`Error::Input`), or the solver failed (`Error::Internal`).
pub fn assess(
    profile: &Profile,
    catalog: &Catalog,
    opts: &AssessOptions,
) -> Result<AssessReport, Error> {
    let priced;
    let profile = match opts.pricing {
        Some(p) if p != profile.pricing => {
            let mut q = profile.clone();
            q.pricing = p;
            priced = q;
            &priced
        }
        _ => profile,
    };
    let calibrated = super::calibrate::calibrate(profile, catalog, opts.demands)?;
    let profile = calibrated.as_ref().map_or(profile, |c| &c.profile);
    let cur = current_tier(profile, catalog)?;
    let lead = opts.lead_time_months.unwrap_or(profile.lead_time_months);
    let layouts: Vec<Layout<'_>> = catalog
        .tiers
        .iter()
        .map(|t| Layout::new(t, profile, &catalog.prices))
        .collect();
    let cur_config = current_config(&layouts[cur])?;
    // The growth percentiles (uncertain growth only) need nothing from the
    // tiers' reports or the plan: they run beside them.
    let (planned, growth) = std::thread::scope(|s| {
        let growth = s.spawn(|| crate::timeline::growth_percentiles(profile, catalog, lead));
        let handles: Vec<_> = layouts
            .iter()
            .enumerate()
            .map(|(i, layout)| {
                let given = (i == cur).then(|| cur_config.clone());
                s.spawn(move || tier_report(layout, given, lead))
            })
            .collect();
        let tiers: Result<Vec<TierReport>, Error> = handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Internal("a tier assessment panicked".into())))
            })
            .collect();
        let planned = tiers.and_then(|tiers| {
            super::steps::plan(profile, catalog, &layouts, &tiers, cur, &cur_config, lead)
                .map(|planned| (tiers, planned))
        });
        let growth = growth
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("the growth percentiles panicked".into())));
        (planned, growth)
    });
    let (tiers, planned) = planned?;
    let mut report = summarise(profile, catalog, tiers, cur, lead, planned);
    report.growth_percentiles = growth?;
    report.calibration = calibrated.map(|c| c.calibration);
    Ok(report)
}

fn summarise(
    profile: &Profile,
    catalog: &Catalog,
    tiers: Vec<TierReport>,
    cur: usize,
    lead: u32,
    planned: super::steps::Planned,
) -> AssessReport {
    let load = Load::at(profile, profile.users.monthly_active);
    let current = &tiers[cur];
    let mut notes = Vec::new();
    let recommended = tiers
        .iter()
        .filter(|t| t.timeline[0].fits)
        .min_by(|a, b| cost_or_max(&a.timeline[0]).total_cmp(&cost_or_max(&b.timeline[0])))
        .map(|t| t.name.clone());
    if recommended.is_none() {
        notes.push("recommended_tier: no tier meets every SLO at today's load".into());
    }
    let first_move = planned
        .steps
        .iter()
        .find(|s| s.action == super::report::PlanAction::UpgradeTier);
    let next = first_move.and_then(|s| tiers.iter().find(|t| t.name == s.to));
    match (current.breach_month, first_move) {
        (None, _) => notes.push(format!(
            "upgrade_by_month, next_tier: tier {} meets every SLO through the {}-month horizon",
            current.name, profile.users.horizon_months
        )),
        (Some(b), None) => notes.push(format!(
            "upgrade_by_month, next_tier: tier {} breaks in month {b} as set up today, but the plan's cheaper steps carry it through the {}-month horizon (or no higher tier fits; see plan)",
            current.name, profile.users.horizon_months
        )),
        _ => {}
    }
    for n in planned.notes.iter().rev() {
        notes.insert(0, n.clone());
    }
    if current.months_until_breach.is_none() && current.headroom_multiplier.is_some() {
        notes.push(format!(
            "months_until_breach: today's setup keeps its headroom through the {}-month horizon",
            profile.users.horizon_months
        ));
    }
    if current.headroom_multiplier.is_some_and(|h| h < 1.0) {
        notes.push(
            "headroom_multiplier: today's setup already breaks an SLO at today's load".into(),
        );
    }
    let next_at_upgrade = first_move.map(|s| s.monthly_cost_usd_after);
    let mut cost = current.monthly_cost_usd.clone();
    cost.next_tier_at_upgrade = next_at_upgrade;
    // At the plan's upgrade month: the current tier right-sized then.
    if let Some(row) = first_move.and_then(|s| current.timeline.get(s.month as usize)) {
        cost.at_upgrade = row.monthly_cost_usd;
        cost.lines_at_upgrade = row.lines.clone();
        let mut by: IndexMap<String, f64> = IndexMap::new();
        for l in &row.lines {
            let key = l.component.split('@').next().unwrap_or(&l.component);
            *by.entry(key.to_string()).or_insert(0.0) += l.usd;
        }
        cost.breakdown_at_upgrade = by;
    }
    let mut sources: Vec<String> = catalog
        .prices
        .instances
        .iter()
        .map(|i| i.source.clone())
        .collect();
    for u in [
        &catalog.prices.cdn,
        &catalog.prices.storage,
        &catalog.prices.egress,
        &catalog.prices.queue,
    ] {
        sources.push(u.source.clone());
    }
    sources.push(catalog.prices.load_balancer.source.clone());
    for r in catalog.prices.rates.values() {
        sources.push(r.source.clone());
    }
    sources.dedup();
    let mut seen = std::collections::HashSet::new();
    sources.retain(|s| seen.insert(s.clone()));
    AssessReport {
        schema: ASSESS_SCHEMA,
        app: profile.name.clone(),
        users_now: profile.users.monthly_active,
        peak_api_rps_now: load.api_rps,
        peak_static_rps_now: load.static_rps,
        horizon_months: profile.users.horizon_months,
        lead_time_months: lead,
        slo: SloReport {
            api_p95_ms: profile.slo.api_p95 * 1000.0,
            max_utilization: profile.slo.max_utilization,
            max_error_rate: profile.slo.max_error_rate,
            survive_instance_loss: profile.slo.survive_instance_loss,
            max_replication_lag_ms: profile.slo.max_replication_lag * 1000.0,
        },
        current_tier: current.name.clone(),
        recommended_tier: recommended,
        first_bottleneck: current.first_bottleneck.clone(),
        headroom_multiplier: current.headroom_multiplier,
        months_until_breach: current.months_until_breach,
        upgrade_by_month: first_move.map(|s| s.month),
        next_tier: next.map(|t| t.name.clone()),
        monthly_cost_usd: cost,
        growth_percentiles: None,
        plan: planned.steps,
        notes,
        assumptions: super::ASSUMPTIONS.iter().map(|s| s.to_string()).collect(),
        prices: PriceInfo {
            as_of: catalog.prices.as_of.clone(),
            region: catalog.prices.region.clone(),
            note: catalog.prices.note.clone(),
            sources,
        },
        pricing: profile.pricing,
        tiers,
        calibration: None,
    }
}

fn cost_or_max(r: &MonthRow) -> f64 {
    r.monthly_cost_usd.unwrap_or(f64::MAX)
}

fn pools(layout: &Layout<'_>, config: &[Choice]) -> Vec<PoolReport> {
    layout
        .pools
        .iter()
        .zip(config)
        .map(|(p, c)| {
            let i = &layout.prices.instances[c.size];
            PoolReport {
                component: p.name.clone(),
                size: i.name.clone(),
                vcpu: i.vcpu,
                memory_gib: i.memory_gib,
                count: c.count,
                monthly_usd: f64::from(c.count) * i.monthly_usd,
            }
        })
        .collect()
}

fn busy(eval: &Evaluation) -> Option<Busy> {
    eval.busiest.as_ref().map(|(c, u)| Busy {
        component: c.clone(),
        utilization: *u,
    })
}

/// The worst replica's mean lag, milliseconds: `None` without replicas,
/// `Some(None)` when its replay cannot keep up.
fn lag_ms(eval: &Evaluation) -> Option<Option<f64>> {
    eval.replication_lag
        .as_ref()
        .map(|(_, lag)| lag.map(|l| l * 1000.0))
}

fn breach(v: &Violation) -> BreachLimit {
    BreachLimit {
        component: v.component.clone(),
        limit: v.limit,
    }
}

/// Right-sizes a tier month after month, as the timeline does: each
/// month's search starts from the capacity target that fitted the month
/// before (unless users fell), so the sizes never go down while load rises.
#[derive(Debug, Default)]
struct MonthSizer {
    floor: f64,
    prev_users: f64,
}

impl MonthSizer {
    /// Month `m` (months must come in order from 0): its users, load and
    /// sizing.
    fn size(&mut self, layout: &Layout<'_>, m: u32) -> Result<(f64, Load, Sizing), Error> {
        let users = layout.profile.users.at(f64::from(m));
        let load = Load::at(layout.profile, users);
        if users < self.prev_users {
            self.floor = 0.0;
        }
        self.prev_users = users;
        let (sizing, target) = right_size_from(layout, &load, self.floor)?;
        if matches!(sizing, Sizing::Fits { .. }) {
            self.floor = target;
        }
        Ok((users, load, sizing))
    }
}

/// Which network [`export_network`] writes.
#[derive(Debug, Clone)]
pub struct NetworkExport {
    /// Tier name (`cache-cdn` and `cache_cdn` alike).
    pub tier: String,
    /// Month, 0 = today (at most the profile's horizon).
    pub month: u32,
    /// Today's setup (the current tier only) instead of the right-sized
    /// configuration.
    pub current: bool,
}

/// The network `planner assess` builds for a tier at a month, as a
/// `network.yaml` text that `planner solve` and `planner simulate` read: the
/// right-sized configuration of that month (the one the timeline reports),
/// or with `current` the profile's current setup at that month's load.
///
/// Errors (`Error::Usage`, naming the flag, the value and what is allowed):
/// an unknown tier, a month past the horizon, `current` on a tier that is
/// not the current one, or a month at which the tier meets no SLO-abiding
/// configuration.
pub fn export_network(
    profile: &Profile,
    catalog: &Catalog,
    what: &NetworkExport,
) -> Result<String, Error> {
    let wanted = what.tier.replace('-', "_");
    let names: Vec<&str> = catalog.tiers.iter().map(|t| t.name.as_str()).collect();
    let Some(ti) = catalog.tiers.iter().position(|t| t.name == wanted) else {
        return Err(Error::Usage(format!(
            "--network {:?} is not a tier of the catalog (one of: {})",
            what.tier,
            names.join(", ")
        )));
    };
    let horizon = profile.users.horizon_months;
    if what.month > horizon {
        return Err(Error::Usage(format!(
            "--month must be from 0 to the profile's horizon ({horizon} months), got {}",
            what.month
        )));
    }
    let layout = Layout::new(&catalog.tiers[ti], profile, &catalog.prices);
    let (users, load, config, how) = if what.current {
        let cur = current_tier(profile, catalog)?;
        if cur != ti {
            return Err(Error::Usage(format!(
                "--current applies to the profile's current tier ({}), not to --network {}",
                catalog.tiers[cur].name, what.tier
            )));
        }
        let users = profile.users.at(f64::from(what.month));
        let load = Load::at(profile, users);
        (users, load, current_config(&layout)?, "today's setup")
    } else {
        let mut sizer = MonthSizer::default();
        let mut last = None;
        for m in 0..=what.month {
            last = Some(sizer.size(&layout, m)?);
        }
        let (users, load, sizing) = last.expect("at least month 0");
        match sizing {
            Sizing::Fits { config, .. } => (users, load, config, "right-sized"),
            Sizing::Exceeds { violation } => {
                return Err(Error::Usage(format!(
                    "--network {}: no configuration of the tier meets every SLO at month {} \
                     ({} at {} breaks); choose a month the tier carries (its timeline's `fits`)",
                    what.tier,
                    what.month,
                    violation.limit.name(),
                    violation.component
                )));
            }
        }
    };
    let mut network = super::network::build(&layout, &config, &load).network;
    // The replicas' apply stations, which assess computes in closed form.
    super::replication::add_apply_stations(&layout, &config, &load, &mut network);
    let sizes: Vec<String> = pools(&layout, &config)
        .iter()
        .map(|p| format!("{} {} × {}", p.component, p.count, p.size))
        .collect();
    let header = vec![
        format!(
            "The network `planner assess` solves for tier {} at month {} ({users:.0} users, \
             peak {:.2} API req/s, {:.2} static req/s), {how}: {}.",
            catalog.tiers[ti].name,
            what.month,
            load.api_rps,
            load.static_rps,
            sizes.join(", ")
        ),
        "Check any figure: planner solve FILE; planner simulate FILE --compare".to_string(),
        "Stations apply@REPLICAS (classes wal@, wal-jobs@) are each read replica's single WAL-replay process; their mean sojourn is the replication lag.".to_string(),
    ];
    Ok(crate::network::to_yaml(&network, &header))
}

/// One tier: its timeline, and its figures for today's (or right-sized)
/// configuration.
fn tier_report(
    layout: &Layout<'_>,
    given: Option<Vec<Choice>>,
    lead: u32,
) -> Result<TierReport, Error> {
    let profile = layout.profile;
    let tier = layout.tier;
    let horizon = profile.users.horizon_months;
    let mut timeline = Vec::with_capacity(horizon as usize + 1);
    let mut configs: Vec<Option<Vec<Choice>>> = Vec::with_capacity(horizon as usize + 1);
    let mut breach_month = None;
    let mut breach_limit = None;
    let mut sizer = MonthSizer::default();
    for m in 0..=horizon {
        let (users, load, sizing) = sizer.size(layout, m)?;
        let row = match sizing {
            Sizing::Fits { config, eval } => {
                let lines = monthly_lines(layout, &config, &load);
                let r = MonthRow {
                    lines: lines.clone(),
                    month: m,
                    users,
                    peak_api_rps: load.api_rps,
                    fits: true,
                    configuration: pools(layout, &config),
                    monthly_cost_usd: Some(lines.iter().map(|l| l.usd).sum()),
                    api_p95_ms: eval.api_p95.map(|p| p * 1000.0),
                    busiest: busy(&eval),
                    replication_lag_ms: lag_ms(&eval).flatten(),
                    limit: None,
                };
                configs.push(Some(config));
                r
            }
            Sizing::Exceeds { violation } => {
                if breach_month.is_none() {
                    breach_month = Some(m);
                    breach_limit = Some(breach(&violation));
                }
                configs.push(None);
                MonthRow {
                    month: m,
                    users,
                    peak_api_rps: load.api_rps,
                    fits: false,
                    configuration: Vec::new(),
                    monthly_cost_usd: None,
                    api_p95_ms: None,
                    busiest: None,
                    replication_lag_ms: None,
                    limit: Some(breach(&violation)),
                    lines: Vec::new(),
                }
            }
        };
        timeline.push(row);
    }
    let users_now = profile.users.monthly_active;
    let load_now = Load::at(profile, users_now);
    let is_current = given.is_some();
    let now_config = match given {
        Some(g) => Some(g),
        None => bought_config(layout, 0)?
            .map(|(c, _)| c)
            .or_else(|| configs[0].clone()),
    };
    let fits_now = timeline[0].fits;
    let (mut configuration_now, mut api_p95_ms_now, mut busiest_now) = (Vec::new(), None, None);
    let mut replication_lag_ms_now = None;
    let (headroom, bottleneck, months);
    let mut cost_now = None;
    let mut breakdown_now = IndexMap::new();
    let mut lines_now = Vec::new();
    if let Some(config) = &now_config {
        configuration_now = pools(layout, config);
        let eval = evaluate(layout, config, &load_now, true)?;
        api_p95_ms_now = eval.api_p95.map(|p| p * 1000.0);
        busiest_now = busy(&eval);
        replication_lag_ms_now = lag_ms(&eval);
        let (max, breaking) = config_ceiling(layout, config)?;
        headroom = max.map(|u| u / users_now);
        months = max.and_then(|u| profile.users.month_reaching(u, f64::from(horizon)));
        bottleneck = breaking.map(|v| Bottleneck {
            component: v.component,
            limit: v.limit,
            load_multiplier: headroom.unwrap_or(0.0),
        });
        if is_current || fits_now {
            let c = monthly_cost(layout, config, &load_now);
            lines_now = monthly_lines(layout, config, &load_now);
            cost_now = Some(lines_now.iter().map(|l| l.usd).sum());
            breakdown_now = c;
        }
    } else {
        // The tier cannot carry today's load: how much of it can it carry?
        let (max, breaking) = tier_ceiling(layout, users_now)?;
        headroom = Some(max / users_now);
        months = Some(0.0);
        bottleneck = breaking.map(|v| Bottleneck {
            component: v.component,
            limit: v.limit,
            load_multiplier: max / users_now,
        });
    }
    let upgrade_by = breach_month.map(|b| b.saturating_sub(lead));
    let (at_upgrade, breakdown_at_upgrade, lines_at_upgrade) =
        match upgrade_by.and_then(|u| configs[u as usize].as_ref().map(|c| (u, c))) {
            Some((u, c)) => {
                let load = Load::at(profile, profile.users.at(f64::from(u)));
                let lines = monthly_lines(layout, c, &load);
                (
                    Some(lines.iter().map(|l| l.usd).sum()),
                    monthly_cost(layout, c, &load),
                    lines,
                )
            }
            None => (None, IndexMap::new(), Vec::new()),
        };
    Ok(TierReport {
        name: tier.name.clone(),
        title: tier.title.clone(),
        rank: tier.rank,
        summary: tier.summary.clone(),
        is_current,
        fits_now,
        configuration_now,
        api_p95_ms_now,
        busiest_now,
        replication_lag_ms_now,
        headroom_multiplier: headroom,
        first_bottleneck: bottleneck,
        months_until_breach: months,
        breach_month,
        breach_limit,
        upgrade_by_month: upgrade_by,
        monthly_cost_usd: CostSummary {
            now: cost_now,
            at_upgrade,
            next_tier_at_upgrade: None,
            breakdown_now,
            breakdown_at_upgrade,
            lines_now,
            lines_at_upgrade,
        },
        timeline,
    })
}
