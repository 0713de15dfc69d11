//! Running the scenarios on today's configuration of the current tier.

use crate::assess::current::{current_config, current_tier};
use crate::assess::evaluate::{Evaluation, Limit, evaluate, pool_utilization};
use crate::assess::layout::{Choice, Layout};
use crate::assess::load::Load;
use crate::catalog::{Catalog, ComponentKind, Tier};
use crate::check::short as num;
use crate::error::Error;
use crate::profile::Profile;
use crate::render::pct;

use super::{Failure, SCENARIOS_SCHEMA, ScenarioKind, ScenarioReport, ScenarioResult};

/// Bisection steps on the hit ratio of the cold-cache scenario.
const HIT_RATIO_STEPS: usize = 30;

/// Runs the scenarios in `only` (every scenario when `None`) on today's
/// setup of `profile`'s current tier.
///
/// Errors: the current setup does not match the catalog (`Error::Input`), or
/// the solver failed (`Error::Internal`).
pub fn run_scenarios(
    profile: &Profile,
    catalog: &Catalog,
    only: Option<&[ScenarioKind]>,
) -> Result<ScenarioReport, Error> {
    let mut base = profile.clone();
    base.slo.survive_instance_loss = false;
    let cur = current_tier(&base, catalog)?;
    let tier = &catalog.tiers[cur];
    let layout = Layout::new(tier, &base, &catalog.prices);
    let config = current_config(&layout)?;
    let cx = Cx {
        base: &base,
        catalog,
        tier,
        layout: &layout,
        config: &config,
        load: Load::at(&base, base.users.monthly_active),
    };
    let mut scenarios = Vec::new();
    for k in ScenarioKind::ALL {
        if only.is_some_and(|o| !o.contains(&k)) {
            continue;
        }
        scenarios.push(match k {
            ScenarioKind::Spike => cx.spike()?,
            ScenarioKind::InstanceLoss => cx.lose_one(k, ComponentKind::App, "app instance")?,
            ScenarioKind::ReplicaLoss => {
                cx.lose_one(k, ComponentKind::Replicas, "database read replica")?
            }
            ScenarioKind::ColdCache => cx.cold_cache()?,
            ScenarioKind::RegionFailover => cx.region_failover()?,
        });
    }
    Ok(ScenarioReport {
        schema: SCENARIOS_SCHEMA,
        app: profile.name.clone(),
        tier: tier.name.clone(),
        scenarios,
    })
}

struct Cx<'a> {
    base: &'a Profile,
    catalog: &'a Catalog,
    tier: &'a Tier,
    layout: &'a Layout<'a>,
    config: &'a [Choice],
    load: Load,
}

fn failure(e: &Evaluation) -> Option<Failure> {
    e.violations.first().map(|v| Failure {
        component: v.component.clone(),
        limit: v.limit,
    })
}

fn broken(e: &Evaluation) -> String {
    match e.violations.first() {
        Some(v) => format!("{} breaks the {} limit", v.component, v.limit.name()),
        None => "every SLO holds".into(),
    }
}

fn figures(e: &Evaluation) -> String {
    let mut parts = Vec::new();
    if let Some((c, u)) = &e.busiest {
        parts.push(format!("busiest {c} at {} utilization", pct(*u)));
    }
    match e.api_p95 {
        Some(p) => parts.push(format!("API p95 {} ms", num(p * 1000.0))),
        None => parts.push("a component is saturated (no steady state)".into()),
    }
    parts.join(", ")
}

fn minutes(s: f64) -> f64 {
    s / 60.0
}

/// Today's configuration scaled out where the tier autoscales: each compute
/// pool below its `max_count` grows until it is within the utilization SLO
/// (or at the limit). `None` when nothing can grow.
fn scale_out(layout: &Layout<'_>, config: &[Choice], load: &Load) -> Option<(Vec<Choice>, u32)> {
    let max_u = layout.profile.slo.max_utilization;
    let mut c = config.to_vec();
    let mut added = 0;
    for p in 0..layout.pools.len() {
        let comp = layout.component(p);
        if !comp.kind.n_minus_1_applies() {
            continue;
        }
        while c[p].count < comp.max_count && pool_utilization(layout, &c, p, load) > max_u {
            c[p].count += 1;
            added += 1;
        }
    }
    (added > 0).then_some((c, added))
}

/// What an overload (spike, failover) costs: survives, first failure, breach
/// minutes and the explanation.
fn overload(
    layout: &Layout<'_>,
    config: &[Choice],
    load: &Load,
    lag_s: f64,
    duration_s: f64,
) -> Result<(bool, Option<Failure>, f64, String), Error> {
    let e = evaluate(layout, config, load, true)?;
    if e.ok() {
        return Ok((
            true,
            None,
            0.0,
            format!("today's setup holds every SLO: {}", figures(&e)),
        ));
    }
    let first = failure(&e);
    let head = format!("{} ({})", broken(&e), figures(&e));
    let (breach, tail) = match scale_out(layout, config, load) {
        Some((scaled, added)) => {
            let e2 = evaluate(layout, &scaled, load, true)?;
            if e2.ok() {
                (
                    lag_s.min(duration_s),
                    format!(
                        "autoscaling adds {added} instance(s) after {} min and every SLO holds again ({})",
                        num(minutes(lag_s)),
                        figures(&e2)
                    ),
                )
            } else {
                (
                    duration_s,
                    format!(
                        "even with {added} more instance(s) within the tier's limits {}: SLOs stay broken throughout",
                        broken(&e2)
                    ),
                )
            }
        }
        None => (
            duration_s,
            "the tier cannot add instances (no autoscaling room): SLOs stay broken throughout"
                .into(),
        ),
    };
    Ok((false, first, minutes(breach), format!("{head}; {tail}")))
}

impl Cx<'_> {
    fn spike(&self) -> Result<ScenarioResult, Error> {
        let p = self.base.scenarios;
        let load = Load::at(self.base, self.load.users * p.spike_multiplier);
        let (survives, first_failure, breach_minutes, detail) = overload(
            self.layout,
            self.config,
            &load,
            p.autoscaling_lag,
            p.spike_duration,
        )?;
        Ok(ScenarioResult {
            name: ScenarioKind::Spike,
            title: format!(
                "Launch spike: load ×{} ({} API req/s) for {} min, autoscaling lag {} min",
                num(p.spike_multiplier),
                num(load.api_rps),
                num(minutes(p.spike_duration)),
                num(minutes(p.autoscaling_lag))
            ),
            applicable: true,
            survives,
            first_failure,
            breach_minutes,
            detail,
        })
    }

    fn lose_one(
        &self,
        name: ScenarioKind,
        kind: ComponentKind,
        what: &str,
    ) -> Result<ScenarioResult, Error> {
        let p = self.base.scenarios;
        let replace = match kind {
            ComponentKind::Replicas => p.replica_replacement,
            _ => p.instance_replacement,
        };
        let title = format!(
            "Losing one {what}, replaced after {} min",
            num(minutes(replace))
        );
        let layout = self.layout;
        let Some(pool) = (0..layout.pools.len()).find(|&q| layout.component(q).kind == kind) else {
            return Ok(ScenarioResult {
                name,
                title,
                applicable: false,
                survives: true,
                first_failure: None,
                breach_minutes: 0.0,
                detail: format!(
                    "not applicable: tier {} has no {} component (managed databases and caches fail over to a standby)",
                    self.tier.name,
                    kind.name()
                ),
            });
        };
        let pool_name = layout.pools[pool].name.clone();
        let n = self.config[pool].count;
        if n <= 1 {
            return Ok(ScenarioResult {
                name,
                title,
                applicable: true,
                survives: false,
                first_failure: Some(Failure {
                    component: pool_name.clone(),
                    limit: Limit::NMinus1,
                }),
                breach_minutes: minutes(replace),
                detail: format!(
                    "{pool_name} has a single instance: every request through it fails until the replacement is up"
                ),
            });
        }
        let mut less = self.config.to_vec();
        less[pool].count -= 1;
        let e = evaluate(layout, &less, &self.load, true)?;
        let (survives, breach, detail) = if e.ok() {
            (
                true,
                0.0,
                format!(
                    "{} of {n} {pool_name} instances carry today's load: {}",
                    n - 1,
                    figures(&e)
                ),
            )
        } else {
            (
                false,
                minutes(replace),
                format!(
                    "with {} of {n} {pool_name} instances {} ({}) until the replacement is up",
                    n - 1,
                    broken(&e),
                    figures(&e)
                ),
            )
        };
        Ok(ScenarioResult {
            name,
            title,
            applicable: true,
            survives,
            first_failure: failure(&e),
            breach_minutes: breach,
            detail,
        })
    }

    /// Today's configuration evaluated with the cache hit ratio at `h`.
    fn at_hit_ratio(&self, h: f64, full: bool) -> Result<Evaluation, Error> {
        let mut pr = self.base.clone();
        pr.cache_hit_ratio = h;
        let layout = Layout::new(self.tier, &pr, &self.catalog.prices);
        let config = current_config(&layout)?;
        evaluate(&layout, &config, &self.load, full)
    }

    fn cold_cache(&self) -> Result<ScenarioResult, Error> {
        let warm = self.base.scenarios.cache_warmup;
        let steady = self.base.cache_hit_ratio;
        let title = format!(
            "Cold cache after a deploy: hit ratio from 0 back to {} over {} min",
            pct(steady),
            num(minutes(warm))
        );
        let has_cache = (0..self.layout.pools.len())
            .any(|p| self.layout.component(p).kind == ComponentKind::Cache);
        let result = |applicable, survives, first_failure, breach_minutes, detail| ScenarioResult {
            name: ScenarioKind::ColdCache,
            title: title.clone(),
            applicable,
            survives,
            first_failure,
            breach_minutes,
            detail,
        };
        if !has_cache || steady <= 0.0 {
            return Ok(result(
                false,
                true,
                None,
                0.0,
                format!(
                    "not applicable: tier {} {}",
                    self.tier.name,
                    if has_cache {
                        "has a cache hit ratio of 0 already"
                    } else {
                        "has no cache"
                    }
                ),
            ));
        }
        let cold = self.at_hit_ratio(0.0, true)?;
        if cold.ok() {
            return Ok(result(
                true,
                true,
                None,
                0.0,
                format!(
                    "every SLO holds even with every lookup missing: {}",
                    figures(&cold)
                ),
            ));
        }
        let first = failure(&cold);
        if !self.at_hit_ratio(steady, false)?.ok() {
            return Ok(result(
                true,
                false,
                first,
                minutes(warm),
                format!(
                    "with a cold cache {}; today's setup breaks an SLO even with the cache warm, so SLOs stay broken",
                    broken(&cold)
                ),
            ));
        }
        let (mut lo, mut hi) = (0.0, steady);
        for _ in 0..HIT_RATIO_STEPS {
            let mid = 0.5 * (lo + hi);
            if self.at_hit_ratio(mid, false)?.ok() {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let breach = warm * hi / steady;
        Ok(result(
            true,
            false,
            first,
            minutes(breach),
            format!(
                "with a cold cache {} ({}); SLOs hold again from a hit ratio of {}, reached after {} of the {} min warm-up",
                broken(&cold),
                figures(&cold),
                pct(hi),
                num(minutes(breach)),
                num(minutes(warm))
            ),
        ))
    }

    fn region_failover(&self) -> Result<ScenarioResult, Error> {
        let p = self.base.scenarios;
        let regions = &self.base.regions;
        let lost =
            (1..regions.len()).max_by(|&a, &b| regions[a].share.total_cmp(&regions[b].share));
        let Some(lost) = lost.filter(|_| self.tier.is_multi_region()) else {
            return Ok(ScenarioResult {
                name: ScenarioKind::RegionFailover,
                title: format!(
                    "Losing a region for {} min",
                    num(minutes(p.failover_duration))
                ),
                applicable: false,
                survives: false,
                first_failure: None,
                breach_minutes: minutes(p.failover_duration),
                detail: format!(
                    "not applicable: tier {} serves every user from one region, so losing it is a whole-site outage",
                    self.tier.name
                ),
            });
        };
        let mut pr = self.base.clone();
        let moved = pr.regions.remove(lost);
        pr.regions[0].share += moved.share;
        let layout = Layout::new(self.tier, &pr, &self.catalog.prices);
        let config = current_config(&layout)?;
        let (survives, first_failure, breach_minutes, detail) = overload(
            &layout,
            &config,
            &self.load,
            p.autoscaling_lag,
            p.failover_duration,
        )?;
        Ok(ScenarioResult {
            name: ScenarioKind::RegionFailover,
            title: format!(
                "Losing region {} ({} of users) for {} min: its traffic moves to {}",
                moved.name,
                pct(moved.share),
                num(minutes(p.failover_duration)),
                pr.regions[0].name
            ),
            applicable: true,
            survives,
            first_failure,
            breach_minutes,
            detail,
        })
    }
}
