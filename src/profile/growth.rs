//! Uncertain growth and launch spikes: the `users.growth` range forms and
//! `users.spikes`, validated into distributions the timeline samples.
//!
//! Forms of `users.growth` (monthly compound rate of monthly active users):
//!
//! | form | distribution |
//! |---|---|
//! | `15%` | certain (as before; −50% to 300%) |
//! | `15% ± 5%` | normal, mean 15%, sd 5 points, truncated to 0%–100% |
//! | `{ low: 5%, likely: 15%, high: 25% }` | PERT: Beta on [low, high] with mode `likely` (α = 1 + 4(likely−low)/(high−low), β = 1 + 4(high−likely)/(high−low)); low and high are the extremes, not P10/P90 |
//! | `{ p10: 8%, p50: 15%, p90: 25% }` | two-piece normal: median p50, P10 and P90 as given, truncated to 0%–100% |
//!
//! Every rate of an uncertain form must lie between 0% and 100% a month:
//! the range forms model growth, and more than doubling every month for
//! years is not a plan.

use statrs::distribution::{Beta, ContinuousCDF, Normal};

use super::defaults as d;
use super::model::Growth;
use super::raw::{RawGrowth, RawGrowthRange, RawSpike};
use crate::error::InputError;
use crate::input::{Ctx, Spanned};
use crate::units::{self, Human, Kind};

/// Lowest monthly rate of an uncertain growth form (the truncation floor).
pub const UNCERTAIN_MIN: f64 = 0.0;
/// Highest monthly rate of an uncertain growth form (the truncation cap).
pub const UNCERTAIN_MAX: f64 = 1.0;
/// Largest spike factor.
pub const MAX_SPIKE_FACTOR: f64 = 1000.0;
/// Default spike length, hours.
pub const SPIKE_HOURS: f64 = 24.0;
/// z such that Φ(z) = 0.9.
const Z90: f64 = 1.281_551_565_544_600_4;
/// Points of the tabulated quantile function used for sampling.
const TABLE: usize = 4097;

/// The monthly growth rate as a distribution.
#[derive(Debug, Clone, PartialEq)]
pub enum GrowthDist {
    /// Normal with this mean and sd, truncated to [0%, 100%].
    Normal {
        /// Mean monthly rate (fraction).
        mean: f64,
        /// Standard deviation (fraction).
        sd: f64,
    },
    /// PERT (scaled Beta) with these extremes and mode.
    Pert {
        /// Lowest rate.
        low: f64,
        /// Most likely rate.
        likely: f64,
        /// Highest rate.
        high: f64,
    },
    /// Two-piece normal through P10, P50 and P90, truncated to [0%, 100%].
    SplitNormal {
        /// 10th percentile.
        p10: f64,
        /// Median.
        p50: f64,
        /// 90th percentile.
        p90: f64,
    },
}

fn std_normal() -> Normal {
    Normal::new(0.0, 1.0).expect("a valid normal")
}

impl GrowthDist {
    /// The monthly rate with probability `q` of being lower, `q` in [0, 1].
    pub fn quantile(&self, q: f64) -> f64 {
        let q = q.clamp(0.0, 1.0);
        let n = std_normal();
        let x = match *self {
            GrowthDist::Normal { mean, sd } => {
                let a = n.cdf((UNCERTAIN_MIN - mean) / sd);
                let b = n.cdf((UNCERTAIN_MAX - mean) / sd);
                mean + sd * n.inverse_cdf((a + q * (b - a)).clamp(1e-15, 1.0 - 1e-15))
            }
            GrowthDist::Pert { low, likely, high } => {
                let w = high - low;
                let alpha = 1.0 + 4.0 * (likely - low) / w;
                let beta = 1.0 + 4.0 * (high - likely) / w;
                let b = Beta::new(alpha, beta).expect("validated shape");
                low + w * b.inverse_cdf(q)
            }
            GrowthDist::SplitNormal { p10, p50, p90 } => {
                let (lo, hi) = ((p50 - p10) / Z90, (p90 - p50) / Z90);
                let cdf = |x: f64| {
                    let s = if x < p50 { lo } else { hi };
                    n.cdf((x - p50) / s)
                };
                let (a, b) = (cdf(UNCERTAIN_MIN), cdf(UNCERTAIN_MAX));
                let p = (a + q * (b - a)).clamp(1e-15, 1.0 - 1e-15);
                let z = n.inverse_cdf(p);
                p50 + z * if p < 0.5 { lo } else { hi }
            }
        };
        x.clamp(UNCERTAIN_MIN, UNCERTAIN_MAX)
    }

    /// The median monthly rate.
    pub fn median(&self) -> f64 {
        self.quantile(0.5)
    }

    /// The quantile function tabulated at `TABLE` evenly spaced
    /// probabilities, for fast sampling by linear interpolation.
    pub fn table(&self) -> QuantileTable {
        QuantileTable {
            points: (0..TABLE)
                .map(|i| self.quantile(i as f64 / (TABLE - 1) as f64))
                .collect(),
        }
    }
}

/// A tabulated quantile function: `sample(u)` for `u` uniform in [0, 1)
/// draws from the distribution.
#[derive(Debug, Clone)]
pub struct QuantileTable {
    points: Vec<f64>,
}

impl QuantileTable {
    /// The quantile at probability `u` in [0, 1].
    pub fn at(&self, u: f64) -> f64 {
        let x = u.clamp(0.0, 1.0) * (self.points.len() - 1) as f64;
        let i = (x as usize).min(self.points.len() - 2);
        let f = x - i as f64;
        self.points[i] + f * (self.points[i + 1] - self.points[i])
    }
}

/// A launch spike: the month's peak multiplied for some hours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spike {
    /// Month from now.
    pub month: u32,
    /// Peak multiplier (≥ 1).
    pub factor: f64,
    /// Duration, hours. Queues reach their steady state within minutes, so
    /// the tier must carry the spike's peak however long it lasts.
    pub hours: f64,
}

/// Reads `users.growth` into the rate `assess` plans with (the median for
/// uncertain forms) and the distribution, if any.
pub(super) fn growth(
    cx: Ctx<'_>,
    g: &Spanned<RawGrowth>,
) -> Result<(Growth, Option<GrowthDist>), InputError> {
    let key = "users.growth";
    let rate_range = format!(
        "a monthly rate between {}% and {}% in a range form",
        UNCERTAIN_MIN * 100.0,
        UNCERTAIN_MAX * 100.0
    );
    let dist = match &g.value {
        RawGrowth::Value(Human::Text(t)) if split_pm(t).is_some() => {
            let (m, s) = split_pm(t).expect("checked");
            let mean = units::parse(Kind::Fraction, &Human::Text(m.into()));
            let sd = units::parse(Kind::Fraction, &Human::Text(s.into()));
            match (mean, sd) {
                (Some(mean), Some(sd)) => {
                    if !(UNCERTAIN_MIN..=UNCERTAIN_MAX).contains(&mean) {
                        return Err(cx.invalid(
                            g,
                            key,
                            format!("must have a mean that is {rate_range}"),
                        ));
                    }
                    if !(sd > 0.0 && sd <= 0.5) {
                        return Err(cx.invalid(
                            g,
                            key,
                            "must have an uncertainty (after ±) above 0% and at most 50% (write 15% alone for a certain rate)",
                        ));
                    }
                    GrowthDist::Normal { mean, sd }
                }
                _ => {
                    return Err(cx.invalid(
                        g,
                        key,
                        "must be a rate with an uncertainty like 15% ± 5% (or 15% +- 5%)",
                    ));
                }
            }
        }
        RawGrowth::Value(h) => {
            let v = Spanned {
                value: h.clone(),
                referenced: g.referenced,
                defined: g.defined,
            };
            let rate = units::read_within(
                cx,
                &v,
                key,
                Kind::Fraction,
                -0.5,
                d::MAX_GROWTH,
                "a monthly rate between -50% and 300%",
            )?;
            return Ok((Growth::Rate(rate), None));
        }
        RawGrowth::Range(r) => range(cx, g, r, &rate_range)?,
    };
    Ok((Growth::Rate(dist.median()), Some(dist)))
}

fn split_pm(t: &str) -> Option<(&str, &str)> {
    ["±", "+/-", "+-"]
        .iter()
        .find_map(|sep| t.split_once(sep))
        .map(|(a, b)| (a.trim(), b.trim()))
}

fn range(
    cx: Ctx<'_>,
    g: &Spanned<RawGrowth>,
    r: &RawGrowthRange,
    rate_range: &str,
) -> Result<GrowthDist, InputError> {
    let read = |v: &Spanned<Human>, k: &str| {
        units::read_within(
            cx,
            v,
            &format!("users.growth.{k}"),
            Kind::Fraction,
            UNCERTAIN_MIN,
            UNCERTAIN_MAX,
            rate_range,
        )
    };
    match r {
        RawGrowthRange {
            low: Some(lo),
            likely: Some(li),
            high: Some(hi),
            p10: None,
            p50: None,
            p90: None,
        } => {
            let (low, likely, high) = (read(lo, "low")?, read(li, "likely")?, read(hi, "high")?);
            if low > likely {
                return Err(cx.invalid(
                    lo,
                    "users.growth.low",
                    format!("must be at most users.growth.likely ({})", li.value),
                ));
            }
            if likely > high {
                return Err(cx.invalid(
                    hi,
                    "users.growth.high",
                    format!("must be at least users.growth.likely ({})", li.value),
                ));
            }
            if low >= high {
                return Err(cx.invalid(
                    hi,
                    "users.growth.high",
                    format!(
                        "must be above users.growth.low ({}) (write one rate for a certain rate)",
                        lo.value
                    ),
                ));
            }
            Ok(GrowthDist::Pert { low, likely, high })
        }
        RawGrowthRange {
            low: None,
            likely: None,
            high: None,
            p10: Some(a),
            p50: Some(m),
            p90: Some(b),
        } => {
            let (p10, p50, p90) = (read(a, "p10")?, read(m, "p50")?, read(b, "p90")?);
            if p10 >= p90 {
                return Err(cx.invalid(
                    a,
                    "users.growth.p10",
                    format!("must be below users.growth.p90 ({})", b.value),
                ));
            }
            if !(p10 < p50 && p50 < p90) {
                return Err(cx.invalid(
                    m,
                    "users.growth.p50",
                    format!(
                        "must lie strictly between users.growth.p10 ({}) and users.growth.p90 ({})",
                        a.value, b.value
                    ),
                ));
            }
            Ok(GrowthDist::SplitNormal { p10, p50, p90 })
        }
        _ => Err(cx.invalid(
            g,
            "users.growth",
            "must give either low, likely and high, or p10, p50 and p90 (all three, not mixed)",
        )),
    }
}

/// Reads `users.spikes`.
pub(super) fn spikes(
    cx: Ctx<'_>,
    raw: &Option<Spanned<Vec<RawSpike>>>,
) -> Result<Vec<Spike>, InputError> {
    let Some(list) = raw else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Spike> = Vec::with_capacity(list.value.len());
    for (i, s) in list.value.iter().enumerate() {
        let key = format!("users.spikes[{i}]");
        let month = units::read_whole(
            cx,
            &s.month,
            &format!("{key}.month"),
            0,
            d::MAX_HORIZON_MONTHS,
        )?;
        if out.iter().any(|o| o.month == month) {
            return Err(cx.invalid(
                &s.month,
                format!("{key}.month"),
                "must differ from every other spike's month (one spike a month)",
            ));
        }
        let factor = units::read_within(
            cx,
            &s.factor,
            &format!("{key}.factor"),
            Kind::Factor,
            1.0,
            MAX_SPIKE_FACTOR,
            "a peak multiplier from 1 to 1000, like 10x",
        )?;
        let hours = match &s.hours {
            None => SPIKE_HOURS,
            Some(h) => {
                let x = units::read(cx, h, &format!("{key}.hours"), Kind::Count)?;
                if !(x > 0.0 && x <= 744.0) {
                    return Err(cx.invalid(
                        h,
                        format!("{key}.hours"),
                        "must be > 0 and at most 744 (a month of hours)",
                    ));
                }
                x
            }
        };
        out.push(Spike {
            month,
            factor,
            hours,
        });
    }
    out.sort_by_key(|s| s.month);
    Ok(out)
}
