//! What a fit hands to the rest of `planner`: a network file for `solve`
//! and `simulate`, or the `work:` figures of an app profile. Text built
//! from the report; nothing is computed here but unit conversions.

use super::model::Discipline;
use super::report::FitReport;

/// What `--emit` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Emit {
    /// A network YAML (one station for the measured stack, processor
    /// sharing with its background work or first come first served, and
    /// one delay for the fixed latency) at the rate `--emit-rate` or the
    /// busiest fitted step.
    Network,
    /// The `work:` section of an app profile.
    Profile,
}

/// The emitted text. `rate` is the arrival rate of the network, req/s.
#[must_use]
pub fn emit(r: &FitReport, what: Emit, rate: f64) -> String {
    match what {
        Emit::Network => network(r, rate),
        Emit::Profile => profile(r),
    }
}

/// Mean service time at `rate` req/s, ms: `U(X)/X`.
fn service_ms(r: &FitReport, rate: f64) -> f64 {
    if rate > 0.0 {
        (r.background_utilization + r.demand_ms * 1e-3 * rate) / rate * 1e3
    } else {
        r.demand_ms
    }
}

fn network(r: &FitReport, rate: f64) -> String {
    match r.discipline {
        Discipline::Ps => network_ps(r, rate),
        Discipline::Fcfs => network_fcfs(r, rate),
    }
}

/// The PS model: the requests and the background share one processor, the
/// background as a Poisson class of the requests' service law whose load
/// is `U₀`.
fn network_ps(r: &FitReport, rate: f64) -> String {
    let d = r.demand_ms;
    let background = if d > 0.0 {
        r.background_utilization / (d * 1e-3)
    } else {
        0.0
    };
    let outside = r.fixed_latency_ms > 0.0;
    let mut out = format!(
        "# Fitted by `planner fit` from {src}.\n\
         # One processor-sharing station for the resource under test: demand\n\
         # {d:.6} ms per request (service cv {cv:.3}), shared with background work\n\
         # that keeps it {u0:.1}% busy at no load (class `background`, {bg} jobs/s\n\
         # of the same size); saturation {sat:.1} req/s.\n\
         schema: planner.network/v1\n\
         arrivals:\n  - {{ rate: {rate}, to: stack, class: requests }}   # req/s, Poisson\n",
        src = r.source,
        rate = fmt_rate(rate),
        d = d,
        cv = r.service_cv,
        u0 = 100.0 * r.background_utilization,
        bg = fmt_rate(background),
        sat = r.saturation_rps,
    );
    // Full precision below, so that `solve` reproduces the fit's figures.
    if background > 0.0 {
        out.push_str(&format!(
            "  - {{ rate: {background}, to: stack, class: background }}\n"
        ));
    }
    let service = format!(
        "{{ distribution: gamma, mean_ms: {d}, cv: {} }}",
        r.service_cv
    );
    out.push_str(&format!(
        "stations:\n  stack:\n    servers: 1\n    discipline: ps\n    classes:\n      requests: {{ service: {service}{} }}\n",
        if outside { ", routes: { outside: 1.0 }" } else { "" }
    ));
    if background > 0.0 {
        out.push_str(&format!("      background: {{ service: {service} }}\n"));
    }
    if outside {
        out.push_str(&outside_station(r.fixed_latency_ms));
    }
    out
}

fn outside_station(ms: f64) -> String {
    format!(
        "  outside:             # fixed latency outside the station (client, network)\n    servers: infinite\n    service: {{ distribution: deterministic, mean_ms: {ms} }}\n"
    )
}

fn network_fcfs(r: &FitReport, rate: f64) -> String {
    let s = service_ms(r, rate);
    let mut out = format!(
        "# Fitted by `planner fit` from {src}.\n\
         # One station for the resource under test: its demand per request at\n\
         # {rate} req/s is U(X)/X = ({u0:.4} + {d:.6} ms·X)/X = {s:.6} ms (demand falls as\n\
         # load rises), service cv {cv:.3}; saturation {sat:.1} req/s.\n\
         arrivals:\n  - rate: {rate}          # req/s, Poisson\n    to: stack\n\
         stations:\n  stack:\n    servers: 1\n    service: {{ distribution: gamma, mean_ms: {s:.6}, cv: {cv:.4} }}\n",
        src = r.source,
        rate = fmt_rate(rate),
        u0 = r.background_utilization,
        d = r.demand_ms,
        s = s,
        cv = r.service_cv,
        sat = r.saturation_rps,
    );
    if r.fixed_latency_ms > 0.0 {
        out.push_str("    routes: { outside: 1.0 }\n");
        out.push_str(&outside_station(r.fixed_latency_ms));
    }
    out
}

fn fmt_rate(rate: f64) -> String {
    let s = format!("{rate:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

fn profile(r: &FitReport) -> String {
    // The profile's app station is the one that carries app_cpu; the
    // measured demand covers the whole stack on the measured resource.
    format!(
        "# Fitted by `planner fit` from {src}: the whole measured stack as\n\
         # one resource. app_cpu is its demand per request near saturation\n\
         # ({d:.4} ms marginal, {u0:.1}% background at zero load); put the\n\
         # database part in db_query_time instead if the database runs apart.\n\
         work:\n  app_cpu: {app:.4}ms\n  app_cpu_cv: {cv:.3}\n",
        src = r.source,
        d = r.demand_ms,
        u0 = 100.0 * r.background_utilization,
        app = 1e3 / r.saturation_rps,
        cv = r.service_cv,
    )
}
