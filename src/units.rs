//! Human units in input values: `15%`, `200ms`, `40k`, `$120`, `150 KB`, `3x`.
//!
//! Founders write quantities the way they say them. A value is a YAML number
//! or a string; each key expects one [`Kind`] of quantity, and a value of the
//! wrong kind (`peak_to_average: 200ms`) is refused with the accepted forms.
//! Every parse returns SI base units: seconds, bytes, US dollars, fractions.

use std::fmt;

use serde::Deserialize;

use crate::error::InputError;
use crate::input::{Ctx, Spanned};

/// A value as written: a YAML number, or a string such as `200ms`.
#[derive(Debug, Clone, PartialEq)]
pub enum Human {
    /// A plain YAML number.
    Number(f64),
    /// A string, parsed according to the key's [`Kind`].
    Text(String),
}

impl fmt::Display for Human {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Human::Number(n) => write!(f, "{n}"),
            Human::Text(s) => write!(f, "{s:?}"),
        }
    }
}

impl<'de> Deserialize<'de> for Human {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Human;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a quantity such as 15%, 200ms, 40k, $120 or 4KB")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Human, E> {
                Ok(Human::Number(v as f64))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Human, E> {
                Ok(Human::Number(v as f64))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Human, E> {
                Ok(Human::Number(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Human, E> {
                Ok(Human::Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// In a JSON Schema a quantity is a number or a string with a unit; which
/// kind a key expects is in the key's own description.
impl schemars::JsonSchema for Human {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Quantity".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let forms: Vec<&str> = Kind::ALL.iter().map(|k| k.forms()).collect();
        schemars::json_schema!({
            "description": format!(
                "A number, or a string with a unit. Each key expects one kind: {}.",
                forms.join("; ")
            ),
            "type": ["number", "string"],
        })
    }
}

/// The kind of quantity a key expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A share: `15%` or `0.15`. Returns the fraction.
    Fraction,
    /// A time span with a unit: `200ms`, `1.5s`, `500us`, `2min`. Returns
    /// seconds. A plain number is refused: it has no unit.
    Duration,
    /// A count: `40000`, `40k`, `1.2M`, `40_000`, `40,000`.
    Count,
    /// US dollars: `$120`, `$1.2k`, `120`.
    Money,
    /// A size: `4KB`, `150 KB`, `2MB`, `1GiB`, or plain bytes. Decimal
    /// prefixes are powers of 1000, binary ones (`KiB`) powers of 1024.
    Bytes,
    /// A plain multiplier: `3`, `3x`, `2.5×`.
    Factor,
}

impl Kind {
    /// Every kind, in documentation order.
    pub const ALL: [Kind; 6] = [
        Kind::Fraction,
        Kind::Duration,
        Kind::Count,
        Kind::Money,
        Kind::Bytes,
        Kind::Factor,
    ];

    /// The accepted forms, phrased to follow "must be".
    pub fn forms(self) -> &'static str {
        match self {
            Kind::Fraction => "a fraction like 0.15 or a percentage like 15%",
            Kind::Duration => "a duration with a unit, like 200ms, 1.5s, 500us or 2min",
            Kind::Count => "a number like 40000, 40k or 1.2M",
            Kind::Money => "an amount in US dollars like $120, $1.2k or 120",
            Kind::Bytes => "a size like 4KB, 150 KB, 2MB, 1GiB or a plain number of bytes",
            Kind::Factor => "a plain factor like 3 or 3x",
        }
    }
}

/// Parses the value `s` of the command-line flag `--name` as a quantity of
/// `kind` within `[lo, hi]`, or a usage error naming the flag, the value
/// and what is allowed.
pub fn parse_flag(s: &str, name: &str, kind: Kind, lo: f64, hi: f64) -> Result<f64, crate::Error> {
    parse_flag_worded(s, name, kind, lo, hi, &range_words(kind, lo, hi))
}

/// [`parse_flag`] with the range worded by the caller, in the same words as
/// the file key the flag stands for ("between 0% and 100%"), so that flag
/// and file errors read alike.
pub fn parse_flag_worded(
    s: &str,
    name: &str,
    kind: Kind,
    lo: f64,
    hi: f64,
    what: &str,
) -> Result<f64, crate::Error> {
    match parse(kind, &Human::Text(s.to_string())) {
        Some(x) if (lo..=hi).contains(&x) => Ok(x),
        Some(_) => Err(crate::Error::Usage(format!(
            "--{name} must be {what}, got {s:?}"
        ))),
        None => Err(crate::Error::Usage(format!(
            "--{name} must be {}, got {s:?}",
            kind.forms()
        ))),
    }
}

/// "between LO and HI" in the units of `kind` (`between -50% and 300%`,
/// `between $0 and $1000000`).
pub fn range_words(kind: Kind, lo: f64, hi: f64) -> String {
    let n = |x: f64| {
        let r = (x * 1e6).round() / 1e6;
        format!("{r}")
    };
    match kind {
        Kind::Fraction => format!("between {}% and {}%", n(lo * 100.0), n(hi * 100.0)),
        Kind::Money => format!("between ${} and ${}", n(lo), n(hi)),
        Kind::Duration => format!("between {}ms and {}ms", n(lo * 1e3), n(hi * 1e3)),
        Kind::Bytes => format!("between {} and {} bytes", n(lo), n(hi)),
        Kind::Count | Kind::Factor => format!("between {} and {}", n(lo), n(hi)),
    }
}

/// Longest lead time, months: the same range for `--lead-time-months` as
/// for `planning.lead_time_months`.
pub const MAX_LEAD_TIME_MONTHS: u32 = 120;

/// clap parser of `--lead-time-months`: a whole number from 0 to
/// [`MAX_LEAD_TIME_MONTHS`], worded as the profile key is.
pub fn lead_time_flag(s: &str) -> Result<u32, String> {
    whole_in(s, 0, MAX_LEAD_TIME_MONTHS)
}

/// clap parser of a whole-number flag (`--months`, `--paths`): negative
/// and fractional values get words, not "invalid digit found in string".
pub fn whole_flag(s: &str) -> Result<u32, String> {
    whole_in(s, 0, u32::MAX)
}

/// clap parser of a whole-number flag that may be as large as a `u64`
/// (`--seed`, `--requests`).
pub fn whole_flag_u64(s: &str) -> Result<u64, String> {
    let t = s.trim().replace('_', "");
    t.parse::<u64>()
        .map_err(|_| format!("must be a whole number from 0 to {}", u64::MAX))
}

fn whole_in(s: &str, lo: u32, hi: u32) -> Result<u32, String> {
    let words = format!("must be a whole number from {lo} to {hi}");
    match parse(Kind::Count, &Human::Text(s.to_string())) {
        Some(x) if x.fract() == 0.0 && x >= f64::from(lo) && x <= f64::from(hi) => Ok(x as u32),
        _ => Err(words),
    }
}

/// Parses `v` as a quantity of `kind`, in SI base units. `None` when the value
/// is not of that kind.
pub fn parse(kind: Kind, v: &Human) -> Option<f64> {
    let x = match v {
        Human::Number(n) => match kind {
            Kind::Duration => return None,
            _ => *n,
        },
        Human::Text(s) => parse_text(kind, s)?,
    };
    x.is_finite().then_some(x)
}

fn parse_text(kind: Kind, s: &str) -> Option<f64> {
    let s = s.trim();
    // `-$5` is read as `$-5`: a negative amount, for the range check to refuse.
    let (sign, s) = match s.strip_prefix("-$") {
        Some(rest) => (-1.0, &s[s.len() - rest.len() - 1..]),
        None => (1.0, s),
    };
    let (dollar, s) = match s.strip_prefix('$') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    if dollar && kind != Kind::Money {
        return None;
    }
    let (number, suffix) = split_number(s)?;
    let suffix = suffix.trim();
    let scale = match kind {
        Kind::Fraction => match suffix {
            "" => 1.0,
            "%" => 0.01,
            _ => return None,
        },
        Kind::Duration => match suffix {
            "ns" => 1e-9,
            "us" | "µs" | "μs" => 1e-6,
            "ms" => 1e-3,
            "s" | "sec" => 1.0,
            "min" => 60.0,
            "h" => 3600.0,
            _ => return None,
        },
        Kind::Count | Kind::Money => match suffix {
            "" => 1.0,
            "k" | "K" => 1e3,
            "M" => 1e6,
            "bn" => 1e9,
            "USD" if kind == Kind::Money && !dollar => 1.0,
            _ => return None,
        },
        Kind::Bytes => match suffix {
            "" | "B" => 1.0,
            "KB" | "kB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "KiB" => 1024.0,
            "MiB" => 1024.0 * 1024.0,
            "GiB" => 1024.0 * 1024.0 * 1024.0,
            _ => return None,
        },
        Kind::Factor => match suffix {
            "" | "x" | "×" => 1.0,
            _ => return None,
        },
    };
    Some(sign * number * scale)
}

/// Splits `40_000.5 KB` into (40000.5, " KB"). Digit-group separators `_` and
/// `,` are allowed between digits.
fn split_number(s: &str) -> Option<(f64, &str)> {
    let end = s
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit()
                || c == '.'
                || c == '_'
                || c == ','
                || ((c == '-' || c == '+') && i == 0)
                || ((c == 'e' || c == 'E') && is_exponent(s, i)))
        })
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let (num, rest) = s.split_at(end);
    if num.is_empty() || num.starts_with([',', '_']) || num.ends_with([',', '_']) {
        return None;
    }
    let cleaned: String = num.chars().filter(|&c| c != '_' && c != ',').collect();
    let x: f64 = cleaned.parse().ok()?;
    Some((x, rest))
}

/// Whether the `e` at byte `i` starts an exponent (`1e3`), not a unit.
fn is_exponent(s: &str, i: usize) -> bool {
    let before = s[..i].chars().next_back();
    let mut after = s[i + 1..].chars();
    let next = match after.next() {
        Some('+' | '-') => after.next(),
        c => c,
    };
    matches!(before, Some(c) if c.is_ascii_digit()) && matches!(next, Some(c) if c.is_ascii_digit())
}

/// Reads a spanned human value of `kind` for `key`, with a located error
/// naming the key, the value and the accepted forms.
pub fn read(cx: Ctx<'_>, v: &Spanned<Human>, key: &str, kind: Kind) -> Result<f64, InputError> {
    parse(kind, &v.value).ok_or_else(|| cx.invalid(v, key, format!("must be {}", kind.forms())))
}

/// Reads a value of `kind` and checks it lies in `[lo, hi]`; `what` names the
/// range in the error ("between 0% and 100%").
pub fn read_within(
    cx: Ctx<'_>,
    v: &Spanned<Human>,
    key: &str,
    kind: Kind,
    lo: f64,
    hi: f64,
    what: &str,
) -> Result<f64, InputError> {
    let x = read(cx, v, key, kind)?;
    if x >= lo && x <= hi {
        Ok(x)
    } else {
        Err(cx.invalid(v, key, format!("must be {what}")))
    }
}

/// Reads a whole number of `kind` Count in `[lo, hi]`.
pub fn read_whole(
    cx: Ctx<'_>,
    v: &Spanned<Human>,
    key: &str,
    lo: u32,
    hi: u32,
) -> Result<u32, InputError> {
    let x = read(cx, v, key, Kind::Count)?;
    if x.fract() == 0.0 && x >= f64::from(lo) && x <= f64::from(hi) {
        Ok(x as u32)
    } else {
        Err(cx.invalid(v, key, format!("must be a whole number from {lo} to {hi}")))
    }
}

/// A figure with up to 3 significant digits, for messages and compact
/// tables: `2.35`, `23.5`, `235`.
#[must_use]
pub fn three_digits(x: f64) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn t(kind: Kind, s: &str) -> Option<f64> {
        parse(kind, &Human::Text(s.into()))
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() <= 1e-12 * b.abs().max(1.0))
    }

    #[test]
    fn fractions() {
        assert!(close(t(Kind::Fraction, "15%"), 0.15));
        assert!(close(t(Kind::Fraction, "15 %"), 0.15));
        assert!(close(t(Kind::Fraction, "0.15"), 0.15));
        assert!(close(parse(Kind::Fraction, &Human::Number(0.15)), 0.15));
        assert!(close(t(Kind::Fraction, "100%"), 1.0));
        assert_eq!(t(Kind::Fraction, "15ms"), None);
        assert_eq!(t(Kind::Fraction, "$15"), None);
        assert_eq!(t(Kind::Fraction, "%"), None);
        assert_eq!(t(Kind::Fraction, "fifteen"), None);
    }

    #[test]
    fn durations() {
        assert!(close(t(Kind::Duration, "200ms"), 0.2));
        assert!(close(t(Kind::Duration, "200 ms"), 0.2));
        assert!(close(t(Kind::Duration, "1.5s"), 1.5));
        assert!(close(t(Kind::Duration, "500us"), 500e-6));
        assert!(close(t(Kind::Duration, "500µs"), 500e-6));
        assert!(close(t(Kind::Duration, "2min"), 120.0));
        assert!(close(t(Kind::Duration, "1e2ms"), 0.1));
        // A plain number has no unit.
        assert_eq!(parse(Kind::Duration, &Human::Number(200.0)), None);
        assert_eq!(t(Kind::Duration, "200"), None);
        assert_eq!(t(Kind::Duration, "200m"), None);
        assert_eq!(t(Kind::Duration, "15%"), None);
    }

    #[test]
    fn counts() {
        assert!(close(t(Kind::Count, "40k"), 40_000.0));
        assert!(close(t(Kind::Count, "40K"), 40_000.0));
        assert!(close(t(Kind::Count, "1.2M"), 1_200_000.0));
        assert!(close(t(Kind::Count, "2bn"), 2e9));
        assert!(close(t(Kind::Count, "40_000"), 40_000.0));
        assert!(close(t(Kind::Count, "40,000"), 40_000.0));
        assert!(close(t(Kind::Count, "1e6"), 1e6));
        assert!(close(parse(Kind::Count, &Human::Number(12.0)), 12.0));
        assert!(close(t(Kind::Count, "-3"), -3.0));
        assert_eq!(
            t(Kind::Count, "40m"),
            None,
            "m is ambiguous: milli or million"
        );
        assert_eq!(t(Kind::Count, "$40"), None);
        assert_eq!(t(Kind::Count, "40KB"), None);
        assert_eq!(t(Kind::Count, ",40"), None);
        assert_eq!(t(Kind::Count, "40_"), None);
        assert_eq!(t(Kind::Count, ""), None);
        assert_eq!(t(Kind::Count, "1e400"), None, "overflow is not finite");
    }

    #[test]
    fn money() {
        assert!(close(t(Kind::Money, "$120"), 120.0));
        assert!(close(t(Kind::Money, "$1.2k"), 1200.0));
        assert!(close(t(Kind::Money, "120"), 120.0));
        assert!(close(t(Kind::Money, "120 USD"), 120.0));
        assert!(close(parse(Kind::Money, &Human::Number(9.5)), 9.5));
        assert_eq!(t(Kind::Money, "$120 USD"), None);
        assert!(close(t(Kind::Money, "-$5"), -5.0));
        assert_eq!(t(Kind::Count, "-$5"), None);
        assert_eq!(t(Kind::Money, "120€"), None);
    }

    #[test]
    fn bytes() {
        assert!(close(t(Kind::Bytes, "4KB"), 4000.0));
        assert!(close(t(Kind::Bytes, "150 KB"), 150_000.0));
        assert!(close(t(Kind::Bytes, "2MB"), 2e6));
        assert!(close(t(Kind::Bytes, "1GiB"), 1_073_741_824.0));
        assert!(close(t(Kind::Bytes, "1KiB"), 1024.0));
        assert!(close(t(Kind::Bytes, "512"), 512.0));
        assert!(close(t(Kind::Bytes, "512B"), 512.0));
        assert!(close(parse(Kind::Bytes, &Human::Number(512.0)), 512.0));
        assert_eq!(t(Kind::Bytes, "4Kb"), None, "bits are not accepted");
        assert_eq!(t(Kind::Bytes, "4k"), None);
    }

    #[test]
    fn factors() {
        assert!(close(t(Kind::Factor, "3"), 3.0));
        assert!(close(t(Kind::Factor, "3x"), 3.0));
        assert!(close(t(Kind::Factor, "2.5×"), 2.5));
        assert!(close(parse(Kind::Factor, &Human::Number(3.0)), 3.0));
        assert_eq!(t(Kind::Factor, "200ms"), None);
        assert_eq!(t(Kind::Factor, "30%"), None);
    }

    #[test]
    fn non_finite_numbers_are_refused() {
        assert_eq!(parse(Kind::Count, &Human::Number(f64::NAN)), None);
        assert_eq!(parse(Kind::Factor, &Human::Number(f64::INFINITY)), None);
        assert_eq!(t(Kind::Count, "inf"), None);
        assert_eq!(t(Kind::Count, "NaN"), None);
    }

    #[test]
    fn flag_ranges_are_worded_like_file_ranges() {
        assert_eq!(
            range_words(Kind::Fraction, -0.5, 3.0),
            "between -50% and 300%"
        );
        assert_eq!(
            range_words(Kind::Money, 0.0, 1e6),
            "between $0 and $1000000"
        );
        assert_eq!(
            range_words(Kind::Duration, 0.0, 60.0),
            "between 0ms and 60000ms"
        );
        let e = parse_flag("-60%", "growth", Kind::Fraction, -0.5, 3.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--growth must be between -50% and 300%, got \"-60%\""
        );
    }

    #[test]
    fn whole_number_flags() {
        assert_eq!(lead_time_flag("120"), Ok(120));
        assert_eq!(
            lead_time_flag("1000"),
            Err("must be a whole number from 0 to 120".into())
        );
        assert!(lead_time_flag("-1").is_err());
        assert!(lead_time_flag("1.5").is_err());
        assert_eq!(whole_flag("36"), Ok(36));
        assert!(whole_flag("-5").is_err());
        assert_eq!(whole_flag_u64("7"), Ok(7));
    }

    #[test]
    fn errors_name_key_value_and_forms() {
        let cx = Ctx::new("app.yaml");
        let yaml = "x: 200ms\n";
        #[derive(Deserialize)]
        struct R {
            x: Spanned<Human>,
        }
        let r: R = crate::input::parse_yaml("app.yaml", yaml).unwrap();
        let err = read(cx, &r.x, "traffic.peak_to_average", Kind::Factor).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("app.yaml:1:4: traffic.peak_to_average must be"),
            "{msg}"
        );
        assert!(
            msg.contains("3x") && msg.ends_with("got \"200ms\""),
            "{msg}"
        );
        let err = read_within(
            cx,
            &r.x,
            "slo.api_p95",
            Kind::Duration,
            0.0,
            0.1,
            "at most 100ms",
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("slo.api_p95 must be at most 100ms")
        );
    }
}
