//! The bad-input corpus for network files, app profiles and tier files,
//! plus hostile inputs made at test time: each gets
//! exit code 2, a message naming the file (and position where one exists)
//! and the expected phrases, and no panic.

use crate::common::planner;

use std::path::{Path, PathBuf};
use std::process::Output;

/// The files of a corpus folder (relative to the repository), sorted.
pub(crate) fn entries(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    v.sort();
    v
}

/// `p` relative to the repository root, as the tests name it.
pub(crate) fn relative(p: &Path) -> String {
    p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(p)
        .display()
        .to_string()
}

/// `expect` is `A | B | …`: every part must appear in stderr; a part like
/// `4:5:` must appear right after `file`.
pub(crate) fn check(out: &Output, file: &str, expect: Option<&str>) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
    assert!(out.stdout.is_empty(), "{file}: nothing on stdout");
    assert!(
        stderr.starts_with(&format!("error: {file}")),
        "{file}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{file}: {stderr}");
    for part in expect
        .unwrap_or("")
        .split(" | ")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let location = part.ends_with(':')
            && part
                .trim_end_matches(':')
                .split(':')
                .all(|n| n.parse::<u32>().is_ok());
        let want = if location {
            format!("{file}:{part}")
        } else {
            part.to_string()
        };
        assert!(
            stderr.contains(&want),
            "{file}: expected {want:?} in {stderr:?}"
        );
    }
}

/// Runs `command` on every file of `dir`; a file's first line
/// `# expect: …` gives the phrases its error must contain.
fn corpus(dir: &str, command: &str, at_least: usize) {
    let files = entries(dir);
    assert!(files.len() >= at_least, "{dir}: at least {at_least} files");
    for f in files {
        let name = relative(&f);
        let text = String::from_utf8_lossy(&std::fs::read(&f).expect("readable")).into_owned();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect:"))
            .map(str::to_owned);
        check(&planner(&[command, &name]), &name, expect.as_deref());
    }
}

#[test]
fn bad_networks() {
    corpus("tests/data/bad/network", "solve", 45);
}

#[test]
fn bad_profiles() {
    corpus("tests/data/bad/profile", "assess", 30);
}

#[test]
fn bad_tier_files_and_price_sheets() {
    let dirs = entries("tests/data/bad/tier");
    assert!(dirs.len() >= 16);
    for d in dirs {
        let files: Vec<PathBuf> = entries(&relative(&d))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        assert_eq!(files.len(), 1, "{}: one TOML file per case", d.display());
        let expect = std::fs::read_to_string(d.join("expect.txt")).expect("expect.txt");
        let out = planner(&["assess", "examples/b2b-saas.yaml", "--tiers", &relative(&d)]);
        check(&out, &relative(&files[0]), Some(expect.trim()));
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("planner-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir.join(name)
}

#[test]
fn a_50_mb_file_is_refused_before_it_is_read() {
    let path = scratch("huge.yaml");
    let line = "# padding padding padding padding padding padding padding padding\n";
    let body = line.repeat(50 * 1024 * 1024 / line.len());
    std::fs::write(&path, body).expect("write");
    for cmd in ["assess", "solve", "simulate"] {
        let p = path.to_str().expect("utf8");
        let out = planner(&[cmd, p]);
        check(&out, p, Some("at most 4194304 bytes are accepted"));
    }
    let _ = std::fs::remove_file(&path);
}

#[test]
fn alias_bombs_are_refused() {
    // A billion-laughs document placed where the profile expects a number.
    let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        doc.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let profile = format!("users:\n  monthly_active: *a8\n{doc}");
    let path = scratch("bomb.yaml");
    std::fs::write(&path, profile).expect("write");
    let p = path.to_str().expect("utf8");
    check(&planner(&["assess", p]), p, None);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn deep_nesting_is_refused() {
    let path = scratch("deep.yaml");
    std::fs::write(
        &path,
        format!("users: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
    )
    .expect("write");
    let p = path.to_str().expect("utf8");
    check(&planner(&["assess", p]), p, None);
    check(&planner(&["solve", p]), p, None);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn two_tier_files_of_one_folder_may_not_name_the_same_tier() {
    let dir = scratch("same-name");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let tier =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tiers/monolith.toml"))
            .expect("tier");
    std::fs::write(dir.join("a.toml"), tier.replace("rank = 1", "rank = 11")).expect("a");
    std::fs::write(dir.join("b.toml"), tier.replace("rank = 1", "rank = 12")).expect("b");
    let out = planner(&[
        "assess",
        "examples/b2b-saas.yaml",
        "--tiers",
        dir.to_str().expect("utf8"),
    ]);
    let b = dir.join("b.toml");
    check(
        &out,
        b.to_str().expect("utf8"),
        Some("name must differ from every other tier file's | a.toml"),
    );
    let _ = std::fs::remove_dir_all(&dir);
}
