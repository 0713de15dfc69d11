//! The once-per-profile work: each tier's ceiling, today's configuration's
//! ceiling, and each tier's cost on a grid of loads, all from the `assess`
//! model. Growth paths then need only arithmetic (see `paths`).

use crate::assess::cost::monthly_total;
use crate::assess::current::{current_config, current_tier};
use crate::assess::layout::Layout;
use crate::assess::load::Load;
use crate::assess::plan::{Sizing, USERS_RANGE, config_ceiling, right_size};
use crate::assess::report::BreachLimit;
use crate::catalog::Catalog;
use crate::error::Error;
use crate::profile::Profile;

/// Bisection steps on log(users) over [1, 1e10]: 23 / 2^40 ≈ 2e-11 relative.
const CEILING_STEPS: usize = 40;
/// Points of each tier's cost grid.
pub const COST_GRID: usize = 32;

/// One tier, reduced to what growth paths need.
#[derive(Debug, Clone)]
pub struct TierCurve {
    /// Machine name.
    pub name: String,
    /// Ladder position.
    pub rank: u32,
    /// Most users the tier can be right-sized for (`f64::INFINITY`: more
    /// than 1e10; 0: not even one).
    pub ceiling: f64,
    /// The limit that breaks just beyond the ceiling.
    pub limit: Option<BreachLimit>,
    /// ln(users) of the cost grid, increasing.
    pub grid_ln_users: Vec<f64>,
    /// Right-sized monthly cost at each grid point, US dollars, never falling.
    pub grid_cost: Vec<f64>,
}

impl TierCurve {
    /// Monthly cost at `users` (interpolated on log users; clamped to the
    /// grid), `None` beyond the ceiling or without a grid.
    pub fn cost_at(&self, users: f64) -> Option<f64> {
        if users > self.ceiling || self.grid_cost.is_empty() {
            return None;
        }
        let x = users.ln();
        let g = &self.grid_ln_users;
        let n = g.len();
        if n == 1 || x <= g[0] {
            return Some(self.grid_cost[0]);
        }
        if x >= g[n - 1] {
            return Some(self.grid_cost[n - 1]);
        }
        let step = (g[n - 1] - g[0]) / (n - 1) as f64;
        let i = (((x - g[0]) / step) as usize).min(n - 2);
        let f = ((x - g[i]) / (g[i + 1] - g[i])).clamp(0.0, 1.0);
        Some(self.grid_cost[i] + f * (self.grid_cost[i + 1] - self.grid_cost[i]))
    }
}

/// Everything growth paths need.
#[derive(Debug, Clone)]
pub struct Precomputed {
    /// Tiers in catalog (ladder) order.
    pub tiers: Vec<TierCurve>,
    /// Index of today's tier.
    pub current: usize,
    /// Most users today's configuration serves (`f64::INFINITY`: more than
    /// 1e10).
    pub config_ceiling: f64,
    /// Per tier, whether a move may go there (a multi-region tier only for
    /// users in several regions, or when it is today's).
    pub allowed: Vec<bool>,
}

/// Ceilings and cost grids of every tier for `profile`, costs tabulated over
/// users in `[lo, hi]`; today's tier on `current_profile` (the profile with
/// the plan's connection pool). Tiers are computed in parallel.
pub fn precompute(
    profile: &Profile,
    current_profile: &Profile,
    catalog: &Catalog,
    lo: f64,
    hi: f64,
) -> Result<Precomputed, Error> {
    precompute_known(profile, current_profile, catalog, lo, hi, None)
}

/// [`precompute`], with today's tier's [`ceiling`] already known (it is
/// found again otherwise).
pub fn precompute_known(
    profile: &Profile,
    current_profile: &Profile,
    catalog: &Catalog,
    lo: f64,
    hi: f64,
    current_ceiling: Option<(f64, Option<BreachLimit>)>,
) -> Result<Precomputed, Error> {
    let current = current_tier(profile, catalog)?;
    let layouts: Vec<Layout<'_>> = catalog
        .tiers
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let p = if i == current {
                current_profile
            } else {
                profile
            };
            Layout::new(t, p, &catalog.prices)
        })
        .collect();
    let config = current_config(&layouts[current])?;
    let results: Vec<Result<TierCurve, Error>> = std::thread::scope(|s| {
        let handles: Vec<_> = layouts
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let known = if i == current {
                    current_ceiling.clone()
                } else {
                    None
                };
                s.spawn(move || tier_curve(l, lo, hi, known))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Internal("a tier ceiling panicked".into())))
            })
            .collect()
    });
    let tiers = results.into_iter().collect::<Result<Vec<_>, _>>()?;
    let (max, _) = config_ceiling(&layouts[current], &config)?;
    let allowed = vec![true; tiers.len()];
    Ok(Precomputed {
        tiers,
        current,
        config_ceiling: max.unwrap_or(f64::INFINITY),
        allowed,
    })
}

fn fits(layout: &Layout<'_>, users: f64) -> Result<bool, Error> {
    Ok(matches!(
        right_size(layout, &Load::at(layout.profile, users))?,
        Sizing::Fits { .. }
    ))
}

/// The tier's ceiling, by bisection on log(users) (a configuration that
/// holds at a load holds at every smaller load).
pub fn ceiling(layout: &Layout<'_>) -> Result<(f64, Option<BreachLimit>), Error> {
    let (lo_u, hi_u) = USERS_RANGE;
    let max = if !fits(layout, lo_u)? {
        0.0
    } else if fits(layout, hi_u)? {
        return Ok((f64::INFINITY, None));
    } else {
        let (mut lo, mut hi) = (lo_u.ln(), hi_u.ln());
        for _ in 0..CEILING_STEPS {
            let mid = 0.5 * (lo + hi);
            if fits(layout, mid.exp())? {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo.exp()
    };
    let beyond = if max > 0.0 { max * (1.0 + 1e-9) } else { lo_u };
    let limit = match right_size(layout, &Load::at(layout.profile, beyond))? {
        Sizing::Exceeds { violation } => Some(BreachLimit {
            component: violation.component,
            limit: violation.limit,
        }),
        Sizing::Fits { .. } => None,
    };
    Ok((max, limit))
}

fn tier_curve(
    layout: &Layout<'_>,
    lo: f64,
    hi: f64,
    known: Option<(f64, Option<BreachLimit>)>,
) -> Result<TierCurve, Error> {
    let (ceiling, limit) = match known {
        Some(k) => k,
        None => ceiling(layout)?,
    };
    let top = hi.min(ceiling);
    let (mut grid_ln_users, mut grid_cost) = (Vec::new(), Vec::new());
    if top >= lo && ceiling > 0.0 {
        let (a, b) = (lo.ln(), top.ln());
        let n = if b > a { COST_GRID } else { 1 };
        let mut last: f64 = 0.0;
        for i in 0..n {
            let x = if n == 1 {
                a
            } else {
                a + (b - a) * i as f64 / (n - 1) as f64
            };
            let load = Load::at(layout.profile, x.exp());
            let cost = match right_size(layout, &load)? {
                Sizing::Fits { config, .. } => monthly_total(layout, &config, &load),
                // Rounding at the ceiling itself: keep the last cost.
                Sizing::Exceeds { .. } => last,
            };
            last = last.max(cost);
            grid_ln_users.push(x);
            grid_cost.push(last);
        }
    }
    Ok(TierCurve {
        name: layout.tier.name.clone(),
        rank: layout.tier.rank,
        ceiling,
        limit,
        grid_ln_users,
        grid_cost,
    })
}
