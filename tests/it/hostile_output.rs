//! `-o` never destroys: a device stays a device, a pipe is written through,
//! an input of the run (a `--tiers` file included) and the other output are
//! refused with the input unchanged. Every device or pipe here is made in a
//! temporary folder: no test writes to the real `/dev/null`.

#![allow(clippy::print_stderr, reason = "a skipped check says why on stderr")]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{planner, root, text};

const NET: &str = "examples/networks/web-cache-db.yaml";
const PROFILE: &str = "examples/b2b-saas.yaml";

/// A fresh temporary folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("planner-out-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| text(&o.stdout).trim() == "0")
}

fn refused(out: &std::process::Output, phrase: &str) {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(phrase), "expected {phrase:?} in {err:?}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_character_device_is_still_a_device_after_output() {
    use std::os::unix::fs::FileTypeExt;
    if !is_root() {
        eprintln!("skipped: mknod needs root");
        return;
    }
    let dir = scratch("mknod");
    let dev = dir.join("null");
    // Major 1, minor 3: the null device, made here rather than used in /dev.
    let made = Command::new("mknod")
        .args([s(&dev), "c", "1", "3"])
        .status()
        .expect("mknod runs");
    if !made.success() {
        eprintln!("skipped: mknod is not allowed here");
        return;
    }
    let out = planner(&["solve", NET, "-o", s(&dev)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let meta = std::fs::metadata(&dev).expect("still there");
    assert!(meta.file_type().is_char_device(), "replaced by {meta:?}");
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_pipe_is_written_through_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("fifo");
    let fifo = dir.join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs")
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read the pipe"))
    };
    let out = planner(&["solve", NET, "-o", s(&fifo), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let got = reader.join().expect("reader");
    assert!(got.contains("\"stations\""), "{got}");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn output_onto_an_input_is_refused_and_the_input_kept() {
    let dir = scratch("input");
    let net = dir.join("net.yaml");
    std::fs::copy(root().join(NET), &net).unwrap();
    let before = std::fs::read(&net).unwrap();
    refused(
        &planner(&["solve", s(&net), "-o", s(&net)]),
        "names an input file",
    );
    // Through a symbolic link and a hard link alike.
    let link = dir.join("link.yaml");
    std::os::unix::fs::symlink(&net, &link).unwrap();
    refused(
        &planner(&["solve", s(&net), "-o", s(&link)]),
        "names an input file",
    );
    let hard = dir.join("hard.yaml");
    std::fs::hard_link(&net, &hard).unwrap();
    refused(
        &planner(&["simulate", s(&net), "--requests", "1000", "-o", s(&hard)]),
        "names an input file",
    );
    assert_eq!(std::fs::read(&net).unwrap(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn output_onto_a_tier_file_is_refused() {
    let dir = scratch("tiers");
    let tiers = dir.join("tiers");
    std::fs::create_dir(&tiers).unwrap();
    let prices = tiers.join("prices.toml");
    std::fs::copy(root().join("tiers/prices.toml"), &prices).unwrap();
    let before = std::fs::read(&prices).unwrap();
    for cmd in ["assess", "check"] {
        let mut args = vec![cmd, PROFILE, "--tiers", s(&tiers), "-o", s(&prices)];
        if cmd == "check" {
            args.extend(["--min-headroom", "1"]);
        }
        let out = planner(&args);
        refused(&out, "read from --tiers");
    }
    // A new *.toml there would be read as a tier file by the next run.
    let new = tiers.join("report.toml");
    refused(
        &planner(&["assess", PROFILE, "--tiers", s(&tiers), "-o", s(&new)]),
        "--tiers folder",
    );
    assert!(!new.exists());
    assert_eq!(std::fs::read(&prices).unwrap(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_outputs_may_not_share_a_path() {
    let dir = scratch("twice");
    let x = dir.join("x.out");
    let out = planner(&[
        "timeline",
        PROFILE,
        "-o",
        s(&x),
        "--chart",
        s(&x),
        "--paths",
        "10",
    ]);
    refused(&out, "name the same file");
    assert!(!x.exists(), "nothing written");
    std::fs::write(&x, "keep").unwrap();
    let out = planner(&[
        "timeline",
        PROFILE,
        "-o",
        s(&x),
        "--chart",
        s(&x),
        "--paths",
        "10",
    ]);
    refused(&out, "--chart");
    assert_eq!(std::fs::read_to_string(&x).unwrap(), "keep");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_chart_onto_an_input_names_the_chart_flag() {
    let dir = scratch("chart");
    let profile = dir.join("app.yaml");
    std::fs::copy(root().join(PROFILE), &profile).unwrap();
    let before = std::fs::read(&profile).unwrap();
    let out = planner(&[
        "timeline",
        s(&profile),
        "--chart",
        s(&profile),
        "--paths",
        "10",
    ]);
    refused(&out, "(--chart)");
    assert!(!text(&out.stderr).contains("--output"));
    assert_eq!(std::fs::read(&profile).unwrap(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn directories_are_refused_and_dash_is_stdout() {
    let dir = scratch("dir");
    refused(
        &planner(&["solve", NET, "-o", s(&dir)]),
        "it is a directory",
    );
    let out = planner(&["solve", NET, "-o", "-"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("Bottleneck"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_regular_file_is_replaced_keeping_its_mode_and_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("regular");
    let target = dir.join("report.txt");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.join("latest.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = planner(&["solve", NET, "-o", s(&link)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("Bottleneck"), "{written}");
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let _ = std::fs::remove_dir_all(&dir);
}
