//! The key path at a byte offset of a TOML file (`instances[3].vcpu`,
//! `cdn.source`), and the TOML library's messages worded with it: the TOML
//! reader reports a span but not the key.
//!
//! TOML is line-oriented: the table is the last `[table]` or
//! `[[array]]` header before the offset (array headers counted), the key is
//! the `key =` of the line (or of the inline table) the offset falls in.

use super::wording::{in_parent, key_or_top, parent, quoted_name, split_invalid, type_mismatch};

/// The key path at byte `offset` of `text`, and whether the offset is on
/// the key itself (rather than its value).
pub fn key_at(text: &str, offset: usize) -> (String, bool) {
    let offset = offset.min(text.len());
    let mut table = String::new();
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut last_key: Option<String> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        let here = offset < line_end || line_end == text.len();
        let trimmed = line.trim();
        if let Some(name) = header(trimmed, "[[", "]]") {
            let n = match counts.iter_mut().find(|(k, _)| *k == name) {
                Some((_, n)) => {
                    *n += 1;
                    *n - 1
                }
                None => {
                    counts.push((name.clone(), 1));
                    0
                }
            };
            // Nested arrays of tables restart their count under a new parent.
            counts.retain(|(k, _)| !k.starts_with(&format!("{name}.")));
            table = format!("{name}[{n}]");
            last_key = None;
            if here {
                return (table, false);
            }
        } else if let Some(name) = header(trimmed, "[", "]") {
            table = indexed(&name, &counts);
            last_key = None;
            if here {
                return (table, false);
            }
        } else if let Some((key, eq)) = assignment(line) {
            if here {
                let col = offset - line_start;
                let (inner, at_key) = inline_key(line, eq, col);
                let mut path = join(&table, &key);
                if col < eq {
                    return (path, true);
                }
                if let Some(k) = inner {
                    path = join(&path, &k);
                }
                return (path, at_key);
            }
            last_key = Some(key);
        } else if here {
            // A continuation line of a multi-line array or string.
            return match &last_key {
                Some(k) => (join(&table, k), false),
                None => (table, false),
            };
        }
        line_start = line_end;
    }
    (table, false)
}

/// `[name]` / `[[name]]` → `name` (quotes and spaces removed).
fn header(line: &str, open: &str, close: &str) -> Option<String> {
    let code = line.split('#').next()?.trim();
    let inner = code.strip_prefix(open)?.strip_suffix(close)?;
    if inner.starts_with('[') || inner.is_empty() {
        return None;
    }
    Some(
        inner
            .split('.')
            .map(|s| s.trim().trim_matches('"').trim_matches('\''))
            .collect::<Vec<_>>()
            .join("."),
    )
}

/// A `[a.b]` header under an array of tables `[[a]]` names its last entry.
fn indexed(name: &str, counts: &[(String, usize)]) -> String {
    for (arr, n) in counts {
        if let Some(rest) = name.strip_prefix(&format!("{arr}.")) {
            return format!("{arr}[{}].{rest}", n - 1);
        }
    }
    name.to_string()
}

/// `key = value` → (key, byte index of `=`).
fn assignment(line: &str) -> Option<(String, usize)> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') || trimmed.starts_with('[') {
        return None;
    }
    let eq = line.find('=')?;
    let key = line[..eq].trim();
    if key.is_empty() || key.contains(['"', '\'']) && !key.starts_with(['"', '\'']) {
        return None;
    }
    let key: Vec<&str> = key
        .split('.')
        .map(|s| s.trim().trim_matches('"').trim_matches('\''))
        .collect();
    Some((key.join("."), eq))
}

/// Inside inline tables (`x = { a = 1, b = { c = 2 } }`), the inner key
/// path at column `col`, and whether `col` is on that key.
fn inline_key(line: &str, eq: usize, col: usize) -> (Option<String>, bool) {
    let end = col.min(line.len()).max(eq + 1);
    // Open inline tables (with the key each belongs to), the key whose
    // value is being read, and the text since the last separator.
    let mut open: Vec<Option<String>> = Vec::new();
    let mut pending: Option<String> = None;
    let mut token = String::new();
    let mut in_string = false;
    let mut arrays = 0usize;
    for c in line[eq + 1..end].chars() {
        if in_string {
            in_string = c != '"';
            continue;
        }
        match c {
            '"' => in_string = true,
            '=' => {
                pending = Some(token.trim().to_string());
                token.clear();
            }
            '{' => {
                open.push(pending.take());
                token.clear();
            }
            '}' => {
                open.pop();
                pending = None;
                token.clear();
            }
            '[' => arrays += 1,
            ']' => arrays = arrays.saturating_sub(1),
            ',' if arrays == 0 => {
                pending = None;
                token.clear();
            }
            _ => token.push(c),
        }
    }
    if open.is_empty() {
        return (None, false);
    }
    let mut keys: Vec<String> = open.into_iter().flatten().collect();
    let at_key = pending.is_none();
    let last = match pending {
        Some(k) => k,
        // On a key: read it on to its `=`.
        None => format!("{token}{}", line[end..].split('=').next().unwrap_or("")),
    };
    let last = last.trim().trim_matches('"').to_string();
    if !last.is_empty() {
        keys.push(last);
    }
    ((!keys.is_empty()).then(|| keys.join(".")), at_key)
}

/// Whether the line holding `offset` is a table header.
fn at_header(text: &str, offset: usize) -> bool {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    text[start..].trim_start().starts_with('[')
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

/// The TOML library's `message` about the item at `span`, with its key.
pub fn plain_message(text: &str, span: Option<std::ops::Range<usize>>, message: &str) -> String {
    let message = message.trim();
    let first = message.lines().next().unwrap_or(message).trim();
    let Some(span) = span else {
        return super::suggest::with_suggestion(first);
    };
    let (path, at_key) = key_at(text, span.start);
    let holder = if at_key { parent(&path) } else { path.as_str() };
    let spanned = text
        .get(span.clone())
        .unwrap_or("")
        .trim()
        .trim_matches('"')
        .to_string();
    if first.starts_with("duplicate key") {
        let name = if spanned.is_empty() || spanned.contains('\n') {
            path.rsplit('.').next().unwrap_or("?").to_string()
        } else {
            spanned
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim()
                .to_string()
        };
        let name = name.rsplit('.').next().unwrap_or(&name).to_string();
        let holder = parent(&path);
        return format!(
            "{}duplicate key `{name}`: each key may appear only once in a table",
            in_parent(holder)
        );
    }
    if let Some((unexpected, expected)) = split_invalid(first) {
        return type_mismatch(&path, expected, unexpected);
    }
    if first.starts_with("unknown field") {
        return format!(
            "{}{}",
            in_parent(holder),
            super::suggest::with_suggestion(first)
        );
    }
    if first.starts_with("unknown variant") {
        return format!(
            "{}: {}",
            key_or_top(&path),
            super::suggest::with_suggestion(first)
        );
    }
    if first.starts_with("missing field") {
        // The span is the table that lacks the field: its header, or the
        // whole file for the top-level table.
        let table = if at_header(text, span.start) {
            path.clone()
        } else if span.start == 0 {
            String::new()
        } else {
            parent(&path).to_string()
        };
        let field = quoted_name(first).unwrap_or("?");
        return format!(
            "{}missing field `{field}` (it is required)",
            in_parent(&table)
        );
    }
    if path.is_empty() {
        first.to_string()
    } else {
        format!("{path}: {first}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "as_of = \"2025-06\"\n[[instances]]\nname = \"a\"\nvcpu = 2\n[[instances]]\nname = \"b\"\nvcpu = \"x\"\n[cdn]\nsource = \"s\"\nlimits = { low = 1, high = 2 }\n";

    fn at(needle: &str) -> (String, bool) {
        key_at(DOC, DOC.find(needle).unwrap())
    }

    #[test]
    fn paths_follow_tables_arrays_and_inline_tables() {
        assert_eq!(at("\"2025"), ("as_of".into(), false));
        assert_eq!(at("\"x\""), ("instances[1].vcpu".into(), false));
        assert_eq!(at("name = \"b\""), ("instances[1].name".into(), true));
        assert_eq!(at("source"), ("cdn.source".into(), true));
        assert_eq!(at("2 }"), ("cdn.limits.high".into(), false));
        assert_eq!(at("[cdn]"), ("cdn".into(), false));
        let nested = "x = { a = { b = 1, c = 2 } }\n";
        let off = nested.find("2 }").unwrap();
        assert_eq!(key_at(nested, off), ("x.a.c".into(), false));
        let off = nested.find("c =").unwrap();
        assert_eq!(key_at(nested, off), ("x.a.c".into(), true));
    }

    #[test]
    fn messages_name_the_key() {
        let off = DOC.find("\"x\"").unwrap();
        assert_eq!(
            plain_message(
                DOC,
                Some(off..off + 3),
                "invalid type: string \"x\", expected i64"
            ),
            "instances[1].vcpu must be a whole number, got \"x\""
        );
        let off = DOC.find("name = \"b\"").unwrap();
        assert_eq!(
            plain_message(DOC, Some(off..off + 4), "duplicate key"),
            "in instances[1]: duplicate key `name`: each key may appear only once in a table"
        );
    }
}
