//! Plain wording for the messages of the YAML and TOML libraries: the key
//! path first, serde's type names as a user writes them ("a list", "a whole
//! number"), and no advice a user cannot act on (library options).

/// serde's name of an expected type, as a user would say it.
pub fn expected_words(expected: &str) -> String {
    let e = expected.trim();
    let plain = match e {
        "f32" | "f64" | "a float" | "floating point" | "a number" => "a number",
        "integer" | "unsigned integer" => "a whole number",
        "boolean" => "true or false",
        "string scalar" | "scalar" | "a scalar" => "a single value (not a list or mapping)",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number ≥ 0",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "an integer" => "a whole number",
        "bool" | "a boolean" => "true or false",
        "a string" | "string" | "a borrowed string" | "char" | "a character" => "a string",
        "a map" | "map" | "a mapping" => "a mapping (key: value entries)",
        "a sequence" | "sequence" | "a list" | "an array" => "a list",
        _ if e.starts_with("struct ") => "a mapping (key: value entries)",
        _ if e.starts_with("a sequence") || e.starts_with("a list") => "a list",
        _ if e.starts_with("tuple") => "a list",
        _ if e.starts_with("enum ") || e.starts_with("variant identifier") => {
            "one of the names listed in the documentation"
        }
        _ => return e.to_string(),
    };
    plain.to_string()
}

/// serde's description of a value it met ("sequence", "string \"x\""), as
/// a user would say it.
pub fn unexpected_words(unexpected: &str) -> String {
    let u = unexpected.trim();
    match u {
        "sequence" => return "a list".into(),
        "map" => return "a mapping".into(),
        "unit value" | "unit" | "null" => return "nothing (null)".into(),
        "newtype struct" | "enum" => return "a tagged value".into(),
        _ => {}
    }
    for prefix in [
        "string ",
        "integer ",
        "floating point ",
        "boolean ",
        "character ",
        "unsigned integer ",
    ] {
        if let Some(rest) = u.strip_prefix(prefix) {
            // "`5` as i128": the value between the backquotes.
            if let Some(inner) = rest.strip_prefix('`').and_then(|r| r.split('`').next()) {
                return inner.to_string();
            }
            return rest.to_string();
        }
    }
    u.to_string()
}

/// "`key` must be EXPECTED, got UNEXPECTED" for a type mismatch; `key` may
/// be empty (the top level).
pub fn type_mismatch(key: &str, expected: &str, unexpected: &str) -> String {
    format!(
        "{} must be {}, got {}",
        key_or_top(key),
        expected_words(expected),
        unexpected_words(unexpected)
    )
}

/// The key as shown at the start of a message.
pub fn key_or_top(key: &str) -> String {
    if key.is_empty() {
        "the top level".to_string()
    } else {
        key.to_string()
    }
}

/// The mapping that holds `key` (`a.b[2].c` → `a.b[2]`), or "" at the top.
pub fn parent(key: &str) -> &str {
    match key.rfind('.') {
        Some(i) => &key[..i],
        None => "",
    }
}

/// "in `parent`: " before a message about one of its keys, or nothing at
/// the top level.
pub fn in_parent(parent: &str) -> String {
    if parent.is_empty() {
        String::new()
    } else {
        format!("in {parent}: ")
    }
}

/// Splits "invalid type: X, expected Y" (or "invalid value: …") into
/// (X, Y).
pub fn split_invalid(message: &str) -> Option<(&str, &str)> {
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    let i = rest.rfind(", expected ")?;
    Some((&rest[..i], &rest[i + ", expected ".len()..]))
}

/// The backquoted name in "unknown field `x`" / "missing field `x`".
pub fn quoted_name(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_errors_are_worded_for_users() {
        assert_eq!(
            type_mismatch("users.monthly_active", "f64", "sequence"),
            "users.monthly_active must be a number, got a list"
        );
        assert_eq!(
            type_mismatch("stations", "struct RawStation", "string \"x\""),
            "stations must be a mapping (key: value entries), got \"x\""
        );
        assert_eq!(
            type_mismatch("", "struct RawNetwork", "sequence"),
            "the top level must be a mapping (key: value entries), got a list"
        );
    }

    #[test]
    fn values_are_shown_as_written() {
        assert_eq!(
            unexpected_words("integer `99999999999999999999` as i128"),
            "99999999999999999999"
        );
        assert_eq!(unexpected_words("string \"x\""), "\"x\"");
        assert_eq!(unexpected_words("floating point `2.5`"), "2.5");
    }

    #[test]
    fn messages_split() {
        assert_eq!(
            split_invalid("invalid type: sequence, expected a string"),
            Some(("sequence", "a string"))
        );
        assert_eq!(quoted_name("missing field `rank`"), Some("rank"));
        assert_eq!(parent("a.b[2].c"), "a.b[2]");
        assert_eq!(parent("a"), "");
    }
}
