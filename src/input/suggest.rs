//! "Did you mean …?" for misspelled keys and names.

/// The candidate closest to `given` by edit distance, if it is close enough
/// to be a likely typo (at most a third of the longer word, and at least one
/// edit allowed).
pub fn nearest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let given_lower = given.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&given_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(d, c)| *d > 0 && *d <= (given.chars().count().max(c.chars().count()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Adds a suggestion to a deserializer's "unknown field `x`, expected one of
/// a, b" (or "unknown variant …") message when one expected name is close.
pub fn with_suggestion(message: &str) -> String {
    let Some((given, rest)) = unknown_name(message) else {
        return message.to_string();
    };
    let Some(list) = rest
        .split_once("expected one of ")
        .map(|(_, l)| l)
        .or_else(|| rest.split_once("expected ").map(|(_, l)| l))
    else {
        return message.to_string();
    };
    let names: Vec<&str> = list
        .split(',')
        .map(|n| {
            n.trim()
                .trim_matches('`')
                .trim_start_matches("or ")
                .trim_matches('`')
                .trim()
        })
        .filter(|n| !n.is_empty())
        .collect();
    match nearest(given, names.iter().copied()) {
        Some(best) => format!("{message}; did you mean `{best}`?"),
        None => message.to_string(),
    }
}

/// The name in "unknown field `x`…" / "unknown variant `x`…", and the text
/// after it.
fn unknown_name(message: &str) -> Option<(&str, &str)> {
    let start = message
        .find("unknown field `")
        .map(|i| i + "unknown field `".len())
        .or_else(|| {
            message
                .find("unknown variant `")
                .map(|i| i + "unknown variant `".len())
        })?;
    let len = message[start..].find('`')?;
    Some((&message[start..start + len], &message[start + len + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_expected_key() {
        assert_eq!(
            with_suggestion("unknown field `sevrers`, expected one of servers, service, routes"),
            "unknown field `sevrers`, expected one of servers, service, routes; did you mean `servers`?"
        );
        assert_eq!(
            with_suggestion(
                "unknown field `peak_to_avg`, expected one of `peak_to_average`, `read_share`"
            ),
            "unknown field `peak_to_avg`, expected one of `peak_to_average`, `read_share`; did you mean `peak_to_average`?"
        );
    }

    #[test]
    fn no_suggestion_when_nothing_is_close() {
        let m = "unknown field `bogus_key`, expected one of servers, service";
        assert_eq!(with_suggestion(m), m);
        assert_eq!(
            with_suggestion("missing field `arrivals`"),
            "missing field `arrivals`"
        );
    }

    #[test]
    fn nearest_ignores_case_and_exact_matches() {
        assert_eq!(
            nearest("Monolth", ["monolith", "cache_cdn"]),
            Some("monolith")
        );
        assert_eq!(nearest("monolith", ["monolith"]), None);
        assert_eq!(nearest("zzz", ["monolith"]), None);
    }
}
