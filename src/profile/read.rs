//! Reading optional human values with defaults and ranges, for `validate`
//! and `workload`.

use super::defaults as d;
use crate::error::InputError;
use crate::input::{Ctx, Spanned};
use crate::units::{self, Human, Kind};

/// A reader of optional human values with defaults and ranges.
pub(super) struct R<'a> {
    pub(super) cx: Ctx<'a>,
}

impl R<'_> {
    #[allow(clippy::too_many_arguments, reason = "one call per key reads best")]
    pub(super) fn get(
        &self,
        v: &Option<Spanned<Human>>,
        key: &str,
        kind: Kind,
        default: f64,
        lo: f64,
        hi: f64,
        what: &str,
    ) -> Result<f64, InputError> {
        match v {
            None => Ok(default),
            Some(v) => units::read_within(self.cx, v, key, kind, lo, hi, what),
        }
    }

    pub(super) fn fraction(
        &self,
        v: &Option<Spanned<Human>>,
        key: &str,
        default: f64,
    ) -> Result<f64, InputError> {
        self.get(
            v,
            key,
            Kind::Fraction,
            default,
            0.0,
            1.0,
            "between 0% and 100%",
        )
    }

    pub(super) fn duration(
        &self,
        v: &Option<Spanned<Human>>,
        key: &str,
        default: f64,
        max_s: f64,
        what: &str,
    ) -> Result<f64, InputError> {
        match v {
            None => Ok(default),
            Some(v) => {
                let x = units::read(self.cx, v, key, Kind::Duration)?;
                if x > 0.0 && x <= max_s {
                    Ok(x)
                } else {
                    Err(self
                        .cx
                        .invalid(v, key, format!("must be > 0 and at most {what}")))
                }
            }
        }
    }

    pub(super) fn count(
        &self,
        v: &Option<Spanned<Human>>,
        key: &str,
        default: f64,
        hi: f64,
    ) -> Result<f64, InputError> {
        self.get(
            v,
            key,
            Kind::Count,
            default,
            0.0,
            hi,
            &format!("between 0 and {hi}"),
        )
    }

    pub(super) fn cv(
        &self,
        v: &Option<Spanned<Human>>,
        key: &str,
        default: f64,
    ) -> Result<f64, InputError> {
        self.get(
            v,
            key,
            Kind::Factor,
            default,
            0.0,
            d::MAX_CV,
            &format!("between 0 and {}", d::MAX_CV),
        )
    }
}

pub(super) fn whole_or(
    cx: Ctx<'_>,
    v: &Option<Spanned<Human>>,
    key: &str,
    default: u32,
    lo: u32,
    hi: u32,
) -> Result<u32, InputError> {
    match v {
        None => Ok(default),
        Some(v) => units::read_whole(cx, v, key, lo, hi),
    }
}
