//! Shell completions and the man page are generated from the clap
//! definitions and committed; this test keeps the committed files in sync.
//! After changing the CLI: `PLANNER_UPDATE_GENERATED=1 cargo test --test it generated`.

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;
use planner::cli::{Cli, man_page};

fn check(path: &str, generated: &str) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os("PLANNER_UPDATE_GENERATED").is_some() {
        std::fs::create_dir_all(file.parent().expect("parent")).expect("dir");
        std::fs::write(&file, generated).expect("write");
        return;
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == generated,
        "{path} is out of date: run `PLANNER_UPDATE_GENERATED=1 cargo test --test it generated` and commit it"
    );
}

#[test]
fn completions_match_the_cli() {
    for (shell, path) in [
        (Shell::Bash, "completions/planner.bash"),
        (Shell::Zsh, "completions/_planner"),
        (Shell::Fish, "completions/planner.fish"),
    ] {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "planner", &mut buf);
        check(path, &String::from_utf8(buf).expect("utf8"));
    }
}

#[test]
fn man_page_matches_the_cli() {
    check("man/planner.1", &man_page().expect("renders"));
}
