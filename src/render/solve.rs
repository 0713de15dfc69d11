//! `planner solve` output: a verdict line, then stations, network and classes.

use super::{Grid, json, num, opt, pct};
use crate::error::Error;
use crate::output::Format;
use crate::solve::{SolveReport, Status};

/// Renders a solve report in `format`.
pub fn render(report: &SolveReport, format: Format) -> Result<String, Error> {
    match format {
        Format::Json => json(report),
        Format::Html => Err(Format::html_unsupported("solve")),
        Format::Table => Ok(text(report, Grid::table, "")),
        Format::Markdown => Ok(text(report, Grid::markdown, "## ")),
    }
}

fn text(report: &SolveReport, grid: fn(&Grid) -> String, heading: &str) -> String {
    let mut out = String::new();
    out.push_str(&verdict(report));
    out.push_str("\n\n");
    out.push_str(&format!("{heading}Stations (per visit)\n\n"));
    out.push_str(&grid(&stations(report)));
    out.push_str("\n\n");
    if !report.hosts.is_empty() {
        out.push_str(&format!("{heading}Shared hosts\n\n"));
        out.push_str(&grid(&hosts(report)));
        out.push_str("\n\n");
    }
    out.push_str(&format!("{heading}End to end\n\n"));
    out.push_str(&grid(&network(report)));
    out.push_str(&format!(
        "\nPercentiles: {}.\n",
        report.network.sojourn_method
    ));
    if let Some(m) = &report.network.mva_method {
        out.push_str(&format!("Means: {m}.\n"));
    }
    let closed = report.network.mva_method.is_some();
    if (report.network.classes.len() > 1 || closed) && report.status == Status::Stable {
        out.push_str(&format!("\n{heading}Classes\n\n"));
        out.push_str(&grid(&classes(report)));
        out.push('\n');
    }
    out
}

/// The one-line verdict.
pub fn verdict(r: &SolveReport) -> String {
    let n = &r.network;
    match r.status {
        Status::Saturated => {
            let on_saturated_host = |s: &String| {
                r.saturated_hosts
                    .iter()
                    .any(|h| r.hosts[h].stations.contains(s))
            };
            let hosts = r.saturated_hosts.iter().map(|h| {
                let host = &r.hosts[h];
                format!(
                    "host {h} (CPU load {} of {} cores, shared by {})",
                    pct(host.utilization),
                    host.cores,
                    host.stations.join(", ")
                )
            });
            let names: Vec<String> = hosts
                .chain(
                    r.saturated_stations
                        .iter()
                        .filter(|s| !on_saturated_host(s))
                        .map(|s| {
                            format!(
                                "{s} (offered utilization {})",
                                pct(r.stations[s].offered_utilization)
                            )
                        }),
                )
                .collect();
            format!(
                "SATURATED at {}: arrivals exceed capacity, queues grow without bound; no latency figures exist.",
                names.join(", ")
            )
        }
        Status::Stable if n.mva_method.is_some() => {
            let clients: u32 = n.classes.values().filter_map(|c| c.population).sum();
            let open = if n.classes.values().any(|c| c.population.is_none()) {
                " and open arrivals"
            } else {
                ""
            };
            format!(
                "Stable ({clients} clients{open}). Bottleneck: {} at {} utilization; {}. Throughput {} req/s, mean response {} ms.",
                n.bottleneck,
                pct(n.bottleneck_utilization),
                n.max_arrival_scale
                    .map(|s| format!("open arrivals can grow {}× before it saturates", num(s)))
                    .unwrap_or_else(
                        || "clients wait for their requests, so no station saturates".into()
                    ),
                opt(n.throughput_rps),
                opt(n.mean_sojourn_ms),
            )
        }
        Status::Stable => format!(
            "Stable. Bottleneck: {} at {} utilization; arrivals can grow {} before it saturates. Mean sojourn {} ms, p95 {} ms.",
            n.bottleneck,
            pct(n.bottleneck_utilization),
            n.max_arrival_scale
                .map(|s| format!("{}×", num(s)))
                .unwrap_or_else(|| "without limit".into()),
            opt(n.mean_sojourn_ms),
            opt(n.p95_sojourn_ms),
        ),
    }
}

fn stations(r: &SolveReport) -> Grid {
    let mut g = Grid::new([
        "station",
        "servers",
        "arrivals (req/s)",
        "utilization",
        "P(wait)",
        "wait (ms)",
        "response (ms)",
        "in station (req)",
        "throughput (req/s)",
        "blocked",
        "method",
    ]);
    for (name, s) in &r.stations {
        g.row([
            name.clone(),
            s.servers
                .map(|c| c.to_string())
                .unwrap_or_else(|| "∞".into()),
            num(s.arrival_rate_rps),
            if s.servers.is_some() {
                pct(s.utilization)
            } else {
                format!("{} busy", num(s.utilization))
            },
            s.p_wait.map(pct).unwrap_or_else(|| "—".into()),
            opt(s.mean_wait_ms),
            opt(s.mean_response_ms),
            opt(s.mean_in_station),
            num(s.throughput_rps),
            s.blocking_probability
                .map(pct)
                .unwrap_or_else(|| "—".into()),
            s.method.clone(),
        ]);
    }
    g
}

fn hosts(r: &SolveReport) -> Grid {
    let mut g = Grid::new([
        "host",
        "cores",
        "stations",
        "visits (req/s)",
        "mean CPU (ms)",
        "utilization",
        "slowdown (×)",
        "method",
    ]);
    for (name, h) in &r.hosts {
        g.row([
            name.clone(),
            h.cores.to_string(),
            h.stations.join(", "),
            num(h.arrival_rate_rps),
            num(h.mean_cpu_ms),
            pct(h.utilization),
            opt(h.slowdown),
            h.method.clone(),
        ]);
    }
    g
}

fn network(r: &SolveReport) -> Grid {
    let n = &r.network;
    let mut g = Grid::new(["figure", "value"]);
    g.row(["arrivals (req/s)".to_string(), num(n.arrival_rate_rps)]);
    g.row(["throughput (req/s)".to_string(), opt(n.throughput_rps)]);
    g.row([
        "lost to blocking".to_string(),
        n.loss_probability.map(pct).unwrap_or_else(|| "—".into()),
    ]);
    g.row(["mean sojourn (ms)".to_string(), opt(n.mean_sojourn_ms)]);
    g.row(["p50 sojourn (ms)".to_string(), opt(n.p50_sojourn_ms)]);
    g.row(["p95 sojourn (ms)".to_string(), opt(n.p95_sojourn_ms)]);
    g.row(["p99 sojourn (ms)".to_string(), opt(n.p99_sojourn_ms)]);
    g.row(["in network (req)".to_string(), opt(n.mean_in_network)]);
    g.row([
        "bottleneck".to_string(),
        format!("{} ({})", n.bottleneck, pct(n.bottleneck_utilization)),
    ]);
    g.row([
        "max arrival scale (×)".to_string(),
        n.max_arrival_scale
            .map(num)
            .unwrap_or_else(|| "unbounded".into()),
    ]);
    g
}

fn classes(r: &SolveReport) -> Grid {
    // Clients and think time only for networks with closed classes.
    let closed = r.network.mva_method.is_some();
    let mut header = vec!["class"];
    if closed {
        header.extend(["clients", "think (ms)"]);
    }
    header.extend([
        "arrivals (req/s)",
        "throughput (req/s)",
        "lost",
        "mean (ms)",
        "p50 (ms)",
        "p95 (ms)",
        "p99 (ms)",
    ]);
    let mut g = Grid::new(header);
    for (name, c) in &r.network.classes {
        let mut row = vec![name.clone()];
        if closed {
            row.push(
                c.population
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| "open".into()),
            );
            row.push(opt(c.think_time_ms));
        }
        row.extend([
            num(c.arrival_rate_rps),
            opt(c.throughput_rps),
            c.loss_probability.map(pct).unwrap_or_else(|| "—".into()),
            opt(c.mean_sojourn_ms),
            opt(c.p50_sojourn_ms),
            opt(c.p95_sojourn_ms),
            opt(c.p99_sojourn_ms),
        ]);
        g.row(row);
    }
    g
}
