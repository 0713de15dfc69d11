//! Planning within one tier: right-sizing at a load, and the load at which a
//! configuration (or the whole tier) stops meeting the SLOs.
//!
//! Right-sizing scans one scalar, a capacity target `A` in users: every pool
//! takes its cheapest option able to serve `A` users at 100% utilization.
//! The scan starts at `A = users / max_utilization` (every pool within the
//! utilization SLO) and moves through the points where some pool's choice
//! changes, until every SLO holds. Because each pool's cheapest option only
//! grows with `A`, and a configuration that holds at a load holds at every
//! smaller load, the result's cost never falls as load grows. No
//! combinations are enumerated: the scan is linear in the number of distinct
//! options.
//!
//! Both are pure functions of the layout and their arguments, and the
//! month-by-month timeline, the bought configurations, the plan and the
//! headline ask the same questions again (the same load, the same
//! configuration): each layout keeps the answers it has given ([`Memo`]).

use std::cmp::Ordering::Greater;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::error::Error;

use super::evaluate::{
    Evaluation, Limit, N_MINUS_1_MAX_UTILIZATION, UNFIXABLE, Violation, evaluate, pool_utilization,
};
use super::layout::{Choice, Layout};
use super::load::Load;
use super::network::connections_held;

/// A right-sizing candidate: its capacity target (users), the configuration,
/// and per pool whether it is at its largest option.
type Candidate<'s> = (f64, &'s [Choice], &'s [bool]);

/// The configuration at a capacity target and per pool whether it is at its
/// largest option ([`at_target`]).
type AtTarget = (Vec<Choice>, Vec<bool>);

/// Fewest and most users searched for a limit.
pub const USERS_RANGE: (f64, f64) = (1.0, 1e10);
/// Bisection steps on log(users): ln(1e10)/2^24 ≈ 1.4e-6 relative.
const BISECTION_STEPS: usize = 24;
/// Bisection steps for the share of today's load a tier that cannot carry
/// it could carry (each step a right-size): about 0.1% relative.
const TIER_BISECTION_STEPS: usize = 14;

/// A load and a floor, bit for bit: the key of a remembered right-sizing.
type SizingKey = [u64; 9];

/// A configuration's ceiling and the limit that breaks beyond it.
type Ceiling = (Option<f64>, Option<Violation>);

/// The answers a layout has already given: right-sizings by load and floor,
/// ceilings by configuration, configurations by capacity target. A clone of
/// a layout starts empty.
#[derive(Default)]
pub struct Memo {
    sizings: Mutex<HashMap<SizingKey, (Sizing, f64)>>,
    ceilings: Mutex<HashMap<Vec<Choice>, Ceiling>>,
    targets: OnceLock<Targets>,
}

/// The capacity targets at which some pool's cheapest option changes, in
/// increasing order, and the configuration at each, computed when first
/// asked: they depend on the layout only, and every right-sizing scans
/// those above its starting target.
struct Targets {
    /// Every option's capacity over its pool's demand per user (pools with
    /// demand), sorted, without duplicates.
    at: Vec<f64>,
    /// [`at_target`] of each.
    configs: Vec<OnceLock<AtTarget>>,
}

impl Targets {
    fn of(layout: &Layout<'_>) -> Targets {
        let mut at = Vec::new();
        for (p, f) in layout.frontiers.iter().enumerate() {
            let d = layout.demand_per_user[p];
            if d > 0.0 {
                at.extend(f.iter().map(|o| o.capacity / d).filter(|a| !a.is_nan()));
            }
        }
        at.sort_by(f64::total_cmp);
        at.dedup();
        let configs = at.iter().map(|_| OnceLock::new()).collect();
        Targets { at, configs }
    }

    /// The configuration at the `i`th target.
    fn config(&self, layout: &Layout<'_>, i: usize) -> &AtTarget {
        self.configs[i].get_or_init(|| at_target(layout, self.at[i]))
    }
}

impl Clone for Memo {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = |n: Option<usize>| n.unwrap_or(0);
        f.debug_struct("Memo")
            .field("sizings", &count(self.sizings.lock().ok().map(|m| m.len())))
            .field(
                "ceilings",
                &count(self.ceilings.lock().ok().map(|m| m.len())),
            )
            .field("targets", &count(self.targets.get().map(|t| t.at.len())))
            .finish()
    }
}

fn sizing_key(load: &Load, floor: f64) -> SizingKey {
    let mut key = [0u64; 9];
    key[0] = load.users.to_bits();
    for (k, r) in key[1..7].iter_mut().zip(&load.rates) {
        *k = r.to_bits();
    }
    key[7] = load.peak_to_average.to_bits();
    key[8] = floor.to_bits();
    key
}

/// A right-sized configuration, or why the tier cannot serve the load.
#[derive(Debug, Clone)]
pub enum Sizing {
    /// The cheapest configuration found that meets every SLO.
    Fits {
        /// One choice per pool.
        config: Vec<Choice>,
        /// Its check.
        eval: Evaluation,
    },
    /// Even the largest configuration breaks an SLO.
    Exceeds {
        /// The limit that breaks.
        violation: Violation,
    },
}

/// The most capable configuration of the tier.
pub fn largest(layout: &Layout<'_>) -> Option<Vec<Choice>> {
    layout
        .frontiers
        .iter()
        .map(|f| f.last().map(|o| o.choice))
        .collect()
}

/// Right-sizes `layout` at `load`.
pub fn right_size(layout: &Layout<'_>, load: &Load) -> Result<Sizing, Error> {
    Ok(right_size_from(layout, load, 0.0)?.0)
}

/// Right-sizes `layout` at `load`, skipping capacity targets below `floor`
/// (known not to fit: the target that fitted a smaller load), and returns the
/// target that fits (`floor` when none does).
pub fn right_size_from(
    layout: &Layout<'_>,
    load: &Load,
    floor: f64,
) -> Result<(Sizing, f64), Error> {
    let key = sizing_key(load, floor);
    let known = |m: &HashMap<SizingKey, (Sizing, f64)>| m.get(&key).cloned();
    if let Some(hit) = layout.memo.sizings.lock().ok().and_then(|m| known(&m)) {
        return Ok(hit);
    }
    let answer = size_from(layout, load, floor)?;
    if let Ok(mut m) = layout.memo.sizings.lock() {
        m.insert(key, answer.clone());
    }
    Ok(answer)
}

fn size_from(layout: &Layout<'_>, load: &Load, floor: f64) -> Result<(Sizing, f64), Error> {
    if let Some(p) = layout.unsizable.iter().position(|u| *u) {
        // A single-instance pool cannot survive losing its instance.
        let violation = Violation {
            component: layout.pools[p].name.clone(),
            limit: Limit::NMinus1,
            severity: UNFIXABLE,
        };
        return Ok((Sizing::Exceeds { violation }, floor));
    }
    // Service times alone past the p95 objective: no size helps.
    let slo_p95 = layout.profile.slo.api_p95;
    if let Some(p95) = layout.unqueued_p95
        && p95 > slo_p95
        && super::evaluate::round_trip_p95(layout, load).is_none_or(|r| r.1 <= slo_p95)
    {
        let violation = Violation {
            component: super::evaluate::slowest_pool(layout),
            limit: Limit::P95,
            severity: p95 / slo_p95,
        };
        return Ok((Sizing::Exceeds { violation }, floor));
    }
    let max_util = layout.profile.slo.max_utilization;
    let start = (load.users / max_util).max(floor);
    let (start_config, start_maxed) = at_target(layout, start);
    // Distinct configurations in order of capacity target: the starting
    // one, then those of the targets above it.
    let mut candidates: Vec<Candidate<'_>> = vec![(start, &start_config, &start_maxed)];
    let targets = layout.memo.targets.get_or_init(|| Targets::of(layout));
    let above = targets
        .at
        .partition_point(|a| a.partial_cmp(&start) != Some(Greater));
    for i in above..targets.at.len() {
        let (config, maxed) = targets.config(layout, i);
        if candidates.last().is_none_or(|c| c.1 != &config[..]) {
            candidates.push((targets.at[i], config, maxed));
        }
    }
    // In order of cost: consolidating connection-holding pools can make a
    // higher capacity target cheaper than a lower one.
    let costs = super::cost::monthly_totals(layout, candidates.iter().map(|c| c.1), load);
    let mut costed: Vec<(f64, Candidate<'_>)> = costs.into_iter().zip(candidates).collect();
    costed.sort_by(|x, y| x.0.total_cmp(&y.0));
    // Whether no other candidate can fix what breaks a candidate whose
    // pools are `maxed` (at their largest option or not): a round trip no
    // size shortens, or a pool already at its largest option.
    let hopeless = |maxed: &[bool], e: &Evaluation| -> bool {
        let pool = |name: &str| layout.pools.iter().position(|p| p.name == name);
        e.violations.iter().any(|v| match v.limit {
            Limit::RoundTrip => true,
            Limit::Connections => false,
            Limit::Utilization | Limit::NMinus1 | Limit::ReplicationLag => {
                pool(&v.component).is_some_and(|p| maxed[p])
            }
            Limit::P95 => maxed.iter().all(|m| *m),
        })
    };
    // Try the candidates one by one in order of cost: the first that fits
    // is the cheapest, so the right-sized cost never falls as load grows
    // (a configuration that fits a load fits any smaller one). No bisection:
    // fitting is not monotone in capacity when the USL slowdown of more
    // instances outweighs their shorter queues.
    let mut last: Option<Violation> = None;
    for (_, (a, config, maxed)) in costed {
        let e = evaluate(layout, config, load, false)?;
        if e.ok() {
            let config = config.to_vec();
            return Ok((Sizing::Fits { config, eval: e }, a));
        }
        let hopeless = hopeless(maxed, &e);
        last = Some(e.violations[0].clone());
        if hopeless {
            break;
        }
    }
    let violation = last.expect("at least the starting target is evaluated");
    Ok((
        Sizing::Exceeds {
            violation: explain(layout, violation),
        },
        floor,
    ))
}

/// The configuration at capacity target `a` users, and per pool whether it
/// is at its largest option.
///
/// Where the cheapest choices would hold more connections than a database
/// without a pooler accepts, the pools opening them are consolidated: each
/// takes the option with the fewest instances that still carries its share.
fn at_target(layout: &Layout<'_>, a: f64) -> (Vec<Choice>, Vec<bool>) {
    let n = layout.pools.len();
    let mut config = Vec::with_capacity(n);
    let mut maxed = Vec::with_capacity(n);
    for p in 0..n {
        let d = layout.demand_per_user[p];
        let (o, _) = layout
            .cheapest(p, d * a)
            .expect("sizable pools have options");
        let last = layout.frontiers[p].last().expect("not empty").choice;
        config.push(o.choice);
        maxed.push(o.choice == last);
    }
    replicas_for_lag(layout, a, &mut config, &mut maxed);
    for db in 0..n {
        let comp = layout.component(db);
        if !comp.kind.holds_connections() || comp.pooler {
            continue;
        }
        if connections_held(layout, &config, db) <= layout.connection_budget(&config, db) {
            continue;
        }
        for &p in &layout.openers[db] {
            let needed = layout.demand_per_user[p] * a;
            let fewest = layout.frontiers[p]
                .iter()
                .filter(|o| o.capacity >= needed)
                .min_by(|x, y| {
                    x.choice
                        .count
                        .cmp(&y.choice.count)
                        .then(x.monthly_usd.total_cmp(&y.monthly_usd))
                });
            if let Some(o) = fewest {
                config[p] = o.choice;
            }
        }
    }
    (config, maxed)
}

/// Read replicas sized for their replication lag as well as their reads:
/// at the load of capacity target `a` (`a` × the utilization SLO users),
/// where a replica pool's choice would lag past the SLO, it takes the
/// cheapest option of its frontier that carries its reads and keeps the lag
/// within the SLO (a larger size applies faster; more replicas do not).
/// Without this, only a larger capacity target for every pool would reach a
/// larger replica.
fn replicas_for_lag(layout: &Layout<'_>, a: f64, config: &mut [Choice], maxed: &mut [bool]) {
    use crate::catalog::ComponentKind;
    let profile = layout.profile;
    let slo = profile.slo.max_replication_lag;
    let load = Load::at(profile, a * profile.slo.max_utilization);
    let lags = |config: &[Choice], p: usize| -> bool {
        super::replication::apply_stations(layout, config, &load)
            .iter()
            .filter(|s| s.pool == p)
            .all(|s| s.lag().is_some_and(|l| l <= slo))
    };
    for p in 0..layout.pools.len() {
        if layout.component(p).kind != ComponentKind::Replicas || lags(config, p) {
            continue;
        }
        let needed = layout.demand_per_user[p] * a;
        let mut trial = config.to_vec();
        let fix = layout.frontiers[p]
            .iter()
            .filter(|o| o.capacity >= needed)
            .find(|o| {
                trial[p] = o.choice;
                lags(&trial, p)
            });
        if let Some(o) = fix {
            config[p] = o.choice;
            maxed[p] = Some(&o.choice) == layout.frontiers[p].last().map(|l| &l.choice);
        }
    }
}

/// A pool maxed out on utilization because the connection limit capped its
/// instance count is a connection limit, at the database.
fn explain(layout: &Layout<'_>, v: Violation) -> Violation {
    if matches!(v.limit, Limit::Utilization)
        && let Some(p) = layout.pools.iter().position(|p| p.name == v.component)
        && layout.capped_by_connections[p]
    {
        let db = layout
            .pools
            .iter()
            .enumerate()
            .find(|(q, _)| layout.openers[*q].contains(&p))
            .map(|(_, pool)| pool.name.clone())
            .unwrap_or(v.component.clone());
        return Violation {
            component: db,
            limit: Limit::Connections,
            severity: v.severity,
        };
    }
    v
}

/// The most users `config` serves within every SLO (`None`: more than
/// [`USERS_RANGE`] allows), and the limit that breaks just beyond.
///
/// Utilization and N−1 grow linearly with users, so their limit is found in
/// closed form; only when the p95 or blocking binds first is the load
/// bisected.
pub fn config_ceiling(layout: &Layout<'_>, config: &[Choice]) -> Result<Ceiling, Error> {
    let known = |m: &HashMap<Vec<Choice>, _>| m.get(config).cloned();
    if let Some(hit) = layout.memo.ceilings.lock().ok().and_then(|m| known(&m)) {
        return Ok(hit);
    }
    let answer = ceiling_of(layout, config)?;
    if let Ok(mut m) = layout.memo.ceilings.lock() {
        m.insert(config.to_vec(), answer.clone());
    }
    Ok(answer)
}

fn ceiling_of(layout: &Layout<'_>, config: &[Choice]) -> Result<Ceiling, Error> {
    let profile = layout.profile;
    let slo = profile.slo;
    let unit = Load::at(profile, 1.0);
    let mut analytic = f64::INFINITY;
    for p in 0..layout.pools.len() {
        let u = pool_utilization(layout, config, p, &unit);
        if u > 0.0 {
            analytic = analytic.min(slo.max_utilization / u);
            if slo.survive_instance_loss && layout.component(p).kind.n_minus_1_applies() {
                if config[p].count <= 1 {
                    analytic = 0.0;
                } else {
                    let mut less = config.to_vec();
                    less[p].count -= 1;
                    analytic = analytic
                        .min(N_MINUS_1_MAX_UTILIZATION / pool_utilization(layout, &less, p, &unit));
                }
            }
        }
    }
    let fits = |u: f64| -> Result<bool, Error> {
        Ok(evaluate(layout, config, &Load::at(profile, u), false)?.ok())
    };
    let (lo_u, hi_u) = USERS_RANGE;
    let max = if analytic < lo_u || !fits(lo_u)? {
        Some(0.0)
    } else if analytic > hi_u {
        if fits(hi_u)? {
            None
        } else {
            Some(bisect(lo_u, hi_u, fits)?)
        }
    } else if fits(analytic * (1.0 - 1e-9))? {
        Some(analytic)
    } else {
        Some(bisect(lo_u, analytic, fits)?)
    };
    let breaking = match max {
        None => None,
        Some(u) => {
            let beyond = if u > 0.0 { u * (1.0 + 1e-6) } else { lo_u };
            evaluate(layout, config, &Load::at(profile, beyond), true)?
                .violations
                .into_iter()
                .next()
        }
    };
    Ok((max, breaking))
}

/// The largest users in [lo, hi] where `fits` holds (it holds at `lo`, not
/// at `hi`), by bisection on log(users).
fn bisect(lo: f64, hi: f64, fits: impl FnMut(f64) -> Result<bool, Error>) -> Result<f64, Error> {
    bisect_steps(lo, hi, BISECTION_STEPS, fits)
}

fn bisect_steps(
    lo: f64,
    hi: f64,
    steps: usize,
    mut fits: impl FnMut(f64) -> Result<bool, Error>,
) -> Result<f64, Error> {
    let (mut lo, mut hi) = (lo.ln(), hi.ln());
    for _ in 0..steps {
        let mid = 0.5 * (lo + hi);
        if fits(mid.exp())? {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(lo.exp())
}

/// The most users, up to `limit`, for which the tier can be right-sized, and
/// the limit that breaks just beyond (by bisection on log(users)).
pub fn tier_ceiling(layout: &Layout<'_>, limit: f64) -> Result<(f64, Option<Violation>), Error> {
    let profile = layout.profile;
    let fits = |u: f64| -> Result<bool, Error> {
        Ok(matches!(
            right_size(layout, &Load::at(profile, u))?,
            Sizing::Fits { .. }
        ))
    };
    let lo = USERS_RANGE.0;
    let max = if limit <= lo || !fits(lo)? {
        0.0
    } else if fits(limit)? {
        limit
    } else {
        bisect_steps(lo, limit, TIER_BISECTION_STEPS, fits)?
    };
    let beyond = if max > 0.0 { max * (1.0 + 1e-6) } else { lo };
    let breaking = match right_size(layout, &Load::at(profile, beyond))? {
        Sizing::Exceeds { violation } => Some(violation),
        Sizing::Fits { .. } => None,
    };
    Ok((max, breaking))
}

/// Months ahead a configuration is bought for: a resize or a tier move is
/// sized to carry the load this many months after it.
pub const LOOKAHEAD_MONTHS: u32 = 12;

/// The most users of months `from..=to`.
pub fn peak_users(layout: &Layout<'_>, from: u32, to: u32) -> f64 {
    (from..=to)
        .map(|m| layout.profile.users.at(f64::from(m)))
        .fold(0.0, f64::max)
}

/// The configuration `layout` would be bought at for month `month`: the
/// cheapest that carries every month up to [`LOOKAHEAD_MONTHS`] later, or,
/// where the tier cannot carry that far, up to the last month it can; with
/// the last month it is sized for. `None` when it cannot carry month
/// `month` itself.
pub fn bought_config(layout: &Layout<'_>, month: u32) -> Result<Option<(Vec<Choice>, u32)>, Error> {
    let profile = layout.profile;
    let sized = |to: u32| -> Result<Option<Vec<Choice>>, Error> {
        Ok(
            match right_size(layout, &Load::at(profile, peak_users(layout, month, to)))? {
                Sizing::Fits { config, .. } => Some(config),
                Sizing::Exceeds { .. } => None,
            },
        )
    };
    let top = month + LOOKAHEAD_MONTHS;
    if let Some(c) = sized(top)? {
        return Ok(Some((c, top)));
    }
    let Some(mut best) = sized(month)? else {
        return Ok(None);
    };
    // Fitting is monotone in load: bisect on the last month that fits.
    let (mut lo, mut hi) = (month, top);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        match sized(mid)? {
            Some(c) => {
                best = c;
                lo = mid;
            }
            None => hi = mid,
        }
    }
    Ok(Some((best, lo)))
}

/// The first month in `from..=last` whose users break `config` (`None`:
/// it carries them all), and the limit that breaks.
pub fn config_breach_month(
    layout: &Layout<'_>,
    config: &[Choice],
    from: u32,
    last: u32,
) -> Result<(Option<u32>, Option<Violation>), Error> {
    let (max, breaking) = config_ceiling(layout, config)?;
    let Some(max) = max else {
        return Ok((None, None));
    };
    let users = &layout.profile.users;
    let month = (from..=last).find(|&m| users.at(f64::from(m)) > max * (1.0 + 1e-9));
    Ok((month, if month.is_some() { breaking } else { None }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::embedded_catalog;
    use crate::profile::profile_from_str;

    const PROFILE: &str = "users:\n  monthly_active: 20k\n  growth: 8%\ncurrent:\n  tier: monolith\n  components:\n    app: {size: c7g.xlarge}\n    db: {size: db.m7g.large}\n";

    fn configs(s: &Sizing) -> Option<Vec<Choice>> {
        match s {
            Sizing::Fits { config, .. } => Some(config.clone()),
            Sizing::Exceeds { .. } => None,
        }
    }

    #[test]
    fn remembered_targets_are_every_option_above_the_start() {
        let p = profile_from_str("app.yaml", PROFILE).unwrap();
        let cat = embedded_catalog().unwrap();
        for tier in &cat.tiers {
            let layout = Layout::new(tier, &p, &cat.prices);
            let targets = Targets::of(&layout);
            for users in [0.0, 5e3, 2e4, 3e5, 4e6, 1e12] {
                let start = users / p.slo.max_utilization;
                // Every option's capacity target above the start, each once.
                let mut scan: Vec<f64> = Vec::new();
                for (q, f) in layout.frontiers.iter().enumerate() {
                    let d = layout.demand_per_user[q];
                    if d > 0.0 {
                        scan.extend(f.iter().map(|o| o.capacity / d).filter(|a| *a > start));
                    }
                }
                scan.sort_by(f64::total_cmp);
                scan.dedup();
                let above = targets
                    .at
                    .partition_point(|a| a.partial_cmp(&start) != Some(Greater));
                let kept: Vec<u64> = targets.at[above..].iter().map(|a| a.to_bits()).collect();
                let expected: Vec<u64> = scan.iter().map(|a| a.to_bits()).collect();
                assert_eq!(kept, expected, "{} at {users} users", tier.name);
            }
            for i in (0..targets.at.len()).step_by(7) {
                let direct = at_target(&layout, targets.at[i]);
                assert_eq!(targets.config(&layout, i), &direct, "{}", tier.name);
            }
        }
    }

    #[test]
    fn remembered_answers_are_the_answers_of_a_fresh_layout() {
        let p = profile_from_str("app.yaml", PROFILE).unwrap();
        let cat = embedded_catalog().unwrap();
        for tier in &cat.tiers {
            let layout = Layout::new(tier, &p, &cat.prices);
            for users in [5e3, 2e4, 3e5, 4e6] {
                let load = Load::at(&p, users);
                // Twice on one layout (the second from memory), with and
                // without a floor, against a layout that remembers nothing.
                let first = right_size_from(&layout, &load, 0.0).unwrap();
                let again = right_size_from(&layout, &load, 0.0).unwrap();
                let floored = right_size_from(&layout, &load, users).unwrap();
                let fresh = Layout::new(tier, &p, &cat.prices);
                let expected = size_from(&fresh, &load, 0.0).unwrap();
                let expected_floored = size_from(&fresh, &load, users).unwrap();
                assert_eq!(configs(&first.0), configs(&expected.0), "{}", tier.name);
                assert_eq!(configs(&again.0), configs(&expected.0), "{}", tier.name);
                assert_eq!(first.1.to_bits(), expected.1.to_bits());
                assert_eq!(configs(&floored.0), configs(&expected_floored.0));
                assert_eq!(floored.1.to_bits(), expected_floored.1.to_bits());
                if let Some(c) = configs(&first.0) {
                    let (max, _) = config_ceiling(&layout, &c).unwrap();
                    let (again, _) = config_ceiling(&layout, &c).unwrap();
                    let (fresh_max, _) = ceiling_of(&fresh, &c).unwrap();
                    assert_eq!(max.map(f64::to_bits), fresh_max.map(f64::to_bits));
                    assert_eq!(again.map(f64::to_bits), fresh_max.map(f64::to_bits));
                }
            }
        }
    }
}
