//! How wide terminal output may be, and wrapping text to that width. One
//! rule for every table renderer: the `COLUMNS` environment variable when it
//! holds a usable width, else the terminal's width when stdout is one, else
//! [`DEFAULT_COLUMNS`].

/// Width used when neither `COLUMNS` nor a terminal says otherwise.
pub const DEFAULT_COLUMNS: usize = 100;
/// Narrowest width honoured (tables cannot wrap usefully below it).
pub const MIN_COLUMNS: usize = 40;
/// Widest width honoured.
pub const MAX_COLUMNS: usize = 1000;

/// The output width in columns: `COLUMNS` when it is a whole number from
/// [`MIN_COLUMNS`] to [`MAX_COLUMNS`], else the terminal's width (stdout a
/// terminal), else [`DEFAULT_COLUMNS`].
pub fn columns() -> usize {
    let from_env = std::env::var("COLUMNS").ok();
    let terminal = || {
        comfy_table::Table::new()
            .width()
            .map(usize::from)
            .filter(|w| *w > 0)
    };
    choose(from_env.as_deref(), terminal)
}

/// The rule of [`columns`], with its inputs given.
fn choose(env: Option<&str>, terminal: impl FnOnce() -> Option<usize>) -> usize {
    env.and_then(|v| v.trim().parse::<usize>().ok())
        .or_else(terminal)
        .map_or(DEFAULT_COLUMNS, |w| w.clamp(MIN_COLUMNS, MAX_COLUMNS))
}

/// `text` wrapped at spaces into lines of at most `width` characters, every
/// line after the first indented by `indent` spaces (a hanging indent).
/// A word longer than a line is cut.
pub fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let width = width.max(indent + 10);
    if text.chars().count() <= width {
        return vec![text.to_string()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let room = width - if lines.is_empty() { 0 } else { indent };
            let need = if len == 0 {
                word.len()
            } else {
                len + 1 + word.len()
            };
            if need <= room {
                if len > 0 {
                    line.push(' ');
                    len += 1;
                }
                line.extend(word.iter());
                len += word.len();
                break;
            }
            if len > 0 {
                lines.push(std::mem::take(&mut line));
                len = 0;
                continue;
            }
            // A word wider than a whole line: cut it.
            let rest = word.split_off(room);
            lines.push(word.iter().collect());
            word = rest;
        }
    }
    if len > 0 || lines.is_empty() {
        lines.push(line);
    }
    let pad = " ".repeat(indent);
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| if i == 0 { l } else { format!("{pad}{l}") })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_prefers_the_environment_then_the_terminal_then_100() {
        assert_eq!(choose(Some("80"), || Some(200)), 80);
        assert_eq!(choose(Some("wide"), || Some(132)), 132);
        assert_eq!(choose(None, || None), 100);
        assert_eq!(choose(Some("10"), || None), MIN_COLUMNS);
        assert_eq!(choose(Some("99999"), || None), MAX_COLUMNS);
    }

    #[test]
    fn wrap_breaks_at_spaces_with_a_hanging_indent() {
        let lines = wrap("the quick brown fox jumps over the lazy dog", 16, 2);
        assert_eq!(
            lines,
            ["the quick brown", "  fox jumps over", "  the lazy dog"]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 16));
        assert_eq!(wrap("", 20, 2), [""]);
        assert_eq!(
            wrap("a  b", 20, 2),
            ["a  b"],
            "a line that fits is kept as is"
        );
        let long = wrap("aaaaaaaaaaaaaaaaaaaaaaaaa", 12, 0);
        assert_eq!(long, ["aaaaaaaaaaaa", "aaaaaaaaaaaa", "a"]);
    }
}
