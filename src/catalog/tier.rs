//! Validating one tier file against the price sheet.

use toml::Spanned;

use super::load::{MAX_COUNT, TomlCtx, one_of};
use super::model::{ClassKind, Component, ComponentKind, PriceSheet, Step, Target, Tier};
use super::raw::{RawComponent, RawTier};
use crate::error::InputError;
use crate::units::{self, Kind};

/// Name of the path step for the network between regions.
pub const WAN: &str = "wan";

/// Validates a raw tier; sizes are resolved against `prices`.
pub(super) fn validate_tier(
    cx: TomlCtx<'_>,
    raw: &RawTier,
    prices: &PriceSheet,
) -> Result<Tier, InputError> {
    let name = cx.text(&raw.name, "name")?;
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(cx.invalid_str(
            &raw.name,
            "name",
            "must use only letters, digits, '_' and '-'",
        ));
    }
    let rank = *raw.rank.get_ref();
    if !(1..=1000).contains(&rank) {
        return Err(cx.invalid(&raw.rank, "rank", "must be a whole number from 1 to 1000"));
    }
    let title = cx.text(&raw.title, "title")?;
    let summary = raw
        .summary
        .as_ref()
        .map(|s| s.get_ref().clone())
        .unwrap_or_default();
    if raw.components.is_empty() {
        return Err(InputError::Invalid {
            origin: cx.origin(raw.name.span()),
            key: "components".into(),
            value: "nothing".into(),
            expected: "must define at least one component".into(),
        });
    }
    let mut components = Vec::with_capacity(raw.components.len());
    for (cname, rc) in &raw.components {
        components.push(component(cx, cname, rc, prices)?);
    }
    let names: Vec<&str> = raw.components.keys().map(String::as_str).collect();
    for (cname, rc) in &raw.components {
        if cname == WAN || cname.is_empty() || cname.contains(['@', '?']) {
            return Err(cx.invalid_str(
                &rc.kind,
                format!("components.{cname}"),
                format!("must have a name other than {WAN:?}, without '@' or '?'"),
            ));
        }
    }
    let mut paths = Vec::with_capacity(ClassKind::ALL.len());
    for (class_name, _) in &raw.paths {
        if !ClassKind::ALL.iter().any(|c| c.name() == class_name) {
            let v = &raw.paths[class_name];
            return Err(InputError::Invalid {
                origin: cx.origin(v.span()),
                key: format!("paths.{class_name}"),
                value: format!("{class_name:?}"),
                expected: format!(
                    "must be a request class, {}",
                    one_of(ClassKind::ALL.map(ClassKind::name))
                ),
            });
        }
    }
    let mut visited = vec![false; components.len()];
    for class in ClassKind::ALL {
        // Notifications run where jobs run unless the tier routes them.
        let given = raw.paths.get(class.name()).or_else(|| {
            (class == ClassKind::Notification)
                .then(|| raw.paths.get(ClassKind::Background.name()))
                .flatten()
        });
        let Some(raw_path) = given else {
            return Err(InputError::Invalid {
                origin: cx.origin(raw.name.span()),
                key: format!("paths.{}", class.name()),
                value: "nothing".into(),
                expected: format!(
                    "is required: every tier routes every class ({}; notification may be left out to follow background)",
                    one_of(ClassKind::ALL.map(ClassKind::name))
                ),
            });
        };
        let path = path(cx, class, raw_path, &names, &components)?;
        for s in &path {
            if let Target::Component(i) = s.target {
                visited[i] = true;
            }
        }
        paths.push(path);
    }
    if let Some(i) = visited.iter().position(|v| !v) {
        let rc = &raw.components[i];
        return Err(cx.invalid_str(
            &rc.kind,
            format!("components.{}", components[i].name),
            "must be visited by some class's path (add it to `paths` or remove it)",
        ));
    }
    Ok(Tier {
        name,
        title,
        rank: rank as u32,
        summary,
        components,
        paths,
        source: cx.file.to_string(),
    })
}

fn component(
    cx: TomlCtx<'_>,
    cname: &str,
    rc: &RawComponent,
    prices: &PriceSheet,
) -> Result<Component, InputError> {
    let key = |k: &str| format!("components.{cname}.{k}");
    let kind = ComponentKind::ALL
        .into_iter()
        .find(|k| k.name() == rc.kind.get_ref())
        .ok_or_else(|| {
            cx.invalid_str(
                &rc.kind,
                key("kind"),
                format!(
                    "must be {}",
                    one_of(ComponentKind::ALL.map(ComponentKind::name))
                ),
            )
        })?;
    let pool_only = |v: Option<Span>, k: &str| -> Result<(), InputError> {
        match v {
            Some(span) if !kind.is_pool() => Err(InputError::Invalid {
                origin: cx.origin(span),
                key: key(k),
                value: "a value".into(),
                expected: format!("can only be set on pool components (not on a {kind})"),
            }),
            _ => Ok(()),
        }
    };
    pool_only(rc.sizes.as_ref().map(Spanned::span), "sizes")?;
    pool_only(rc.min_count.as_ref().map(Spanned::span), "min_count")?;
    pool_only(rc.max_count.as_ref().map(Spanned::span), "max_count")?;
    pool_only(rc.usl_sigma.as_ref().map(Spanned::span), "usl_sigma")?;
    pool_only(rc.usl_kappa.as_ref().map(Spanned::span), "usl_kappa")?;
    if let Some(p) = &rc.pooler
        && !kind.holds_connections()
    {
        return Err(cx.invalid(
            p,
            key("pooler"),
            "can only be set on database and replicas components",
        ));
    }
    if let Some(p) = &rc.standby
        && !matches!(kind, ComponentKind::Database | ComponentKind::Cache)
    {
        return Err(cx.invalid(
            p,
            key("standby"),
            "can only be set on database and cache components",
        ));
    }
    let latency = match (&rc.latency, kind.is_pool()) {
        (Some(v), true) => {
            return Err(InputError::Invalid {
                origin: cx.origin(v.span()),
                key: key("latency"),
                value: v.get_ref().to_string(),
                expected: format!(
                    "can only be set on delay components (cdn, edge, load_balancer, queue, storage), not on a {kind}"
                ),
            });
        }
        (Some(v), false) => {
            let x = units::parse(Kind::Duration, v.get_ref()).filter(|x| *x > 0.0 && *x <= 10.0);
            x.ok_or_else(|| InputError::Invalid {
                origin: cx.origin(v.span()),
                key: key("latency"),
                value: v.get_ref().to_string(),
                expected: format!(
                    "must be {} between 0 and 10s (exclusive of 0)",
                    Kind::Duration.forms()
                ),
            })?
        }
        (None, true) => 0.0,
        (None, false) => {
            return Err(cx.invalid_str(
                &rc.kind,
                key("latency"),
                "is required for a delay component, like \"5ms\"",
            ));
        }
    };
    let mut sizes = Vec::new();
    if let Some(family) = kind.family() {
        match &rc.sizes {
            Some(list) => {
                if list.get_ref().is_empty() {
                    return Err(InputError::Invalid {
                        origin: cx.origin(list.span()),
                        key: key("sizes"),
                        value: "[]".into(),
                        expected: "must list at least one size (or be left out for all)".into(),
                    });
                }
                for s in list.get_ref() {
                    let fam: Vec<&str> = prices
                        .instances
                        .iter()
                        .filter(|i| i.family == family)
                        .map(|i| i.name.as_str())
                        .collect();
                    let idx = prices
                        .instances
                        .iter()
                        .position(|i| i.family == family && i.name == *s.get_ref())
                        .ok_or_else(|| {
                            cx.invalid_str(
                                s,
                                key("sizes"),
                                format!(
                                    "must name {} sizes of the price sheet, {}",
                                    family.name(),
                                    one_of(fam)
                                ),
                            )
                        })?;
                    if !sizes.contains(&idx) {
                        sizes.push(idx);
                    }
                }
            }
            None => {
                sizes = (0..prices.instances.len())
                    .filter(|&i| prices.instances[i].family == family)
                    .collect()
            }
        }
        sizes.sort_by(|&a, &b| {
            prices.instances[a]
                .monthly_usd
                .total_cmp(&prices.instances[b].monthly_usd)
        });
    }
    let count =
        |v: &Option<Spanned<i64>>, k: &str, default: i64, lo: i64| -> Result<u32, InputError> {
            match v {
                None => Ok(default as u32),
                Some(v) if (lo..=MAX_COUNT).contains(v.get_ref()) => Ok(*v.get_ref() as u32),
                Some(v) => Err(cx.invalid(
                    v,
                    key(k),
                    format!("must be a whole number from {lo} to {MAX_COUNT}"),
                )),
            }
        };
    // A notification service may scale to zero: an app that sends none
    // pays for no instance.
    let fewest = i64::from(kind != ComponentKind::Notifications);
    let min_count = count(&rc.min_count, "min_count", 1, fewest)?;
    let max_count = count(&rc.max_count, "max_count", i64::from(min_count), 1)?;
    if max_count < min_count {
        let v = rc.max_count.as_ref().expect("default equals min_count");
        return Err(cx.invalid(
            v,
            key("max_count"),
            format!("must be at least min_count ({min_count})"),
        ));
    }
    let usl = |v: &Option<Spanned<f64>>, k: &str| -> Result<f64, InputError> {
        match v {
            None => Ok(0.0),
            Some(v) if v.get_ref().is_finite() && (0.0..=1.0).contains(v.get_ref()) => {
                Ok(*v.get_ref())
            }
            Some(v) => Err(cx.invalid(v, key(k), "must be between 0 and 1")),
        }
    };
    Ok(Component {
        name: cname.to_string(),
        kind,
        sizes,
        min_count: if kind.is_pool() { min_count } else { 1 },
        max_count: if kind.is_pool() { max_count } else { 1 },
        usl_sigma: usl(&rc.usl_sigma, "usl_sigma")?,
        usl_kappa: usl(&rc.usl_kappa, "usl_kappa")?,
        regional: rc.regional.as_ref().is_some_and(|r| *r.get_ref()),
        latency,
        pooler: rc.pooler.as_ref().is_some_and(|r| *r.get_ref()),
        standby: rc.standby.as_ref().is_some_and(|r| *r.get_ref()),
    })
}

type Span = std::ops::Range<usize>;

fn path(
    cx: TomlCtx<'_>,
    class: ClassKind,
    raw: &Spanned<Vec<Spanned<String>>>,
    names: &[&str],
    components: &[Component],
) -> Result<Vec<Step>, InputError> {
    let key = format!("paths.{}", class.name());
    if raw.get_ref().is_empty() {
        return Err(InputError::Invalid {
            origin: cx.origin(raw.span()),
            key,
            value: "[]".into(),
            expected: "must list at least one component".into(),
        });
    }
    let mut steps: Vec<Step> = Vec::new();
    let mut filter_seen = false;
    for s in raw.get_ref() {
        let text = s.get_ref().as_str();
        let (name, on_miss) = match text.strip_suffix('?') {
            Some(n) => (n, true),
            None => (text, false),
        };
        let target = if name == WAN {
            Target::Wan
        } else {
            let i = names.iter().position(|n| *n == name).ok_or_else(|| {
                cx.invalid_str(s, &key, format!("must name components of this tier or {WAN:?} (a trailing '?' marks a visit on a miss), {}", one_of(names)))
            })?;
            Target::Component(i)
        };
        if steps.iter().any(|p| p.target == target) {
            return Err(cx.invalid_str(s, &key, "must visit each component at most once"));
        }
        if let Target::Component(i) = target
            && !components[i].kind.serves(class)
        {
            return Err(cx.invalid_str(
                s,
                &key,
                format!(
                    "cannot send {} requests to a {} component: there is no work for them there",
                    class.name(),
                    components[i].kind
                ),
            ));
        }
        if on_miss && !filter_seen {
            return Err(cx.invalid_str(
                s,
                &key,
                "can mark a step '?' (visited on a miss) only after a cache or cdn step",
            ));
        }
        if !on_miss && steps.last().is_some_and(|p| p.on_miss) {
            return Err(cx.invalid_str(
                s,
                &key,
                "must mark every step after a '?' step with '?' too",
            ));
        }
        if let Target::Component(i) = target
            && components[i].kind.is_filter()
            && !on_miss
        {
            filter_seen = true;
        }
        steps.push(Step { target, on_miss });
    }
    Ok(steps)
}
