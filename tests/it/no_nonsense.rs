//! No output of any command on any shipped example contains NaN, an
//! infinity or a negative time.

use std::path::Path;
use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn yaml_in(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| format!("{dir}/{}", p.file_name().expect("name").to_string_lossy()))
        .collect();
    v.sort();
    v
}

/// Tokens that would mean a broken figure: NaN, infinities, and negative
/// numbers directly followed by a time unit.
fn nonsense(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| {
            c.is_whitespace()
                || matches!(c, ',' | '"' | ':' | '(' | ')' | '|' | '[' | ']' | '{' | '}')
        })
        .collect();
    for (i, w) in words.iter().enumerate() {
        let lower = w.to_lowercase();
        if matches!(
            lower.as_str(),
            "nan" | "inf" | "-inf" | "+inf" | "infinity" | "-infinity"
        ) {
            return Some(format!("{w:?}"));
        }
        let number = w.trim_end_matches("ms").trim_end_matches('s');
        if number.starts_with('-') && number[1..].parse::<f64>().is_ok() {
            let unit = words.get(i + 1).copied().unwrap_or("");
            if w.ends_with("ms") || matches!(unit, "ms" | "s" | "months" | "min") {
                return Some(format!("{w} {unit}"));
            }
        }
    }
    None
}

#[test]
fn nonsense_detector_catches_what_it_should() {
    assert!(nonsense("p95 NaN ms").is_some());
    assert!(nonsense("\"mean\": inf").is_some());
    assert!(nonsense("wait -3.5 ms").is_some());
    assert!(nonsense("-12ms").is_some());
    assert!(nonsense("infinite servers, information, −1% cost").is_none());
}

#[test]
fn every_command_on_every_example() {
    let mut runs: Vec<Vec<String>> = Vec::new();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    for net in yaml_in("examples/networks") {
        for f in ["table", "json", "markdown"] {
            runs.push(s(&["solve", &net, "-f", f]));
        }
        runs.push(s(&[
            "simulate",
            &net,
            "--requests",
            "5000",
            "--replications",
            "3",
            "-f",
            "json",
        ]));
        runs.push(s(&[
            "simulate",
            &net,
            "--requests",
            "5000",
            "--replications",
            "3",
            "--compare",
        ]));
    }
    for app in yaml_in("examples") {
        for f in ["table", "json", "markdown"] {
            runs.push(s(&["assess", &app, "-f", f]));
            runs.push(s(&["timeline", &app, "--paths", "300", "-f", f]));
            runs.push(s(&["compare", &app, "--to", "replicas", "-f", f]));
        }
        runs.push(s(&["assess", &app, "--scenarios"]));
        runs.push(s(&["timeline", &app, "--paths", "300", "-f", "csv"]));
        runs.push(s(&[
            "check",
            &app,
            "--min-headroom",
            "1.2",
            "--max-p95",
            "300ms",
            "-f",
            "json",
        ]));
    }
    runs.push(s(&["tiers"]));
    for t in [
        "monolith",
        "cache_cdn",
        "replicas",
        "services",
        "multi_region",
    ] {
        runs.push(s(&["tiers", "show", t]));
    }
    for args in runs {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out) = run(&a);
        assert!(
            matches!(code, Some(0) | Some(1)),
            "{args:?} exited {code:?}"
        );
        if let Some(bad) = nonsense(&out) {
            panic!("{args:?} prints {bad}");
        }
    }
}
