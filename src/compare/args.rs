//! `planner compare` on the command line: which mode, tier names, format.

use std::path::PathBuf;

use clap::Args;

use super::{compare_profiles, compare_tiers};
use crate::catalog::Catalog;
use crate::error::Error;
use crate::exit;
use crate::output::{Format, Outcome, OutputArgs};

/// `planner compare`.
#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// One app profile (with --to, to compare tiers), or two (before and
    /// after, to compare a change).
    #[arg(required = true, num_args = 1..=2, value_name = "PROFILE")]
    pub profiles: Vec<PathBuf>,
    /// With one profile: the tier to compare from (default: the profile's
    /// current tier). `-` and `_` are alike: cache-cdn = cache_cdn.
    #[arg(long, value_name = "TIER")]
    pub from: Option<String>,
    /// With one profile: the tier to compare to.
    #[arg(long, value_name = "TIER")]
    pub to: Option<String>,
    /// With two profiles: evaluate both on this tier instead of each on its
    /// current tier.
    #[arg(long, value_name = "TIER")]
    pub tier: Option<String>,
    /// A folder of tier files that add to or override the built-in catalog.
    #[arg(long, value_name = "DIR")]
    pub tiers: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
}

fn normal(name: &str) -> String {
    name.trim().replace('-', "_").to_lowercase()
}

/// The catalog index of the tier `value` names (`-` and `_` alike, case
/// ignored); otherwise a usage error naming `flag`, the value, the tiers and
/// the nearest one.
pub fn resolve_tier(catalog: &Catalog, flag: &str, value: &str) -> Result<usize, Error> {
    let want = normal(value);
    if let Some(i) = catalog.tiers.iter().position(|t| normal(&t.name) == want) {
        return Ok(i);
    }
    let names: Vec<&str> = catalog.tiers.iter().map(|t| t.name.as_str()).collect();
    let hint = crate::input::suggest::nearest(&want, names.iter().copied())
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default();
    Err(Error::Usage(format!(
        "--{flag} must name a tier, one of: {}; got {value:?}{hint}",
        names.join(", ")
    )))
}

/// Runs `planner compare`.
pub fn run_cli(args: &CompareArgs) -> Result<Outcome, Error> {
    let catalog = crate::catalog::load_catalog(args.tiers.as_deref())?;
    let report = match args.profiles.as_slice() {
        [one] => {
            if args.tier.is_some() {
                return Err(Error::Usage(
                    "--tier is for two profiles; with one profile use --from TIER --to TIER".into(),
                ));
            }
            let Some(to) = &args.to else {
                return Err(Error::Usage(format!(
                    "{}: compare needs --to TIER with one profile (and --from TIER, default the current tier), or two profiles: planner compare before.yaml after.yaml",
                    one.display()
                )));
            };
            let to = resolve_tier(&catalog, "to", to)?;
            let profile = crate::profile::load_profile(one)?;
            // With `observed:`, the work figures derived from it, as `assess` uses.
            let profile = crate::assess::calibrate::demands_profile(&profile, &catalog, None)?;
            let from = match &args.from {
                Some(f) => resolve_tier(&catalog, "from", f)?,
                None => crate::assess::current::current_tier(&profile, &catalog)?,
            };
            compare_tiers(&profile, &catalog, from, to)?
        }
        [before, after] => {
            if args.from.is_some() || args.to.is_some() {
                return Err(Error::Usage(
                    "--from and --to are for one profile; with two profiles use --tier TIER to put both on one tier".into(),
                ));
            }
            let tier = args
                .tier
                .as_deref()
                .map(|t| resolve_tier(&catalog, "tier", t))
                .transpose()?;
            let b = crate::profile::load_profile(before)?;
            let a = crate::profile::load_profile(after)?;
            let b = crate::assess::calibrate::demands_profile(&b, &catalog, None)?;
            let a = crate::assess::calibrate::demands_profile(&a, &catalog, None)?;
            compare_profiles(
                (&before.display().to_string(), &b),
                (&after.display().to_string(), &a),
                &catalog,
                tier,
            )?
        }
        _ => {
            return Err(Error::Usage(
                "compare takes one profile (with --to) or two profiles".into(),
            ));
        }
    };
    let text = match args.out.format {
        Format::Table => super::render_table(&report),
        Format::Markdown => super::render_markdown(&report),
        Format::Json => crate::render::json(&report)?,
        Format::Html => return Err(Format::html_unsupported("compare")),
    };
    Ok(Outcome {
        text,
        output: args.out.output.clone().filter(|p| p.as_os_str() != "-"),
        inputs: args.profiles.iter().chain(&args.tiers).cloned().collect(),
        exit_code: exit::SUCCESS,
        colorable: args.out.format == Format::Table,
    })
}
