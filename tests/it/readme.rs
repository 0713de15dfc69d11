//! The README runs as shown. Every command line of a ```sh block that
//! starts with `planner ` (or `cargo run --release -- `) is run with the
//! built binary, from a scratch copy of the examples where the README's
//! stand-in files (`app.yaml`, `before.yaml`, `after.yaml`, `main.yaml`)
//! exist, so nothing is written into the repository; it must exit 0, or
//! the code a trailing `# exit N` comment documents. A block of a file
//! shown in full (`<!-- file: net.yaml -->` before it) is written there
//! first, so the commands that read it test it. And every ```text
//! block that an `<!-- output: planner … -->` comment claims as a
//! command's output must appear, line for line, in that command's output.

use crate::common::{root, text};

use std::path::{Path, PathBuf};
use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).expect("README.md")
}

/// Splits a command line like a POSIX shell does for plain words and
/// quotes; returns the words and a trailing `# comment`.
fn words(line: &str) -> (Vec<String>, String) {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, '#') if !started => {
                return (out, chars.collect::<String>().trim().to_string());
            }
            (None, c) if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut cur));
                    started = false;
                }
            }
            (None, c) => {
                cur.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(cur);
    }
    (out, String::new())
}

/// The blocks of `md` fenced with ```lang, with the line before each.
fn blocks<'a>(md: &'a str, lang: &str) -> Vec<(&'a str, Vec<&'a str>)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = md.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() == format!("```{lang}") {
            let before = lines[..i]
                .iter()
                .rev()
                .find(|l| !l.trim().is_empty())
                .copied()
                .unwrap_or("");
            let body: Vec<&str> = lines[i + 1..]
                .iter()
                .take_while(|l| l.trim() != "```")
                .copied()
                .collect();
            i += body.len() + 2;
            out.push((before, body));
        } else {
            i += 1;
        }
    }
    out
}

/// A scratch directory with the examples and the README's stand-in files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("readme-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("examples"), &dir.join("examples"));
    // The load-test fixtures that the `planner fit` examples read.
    copy_dir(&root().join("tests/data"), &dir.join("tests/data"));
    let ex = |p: &str| std::fs::read_to_string(root().join(p)).expect("example");
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect("write");
    write("app.yaml", &ex("examples/ci/app.yaml"));
    write("main.yaml", &ex("examples/ci/app.yaml"));
    write("before.yaml", &ex("examples/b2b-saas.yaml"));
    // "This endpoint now does three extra queries."
    let after = ex("examples/b2b-saas.yaml")
        .replace("  db_queries_per_read: 8 ", "  db_queries_per_read: 11");
    assert!(
        after.contains("db_queries_per_read: 11"),
        "the example changed"
    );
    write("after.yaml", &after);
    // Files the README shows in full: `<!-- file: NAME -->` before the block.
    let md = readme();
    for lang in ["yaml", "toml"] {
        for (before, body) in blocks(&md, lang) {
            if let Some(name) = before
                .trim()
                .strip_prefix("<!-- file: ")
                .and_then(|c| c.strip_suffix(" -->"))
            {
                write(name, &(body.join("\n") + "\n"));
            }
        }
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// The binary's arguments for a README line, with where stdout goes.
fn planner_args(line: &str) -> Option<(Vec<String>, Option<String>, String)> {
    let (mut w, comment) = words(line);
    let rest = if w.first().is_some_and(|x| x == "planner") {
        1
    } else if w.len() > 3 && w[..4] == ["cargo", "run", "--release", "--"] {
        4
    } else {
        return None;
    };
    let mut redirect = None;
    if let Some(i) = w.iter().position(|x| x == ">") {
        redirect = w.get(i + 1).cloned();
        w.truncate(i);
    }
    Some((w.split_off(rest), redirect, comment))
}

fn run(dir: &Path, args: &[String]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(args)
        .current_dir(dir)
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .output()
        .expect("the planner binary runs")
}

#[test]
fn every_command_in_the_readme_runs_as_shown() {
    let md = readme();
    let dir = scratch("commands");
    let mut ran = 0;
    for (_, body) in blocks(&md, "sh") {
        for line in body {
            let Some((args, redirect, comment)) = planner_args(line) else {
                continue;
            };
            for a in &args {
                assert!(
                    !a.starts_with('/') || a == "-",
                    "README line writes or reads outside the repository: {line}"
                );
            }
            let expected: i32 = comment
                .split("exit ")
                .nth(1)
                .and_then(|c| c.split_whitespace().next())
                .and_then(|c| c.trim_end_matches([')', '.', ';', ',', ':']).parse().ok())
                .unwrap_or(0);
            let out = run(&dir, &args);
            assert_eq!(
                out.status.code(),
                Some(expected),
                "README: `{line}` exited {:?}: {}",
                out.status.code(),
                text(&out.stderr)
            );
            if let Some(f) = redirect {
                std::fs::write(dir.join(f), &out.stdout).expect("redirect");
            }
            ran += 1;
        }
    }
    assert!(ran >= 10, "only {ran} README commands found");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn readme_outputs_are_the_binary_s_output() {
    let md = readme();
    let dir = scratch("outputs");
    let mut checked = 0;
    for (before, body) in blocks(&md, "text") {
        let Some(cmd) = before
            .trim()
            .strip_prefix("<!-- output: ")
            .and_then(|c| c.strip_suffix(" -->"))
        else {
            continue;
        };
        let (args, _, _) = planner_args(cmd).expect("a planner command");
        let out = run(&dir, &args);
        let got: Vec<String> = text(&out.stdout)
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect();
        let want: Vec<String> = body.iter().map(|l| l.trim_end().to_string()).collect();
        assert!(
            got.windows(want.len()).any(|w| w == want.as_slice()),
            "README claims this is the output of `{cmd}`:\n{}\n\nbut it prints:\n{}",
            want.join("\n"),
            got.join("\n")
        );
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} README outputs checked");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_readme_splitter_reads_quotes_comments_and_redirects() {
    assert_eq!(
        words("planner check app.yaml --max-cost '$5000'   # exit 1"),
        (
            vec!["planner", "check", "app.yaml", "--max-cost", "$5000"]
                .into_iter()
                .map(String::from)
                .collect(),
            "exit 1".to_string()
        )
    );
    let (args, redirect, _) = planner_args("planner init - > app.yaml").expect("planner");
    assert_eq!(args, ["init", "-"]);
    assert_eq!(redirect.as_deref(), Some("app.yaml"));
    let (args, _, _) =
        planner_args("cargo run --release -- assess examples/b2b-saas.yaml   # an example")
            .expect("cargo run");
    assert_eq!(args, ["assess", "examples/b2b-saas.yaml"]);
    assert!(planner_args("cargo test --locked").is_none());
}
