//! Reading tier files and the price sheet: the embedded defaults, then any
//! `--tiers DIR` overrides, with every error located in its file.

use std::fmt::Display;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::model::{
    Catalog, EdgePrice, Family, Instance, LoadBalancerPrice, PriceSheet, RATES, Rate, Tier, Usage,
};
use super::raw::{RawEdge, RawInstance, RawPrices, RawRate, RawTier, RawUsage};
use super::tier::validate_tier;
use crate::error::{InputError, Origin};
use crate::input::{FileKind, read_text};

/// The tier files and price sheet built into the binary: (file name, text).
pub const EMBEDDED: [(&str, &str); 6] = [
    ("monolith.toml", include_str!("../../tiers/monolith.toml")),
    ("cache_cdn.toml", include_str!("../../tiers/cache_cdn.toml")),
    ("replicas.toml", include_str!("../../tiers/replicas.toml")),
    ("services.toml", include_str!("../../tiers/services.toml")),
    (
        "multi_region.toml",
        include_str!("../../tiers/multi_region.toml"),
    ),
    (PRICES_FILE, include_str!("../../tiers/prices.toml")),
];

/// File name of the price sheet, embedded and in override directories.
pub const PRICES_FILE: &str = "prices.toml";
/// Commands a second one cache node serves when the price sheet does not
/// say: the low end of redis-benchmark figures for one Redis node without
/// pipelining (80–110K).
pub const DEFAULT_CACHE_OPS_PER_SECOND: f64 = 80_000.0;

/// Row changes a second one read replica applies when the price sheet does
/// not say, for a database instance of `vcpu` vCPUs: 12,500 × (1 + log2
/// vCPU), at most 70,000, which gives the sheet's figures (25,000 at 2 vCPU,
/// 50,000 at 8: Timescale's 8-core, 32 GB measurement). WAL replay runs in
/// one process, so a larger instance helps only through its larger buffer
/// cache (fewer page reads while replaying), hence the logarithm.
pub fn default_apply_per_second(vcpu: u32) -> f64 {
    (12_500.0 * (1.0 + f64::from(vcpu.max(1)).log2())).min(70_000.0)
}

/// Most instances of one component a tier may allow.
pub const MAX_COUNT: i64 = 10_000;
/// Most `*.toml` files read from one `--tiers` folder.
pub const MAX_TIER_FILES: usize = 64;

/// The catalog built into the binary.
pub fn embedded_catalog() -> Result<Catalog, InputError> {
    load_catalog(None)
}

/// The embedded catalog with the files of `dir` (if any) added: `prices.toml`
/// is merged into the price sheet (instances by name, sections replaced);
/// every other `*.toml` is a tier that replaces the embedded tier of the same
/// name or adds a new one.
pub fn load_catalog(dir: Option<&Path>) -> Result<Catalog, InputError> {
    let mut files: Vec<(String, String)> = EMBEDDED
        .iter()
        .map(|(n, t)| (format!("embedded:tiers/{n}"), t.to_string()))
        .collect();
    if let Some(dir) = dir {
        files.extend(read_dir(dir)?);
    }
    build(&files, EMBEDDED.len())
}

/// Builds a catalog from (file name, text) pairs in order: the first price
/// sheet is the base, later ones are merged into it; later tiers replace
/// earlier tiers of the same name.
pub fn catalog_from_files(files: &[(String, String)]) -> Result<Catalog, InputError> {
    build(files, files.len())
}

/// [`catalog_from_files`], where the files from index `folder` on come from
/// one `--tiers` folder: two of them may not define the same tier.
fn build(files: &[(String, String)], folder: usize) -> Result<Catalog, InputError> {
    let mut prices: Option<PriceSheet> = None;
    let mut raw_tiers: Vec<(String, String, RawTier)> = Vec::new();
    for (index, (file, text)) in files.iter().enumerate() {
        let cx = TomlCtx { file, text };
        if file.ends_with(PRICES_FILE) {
            let raw: RawPrices = cx.parse()?;
            prices = Some(merge_prices(cx, prices, &raw)?);
        } else {
            let raw: RawTier = cx.parse()?;
            // A tier of the same name replaces an embedded one; two files
            // of one folder may not both define it.
            let folder_files = &files[folder.min(index)..index];
            if let Some((other, _, _)) = raw_tiers.iter().find(|(f, _, t)| {
                t.name.get_ref() == raw.name.get_ref() && folder_files.iter().any(|(g, _)| g == f)
            }) {
                return Err(cx.invalid_str(
                    &raw.name,
                    "name",
                    format!(
                        "must differ from every other tier file's (it is also the name in {other})"
                    ),
                ));
            }
            raw_tiers.retain(|(_, _, t)| t.name.get_ref() != raw.name.get_ref());
            raw_tiers.push((file.clone(), text.clone(), raw));
        }
    }
    let prices = prices.ok_or_else(|| InputError::Read {
        file: PRICES_FILE.into(),
        reason: "no price sheet was found".into(),
    })?;
    let mut tiers = Vec::with_capacity(raw_tiers.len());
    for (file, text, raw) in &raw_tiers {
        let cx = TomlCtx { file, text };
        let tier = validate_tier(cx, raw, &prices)?;
        if let Some(other) = tiers.iter().find(|t: &&Tier| t.rank == tier.rank) {
            return Err(cx.invalid(
                &raw.rank,
                "rank",
                format!(
                    "must differ from every other tier's (tier {:?} has rank {})",
                    other.name, other.rank
                ),
            ));
        }
        tiers.push(tier);
    }
    tiers.sort_by_key(|t| t.rank);
    Ok(Catalog { tiers, prices })
}

/// The files of a `--tiers` folder that the catalog reads, in the order it
/// reads them: `prices.toml` first, then every other `*.toml` by name.
/// Output is never written over any of them.
pub fn catalog_files(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let shown = dir.display().to_string();
    let err = |reason: String| InputError::Read {
        file: shown.clone(),
        reason,
    };
    let meta =
        std::fs::metadata(dir).map_err(|e| err(format!("cannot read the tier folder: {e}")))?;
    let kind = FileKind::of_meta(&meta);
    if kind != FileKind::Directory {
        return Err(err(format!(
            "it is {}; --tiers expects a folder of *.toml tier files",
            kind.describe()
        )));
    }
    let entries =
        std::fs::read_dir(dir).map_err(|e| err(format!("cannot list the tier folder: {e}")))?;
    let mut paths = Vec::new();
    for e in entries {
        let p = e.map_err(|e| err(e.to_string()))?.path();
        if p.extension().is_some_and(|x| x == "toml") {
            paths.push(p);
            if paths.len() > MAX_TIER_FILES {
                return Err(err(format!(
                    "holds more than {MAX_TIER_FILES} *.toml files; at most {MAX_TIER_FILES} are read"
                )));
            }
        }
    }
    // Price sheet first, then tiers by file name, for reproducible results.
    paths.sort_by_key(|p| (!p.ends_with(PRICES_FILE), p.clone()));
    Ok(paths)
}

fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, InputError> {
    let paths = catalog_files(dir)?;
    if paths.is_empty() {
        return Err(InputError::Read {
            file: dir.display().to_string(),
            reason: "holds no *.toml tier files or prices.toml".into(),
        });
    }
    let mut out = Vec::with_capacity(paths.len());
    for p in paths {
        // Every *.toml is read: a FIFO, device or folder named so is refused
        // by name rather than skipped.
        let text = read_text(&p, "a TOML tier file or price sheet")?;
        out.push((p.display().to_string(), text));
    }
    Ok(out)
}

/// Located errors for one TOML file.
#[derive(Debug, Clone, Copy)]
pub(super) struct TomlCtx<'a> {
    pub(super) file: &'a str,
    pub(super) text: &'a str,
}

impl TomlCtx<'_> {
    pub(super) fn origin(&self, span: Range<usize>) -> Origin {
        let start = span.start.min(self.text.len());
        let before = &self.text[..start];
        let line = before.matches('\n').count() as u64 + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
        Origin::new(self.file, line, col)
    }

    fn parse<T: DeserializeOwned>(&self) -> Result<T, InputError> {
        toml::from_str(self.text).map_err(|e| InputError::Syntax {
            origin: e
                .span()
                .map_or_else(|| Origin::file(self.file), |s| self.origin(s)),
            message: crate::input::toml_key::plain_message(self.text, e.span(), e.message()),
        })
    }

    pub(super) fn invalid<T: Display>(
        &self,
        v: &Spanned<T>,
        key: impl Into<String>,
        expected: impl Into<String>,
    ) -> InputError {
        InputError::Invalid {
            origin: self.origin(v.span()),
            key: key.into(),
            value: v.get_ref().to_string(),
            expected: expected.into(),
        }
    }

    pub(super) fn invalid_str(
        &self,
        v: &Spanned<String>,
        key: impl Into<String>,
        expected: impl Into<String>,
    ) -> InputError {
        InputError::Invalid {
            origin: self.origin(v.span()),
            key: key.into(),
            value: format!("{:?}", v.get_ref()),
            expected: expected.into(),
        }
    }

    fn money(&self, v: &Spanned<f64>, key: &str) -> Result<f64, InputError> {
        let x = *v.get_ref();
        if x.is_finite() && (0.0..=1e7).contains(&x) {
            Ok(x)
        } else {
            Err(self.invalid(
                v,
                key,
                "must be a price in US dollars between 0 and 10,000,000",
            ))
        }
    }

    pub(super) fn text(&self, v: &Spanned<String>, key: &str) -> Result<String, InputError> {
        if v.get_ref().trim().is_empty() {
            Err(self.invalid_str(v, key, "must not be empty"))
        } else {
            Ok(v.get_ref().clone())
        }
    }
}

pub(super) fn one_of<I: IntoIterator<Item = S>, S: Display>(items: I) -> String {
    let v: Vec<String> = items.into_iter().map(|s| s.to_string()).collect();
    format!("one of: {}", v.join(", "))
}

fn merge_prices(
    cx: TomlCtx<'_>,
    base: Option<PriceSheet>,
    raw: &RawPrices,
) -> Result<PriceSheet, InputError> {
    let base_given = base.is_some();
    let missing = |section: &str| InputError::Invalid {
        origin: Origin::file(cx.file),
        key: section.to_string(),
        value: "nothing".into(),
        expected: "is required in the base price sheet".into(),
    };
    let as_of = match (&raw.as_of, &base) {
        (Some(v), _) => cx.text(v, "as_of")?,
        (None, Some(b)) => b.as_of.clone(),
        (None, None) => return Err(missing("as_of")),
    };
    let region = match (&raw.region, &base) {
        (Some(v), _) => cx.text(v, "region")?,
        (None, Some(b)) => b.region.clone(),
        (None, None) => return Err(missing("region")),
    };
    let note = match (&raw.note, &base) {
        (Some(v), _) => v.get_ref().clone(),
        (None, Some(b)) => b.note.clone(),
        (None, None) => String::new(),
    };
    let mut instances = base
        .as_ref()
        .map(|b| b.instances.clone())
        .unwrap_or_default();
    // An instance priced twice in one sheet is a mistake, base or override.
    for (i, ri) in raw.instances.iter().enumerate() {
        if let Some(j) = raw.instances[..i]
            .iter()
            .position(|x| x.name.get_ref() == ri.name.get_ref())
        {
            let first = cx.origin(raw.instances[j].name.span());
            return Err(cx.invalid_str(
                &ri.name,
                format!("instances[{i}].name"),
                format!(
                    "must be unique in the price sheet (instances[{j}] at line {} prices it already)",
                    first.line
                ),
            ));
        }
    }
    for (i, ri) in raw.instances.iter().enumerate() {
        let inst = instance(cx, ri, i, &as_of)?;
        match instances.iter_mut().find(|x| x.name == inst.name) {
            Some(x) if !base_given || x.family == inst.family => *x = inst,
            Some(x) => {
                return Err(cx.invalid_str(
                    &ri.family,
                    format!("instances[{i}].family"),
                    format!(
                        "must stay {:?} when overriding {:?}",
                        x.family.name(),
                        x.name
                    ),
                ));
            }
            None => instances.push(inst),
        }
    }
    if !base_given {
        for f in Family::ALL {
            if !instances.iter().any(|x| x.family == f) {
                return Err(missing(&format!("instances with family {:?}", f.name())));
            }
        }
    }
    let usage = |r: &Option<RawUsage>,
                 old: Option<&Usage>,
                 key: &str,
                 need_gb: bool,
                 need_req: bool|
     -> Result<Usage, InputError> {
        match (r, old) {
            (Some(r), _) => usage_price(cx, r, key, &as_of, need_gb, need_req),
            (None, Some(o)) => Ok(o.clone()),
            (None, None) => Err(missing(key)),
        }
    };
    let cdn = usage(&raw.cdn, base.as_ref().map(|b| &b.cdn), "cdn", true, true)?;
    let storage = usage(
        &raw.storage,
        base.as_ref().map(|b| &b.storage),
        "storage",
        false,
        true,
    )?;
    let egress = usage(
        &raw.egress,
        base.as_ref().map(|b| &b.egress),
        "egress",
        true,
        false,
    )?;
    let queue = usage(
        &raw.queue,
        base.as_ref().map(|b| &b.queue),
        "queue",
        false,
        true,
    )?;
    let edge = match (&raw.edge, &base) {
        (Some(e), _) => edge_price(cx, e, &as_of)?,
        (None, Some(b)) => b.edge.clone(),
        (None, None) => return Err(missing("edge")),
    };
    let load_balancer = match (&raw.load_balancer, &base) {
        (Some(lb), _) => {
            let rps = *lb.requests_per_second_per_unit.get_ref();
            if !(rps.is_finite() && rps > 0.0 && rps <= 1e9) {
                return Err(cx.invalid(
                    &lb.requests_per_second_per_unit,
                    "load_balancer.requests_per_second_per_unit",
                    "must be > 0 and at most 1e9",
                ));
            }
            LoadBalancerPrice {
                monthly_usd: cx.money(&lb.monthly_usd, "load_balancer.monthly_usd")?,
                capacity_unit_monthly_usd: cx.money(
                    &lb.capacity_unit_monthly_usd,
                    "load_balancer.capacity_unit_monthly_usd",
                )?,
                requests_per_second_per_unit: rps,
                source: cx.text(&lb.source, "load_balancer.source")?,
                as_of: lb
                    .as_of
                    .as_ref()
                    .map_or(Ok(as_of.clone()), |v| cx.text(v, "load_balancer.as_of"))?,
            }
        }
        (None, Some(b)) => b.load_balancer.clone(),
        (None, None) => return Err(missing("load_balancer")),
    };
    let mut rates = base.as_ref().map(|b| b.rates.clone()).unwrap_or_default();
    for (name, r) in &raw.rates {
        rates.insert(name.clone(), rate(cx, name, r, &as_of)?);
    }
    if !base_given {
        for (name, _) in RATES {
            if !rates.contains_key(name) {
                return Err(missing(&format!("rates.{name}")));
            }
        }
    }
    Ok(PriceSheet {
        as_of,
        region,
        note,
        instances,
        cdn,
        load_balancer,
        storage,
        egress,
        queue,
        edge,
        rates,
    })
}

fn edge_price(cx: TomlCtx<'_>, e: &RawEdge, as_of: &str) -> Result<EdgePrice, InputError> {
    let amount = |v: &Spanned<f64>, k: &str| -> Result<f64, InputError> {
        let x = *v.get_ref();
        if x.is_finite() && (0.0..=1e15).contains(&x) {
            Ok(x)
        } else {
            Err(cx.invalid(v, format!("edge.{k}"), "must be between 0 and 1e15"))
        }
    };
    Ok(EdgePrice {
        monthly_usd: cx.money(&e.monthly_usd, "edge.monthly_usd")?,
        included_requests: amount(&e.included_requests, "included_requests")?,
        per_request_usd: cx.money(&e.per_million_requests_usd, "edge.per_million_requests_usd")?
            / 1e6,
        included_cpu_ms: amount(&e.included_cpu_ms, "included_cpu_ms")?,
        per_cpu_ms_usd: cx.money(&e.per_million_cpu_ms_usd, "edge.per_million_cpu_ms_usd")? / 1e6,
        source: cx.text(&e.source, "edge.source")?,
        as_of: e
            .as_of
            .as_ref()
            .map_or(Ok(as_of.to_string()), |v| cx.text(v, "edge.as_of"))?,
    })
}

fn instance(
    cx: TomlCtx<'_>,
    ri: &RawInstance,
    i: usize,
    as_of: &str,
) -> Result<Instance, InputError> {
    let key = |k: &str| format!("instances[{i}].{k}");
    let family = Family::ALL
        .into_iter()
        .find(|f| f.name() == ri.family.get_ref())
        .ok_or_else(|| {
            cx.invalid_str(
                &ri.family,
                key("family"),
                format!("must be {}", one_of(Family::ALL.map(Family::name))),
            )
        })?;
    let vcpu = *ri.vcpu.get_ref();
    if !(1..=1024).contains(&vcpu) {
        return Err(cx.invalid(
            &ri.vcpu,
            key("vcpu"),
            "must be a whole number from 1 to 1024",
        ));
    }
    let mem = *ri.memory_gib.get_ref();
    if !(mem.is_finite() && mem > 0.0 && mem <= 65_536.0) {
        return Err(cx.invalid(
            &ri.memory_gib,
            key("memory_gib"),
            "must be > 0 and at most 65536",
        ));
    }
    let monthly_usd = cx.money(&ri.monthly_usd, &key("monthly_usd"))?;
    if monthly_usd <= 0.0 {
        return Err(cx.invalid(&ri.monthly_usd, key("monthly_usd"), "must be > 0"));
    }
    let ops_per_second = match (&ri.ops_per_second, family) {
        (Some(v), Family::Cache) => {
            let x = *v.get_ref();
            if !(x.is_finite() && (1.0..=1e9).contains(&x)) {
                return Err(cx.invalid(
                    v,
                    key("ops_per_second"),
                    "must be between 1 and 1e9 commands a second",
                ));
            }
            x
        }
        (Some(v), _) => {
            return Err(cx.invalid(
                v,
                key("ops_per_second"),
                "can only be set on cache instances",
            ));
        }
        (None, Family::Cache) => DEFAULT_CACHE_OPS_PER_SECOND,
        (None, _) => 0.0,
    };
    let apply_per_second = match (&ri.apply_per_second, family) {
        (Some(v), Family::Database) => {
            let x = *v.get_ref();
            if !(x.is_finite() && (1.0..=1e9).contains(&x)) {
                return Err(cx.invalid(
                    v,
                    key("apply_per_second"),
                    "must be between 1 and 1e9 row changes a second",
                ));
            }
            x
        }
        (Some(v), _) => {
            return Err(cx.invalid(
                v,
                key("apply_per_second"),
                "can only be set on database instances",
            ));
        }
        (None, Family::Database) => default_apply_per_second(vcpu as u32),
        (None, _) => 0.0,
    };
    Ok(Instance {
        ops_per_second,
        apply_per_second,
        name: cx.text(&ri.name, &key("name"))?,
        family,
        vcpu: vcpu as u32,
        memory_gib: mem,
        monthly_usd,
        source: cx.text(&ri.source, &key("source"))?,
        as_of: ri
            .as_of
            .as_ref()
            .map_or(Ok(as_of.to_string()), |v| cx.text(v, &key("as_of")))?,
    })
}

fn usage_price(
    cx: TomlCtx<'_>,
    r: &RawUsage,
    key: &str,
    as_of: &str,
    need_gb: bool,
    need_req: bool,
) -> Result<Usage, InputError> {
    let per_gb_usd = match &r.per_gb_usd {
        Some(v) => cx.money(v, &format!("{key}.per_gb_usd"))?,
        None if need_gb => {
            return Err(cx.invalid_str(
                &r.source,
                format!("{key}.per_gb_usd"),
                "is required (US dollars per GB out)",
            ));
        }
        None => 0.0,
    };
    let per_request_usd = match (&r.per_10k_requests_usd, &r.per_million_requests_usd) {
        (Some(a), Some(_)) => {
            return Err(cx.invalid(
                a,
                format!("{key}.per_10k_requests_usd"),
                "cannot be given together with per_million_requests_usd",
            ));
        }
        (Some(v), None) => cx.money(v, &format!("{key}.per_10k_requests_usd"))? / 1e4,
        (None, Some(v)) => cx.money(v, &format!("{key}.per_million_requests_usd"))? / 1e6,
        (None, None) if need_req => {
            return Err(cx.invalid_str(
                &r.source,
                format!("{key}.per_10k_requests_usd"),
                "is required (US dollars per 10,000 requests)",
            ));
        }
        (None, None) => 0.0,
    };
    let positive = |v: &Spanned<f64>, k: &str| -> Result<f64, InputError> {
        let x = *v.get_ref();
        if x.is_finite() && (0.0..=1e12).contains(&x) {
            Ok(x)
        } else {
            Err(cx.invalid(v, format!("{key}.{k}"), "must be between 0 and 1e12"))
        }
    };
    let free_gb = r
        .free_gb
        .as_ref()
        .map_or(Ok(0.0), |v| positive(v, "free_gb"))?;
    let free_requests = r
        .free_requests
        .as_ref()
        .map_or(Ok(0.0), |v| positive(v, "free_requests"))?;
    let tiers = match (&r.tier_upper_gb, &r.tier_per_gb_usd) {
        (None, None) => Vec::new(),
        (Some(up), Some(pr)) => {
            let (u, p) = (up.get_ref(), pr.get_ref());
            let increasing = u.windows(2).all(|w| w[0] < w[1]);
            if u.len() != p.len() || !increasing || u.iter().any(|x| !(x.is_finite() && *x > 0.0)) {
                return Err(InputError::Invalid {
                    origin: cx.origin(up.span()),
                    key: format!("{key}.tier_upper_gb"),
                    value: format!("{u:?}"),
                    expected: format!(
                        "must be increasing GB figures > 0, as many as {key}.tier_per_gb_usd has prices ({})",
                        p.len()
                    ),
                });
            }
            if p.iter()
                .any(|x| !(x.is_finite() && (0.0..=1e7).contains(x)))
            {
                return Err(InputError::Invalid {
                    origin: cx.origin(pr.span()),
                    key: format!("{key}.tier_per_gb_usd"),
                    value: format!("{p:?}"),
                    expected: "must be prices in US dollars between 0 and 10,000,000".into(),
                });
            }
            u.iter().copied().zip(p.iter().copied()).collect()
        }
        (Some(v), None) => {
            return Err(InputError::Invalid {
                origin: cx.origin(v.span()),
                key: format!("{key}.tier_per_gb_usd"),
                value: "nothing".into(),
                expected: "is required with tier_upper_gb (the price of each tier after the first)"
                    .into(),
            });
        }
        (None, Some(v)) => {
            return Err(InputError::Invalid {
                origin: cx.origin(v.span()),
                key: format!("{key}.tier_upper_gb"),
                value: "nothing".into(),
                expected:
                    "is required with tier_per_gb_usd (where each tier after the first starts)"
                        .into(),
            });
        }
    };
    Ok(Usage {
        tiers,
        free_gb,
        free_requests,
        per_gb_usd,
        per_request_usd,
        source: cx.text(&r.source, &format!("{key}.source"))?,
        as_of: match &r.as_of {
            Some(v) => cx.text(v, &format!("{key}.as_of"))?,
            None => as_of.to_string(),
        },
    })
}

fn rate(cx: TomlCtx<'_>, name: &str, r: &RawRate, as_of: &str) -> Result<Rate, InputError> {
    let key = |k: &str| format!("rates.{name}.{k}");
    let Some((_, unit)) = RATES.iter().find(|(n, _)| *n == name) else {
        return Err(cx.invalid_str(
            &r.unit,
            format!("rates.{name}"),
            format!(
                "must be a known price, {}",
                one_of(RATES.iter().map(|(n, _)| *n))
            ),
        ));
    };
    if r.unit.get_ref() != unit {
        return Err(cx.invalid_str(&r.unit, key("unit"), format!("must be {unit:?}")));
    }
    let usd = cx.money(&r.usd, &key("usd"))?;
    if *unit == "ratio" && !(usd > 0.0 && usd <= 10.0) {
        return Err(cx.invalid(&r.usd, key("usd"), "must be a ratio > 0 and at most 10"));
    }
    Ok(Rate {
        usd,
        unit: unit.to_string(),
        source: cx.text(&r.source, &key("source"))?,
        as_of: match &r.as_of {
            Some(v) => cx.text(v, &key("as_of"))?,
            None => as_of.to_string(),
        },
    })
}
