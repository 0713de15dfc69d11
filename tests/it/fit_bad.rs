//! Bad load-test files: each in tests/data/bad/fit exits 2 with an error
//! that starts with the file and names the line, column, key, value and
//! what is allowed (the file's first line, `# expect: …`, lists phrases).

use crate::bad_inputs::{check, entries, relative};
use crate::common::{planner, text};

#[test]
fn bad_load_tests_exit_2_with_located_messages() {
    let files = entries("tests/data/bad/fit");
    assert!(files.len() >= 12);
    for f in files {
        let name = relative(&f);
        let body = std::fs::read_to_string(&f).unwrap();
        let expect = body
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect:"))
            .expect("an expect line");
        check(&planner(&["fit", &name]), &name, Some(expect));
    }
}

#[test]
fn a_missing_file_and_a_folder_without_json_exit_2() {
    let out = planner(&["fit", "tests/data/fit/no-such.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no-such.csv: cannot read the file"));
    let out = planner(&["fit", "tests/data/bad/fit"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no *.json files"));
}

#[test]
fn broken_oha_json_names_line_and_column() {
    let dir = std::env::temp_dir().join(format!("planner-fit-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("step.json");
    std::fs::write(
        &f,
        "{\n  \"summary\": {\"successRate\": 1.0,\n  \"requestsPerSec\": \"fast\"}\n}\n",
    )
    .unwrap();
    let p = f.to_str().unwrap();
    let out = planner(&["fit", p]);
    assert_eq!(out.status.code(), Some(2));
    let e = text(&out.stderr);
    assert!(e.starts_with(&format!("error: {p}:3:")), "{e}");
    assert!(e.contains("oha JSON"), "{e}");
}
