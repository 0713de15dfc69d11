//! The `planner` binary: parse arguments, call the library, print, and map
//! errors to exit codes. No logic lives here.

use std::io::{ErrorKind, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use planner::cli::{Cli, Outcome};
use planner::render::color;
use planner::{exit, output};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            if !e.use_stderr() {
                // --help, --version: clap's own (coloured) text.
                let _ = e.print();
                return ExitCode::from(exit::SUCCESS);
            }
            // A usage error quotes what was typed: escape it like any output.
            let _ = write!(
                std::io::stderr(),
                "{}",
                output::escape_controls(&e.render().to_string())
            );
            return ExitCode::from(exit::INVALID_INPUT);
        }
    };
    std::panic::set_hook(Box::new(|info| {
        let message = format!("error: internal error (a bug in planner, please report it): {info}");
        let _ = writeln!(std::io::stderr(), "{}", output::escape_controls(&message));
    }));
    let started = std::time::Instant::now();
    match std::panic::catch_unwind(|| {
        // Test hook: lets the CLI tests pin the exit code of an internal error.
        if std::env::var_os("PLANNER_TEST_PANIC").is_some() {
            panic!("PLANNER_TEST_PANIC is set");
        }
        let bar = |done: u64, total: u64| progress(done, total);
        let sink: Option<planner::cli::ProgressSink<'_>> =
            if std::io::stderr().is_terminal() && !cli.quiet {
                Some(&bar)
            } else {
                None
            };
        let result = planner::cli::run(&cli, sink);
        if sink.is_some() {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
        result
    }) {
        Ok(Ok(mut outcome)) => {
            // Every output is escaped before it is coloured: no input can
            // move the cursor, clear the screen or retitle the terminal.
            let escaped = match output::escape_controls(&outcome.text) {
                std::borrow::Cow::Owned(safe) => Some(safe),
                std::borrow::Cow::Borrowed(_) => None,
            };
            if let Some(safe) = escaped {
                outcome.text = safe;
            }
            let terminal = outcome.output.is_none() && std::io::stdout().is_terminal();
            let no_color = std::env::var("NO_COLOR").ok();
            let term = std::env::var("TERM").ok();
            if outcome.colorable
                && color::enabled(cli.color, terminal, no_color.as_deref(), term.as_deref())
            {
                outcome.text = color::paint(&outcome.text);
            }
            let code = write_outcome(&outcome);
            if code == exit::SUCCESS
                && !cli.quiet
                && let Some(note) = planner::cli::next_steps(&cli)
            {
                let _ = writeln!(std::io::stderr(), "{note}");
            }
            if cli.verbose {
                let inputs: Vec<String> = outcome
                    .inputs
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect();
                let line = format!(
                    "planner: read {}; wrote {}; {:.1} ms; exit code {code}",
                    if inputs.is_empty() {
                        "no input file".to_string()
                    } else {
                        inputs.join(", ")
                    },
                    outcome
                        .output
                        .as_ref()
                        .map_or("stdout".to_string(), |p| p.display().to_string()),
                    started.elapsed().as_secs_f64() * 1000.0,
                );
                let _ = writeln!(std::io::stderr(), "{}", output::escape_controls(&line));
            }
            ExitCode::from(code)
        }
        Ok(Err(e)) => {
            report(&e);
            ExitCode::from(e.exit_code())
        }
        Err(_) => ExitCode::from(exit::INTERNAL_ERROR),
    }
}

/// Draws `done/total` as a percentage on stderr (a terminal), at most once
/// per whole percent.
fn progress(done: u64, total: u64) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static LAST: AtomicU64 = AtomicU64::new(u64::MAX);
    let percent = (done.saturating_mul(100)).checked_div(total).unwrap_or(100);
    if LAST.swap(percent, Ordering::Relaxed) != percent {
        let _ = write!(std::io::stderr(), "\rsimulating… {percent}%");
    }
}

fn write_outcome(o: &Outcome) -> u8 {
    let result = match &o.output {
        Some(path) => output::write_output(path, &o.text, &o.inputs, None),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(o.text.as_bytes()).and_then(|_| out.flush()) {
                Ok(()) => Ok(()),
                // `planner … | head`: the reader went away; exit quietly.
                Err(e) if e.kind() == ErrorKind::BrokenPipe => return o.exit_code,
                Err(e) => Err(planner::Error::Output {
                    target: "stdout".into(),
                    reason: e.to_string(),
                }),
            }
        }
    };
    match result {
        Ok(()) => o.exit_code,
        Err(e) => {
            report(&e);
            e.exit_code()
        }
    }
}

/// Prints an error on stderr, its control characters escaped (a file name
/// or value may carry them).
fn report(e: &planner::Error) {
    let _ = writeln!(
        std::io::stderr(),
        "error: {}",
        output::escape_controls(&e.to_string())
    );
}
