//! Terminal colour for table output: marks only, never figures. The binary
//! decides whether to colour (a terminal, NO_COLOR, `--color`); JSON and
//! Markdown are never passed here.

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

/// Whether to colour: `always`/`never` as given; `auto` only on a terminal
/// and when NO_COLOR is unset or empty (<https://no-color.org>).
pub fn enabled(choice: crate::output::ColorChoice, terminal: bool, no_color: Option<&str>) -> bool {
    match choice {
        crate::output::ColorChoice::Always => true,
        crate::output::ColorChoice::Never => false,
        crate::output::ColorChoice::Auto => terminal && no_color.is_none_or(str::is_empty),
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
    fn no_color_and_terminals_decide_auto() {
        assert!(enabled(ColorChoice::Auto, true, None));
        assert!(enabled(ColorChoice::Auto, true, Some("")));
        assert!(!enabled(ColorChoice::Auto, true, Some("1")));
        assert!(!enabled(ColorChoice::Auto, false, None));
        assert!(enabled(ColorChoice::Always, false, Some("1")));
        assert!(!enabled(ColorChoice::Never, true, None));
    }
}
