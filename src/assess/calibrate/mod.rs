//! Calibrating the work per request from what monitoring showed
//! (`observed:` in the profile), by the service demand law.
//!
//! At the observed peak X (API requests a second), a component whose c
//! servers were U busy did D = U·c / X server-seconds of work per API
//! request. c is counted as the model counts servers in today's setup
//! (`current`): vCPUs × instances for compute pools and databases (at most
//! the connections a database without a pooler admits), for a cache the
//! node's published commands a second × the lookup time × nodes. So U is the
//! busy share of all of a component's vCPUs (per core, averaged over the
//! fleet), not of one instance.
//!
//! Each component calibrates one work figure: app → `work.app_cpu`,
//! workers → `work.job_cpu`, media → `work.media_cpu`, database and
//! replicas → `work.db_query_time` (through the queries per request), cache
//! → the lookups per request (`work.cache_lookups_per_read` and
//! `_per_write` scaled together), search → `work.search_engine_time`. The
//! model's busy servers at a component are linear in each figure (the
//! utilization law over every class that visits it, stretched by the USL
//! slowdown of today's instance count), so the figures that make the
//! model's utilizations equal the observed ones solve a small linear
//! system: other work a component does (static requests and jobs on the
//! app of a monolith, job queries on the database) keeps its typed figure
//! and is subtracted. Two components setting one figure (database and
//! replicas) fit it to their summed busy servers.
//!
//! The calibrated model is then solved at the observed load on today's
//! setup, and its API p50, p95 and database connections in use (requests
//! at the database stations, Little's law) are set beside the observed
//! ones, as are the typed model's.

mod figure;
mod linear;
mod report;

pub use report::{
    CalibratedComponent, CalibratedFigure, Calibration, Demands, METHOD, OFF_FACTOR, Reproduced,
};

use crate::catalog::{Catalog, Tier};
use crate::error::{Error, InputError};
use crate::profile::{Observed, Profile};
use crate::solve::{Status, analyze};
use crate::units::three_digits;

use super::current::{current_config, current_tier};
use super::layout::{Choice, Layout, Node, servers_per_instance};
use super::load::Load;
use super::network::{build, connections_allowed, connections_held};
use figure::Figure;
use linear::solve_scales;

/// What [`calibrate`] returns for a profile with `observed:`.
#[derive(Debug, Clone)]
pub struct Calibrated {
    /// The profile to assess: with the derived figures under
    /// `Demands::Observed`, the typed one otherwise.
    pub profile: Profile,
    /// The report section.
    pub calibration: Calibration,
}

/// Servers pool `p` has under `config`, as the utilization law counts them
/// (a database without a pooler: at most the connections it admits).
fn pool_servers(layout: &Layout<'_>, config: &[Choice], p: usize) -> f64 {
    let comp = layout.component(p);
    let ch = config[p];
    let mut servers = u64::from(ch.count)
        * u64::from(servers_per_instance(
            comp.kind,
            layout.profile,
            layout.prices,
            ch.size,
        ));
    if comp.kind.holds_connections() && !comp.pooler {
        let k = connections_allowed(layout, config, p)
            .min(connections_held(layout, config, p))
            .max(1);
        servers = servers.min(k);
    }
    servers.max(1) as f64
}

/// Per observed component (indices into the tier): (busy servers, servers)
/// of `profile`'s model at `load` on today's setup.
fn busy(
    tier: &Tier,
    catalog: &Catalog,
    profile: &Profile,
    comps: &[usize],
    users: f64,
) -> Result<Vec<(f64, f64)>, Error> {
    let layout = Layout::new(tier, profile, &catalog.prices);
    let config = current_config(&layout)?;
    Ok(comps
        .iter()
        .map(|&ci| {
            let mut out = (0.0, 0.0);
            for (p, pool) in layout.pools.iter().enumerate() {
                if pool.component != ci {
                    continue;
                }
                let comp = layout.component(p);
                out.0 += layout.demand_per_user[p] * users * comp.usl_slowdown(config[p].count);
                out.1 += pool_servers(&layout, &config, p);
            }
            out
        })
        .collect())
}

/// For a profile with `observed:`, derives the work figures and reports
/// how well the model reproduces the observations; `Ok(None)` without
/// `observed:` (unless `demands` asks for it: a usage error then).
///
/// Errors: an observed component that is not a sized component of the
/// current tier (`Error::Input`, at its line); the solver failing
/// (`Error::Internal`).
pub fn calibrate(
    profile: &Profile,
    catalog: &Catalog,
    demands: Option<Demands>,
) -> Result<Option<Calibrated>, Error> {
    let Some(obs) = &profile.observed else {
        if demands == Some(Demands::Observed) {
            return Err(Error::Usage(format!(
                "--demands observed needs an `observed:` section in {} (today's peak API req/s and utilizations); without one, the typed figures are used",
                profile.file
            )));
        }
        return Ok(None);
    };
    let demands = demands.unwrap_or_default();
    let cur = current_tier(profile, catalog)?;
    let tier = &catalog.tiers[cur];
    let comps = observed_components(tier, obs)?;
    let per_user = Load::at(profile, 1.0).api_rps;
    let users = obs.api_rps / per_user;
    let load = Load::at(profile, users);
    let x = obs.api_rps;

    // The figures, in order of first appearance, and each component's.
    let mut figures: Vec<Figure> = Vec::new();
    let comp_fig: Vec<usize> = comps
        .iter()
        .map(|&ci| {
            let f = Figure::of(tier.components[ci].kind).expect("checked");
            match figures.iter().position(|g| *g == f) {
                Some(i) => i,
                None => {
                    figures.push(f);
                    figures.len() - 1
                }
            }
        })
        .collect();
    let n = figures.len();
    let typed_busy = busy(tier, catalog, profile, &comps, users)?;
    let observed_busy: Vec<f64> = comps
        .iter()
        .zip(&typed_busy)
        .map(|(&ci, &(_, s))| obs.utilization[&tier.components[ci].name].0 * s)
        .collect();
    let by_figure = |b: &[(f64, f64)]| -> Vec<f64> {
        let mut out = vec![0.0; n];
        for (c, &(busy, _)) in b.iter().enumerate() {
            out[comp_fig[c]] += busy;
        }
        out
    };
    let b0 = by_figure(&typed_busy);
    // Columns of the linear map scale ↦ busy servers: doubling figure j.
    let mut a = vec![vec![0.0; n]; n];
    for (j, f) in figures.iter().enumerate() {
        let mut q = profile.clone();
        f.scale(&mut q.work, 2.0);
        let bj = by_figure(&busy(tier, catalog, &q, &comps, users)?);
        for i in 0..n {
            a[i][j] = bj[i] - b0[i];
        }
    }
    let mut target = vec![0.0; n];
    for (c, &b) in observed_busy.iter().enumerate() {
        target[comp_fig[c]] += b;
    }
    let mut warnings = Vec::new();
    let scales = solve_scales(&a, &b0, &target, &figures, &mut warnings);

    let mut calibrated = profile.clone();
    for (f, s) in figures.iter().zip(&scales) {
        if let Some(s) = s {
            f.scale(&mut calibrated.work, *s);
        }
    }
    let figure_rows: Vec<CalibratedFigure> = figures
        .iter()
        .zip(&scales)
        .map(|(f, s)| {
            let typed = f.value(&profile.work);
            let derived = s.map(|s| typed * s);
            let ratio = s.map(|s| 1.0 / s);
            let off = ratio.is_some_and(|r| !(1.0 / OFF_FACTOR..=OFF_FACTOR).contains(&r));
            if let (true, Some(d), Some(r)) = (off, derived, ratio) {
                let from: Vec<String> = comps
                    .iter()
                    .enumerate()
                    .filter(|(c, _)| figures[comp_fig[*c]] == *f)
                    .map(|(_, &ci)| {
                        let name = &tier.components[ci].name;
                        format!("{name} {}% busy", three_digits(obs.utilization[name].0 * 100.0))
                    })
                    .collect();
                let how = if r >= 1.0 {
                    format!("{r:.1}× the")
                } else {
                    format!("{:.1}× below the", 1.0 / r)
                };
                warnings.push(format!(
                    "{}: typed {} {} is {how} {} {} derived from the observed utilization ({} at {} API req/s)",
                    f.key(),
                    three_digits(typed),
                    f.unit(),
                    three_digits(d),
                    f.unit(),
                    from.join(", "),
                    three_digits(x)
                ));
            }
            CalibratedFigure {
                figure: f.key().to_string(),
                unit: f.unit(),
                typed,
                derived,
                ratio,
                off,
            }
        })
        .collect();

    let used = match demands {
        Demands::Observed => &calibrated,
        Demands::Typed => profile,
    };
    let used_busy = busy(tier, catalog, used, &comps, users)?;
    let components = comps
        .iter()
        .enumerate()
        .map(|(c, &ci)| {
            let name = tier.components[ci].name.clone();
            let (u, _) = obs.utilization[&name];
            let servers = typed_busy[c].1;
            CalibratedComponent {
                figure: figures[comp_fig[c]].key().to_string(),
                utilization: u,
                servers,
                typed_demand_ms: typed_busy[c].0 / x * 1e3,
                observed_demand_ms: u * servers / x * 1e3,
                model_utilization: used_busy[c].0 / used_busy[c].1,
                component: name,
            }
        })
        .collect();

    let typed_fit = model_figures(tier, catalog, profile, &load)?;
    let calibrated_fit = if scales.iter().any(Option::is_some) {
        Some(model_figures(tier, catalog, &calibrated, &load)?)
    } else {
        None
    };
    let mut reproduction = Vec::new();
    let observed = [
        ("api_p50_ms", obs.api_p50.map(|s| s * 1e3)),
        ("api_p95_ms", obs.api_p95.map(|s| s * 1e3)),
        ("db_connections_in_use", obs.db_connections_in_use),
    ];
    for (i, (figure, value)) in observed.into_iter().enumerate() {
        let Some(value) = value else { continue };
        let rel = |m: Option<f64>| m.map(|m| (m - value) / value.max(1e-12));
        let cal = calibrated_fit.as_ref().and_then(|f| f[i]);
        let typ = typed_fit[i];
        reproduction.push(Reproduced {
            figure,
            observed: value,
            calibrated: cal,
            calibrated_error: if value > 0.0 { rel(cal) } else { None },
            typed: typ,
            typed_error: if value > 0.0 { rel(typ) } else { None },
        });
    }
    let profile_api_rps = Load::at(profile, profile.users.at(f64::from(obs.at_month))).api_rps;
    let traffic_ratio = profile_api_rps / x;
    if !(1.0 / OFF_FACTOR..=OFF_FACTOR).contains(&traffic_ratio) {
        warnings.push(format!(
            "observed.api_rps: the profile's users and traffic give {} API req/s at month {}, {:.1}× {} the {} observed; the demands are derived at the observed rate, the plan grows from the profile's",
            three_digits(profile_api_rps),
            obs.at_month,
            traffic_ratio.max(1.0 / traffic_ratio),
            if traffic_ratio > 1.0 { "above" } else { "below" },
            three_digits(x)
        ));
    }
    let out = if demands == Demands::Observed {
        calibrated
    } else {
        profile.clone()
    };
    Ok(Some(Calibrated {
        profile: out,
        calibration: Calibration {
            demands,
            at_month: obs.at_month,
            observed_api_rps: x,
            profile_api_rps,
            components,
            figures: figure_rows,
            reproduction,
            warnings,
            method: METHOD.to_string(),
        },
    }))
}

/// The profile `assess` works with: with the figures derived from
/// `observed:` unless `demands` is `Typed` (the profile itself when it has
/// no `observed:`). For the commands that model today's setup beside
/// `assess` (scenarios, the HTML timeline, `--network`).
pub fn demands_profile<'a>(
    profile: &'a Profile,
    catalog: &Catalog,
    demands: Option<Demands>,
) -> Result<std::borrow::Cow<'a, Profile>, Error> {
    Ok(match calibrate(profile, catalog, demands)? {
        Some(c) => std::borrow::Cow::Owned(c.profile),
        None => std::borrow::Cow::Borrowed(profile),
    })
}

/// The observed components as tier indices, or an error at the first that
/// names no sized component of the tier with a work figure.
fn observed_components(tier: &Tier, obs: &Observed) -> Result<Vec<usize>, InputError> {
    obs.utilization
        .iter()
        .map(|(name, (_, origin))| {
            tier.component_index(name)
                .filter(|&i| Figure::of(tier.components[i].kind).is_some())
                .ok_or_else(|| {
                    let names: Vec<&str> = tier
                        .components
                        .iter()
                        .filter(|c| Figure::of(c.kind).is_some())
                        .map(|c| c.name.as_str())
                        .collect();
                    InputError::Invalid {
                        origin: origin.clone(),
                        key: "observed.utilization".into(),
                        value: format!("{name:?}"),
                        expected: format!(
                            "must name sized components of the current tier {:?} (as in current.components), one of: {}",
                            tier.name,
                            names.join(", ")
                        ),
                    }
                })
        })
        .collect()
}

/// The model's API p50 and p95 (ms) and database connections in use at
/// `load` on today's setup; each `None` when saturated.
fn model_figures(
    tier: &Tier,
    catalog: &Catalog,
    profile: &Profile,
    load: &Load,
) -> Result<[Option<f64>; 3], Error> {
    let layout = Layout::new(tier, profile, &catalog.prices);
    let config = current_config(&layout)?;
    let built = build(&layout, &config, load);
    let (report, sojourns) = analyze(&built.network)?;
    let (Some(sojourns), Status::Stable) = (sojourns, report.status) else {
        return Ok([None; 3]);
    };
    let weights: Vec<(usize, f64)> = (0..report.network.classes.len())
        .filter(|&k| layout.routes[built.routes[k]].kind.is_api())
        .map(|k| (k, sojourns.admitted(k)))
        .collect();
    let q = sojourns.quantiles(&weights, &[0.5, 0.95]);
    let mut connections = None;
    for (i, st) in report.stations.values().enumerate() {
        if let Node::Pool(p) = built.nodes[i]
            && layout.component(p).kind.holds_connections()
        {
            *connections.get_or_insert(0.0) += st.mean_in_station.unwrap_or(0.0);
        }
    }
    Ok([q[0].map(|s| s * 1e3), q[1].map(|s| s * 1e3), connections])
}
