//! Terminal colour for table output: marks only, never figures. The binary
//! decides whether to colour (a terminal, NO_COLOR, TERM=dumb, `--color`);
//! JSON, Markdown and HTML are never passed here.

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const BOLD_RED: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

/// `text` with pass marks green, fail marks red and saturation bold red.
pub fn paint(text: &str) -> String {
    text.replace('✓', &format!("{GREEN}✓{RESET}"))
        .replace('✗', &format!("{RED}✗{RESET}"))
        .replace("SATURATED", &format!("{BOLD_RED}SATURATED{RESET}"))
}

/// Whether to colour: `always`/`never` as given; `auto` only on a terminal,
/// when NO_COLOR is unset or empty (<https://no-color.org>) and TERM is not
/// `dumb` (a terminal that cannot show escape codes).
pub fn enabled(
    choice: crate::output::ColorChoice,
    terminal: bool,
    no_color: Option<&str>,
    term: Option<&str>,
) -> bool {
    match choice {
        crate::output::ColorChoice::Always => true,
        crate::output::ColorChoice::Never => false,
        crate::output::ColorChoice::Auto => {
            terminal && no_color.is_none_or(str::is_empty) && term != Some("dumb")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::ColorChoice;

    #[test]
    fn marks_are_coloured_and_figures_are_not() {
        assert_eq!(
            paint("✓ p95 ≤ 250 ms (measured 120 ms)"),
            "\x1b[32m✓\x1b[0m p95 ≤ 250 ms (measured 120 ms)"
        );
        assert_eq!(paint("✗ x"), "\x1b[31m✗\x1b[0m x");
        assert_eq!(paint("12.5 ms"), "12.5 ms");
    }

    #[test]
    fn no_color_dumb_terminals_and_pipes_decide_auto() {
        let xterm = Some("xterm-256color");
        assert!(enabled(ColorChoice::Auto, true, None, xterm));
        assert!(enabled(ColorChoice::Auto, true, None, None));
        assert!(enabled(ColorChoice::Auto, true, Some(""), xterm));
        assert!(!enabled(ColorChoice::Auto, true, Some("1"), xterm));
        assert!(!enabled(ColorChoice::Auto, true, None, Some("dumb")));
        assert!(!enabled(ColorChoice::Auto, false, None, xterm));
        assert!(enabled(ColorChoice::Always, false, Some("1"), Some("dumb")));
        assert!(!enabled(ColorChoice::Never, true, None, xterm));
    }
}
