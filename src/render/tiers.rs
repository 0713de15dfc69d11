//! `planner tiers` output.

use super::{Grid, json, num, tick};
use crate::catalog::describe::{TierDetail, TierList};
use crate::error::Error;
use crate::output::Format;

/// Renders the tier list.
pub fn render_list(list: &TierList, format: Format) -> Result<String, Error> {
    let grid: fn(&Grid) -> String = match format {
        Format::Json => return json(list),
        Format::Html => return Err(Format::html_unsupported("tiers")),
        Format::Table => Grid::fit,
        Format::Markdown => Grid::markdown,
    };
    let mut g = Grid::new(["rank", "tier", "title", "components", "summary"]).left([1, 2, 3, 4]);
    for t in &list.tiers {
        g.row([
            t.rank.to_string(),
            t.name.clone(),
            t.title.clone(),
            t.components.join(", "),
            t.summary.clone(),
        ]);
    }
    Ok(format!(
        "{}\nPrices: {}, as of {}. `planner tiers show NAME` describes one tier.\n",
        grid(&g),
        list.prices_region,
        list.prices_as_of
    ))
}

/// Renders one tier in full.
pub fn render_detail(d: &TierDetail, format: Format) -> Result<String, Error> {
    let (grid, heading): (fn(&Grid) -> String, &str) = match format {
        Format::Json => return json(d),
        Format::Html => return Err(Format::html_unsupported("tiers")),
        Format::Table => (Grid::fit, ""),
        Format::Markdown => (Grid::markdown, "## "),
    };
    let t = &d.tier;
    let summary = if format == Format::Table {
        super::wrap(&t.summary, super::columns(), 0).join("\n")
    } else {
        t.summary.clone()
    };
    let mut out = format!(
        "{heading}Tier {}: {} ({})\n\n{summary}\n\n",
        t.rank, t.title, t.name
    );
    let mut g = Grid::new([
        "component",
        "kind",
        "count",
        "USL σ",
        "USL κ",
        "latency (ms)",
        "sizes: vCPU/GiB $/month",
    ])
    .left([1, 6]);
    for c in &d.components {
        let sizes = c
            .sizes
            .iter()
            .map(|s| {
                format!(
                    "{} {}/{} ${:.2}",
                    s.name,
                    s.vcpu,
                    tick(s.memory_gib),
                    s.monthly_usd
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        g.row([
            c.name.clone(),
            c.kind.clone(),
            if c.min_count == c.max_count {
                c.min_count.to_string()
            } else {
                format!("{}–{}", c.min_count, c.max_count)
            },
            num(c.usl_sigma),
            num(c.usl_kappa),
            num(c.latency_ms),
            if sizes.is_empty() {
                "—".into()
            } else {
                sizes
            },
        ]);
    }
    out.push_str(&grid(&g));
    // Usage prices and read replicas' apply rates, where the tier has them.
    let mut notes: Vec<String> = d
        .components
        .iter()
        .filter_map(|c| {
            c.usage_price
                .as_ref()
                .map(|u| format!("{} ({}): {u}", c.name, c.kind))
        })
        .collect();
    for c in d.components.iter().filter(|c| c.kind == "replicas") {
        let rates: Vec<String> = c
            .sizes
            .iter()
            .filter_map(|s| s.apply_per_second.map(|a| format!("{} {:.0}", s.name, a)))
            .collect();
        notes.push(format!(
            "{} (replicas) apply the primary's row changes in one WAL-replay process, row changes/s: {}",
            c.name,
            rates.join(", ")
        ));
    }
    for n in notes {
        if format == Format::Table {
            out.push('\n');
            out.push_str(&super::wrap(&n, super::columns(), 0).join("\n"));
        } else {
            out.push_str(&format!("\n\n{n}"));
        }
    }
    out.push_str(&format!("\n\n{heading}Paths\n\n"));
    let mut p = Grid::new(["class", "steps"]);
    for (class, steps) in &d.paths {
        p.row([
            class.clone(),
            if steps.is_empty() {
                "—".into()
            } else {
                steps.join(" → ")
            },
        ]);
    }
    out.push_str(&grid(&p));
    let mut sources: Vec<(String, String)> = d
        .components
        .iter()
        .flat_map(|c| c.sizes.iter().map(|s| (s.as_of.clone(), s.source.clone())))
        .collect();
    sources.sort();
    sources.dedup();
    out.push_str(&format!("\n\nDefined in {}. Prices:\n", t.source));
    for (as_of, src) in sources {
        let line = format!("as of {as_of}: {src}");
        if format == Format::Table {
            for l in super::wrap(&line, super::columns() - 2, 2) {
                out.push_str(&format!("  {l}\n"));
            }
        } else {
            out.push_str(&format!("  {line}\n"));
        }
    }
    Ok(out)
}
