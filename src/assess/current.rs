//! Today's setup from the profile, checked against the tier catalog.
//!
//! Components of the current tier that the profile leaves out run at the
//! tier's minimum: the cheapest allowed size, `min_count` instances.

use crate::catalog::{Catalog, Tier};
use crate::error::InputError;
use crate::profile::Profile;

use super::layout::{Choice, Layout};

/// The current tier's index in the catalog, or a located error listing the
/// tiers.
pub fn current_tier(profile: &Profile, catalog: &Catalog) -> Result<usize, InputError> {
    let cur = &profile.current;
    catalog
        .tiers
        .iter()
        .position(|t| t.name == cur.tier)
        .ok_or_else(|| {
            let names: Vec<&str> = catalog.tiers.iter().map(|t| t.name.as_str()).collect();
            let hint = crate::input::suggest::nearest(&cur.tier, names.iter().copied())
                .map(|n| format!("; did you mean `{n}`?"))
                .unwrap_or_default();
            InputError::Invalid {
                origin: cur.tier_origin.clone(),
                key: "current.tier".into(),
                value: format!("{:?}", cur.tier),
                expected: format!(
                    "must name a tier of the catalog (one of: {}{hint})",
                    names.join(", ")
                ),
            }
        })
}

/// The configuration in use today: one choice per pool of `layout` (which
/// must be the current tier's).
pub fn current_config(layout: &Layout<'_>) -> Result<Vec<Choice>, InputError> {
    let profile = layout.profile;
    let tier = layout.tier;
    let prices = layout.prices;
    for (name, c) in &profile.current.components {
        if !is_pool(tier, name) {
            return Err(InputError::Invalid {
                origin: c.origin.clone(),
                key: "current.components".into(),
                value: format!("{name:?}"),
                expected: format!(
                    "must name sized components of tier {:?}, one of: {}",
                    tier.name,
                    pool_names(tier)
                ),
            });
        }
    }
    check_colocate(layout)?;
    let mut config = Vec::with_capacity(layout.pools.len());
    for p in 0..layout.pools.len() {
        let comp = layout.component(p);
        let given = profile.current.components.get(&comp.name);
        let key = format!("current.components.{}", comp.name);
        let size = match given.and_then(|g| g.size.as_ref()) {
            None => comp.sizes[0],
            Some((s, origin)) => *comp
                .sizes
                .iter()
                .find(|&&i| prices.instances[i].name == *s)
                .ok_or_else(|| InputError::Invalid {
                    origin: origin.clone(),
                    key: format!("{key}.size"),
                    value: format!("{s:?}"),
                    expected: format!(
                        "must be a size tier {:?} allows for {}, one of: {}",
                        tier.name,
                        comp.name,
                        comp.sizes
                            .iter()
                            .map(|&i| prices.instances[i].name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                })?,
        };
        let count = match given.and_then(|g| g.count.as_ref()) {
            None => layout.default_count(p),
            Some((n, origin)) => {
                if *n < comp.min_count || *n > comp.max_count {
                    return Err(InputError::Invalid {
                        origin: origin.clone(),
                        key: format!("{key}.count"),
                        value: n.to_string(),
                        expected: format!(
                            "must be from {} to {} in tier {:?}",
                            comp.min_count, comp.max_count, tier.name
                        ),
                    });
                }
                *n
            }
        };
        config.push(Choice { size, count });
    }
    Ok(config)
}

/// Whether `name` is a sized component (a pool) of `tier`.
fn is_pool(tier: &Tier, name: &str) -> bool {
    tier.component_index(name)
        .is_some_and(|i| tier.components[i].kind.is_pool())
}

/// The sized components of `tier`, for error messages.
fn pool_names(tier: &Tier) -> String {
    tier.components
        .iter()
        .filter(|c| c.kind.is_pool())
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `current.colocate` must name sized components of the current tier.
fn check_colocate(layout: &Layout<'_>) -> Result<(), InputError> {
    let cur = &layout.profile.current;
    let tier = layout.tier;
    for name in &cur.colocate {
        if !is_pool(tier, name) {
            return Err(InputError::Invalid {
                origin: cur
                    .colocate_origin
                    .clone()
                    .unwrap_or_else(|| cur.tier_origin.clone()),
                key: "current.colocate".into(),
                value: format!("{name:?}"),
                expected: format!(
                    "must name sized components of tier {:?} that share one machine, from: {}",
                    tier.name,
                    pool_names(tier)
                ),
            });
        }
    }
    Ok(())
}
