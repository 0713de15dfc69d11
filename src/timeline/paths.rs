//! Monte Carlo over growth paths: pure arithmetic on precomputed ceilings
//! and cost grids. No file, terminal or clock.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use super::ceilings::Precomputed;
use crate::assess::plan::LOOKAHEAD_MONTHS;
use crate::profile::growth::QuantileTable;

/// How users grow on each path.
#[derive(Debug, Clone)]
pub enum PathGrowth<'a> {
    /// Every path the same: users at each month.
    Fixed(Vec<f64>),
    /// Each path draws one monthly rate from this quantile table.
    Uncertain {
        /// Users today.
        users_now: f64,
        /// The rate distribution.
        table: &'a QuantileTable,
    },
}

/// Users at months 0..=`months` on `n` paths, path-major (`[path][month]`),
/// from `seed`. The same seed gives the same paths.
pub fn sample_users(growth: &PathGrowth<'_>, months: u32, n: u32, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..n)
        .map(|_| match growth {
            PathGrowth::Fixed(users) => users.clone(),
            PathGrowth::Uncertain { users_now, table } => {
                let g = table.at(rng.random::<f64>());
                let mut u = *users_now;
                (0..=months)
                    .map(|m| {
                        if m > 0 {
                            u *= 1.0 + g;
                        }
                        u
                    })
                    .collect()
            }
        })
        .collect()
}

/// One path's plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The tier in use each month (`None`: no tier carries the peak).
    pub in_use: Vec<Option<usize>>,
    /// Tier moves: (upgrade-by month, tier moved to).
    pub moves: Vec<(u32, usize)>,
    /// First month today's configuration breaks an SLO.
    pub config_breach: Option<u32>,
}

/// Plans one path: `users` sustained users and `spike` peak multipliers per
/// month. Every tier is checked against every month's peak.
pub fn plan(pre: &Precomputed, users: &[f64], spike: &[f64], lead: u32) -> Plan {
    let months = users.len();
    let tiers = &pre.tiers;
    // fits[m * tiers + t]: tier t carries month m's peak.
    let mut fits = vec![false; months * tiers.len()];
    let mut config_breach = None;
    for m in 0..months {
        let peak = users[m] * spike[m];
        for (t, tier) in tiers.iter().enumerate() {
            fits[m * tiers.len() + t] = peak <= tier.ceiling;
        }
        if config_breach.is_none() && peak > pre.config_ceiling {
            config_breach = Some(m as u32);
        }
    }
    let fit = |m: usize, t: usize| fits[m * tiers.len() + t];
    let mut in_use = vec![Some(pre.current); months];
    let mut moves = Vec::new();
    let (mut t, mut from) = (pre.current, 0usize);
    while let Some(b) = (from..months).find(|&m| !fit(m, t)) {
        // As the plan of `assess`: the cheapest higher tier that carries the
        // peak for LOOKAHEAD_MONTHS after the breach, else the one that
        // lasts longest.
        let candidates: Vec<usize> = (0..tiers.len())
            .filter(|&x| {
                tiers[x].rank > tiers[t].rank && pre.allowed.get(x).is_none_or(|a| *a) && fit(b, x)
            })
            .collect();
        let lasting = |x: usize| -> usize { (b..months).find(|&m| !fit(m, x)).unwrap_or(months) };
        let enough = (b + LOOKAHEAD_MONTHS as usize).min(months);
        let c = |i: usize| tiers[i].cost_at(users[b]).unwrap_or(f64::MAX);
        let next = candidates
            .iter()
            .copied()
            .filter(|&x| lasting(x) >= enough)
            .min_by(|&x, &y| c(x).total_cmp(&c(y)))
            .or_else(|| {
                candidates
                    .iter()
                    .copied()
                    .max_by(|&x, &y| lasting(x).cmp(&lasting(y)).then(c(y).total_cmp(&c(x))))
            });
        match next {
            None => {
                in_use[b..].iter_mut().for_each(|s| *s = None);
                break;
            }
            Some(n) => {
                let u = b.saturating_sub(lead as usize).max(from);
                moves.push((u as u32, n));
                in_use[u..].iter_mut().for_each(|s| *s = Some(n));
                t = n;
                from = u;
            }
        }
    }
    Plan {
        in_use,
        moves,
        config_breach,
    }
}

/// The k-th move over all paths.
#[derive(Debug, Clone, PartialEq)]
pub struct MoveStats {
    /// The tier most paths move to.
    pub to: usize,
    /// Share of moving paths that move there.
    pub to_share: f64,
    /// Share of paths making the move.
    pub probability: f64,
    /// Upgrade-by month at P10, P50, P90 (`None`: beyond the months).
    pub months: [Option<u32>; 3],
}

/// Figures over all paths.
#[derive(Debug, Clone, PartialEq)]
pub struct PathStats {
    /// Users per month at P10, P50, P90 (empty from [`evaluate_moves`]).
    pub users: Vec<[f64; 3]>,
    /// Monthly cost per month at P10, P50, P90 over paths with a tier
    /// (empty from [`evaluate_moves`]).
    pub cost: Vec<[Option<f64>; 3]>,
    /// Share of paths whose configuration has broken by each month.
    pub breach_probability: Vec<f64>,
    /// The moves, in order.
    pub moves: Vec<MoveStats>,
    /// Share of paths on which no tier carries the load at some month.
    pub exhausted_probability: f64,
}

/// The quantiles P10, P50, P90 by nearest rank.
pub const QUANTILES: [f64; 3] = [0.1, 0.5, 0.9];

fn rank(q: f64, n: usize) -> usize {
    ((q * n as f64).ceil() as usize).clamp(1, n) - 1
}

/// The values of ranks P10, P50, P90 of `v` in the order `cmp`, as sorting
/// would place them: each found by selection, in linear time.
fn nearest_ranks<T: Copy>(v: &mut [T], cmp: impl Fn(&T, &T) -> std::cmp::Ordering) -> [T; 3] {
    let n = v.len();
    let [r0, r1, r2] = QUANTILES.map(|q| rank(q, n));
    // The median first: the lower ranks are then among the values before
    // it, the upper among those after.
    let (below, mid, above) = v.select_nth_unstable_by(r1, &cmp);
    let mid = *mid;
    let low = if r0 < r1 {
        *below.select_nth_unstable_by(r0, &cmp).1
    } else {
        mid
    };
    let high = if r2 > r1 {
        *above.select_nth_unstable_by(r2 - r1 - 1, &cmp).1
    } else {
        mid
    };
    [low, mid, high]
}

fn quantiles(mut v: Vec<f64>) -> [Option<f64>; 3] {
    if v.is_empty() {
        return [None; 3];
    }
    nearest_ranks(&mut v, f64::total_cmp).map(Some)
}

/// Percentiles of months where `None` (not within the months) is later
/// than every month.
pub fn month_quantiles(v: &[Option<u32>]) -> [Option<u32>; 3] {
    if v.is_empty() {
        return [None; 3];
    }
    let mut s: Vec<u32> = v.iter().map(|m| m.unwrap_or(u32::MAX)).collect();
    nearest_ranks(&mut s, u32::cmp).map(|m| Some(m).filter(|&m| m != u32::MAX))
}

/// Plans every path and summarises.
pub fn evaluate(pre: &Precomputed, users: &[Vec<f64>], spike: &[f64], lead: u32) -> PathStats {
    summarise(pre, users, spike, lead, true)
}

/// [`evaluate`] without the percentiles of users and costs (left empty):
/// the moves, breach and exhaustion figures only.
pub fn evaluate_moves(
    pre: &Precomputed,
    users: &[Vec<f64>],
    spike: &[f64],
    lead: u32,
) -> PathStats {
    summarise(pre, users, spike, lead, false)
}

fn summarise(
    pre: &Precomputed,
    users: &[Vec<f64>],
    spike: &[f64],
    lead: u32,
    percentiles: bool,
) -> PathStats {
    let n = users.len();
    let months = spike.len();
    let mut cost_cols: Vec<Vec<f64>> = if percentiles {
        vec![Vec::with_capacity(n); months]
    } else {
        Vec::new()
    };
    let mut breached = vec![0u32; months];
    let mut moves: Vec<Vec<Option<(u32, usize)>>> = Vec::new();
    let mut exhausted = 0u32;
    for (i, path) in users.iter().enumerate() {
        let p = plan(pre, path, spike, lead);
        for ((m, t), col) in p.in_use.iter().enumerate().zip(&mut cost_cols) {
            if let Some(c) = t.and_then(|t| pre.tiers[t].cost_at(path[m])) {
                col.push(c);
            }
        }
        if p.in_use.last().is_some_and(|t| t.is_none()) {
            exhausted += 1;
        }
        if let Some(b) = p.config_breach {
            breached[b as usize] += 1;
        }
        for (k, mv) in p.moves.iter().enumerate() {
            if moves.len() <= k {
                moves.push(vec![None; n]);
            }
            moves[k][i] = Some(*mv);
        }
    }
    let users_q = (0..if percentiles { months } else { 0 })
        .map(|m| quantiles(users.iter().map(|p| p[m]).collect()).map(|x| x.unwrap_or(0.0)))
        .collect();
    let mut acc = 0u32;
    let breach_probability = breached
        .iter()
        .map(|b| {
            acc += b;
            f64::from(acc) / n as f64
        })
        .collect();
    let moves = moves
        .iter()
        .map(|k| {
            let mut counts = vec![0u32; pre.tiers.len()];
            let mut made = 0u32;
            for (_, t) in k.iter().flatten() {
                counts[*t] += 1;
                made += 1;
            }
            let to = (0..counts.len())
                .max_by_key(|&t| (counts[t], std::cmp::Reverse(t)))
                .unwrap_or(0);
            let months_of: Vec<Option<u32>> = k.iter().map(|m| m.map(|(u, _)| u)).collect();
            MoveStats {
                to,
                to_share: f64::from(counts[to]) / f64::from(made.max(1)),
                probability: f64::from(made) / n as f64,
                months: month_quantiles(&months_of),
            }
        })
        .collect();
    PathStats {
        users: users_q,
        cost: cost_cols.into_iter().map(quantiles).collect(),
        breach_probability,
        moves,
        exhausted_probability: f64::from(exhausted) / n as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selected_ranks_are_those_of_the_sorted_values() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        for n in [1usize, 2, 3, 4, 9, 10, 11, 100, 1001] {
            for _ in 0..20 {
                // Few distinct values, so ties are common; signed zeros and
                // NaN ordered by total_cmp.
                let mut v: Vec<f64> = (0..n)
                    .map(|_| match rng.random_range(0..12) {
                        0 => -0.0,
                        1 => f64::NAN,
                        k => f64::from(k) * 0.5 - 2.0,
                    })
                    .collect();
                let mut sorted = v.clone();
                sorted.sort_by(f64::total_cmp);
                let expected = QUANTILES.map(|q| sorted[rank(q, n)].to_bits());
                let got = nearest_ranks(&mut v, f64::total_cmp).map(f64::to_bits);
                assert_eq!(got, expected, "n = {n}");
                let months: Vec<Option<u32>> = (0..n)
                    .map(|_| (rng.random_range(0..4) > 0).then(|| rng.random_range(0..40)))
                    .collect();
                let mut s: Vec<u32> = months.iter().map(|m| m.unwrap_or(u32::MAX)).collect();
                s.sort_unstable();
                let expected = QUANTILES.map(|q| Some(s[rank(q, n)]).filter(|&m| m != u32::MAX));
                assert_eq!(month_quantiles(&months), expected, "n = {n}");
            }
        }
    }
}
