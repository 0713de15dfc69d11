//! `planner solve` through the real binary: examples, bad inputs, exit codes.

use crate::common::{planner, text};

use std::path::{Path, PathBuf};
use std::process::Command;

fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

fn relative(p: &Path) -> String {
    p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(p)
        .display()
        .to_string()
}

#[test]
fn every_example_network_solves_in_every_format() {
    let files = yaml_files("examples/networks");
    assert!(files.len() >= 5, "at least five example networks");
    for f in files {
        let name = relative(&f);
        for format in ["table", "json", "markdown"] {
            let out = planner(&["solve", &name, "--format", format]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{name} --format {format}: {}",
                text(&out.stderr)
            );
            let stdout = text(&out.stdout);
            for bad in ["NaN", "inf", "-0.0"] {
                assert!(
                    !stdout.contains(bad),
                    "{name} --format {format} prints {bad}:\n{stdout}"
                );
            }
        }
    }
}

#[test]
fn example_json_is_pinned() {
    for f in yaml_files("examples/networks") {
        let name = relative(&f);
        let out = planner(&["solve", &name, "--format", "json"]);
        let stem = f.file_stem().expect("stem").to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("solve-{stem}"), text(&out.stdout));
    }
}

#[test]
fn example_table_is_pinned() {
    let out = planner(&["solve", "examples/networks/web-cache-db.yaml"]);
    insta::assert_snapshot!("solve-table-web-cache-db", text(&out.stdout));
    let out = planner(&[
        "solve",
        "examples/networks/saturated.yaml",
        "--format",
        "markdown",
    ]);
    insta::assert_snapshot!("solve-markdown-saturated", text(&out.stdout));
}

#[test]
fn exit_code_0_on_success() {
    assert_eq!(
        planner(&["solve", "examples/networks/mm1.yaml"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn exit_code_2_on_a_missing_file_and_bad_usage() {
    let out = planner(&["solve", "no/such/file.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("error: no/such/file.yaml: cannot read the file"));
    let out = planner(&["solve", "examples/networks/mm1.yaml", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("invalid value 'xml'"));
    let out = planner(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn exit_code_3_on_an_internal_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(["solve", "examples/networks/mm1.yaml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PLANNER_TEST_PANIC", "1")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("internal error"));
}

#[test]
fn help_and_version_exit_0() {
    assert_eq!(planner(&["--help"]).status.code(), Some(0));
    assert_eq!(planner(&["--version"]).status.code(), Some(0));
    let help = text(&planner(&["solve", "--help"]).stdout);
    assert!(help.contains("Example:"));
}

#[test]
fn output_file_is_written_and_never_over_an_input() {
    let dir = std::env::temp_dir().join(format!("planner-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let input = dir.join("net.yaml");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/networks/mm1.yaml"),
        &input,
    )
    .expect("copy");
    let out_file = dir.join("out.json");
    let out = planner(&[
        "solve",
        input.to_str().expect("utf8"),
        "-f",
        "json",
        "-o",
        out_file.to_str().expect("utf8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&out_file).expect("written");
    assert!(written.contains("\"schema\": \"planner.solve/v1\""));
    let before = std::fs::read_to_string(&input).expect("input");
    let out = planner(&[
        "solve",
        input.to_str().expect("utf8"),
        "-o",
        input.to_str().expect("utf8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("names an input file"));
    assert_eq!(std::fs::read_to_string(&input).expect("input"), before);
    let _ = std::fs::remove_dir_all(&dir);
}
