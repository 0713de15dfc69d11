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

use serde::Serialize;

use crate::catalog::{Catalog, ComponentKind, Tier};
use crate::error::{Error, InputError};
use crate::profile::{Observed, Profile, Work};
use crate::solve::{Status, analyze};

use super::current::{current_config, current_tier};
use super::layout::{Choice, Layout, Node, servers_per_instance};
use super::load::Load;
use super::network::{build, connections_allowed, connections_held};

/// Which work figures `assess` uses when the profile has `observed:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Demands {
    /// The figures derived from `observed:` (the default).
    #[default]
    Observed,
    /// The figures typed in `work:`.
    Typed,
}

impl Demands {
    /// Name as written in the `--demands` flag and the report.
    pub fn name(self) -> &'static str {
        match self {
            Demands::Observed => "observed",
            Demands::Typed => "typed",
        }
    }

    /// Parses a `--demands` flag value.
    pub fn parse_flag(s: &str) -> Result<Demands, String> {
        match s {
            "observed" => Ok(Demands::Observed),
            "typed" => Ok(Demands::Typed),
            _ => Err(format!("must be typed or observed; got {s:?}")),
        }
    }
}

/// A typed figure further than this factor from its derived value is named.
pub const OFF_FACTOR: f64 = 2.0;

/// The calibration part of an assess report (key `calibration`, present
/// only for profiles with `observed:`).
#[derive(Debug, Clone, Serialize)]
pub struct Calibration {
    /// Which figures the assessment used: `observed` (derived, the default)
    /// or `typed` (`--demands typed`).
    pub demands: Demands,
    /// Month of the measurement (0 = this month).
    pub at_month: u32,
    /// Observed peak API requests a second.
    pub observed_api_rps: f64,
    /// The profile's peak API requests a second at that month, req/s.
    pub profile_api_rps: f64,
    /// One row per observed component, in file order.
    pub components: Vec<CalibratedComponent>,
    /// One row per work figure set from the observations.
    pub figures: Vec<CalibratedFigure>,
    /// The observed latency and connections against the models'.
    pub reproduction: Vec<Reproduced>,
    /// Typed figures more than 2× off their derived value, and figures
    /// that could not be derived, in words.
    pub warnings: Vec<String>,
    /// How the figures were derived.
    pub method: String,
}

/// One observed component.
#[derive(Debug, Clone, Serialize)]
pub struct CalibratedComponent {
    /// Component name, as in the tier file.
    pub component: String,
    /// The work figure it sets, e.g. `work.app_cpu`.
    pub figure: String,
    /// Observed busy share of its servers, 0..1.
    pub utilization: f64,
    /// Servers c of today's setup (vCPUs × instances; see the method).
    pub servers: f64,
    /// Demand per API request from the typed figures at today's setup,
    /// server-milliseconds (U_model·c / X).
    pub typed_demand_ms: f64,
    /// Demand per API request by the service demand law D = U·c / X,
    /// server-milliseconds.
    pub observed_demand_ms: f64,
    /// Utilization of the model the assessment used, at the observed load
    /// and today's setup, 0..1.
    pub model_utilization: f64,
}

/// One work figure set from the observations.
#[derive(Debug, Clone, Serialize)]
pub struct CalibratedFigure {
    /// The profile key, e.g. `work.app_cpu`.
    pub figure: String,
    /// Unit of `typed` and `derived`: `ms`, or `lookups` (per read).
    pub unit: &'static str,
    /// The figure as typed (or defaulted), in `unit`.
    pub typed: f64,
    /// The figure that reproduces the observed utilization, in `unit`;
    /// `null` when it could not be derived (see `warnings`).
    pub derived: Option<f64>,
    /// typed / derived; `null` with `derived`.
    pub ratio: Option<f64>,
    /// Whether the typed figure is more than 2× off the derived one.
    pub off: bool,
}

/// One observed figure against the models.
#[derive(Debug, Clone, Serialize)]
pub struct Reproduced {
    /// `api_p50_ms`, `api_p95_ms` or `db_connections_in_use`.
    pub figure: &'static str,
    /// As observed (ms, or connections).
    pub observed: f64,
    /// The calibrated model's at the observed load on today's setup;
    /// `null` when saturated or not calibrated.
    pub calibrated: Option<f64>,
    /// (calibrated − observed) / observed.
    pub calibrated_error: Option<f64>,
    /// The typed model's; `null` when saturated.
    pub typed: Option<f64>,
    /// (typed − observed) / observed.
    pub typed_error: Option<f64>,
}

/// The method, stated in every calibration.
pub const METHOD: &str = "Service demand law at the observed peak: D = U·c / X per component, U the busy share of its c servers in today's setup (vCPUs × instances; a cache's published ops/s × lookup time × nodes), X the observed API req/s. Each component sets one work figure (app → work.app_cpu, workers → work.job_cpu, media → work.media_cpu, database and replicas → work.db_query_time, cache → lookups per request, search → work.search_engine_time) so that the model's utilization at the observed load, USL slowdown included, equals the observed one; other work keeps its typed figure. The p50, p95 and connections are the model's at the observed load on today's setup.";

/// What [`calibrate`] returns for a profile with `observed:`.
#[derive(Debug, Clone)]
pub struct Calibrated {
    /// The profile to assess: with the derived figures under
    /// `Demands::Observed`, the typed one otherwise.
    pub profile: Profile,
    /// The report section.
    pub calibration: Calibration,
}

/// The work figure a kind of component sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Figure {
    AppCpu,
    JobCpu,
    MediaCpu,
    DbQueryTime,
    CacheLookups,
    SearchEngineTime,
}

impl Figure {
    fn of(kind: ComponentKind) -> Option<Figure> {
        Some(match kind {
            ComponentKind::App => Figure::AppCpu,
            ComponentKind::Workers => Figure::JobCpu,
            ComponentKind::Media => Figure::MediaCpu,
            ComponentKind::Database | ComponentKind::Replicas => Figure::DbQueryTime,
            ComponentKind::Cache => Figure::CacheLookups,
            ComponentKind::Search => Figure::SearchEngineTime,
            _ => return None,
        })
    }

    fn key(self) -> &'static str {
        match self {
            Figure::AppCpu => "work.app_cpu",
            Figure::JobCpu => "work.job_cpu",
            Figure::MediaCpu => "work.media_cpu",
            Figure::DbQueryTime => "work.db_query_time",
            Figure::CacheLookups => "work.cache_lookups_per_read",
            Figure::SearchEngineTime => "work.search_engine_time",
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Figure::CacheLookups => "lookups",
            _ => "ms",
        }
    }

    /// The typed value in `unit`.
    fn value(self, w: &Work) -> f64 {
        match self {
            Figure::AppCpu => w.app_cpu.mean * 1e3,
            Figure::JobCpu => w.job_cpu.mean * 1e3,
            Figure::MediaCpu => w.media_cpu.mean * 1e3,
            Figure::DbQueryTime => w.db_query.mean * 1e3,
            Figure::CacheLookups => w.cache_lookups_per_read,
            Figure::SearchEngineTime => w.search_engine_time * 1e3,
        }
    }

    /// Multiplies the figure by `s`.
    fn scale(self, w: &mut Work, s: f64) {
        match self {
            Figure::AppCpu => w.app_cpu.mean *= s,
            Figure::JobCpu => w.job_cpu.mean *= s,
            Figure::MediaCpu => w.media_cpu.mean *= s,
            Figure::DbQueryTime => w.db_query.mean *= s,
            Figure::CacheLookups => {
                w.cache_lookups_per_read *= s;
                w.cache_lookups_per_write *= s;
            }
            Figure::SearchEngineTime => w.search_engine_time *= s,
        }
    }
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
                        format!("{name} {:.0}% busy", obs.utilization[name].0 * 100.0)
                    })
                    .collect();
                warnings.push(format!(
                    "{}: typed {} {} is {:.1}× the {} {} derived from the observed utilization ({} at {} API req/s)",
                    f.key(),
                    short(typed),
                    f.unit(),
                    r,
                    short(d),
                    f.unit(),
                    from.join(", "),
                    short(x)
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

/// Solves `a · s + (b0 − a · 1) = target` for the scales `s` of the
/// figures; a figure whose component does no work that depends on it, or
/// whose other work alone exceeds the observed, is left out (`None`) with a
/// warning, and the rest solved again.
fn solve_scales(
    a: &[Vec<f64>],
    b0: &[f64],
    target: &[f64],
    figures: &[Figure],
    warnings: &mut Vec<String>,
) -> Vec<Option<f64>> {
    let n = figures.len();
    let mut active: Vec<bool> = (0..n)
        .map(|j| {
            let ok = a[j][j] > 1e-12 * b0[j].abs().max(1e-300);
            if !ok {
                warnings.push(format!(
                    "{}: not derived: the observed component does no work that depends on it at today's setup (no class of the profile sends it any)",
                    figures[j].key()
                ));
            }
            ok
        })
        .collect();
    loop {
        let idx: Vec<usize> = (0..n).filter(|&j| active[j]).collect();
        if idx.is_empty() {
            return vec![None; n];
        }
        // Rows and columns of the active figures; inactive ones stay at 1.
        let m = idx.len();
        let mut mat = vec![vec![0.0; m + 1]; m];
        for (r, &i) in idx.iter().enumerate() {
            let mut rhs = target[i] - b0[i];
            for &j in &idx {
                rhs += a[i][j];
            }
            for (c, &j) in idx.iter().enumerate() {
                mat[r][c] = a[i][j];
            }
            mat[r][m] = rhs;
        }
        let sol = gauss(mat);
        let bad = idx
            .iter()
            .zip(&sol)
            .find(|(_, s)| !s.is_some_and(|s| s.is_finite() && s > 0.0))
            .map(|(&j, _)| j);
        match bad {
            Some(j) => {
                warnings.push(format!(
                    "{}: not derived: the component's other work, at its typed figures, already exceeds the observed utilization",
                    figures[j].key()
                ));
                active[j] = false;
            }
            None => {
                let mut out = vec![None; n];
                for (&j, s) in idx.iter().zip(sol) {
                    out[j] = s;
                }
                return out;
            }
        }
    }
}

/// Gaussian elimination with partial pivoting of an augmented m × (m+1)
/// matrix; `None` entries where it is singular.
fn gauss(mut m: Vec<Vec<f64>>) -> Vec<Option<f64>> {
    let n = m.len();
    for col in 0..n {
        let piv = (col..n)
            .max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))
            .expect("non-empty");
        if m[piv][col].abs() < 1e-300 {
            return vec![None; n];
        }
        m.swap(col, piv);
        let pivot = m[col].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r != col {
                let f = row[col] / pivot[col];
                for (x, p) in row.iter_mut().zip(&pivot).skip(col) {
                    *x -= f * p;
                }
            }
        }
    }
    (0..n).map(|i| Some(m[i][n] / m[i][i])).collect()
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

/// A figure with up to 3 significant digits: `2.35`, `23.5`, `235`.
fn short(x: f64) -> String {
    let a = x.abs();
    if a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}
