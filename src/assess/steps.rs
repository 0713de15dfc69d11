//! The plan: what to change and when, cheapest fix first.
//!
//! Starting from today's setup, the plan walks the months: at the first
//! month today's configuration breaks an SLO it takes the cheapest fix that
//! carries the load again, in this order:
//!
//! 1. **configure**: a database connection limit hit by the app's own
//!    connection pools (no pooler) is fixed by a larger pool per instance,
//!    when one within the connection-utilization SLO lets the tier carry the
//!    load (free);
//! 2. **resize / add / shard**: a new size or count within the tier, bought
//!    for the load [`LOOKAHEAD_MONTHS`] ahead (more database instances in a
//!    tier with a sharded database are a `shard` step; more replicas or
//!    cache nodes an `add` step);
//! 3. **upgrade_tier**: a higher tier, chosen among those that meet every
//!    SLO for at least 12 months after the move (the cheapest of them), or
//!    else the one that lasts longest; moves start the lead time before the
//!    breach. A multi-region tier is a candidate only for users in several
//!    regions, or when it is today's tier.
//!
//! A configuration that costs more than the one bought for the next
//! [`LOOKAHEAD_MONTHS`] is reported as a saving at month 0, never as an
//! upgrade. Steps never go back: sizes only grow after month 0 and tiers
//! only climb.

use crate::catalog::{Catalog, ComponentKind};
use crate::error::Error;
use crate::profile::Profile;

use super::cost::monthly_total;
use super::evaluate::{Limit, Violation};
use super::layout::{Choice, Layout};
use super::load::Load;
use super::plan::{LOOKAHEAD_MONTHS, bought_config, config_breach_month};
use super::report::{PlanAction, PlanStep, TierReport};

/// Most steps a plan holds.
const MAX_STEPS: usize = 64;
/// Pool sizes per instance tried for a connection fix, ascending.
const POOL_SIZES: [u32; 6] = [15, 20, 30, 50, 80, 120];

/// The plan and what the headline should say about it.
#[derive(Debug, Clone, Default)]
pub struct Planned {
    /// The steps in order.
    pub steps: Vec<PlanStep>,
    /// Remarks for the report's notes, the most urgent first.
    pub notes: Vec<String>,
}

/// Whether tier `t` may be proposed to `profile` currently on tier `cur`.
pub fn tier_allowed(profile: &Profile, catalog: &Catalog, t: usize, cur: usize) -> bool {
    !catalog.tiers[t].is_multi_region() || profile.regions.len() > 1 || t == cur
}

/// The connection pool per instance to run from month `from`, when the
/// tier's database takes connections without a pooler: of today's pool and
/// larger ones (up to what the connection budget allows one instance), the
/// one whose bought configuration carries furthest (up to
/// [`LOOKAHEAD_MONTHS`] ahead), then costs least, then is smallest. `None`
/// when today's pool is that one.
pub fn pool_fix(layout: &Layout<'_>, from: u32) -> Result<Option<u32>, Error> {
    let profile = layout.profile;
    if !layout.has_unpooled_database() {
        return Ok(None);
    }
    let load = Load::at(profile, profile.users.at(f64::from(from)));
    let score = |l: &Layout<'_>| -> Result<Option<(u32, f64)>, Error> {
        Ok(bought_config(l, from)?.map(|(c, reach)| (reach, monthly_total(l, &c, &load))))
    };
    let better = |a: (u32, f64), b: Option<(u32, f64)>| {
        b.is_none_or(|b| a.0 > b.0 || (a.0 == b.0 && a.1 < b.1 * (1.0 - 1e-9)))
    };
    let mut best: Option<(u32, f64)> = score(layout)?;
    let mut choice = None;
    for &size in POOL_SIZES
        .iter()
        .filter(|&&s| s > profile.pool_per_instance)
    {
        let mut p = profile.clone();
        p.pool_per_instance = size;
        let l = Layout::new(layout.tier, &p, layout.prices);
        if let Some(sc) = score(&l)?
            && better(sc, best)
        {
            best = Some(sc);
            choice = Some(size);
        }
    }
    Ok(choice)
}

/// Effective servers of `c` in pool `p`: instances × servers per instance
/// over the USL slowdown.
fn capacity(layout: &Layout<'_>, p: usize, c: Choice) -> f64 {
    let comp = layout.component(p);
    let spi = super::layout::servers_per_instance(comp.kind, layout.profile, layout.prices, c.size);
    f64::from(c.count) * f64::from(spi) / comp.usl_slowdown(c.count)
}

/// `n×size` of a choice.
fn show(layout: &Layout<'_>, c: Choice) -> String {
    format!("{}×{}", c.count, layout.prices.instances[c.size].name)
}

fn months(m: Option<u32>, horizon: u32) -> Option<u32> {
    m.filter(|&m| m <= horizon)
}

fn why(v: Option<&Violation>, month: u32) -> String {
    match v {
        Some(v) => format!("{} {} in month {month}", v.component, what(v.limit)),
        None => format!("an SLO breaks in month {month}"),
    }
}

fn what(l: Limit) -> &'static str {
    match l {
        Limit::Utilization => "runs above the utilization SLO",
        Limit::P95 => "pushes the API p95 above its SLO",
        Limit::Connections => "runs out of database connections",
        Limit::RoundTrip => "round trip alone breaks the p95",
        Limit::NMinus1 => "cannot lose one instance",
        Limit::ReplicationLag => {
            "falls behind the primary's writes (replication lag above its SLO)"
        }
    }
}

/// The three fixes of a replica falling behind, with figures: a larger
/// replica (the resize steps propose it where the tier allows), fewer row
/// changes per write request, or sharding the primary (each shard's
/// replicas apply only its writes).
fn lag_note(
    layout: &Layout<'_>,
    config: &[Choice],
    month: u32,
    v: &Violation,
    notes: &mut Vec<String>,
) {
    if notes.iter().any(|n| n.starts_with("replication_lag:")) {
        return;
    }
    let profile = layout.profile;
    let load = Load::at(profile, profile.users.at(f64::from(month)));
    let writes = match super::replication::max_writes_per_write(layout, config, &load) {
        Some(n) => format!(
            "at most {n} row changes per write request (work.db_writes_per_write, now {}) keeps it within {:.0} ms on today's replica size",
            profile.work.db_writes_per_write,
            profile.slo.max_replication_lag * 1000.0
        ),
        None => "the jobs' row changes alone exceed what the replica applies".to_string(),
    };
    let sharded = layout
        .tier
        .components
        .iter()
        .any(|c| c.kind == ComponentKind::Database && c.max_count > 1);
    notes.push(format!(
        "replication_lag: {} falls behind the primary's writes in month {month}; fixes: a larger replica (one WAL-replay process applies faster with a larger buffer cache: see `planner tiers show`); {writes}; or {}",
        v.component,
        if sharded {
            "shard the primary (each shard's replicas apply only its writes)"
        } else {
            "move to a tier that shards the primary (services: each shard's replicas apply only its writes)"
        }
    ));
}

/// One step per pool that changes from `old` to `new`.
#[allow(clippy::too_many_arguments, reason = "one call per kind of change")]
fn pool_steps(
    layout: &Layout<'_>,
    old: &[Choice],
    new: &[Choice],
    month: u32,
    cost_after: f64,
    reason: &str,
    lasts: Option<u32>,
    out: &mut Vec<PlanStep>,
) {
    for (p, pool) in layout.pools.iter().enumerate() {
        let (a, b) = (old[p], new[p]);
        if a == b {
            continue;
        }
        let comp = layout.component(p);
        let action = if a.size == b.size && b.count > a.count {
            match comp.kind {
                ComponentKind::Database if comp.max_count > 1 => PlanAction::Shard,
                ComponentKind::Replicas | ComponentKind::Cache => PlanAction::Add,
                _ => PlanAction::Resize,
            }
        } else {
            PlanAction::Resize
        };
        let (from, to) = if action == PlanAction::Shard {
            (
                format!(
                    "{} shard(s) of {}",
                    a.count, layout.prices.instances[a.size].name
                ),
                format!(
                    "{} shards of {}",
                    b.count, layout.prices.instances[b.size].name
                ),
            )
        } else {
            (show(layout, a), show(layout, b))
        };
        out.push(PlanStep {
            month,
            action,
            target: pool.name.clone(),
            from,
            to,
            monthly_cost_usd_after: cost_after,
            reason: reason.to_string(),
            lasts_until_month: lasts,
        });
    }
}

/// Plans `profile` from today's setup (`cur_config` on tier `cur`), using
/// the tier reports (their month-by-month fits) for tier moves.
pub fn plan(
    profile: &Profile,
    catalog: &Catalog,
    layouts: &[Layout<'_>],
    tiers: &[TierReport],
    cur: usize,
    cur_config: &[Choice],
    lead: u32,
) -> Result<Planned, Error> {
    let horizon = profile.users.horizon_months;
    let users = |m: u32| profile.users.at(f64::from(m));
    let mut out = Planned::default();
    let mut t = cur;
    let mut config = cur_config.to_vec();
    // A profile with a larger connection pool, once the plan configures one.
    let mut configured: Option<Box<Profile>> = None;
    let mut month = 0u32;
    // Today: broken, or over-provisioned?
    {
        let layout = &layouts[t];
        let (b, _) = config_breach_month(layout, &config, 0, horizon)?;
        if b != Some(0)
            && let Some((bought, _)) = bought_config(layout, 0)?
        {
            let load = Load::at(profile, users(0));
            let (now, after) = (
                monthly_total(layout, &config, &load),
                monthly_total(layout, &bought, &load),
            );
            let cheaper_everywhere = bought.iter().zip(&config).all(|(n, o)| {
                layout.prices.instances[n.size].monthly_usd * f64::from(n.count)
                    <= layout.prices.instances[o.size].monthly_usd * f64::from(o.count)
            });
            if after < now * 0.99 && cheaper_everywhere {
                let (lasts, _) = config_breach_month(layout, &bought, 0, horizon)?;
                let reason = format!(
                    "over-provisioned: saves ${:.2}/month and still carries the load {LOOKAHEAD_MONTHS} months ahead",
                    now - after
                );
                out.notes.push(format!(
                    "plan: today's setup is over-provisioned; resizing saves ${:.2}/month ({:.2} → {:.2} $/month)",
                    now - after,
                    now,
                    after
                ));
                pool_steps(
                    layout,
                    &config,
                    &bought,
                    0,
                    after,
                    &reason,
                    months(lasts, horizon),
                    &mut out.steps,
                );
                config = bought;
            }
        }
    }
    while out.steps.len() < MAX_STEPS {
        // The layout of the current tier under the (possibly configured) profile.
        let owned;
        let layout: &Layout<'_> = match &configured {
            Some(p) => {
                owned = Layout::new(&catalog.tiers[t], p, &catalog.prices);
                &owned
            }
            None => &layouts[t],
        };
        let (b, violation) = config_breach_month(layout, &config, month, horizon)?;
        let Some(b) = b else { break };
        let broken_today = b == 0;
        let reason = why(violation.as_ref(), b);
        if let Some(v) = violation
            .as_ref()
            .filter(|v| v.limit == Limit::ReplicationLag)
        {
            lag_note(layout, &config, b, v, &mut out.notes);
        }
        // 1. A larger connection pool, where it carries further or costs
        //    less (free).
        if let Some(size) = pool_fix(layout, b)? {
            let mut p = layout.profile.clone();
            let old = p.pool_per_instance;
            p.pool_per_instance = size;
            let l = Layout::new(&catalog.tiers[t], &p, &catalog.prices);
            let (lasts, _) = config_breach_month(&l, &config, b, horizon)?;
            let cost = monthly_total(&l, &config, &Load::at(&p, users(b)));
            let target = l
                .pools
                .iter()
                .enumerate()
                .filter(|(q, _)| l.component(*q).kind.opens_connections())
                .map(|(_, pool)| pool.name.clone())
                .collect::<Vec<_>>()
                .join(", ");
            let connections = violation
                .as_ref()
                .is_some_and(|v| v.limit == Limit::Connections);
            out.steps.push(PlanStep {
                month: b,
                action: PlanAction::Configure,
                target: format!("database pool of {target}"),
                from: format!("pool {old}"),
                to: format!("pool {size}"),
                monthly_cost_usd_after: cost,
                reason: if connections {
                    format!(
                        "{reason}: the app's own pool of {old} connections per instance is the limit, not the database"
                    )
                } else {
                    format!(
                        "{reason}: with a pool of {size} the database needs no larger instance for the connections (free)"
                    )
                },
                lasts_until_month: months(lasts, horizon),
            });
            if broken_today {
                out.notes.insert(
                    0,
                    format!(
                        "plan: today's setup breaks an SLO ({reason}); raise database.pool_per_instance from {old} to {size} now (free)"
                    ),
                );
            }
            configured = Some(Box::new(p));
            month = b;
            continue;
        }
        // 2. A size or count within the tier, unless the tier itself ends
        //    within the lead time (then the move starts now).
        let bought = bought_config(layout, b)?;
        let tier_end = match &bought {
            Some((_, reach)) if *reach < b + LOOKAHEAD_MONTHS && *reach < horizon => {
                Some(reach + 1)
            }
            Some(_) => None,
            None => Some(b),
        };
        let move_now = tier_end.is_some_and(|e| e.saturating_sub(lead) <= b);
        if let (Some((mut bought, _)), false) = (bought, move_now) {
            // Within a plan sizes only grow (shrinking is month 0's saving):
            // a pool the new size would make smaller keeps today's, unless
            // that breaks an SLO (connections).
            let grown: Vec<Choice> = bought
                .iter()
                .zip(&config)
                .enumerate()
                .map(|(p, (n, o))| {
                    if capacity(layout, p, *n) < capacity(layout, p, *o) {
                        *o
                    } else {
                        *n
                    }
                })
                .collect();
            if grown != bought
                && config_breach_month(layout, &grown, b, horizon)?
                    .0
                    .is_none_or(|m| m > b)
            {
                bought = grown;
            }
            let (lasts, _) = config_breach_month(layout, &bought, b, horizon)?;
            let load = Load::at(layout.profile, users(b));
            let before = monthly_total(layout, &config, &load);
            let cost = monthly_total(layout, &bought, &load);
            let n = out.steps.len();
            pool_steps(
                layout,
                &config,
                &bought,
                b,
                cost,
                &reason,
                months(lasts, horizon),
                &mut out.steps,
            );
            if out.steps.len() == n {
                // Nothing within the tier changes, yet it breaks: no fix here.
                out.notes.push(format!(
                    "plan: {reason}, and no size within tier {} fixes it",
                    catalog.tiers[t].name
                ));
                break;
            }
            if broken_today {
                let changes: Vec<String> = out.steps[n..]
                    .iter()
                    .map(|s| format!("{} {} → {}", s.target, s.from, s.to))
                    .collect();
                out.notes.insert(
                    0,
                    format!(
                        "plan: today's setup breaks an SLO ({reason}); resize now: {} ({:+.2} $/month)",
                        changes.join(", "),
                        cost - before
                    ),
                );
            }
            config = bought;
            month = b;
            continue;
        }
        // The breach the move answers: the month the tier itself ends.
        let b = tier_end.unwrap_or(b).min(horizon);
        // 3. A higher tier.
        let rank = catalog.tiers[t].rank;
        let b_idx = b as usize;
        let lasting = |c: usize| -> u32 {
            let tl = &tiers[c].timeline;
            (b_idx..tl.len())
                .find(|&m| !tl[m].fits)
                .map_or(horizon + 1, |m| m as u32)
        };
        let cost_at = |c: usize| {
            tiers[c].timeline[b_idx]
                .monthly_cost_usd
                .unwrap_or(f64::MAX)
        };
        let candidates: Vec<usize> = (0..catalog.tiers.len())
            .filter(|&c| {
                catalog.tiers[c].rank > rank
                    && tier_allowed(profile, catalog, c, cur)
                    && tiers[c].timeline[b_idx].fits
            })
            .collect();
        let enough = (b + LOOKAHEAD_MONTHS).min(horizon + 1);
        let choice = candidates
            .iter()
            .copied()
            .filter(|&c| lasting(c) >= enough)
            .min_by(|&x, &y| cost_at(x).total_cmp(&cost_at(y)))
            .or_else(|| {
                candidates.iter().copied().max_by(|&x, &y| {
                    lasting(x)
                        .cmp(&lasting(y))
                        .then(cost_at(y).total_cmp(&cost_at(x)))
                })
            });
        let Some(c) = choice else {
            out.notes.push(format!(
                "plan: {reason}, and no higher tier meets every SLO then"
            ));
            break;
        };
        // The new tier runs on the profile's own pool setting: a pool
        // sized for one tier's instance count is not the next tier's.
        let new_layout = &layouts[c];
        let Some((bought, _)) = bought_config(new_layout, b)? else {
            break;
        };
        let start = b.saturating_sub(lead).max(month);
        let (lasts, _) = config_breach_month(new_layout, &bought, b, horizon)?;
        let cost = monthly_total(new_layout, &bought, &Load::at(profile, users(start)));
        let step = PlanStep {
            month: start,
            action: PlanAction::UpgradeTier,
            target: "tier".into(),
            from: catalog.tiers[t].name.clone(),
            to: catalog.tiers[c].name.clone(),
            monthly_cost_usd_after: cost,
            reason: if lasting(c) >= enough {
                format!(
                    "{reason}, and tier {} cannot be sized past it; {} meets every SLO for at least {} months after",
                    catalog.tiers[t].name,
                    catalog.tiers[c].name,
                    enough - b
                )
            } else {
                format!(
                    "{reason}, and tier {} cannot be sized past it; {} lasts longest of the tiers that fit",
                    catalog.tiers[t].name, catalog.tiers[c].name
                )
            },
            lasts_until_month: months(lasts, horizon),
        };
        if broken_today {
            out.notes.insert(
                0,
                format!(
                    "plan: today's setup breaks an SLO ({reason}) and tier {} cannot carry it; move to {} now",
                    catalog.tiers[t].name, catalog.tiers[c].name
                ),
            );
        }
        out.steps.push(step);
        t = c;
        config = bought;
        configured = None;
        month = b;
    }
    Ok(out)
}
