//! The key path at a position of a YAML document (`stations.web.servers`,
//! `routes[2]`), so that an error the deserializer raises at a line and
//! column can name its key.
//!
//! On an error only, the document is read again into a bare tree of
//! mappings, lists and scalars with their positions (duplicate keys and
//! non-finite numbers tolerated), and the item at the error's position is
//! looked up.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A YAML node: a mapping, a list or a scalar (as written).
#[derive(Debug)]
enum Node {
    Map(Vec<(Spanned<Key>, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    Scalar(String),
    Null,
}

/// A mapping key as text (`?` for a key that is itself a mapping or list).
#[derive(Debug)]
struct Key(String);

/// What sits at a position: the path of the key or item, and a short
/// description of the value there ("a list", `"abc"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Dotted key path, `[i]` for list items; empty at the top level.
    pub path: String,
    /// The value at the position, described ("a mapping", `"abc"`).
    pub value: String,
    /// Whether the position is a mapping key rather than a value.
    pub at_key: bool,
    /// Where the key or value starts: 1-based line and column.
    pub at: (u64, u64),
}

/// Finds the key path at `line:column` (1-based) of `text`, or `None` when
/// the text is not a YAML tree (a syntax error) or the position is unknown.
///
/// `unexpected` is the value a type error complains about, in serde's words
/// ("sequence", `string "x"`): serde reports such errors at the start of the
/// mapping being read, so when the position is a mapping, its one entry
/// whose value fits the description is taken instead.
pub fn key_at(text: &str, line: u64, column: u64, unexpected: Option<&str>) -> Option<Found> {
    if line == 0 {
        return None;
    }
    // The reader's budgets, but duplicate keys and non-finite numbers kept:
    // those are what the error may be about.
    let mut options = super::yaml::options();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::AsString;
    let root: Spanned<Node> = serde_saphyr::from_str_with_options(text, options).ok()?;
    let mut items = Vec::new();
    walk(&root, String::new(), &mut items);
    let target = (line, column);
    // The last position at or before the target; of the items there, the
    // outermost (first in document order).
    let best = items
        .iter()
        .filter(|i| i.pos <= target)
        .map(|i| i.pos)
        .max()?;
    let found = items.iter().find(|i| i.pos == best)?;
    let mut found = match unexpected.and_then(|u| entry_fitting(&items, &found.found, u)) {
        Some(child) => child.clone(),
        None => found.found.clone(),
    };
    if !found.at_key && matches!(found.value.as_str(), "\".inf\"" | "\"-.inf\"" | "\".nan\"") {
        // A number too large for a float reads as infinite: show it as written.
        if let Some(raw) = raw_token(text, &found) {
            found.value = raw;
        }
    }
    Some(found)
}

/// The one entry of the mapping `map` whose value fits serde's description
/// `unexpected`.
fn entry_fitting<'a>(items: &'a [Item], map: &Found, unexpected: &str) -> Option<&'a Found> {
    if map.at_key || map.value != "a mapping" {
        return None;
    }
    let want = super::wording::unexpected_words(unexpected);
    let want = want.trim_matches('"');
    let prefix = if map.path.is_empty() {
        String::new()
    } else {
        format!("{}.", map.path)
    };
    let mut fitting = items.iter().map(|i| &i.found).filter(|f| {
        !f.at_key
            && f.path
                .strip_prefix(&prefix)
                .is_some_and(|k| !k.contains(['.', '[']))
            && f.path.len() > prefix.len()
            && match f.value.as_str() {
                "a list" | "a mapping" => f.value == want,
                v => v.trim_matches('"') == want,
            }
    });
    let first = fitting.next()?;
    fitting.next().is_none().then_some(first)
}

/// The scalar at `found` as written in `text` (up to the end of the line, a
/// comment, or a flow separator).
fn raw_token(text: &str, found: &Found) -> Option<String> {
    let (line, column) = found.at;
    let l = text
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let rest: String = l
        .chars()
        .skip(usize::try_from(column).ok()?.checked_sub(1)?)
        .take_while(|c| !matches!(c, ',' | '}' | ']' | '#'))
        .collect();
    let rest = rest.trim();
    (!rest.is_empty()).then(|| rest.to_string())
}

struct Item {
    pos: (u64, u64),
    found: Found,
}

fn pos<T>(s: &Spanned<T>) -> (u64, u64) {
    (s.referenced.line(), s.referenced.column())
}

fn describe(node: &Node) -> String {
    match node {
        Node::Map(_) => "a mapping".into(),
        Node::Seq(_) => "a list".into(),
        Node::Scalar(s) => format!("{s:?}"),
        Node::Null => "nothing (null)".into(),
    }
}

fn walk(node: &Spanned<Node>, path: String, out: &mut Vec<Item>) {
    out.push(Item {
        pos: pos(node),
        found: Found {
            path: path.clone(),
            value: describe(&node.value),
            at_key: false,
            at: pos(node),
        },
    });
    match &node.value {
        Node::Map(entries) => {
            for (k, v) in entries {
                let child = if path.is_empty() {
                    k.value.0.clone()
                } else {
                    format!("{path}.{}", k.value.0)
                };
                out.push(Item {
                    pos: pos(k),
                    found: Found {
                        path: child.clone(),
                        value: format!("{:?}", k.value.0),
                        at_key: true,
                        at: pos(k),
                    },
                });
                walk(v, child, out);
            }
        }
        Node::Seq(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, format!("{path}[{i}]"), out);
            }
        }
        Node::Scalar(_) | Node::Null => {}
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node, E> {
        Ok(Node::Scalar("(binary)".into()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element::<Spanned<Node>>()? {
            items.push(v);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = map.next_key::<Spanned<Key>>()? {
            let v = map.next_value::<Spanned<Node>>()?;
            entries.push((k, v));
        }
        Ok(Node::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let node = Node::deserialize(d)?;
        Ok(Key(match node {
            Node::Scalar(s) => s,
            Node::Null => "null".into(),
            _ => "?".into(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "name: x\nstations:\n  web:\n    servers: [1, 2]\n    service: {mean: .inf}\n  db:\n    servers: 2\n    servers: 3\nroutes:\n  - a\n  - b\n";

    #[test]
    fn finds_values_keys_and_list_items() {
        let f = key_at(DOC, 4, 14, None).unwrap();
        assert_eq!(f.path, "stations.web.servers");
        assert_eq!(f.value, "a list");
        let f = key_at(DOC, 5, 21, None).unwrap();
        assert_eq!(f.path, "stations.web.service.mean");
        let f = key_at(DOC, 8, 5, None).unwrap();
        assert_eq!(f.path, "stations.db.servers");
        assert!(f.at_key);
        let f = key_at(DOC, 11, 5, None).unwrap();
        assert_eq!(f.path, "routes[1]");
        assert_eq!(f.value, "\"b\"");
    }

    #[test]
    fn a_mapping_start_is_the_mapping_not_its_first_key() {
        // `web:`'s mapping starts where its first key does.
        let f = key_at(DOC, 4, 5, None).unwrap();
        assert_eq!(f.path, "stations.web");
        assert_eq!(f.value, "a mapping");
    }

    #[test]
    fn a_type_error_at_a_mapping_names_the_entry_that_fits() {
        let f = key_at(DOC, 4, 5, Some("sequence")).unwrap();
        assert_eq!(f.path, "stations.web.servers");
        let f = key_at(DOC, 7, 5, Some("integer `2`")).unwrap();
        assert_eq!(f.path, "stations.db.servers");
        // Two entries fit: the mapping stays.
        let f = key_at(DOC, 3, 3, Some("map")).unwrap();
        assert_eq!(f.path, "stations");
    }

    #[test]
    fn broken_yaml_has_no_path() {
        assert_eq!(key_at("a: [1, 2\n", 1, 4, None), None);
    }
}
