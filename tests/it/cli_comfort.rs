//! `planner init`, `planner tiers`, completions, man page and help texts.

use crate::common::{planner_in, root, text};

#[test]
fn init_writes_a_profile_that_assesses_and_never_overwrites() {
    let dir = std::env::temp_dir().join(format!("planner-init-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let _ = std::fs::remove_file(dir.join("app.yaml"));
    let out = planner_in(&dir, &["init", "--users", "25k", "--growth", "8%"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(dir.join("app.yaml")).expect("written");
    assert!(written.contains("monthly_active: 25000") && written.contains("growth: 8%"));
    let out = planner_in(&dir, &["assess", "app.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("25,000 monthly users"));
    let out = planner_in(&dir, &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("exists; pass --force"));
    assert_eq!(
        std::fs::read_to_string(dir.join("app.yaml")).expect("kept"),
        written
    );
    assert_eq!(
        planner_in(&dir, &["init", "--force"]).status.code(),
        Some(0)
    );
    let out = planner_in(&dir, &["init", "-", "--users", "lots"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .contains("--users must be a number like 40000, 40k or 1.2M, got \"lots\"")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn init_says_what_it_wrote_and_check_works_right_after_it() {
    let dir = std::env::temp_dir().join(format!("planner-init-next-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp");
    let out = planner_in(&dir, &["init", "shop.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("planner: wrote shop.yaml"), "{err}");
    for next in ["planner assess shop.yaml", "planner check shop.yaml"] {
        assert!(err.contains(next), "{next} not suggested:\n{err}");
    }
    // The suggested gate runs on the untouched starter profile.
    let out = planner_in(&dir, &["check", "shop.yaml"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("✓ capacity check passed"));
    // Quiet, or to stdout: nothing on stderr.
    let out = planner_in(&dir, &["-q", "init", "quiet.yaml"]);
    assert!(out.stderr.is_empty());
    let out = planner_in(&dir, &["init", "-"]);
    assert!(out.stderr.is_empty() && text(&out.stdout).contains("\nchecks: "));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tiers_lists_and_describes_the_catalog() {
    let out = planner_in(root(), &["tiers"]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    for t in [
        "monolith",
        "cache_cdn",
        "replicas",
        "services",
        "multi_region",
    ] {
        assert!(s.contains(t), "{t} listed");
    }
    let out = planner_in(root(), &["tiers", "show", "cache-cdn"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("Cache + CDN") && s.contains("as of 2025-06") && s.contains("$/month"));
    let out = planner_in(root(), &["tiers", "show", "monolth"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean `monolith`?"));
    let out = planner_in(root(), &["tiers", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["schema"], "planner.tiers/v1");
}

#[test]
fn completions_and_man_page_print() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = planner_in(root(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0));
        assert!(text(&out.stdout).contains("planner"));
    }
    let out = planner_in(root(), &["man"]);
    assert!(text(&out.stdout).starts_with(".ie"));
}

#[test]
fn every_command_help_has_an_example() {
    let help = text(&planner_in(root(), &["--help"]).stdout);
    let commands: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 8, "{commands:?}");
    for c in commands {
        let out = planner_in(root(), &[&c, "--help"]);
        assert!(
            text(&out.stdout).contains("Example"),
            "`planner {c} --help` has no example"
        );
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal_and_never_in_json_or_markdown() {
    let args = ["check", "examples/b2b-saas.yaml", "--min-headroom", "5"];
    // Not a terminal: plain.
    let out = planner_in(root(), &args);
    assert!(!text(&out.stdout).contains('\x1b'));
    let mut always = args.to_vec();
    always.extend(["--color", "always"]);
    let out = planner_in(root(), &always);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("\x1b[31m✗\x1b[0m"));
    for format in ["json", "markdown"] {
        let mut a = always.clone();
        a.extend(["--format", format]);
        assert!(
            !text(&planner_in(root(), &a).stdout).contains('\x1b'),
            "{format}"
        );
    }
    let mut never = args.to_vec();
    never.extend(["--color", "never"]);
    assert!(!text(&planner_in(root(), &never).stdout).contains('\x1b'));
}

#[test]
fn verbose_reports_inputs_and_time_and_quiet_prints_nothing_else() {
    let out = planner_in(root(), &["-v", "solve", "examples/networks/mm1.yaml"]);
    let err = text(&out.stderr);
    assert!(
        err.contains("planner: read examples/networks/mm1.yaml; wrote stdout;")
            && err.contains(" ms; exit code 0"),
        "{err}"
    );
    let out = planner_in(
        root(),
        &[
            "-q",
            "simulate",
            "examples/networks/mm1.yaml",
            "--requests",
            "5000",
            "--replications",
            "2",
        ],
    );
    assert!(out.stderr.is_empty());
    assert_eq!(
        planner_in(root(), &["-q", "-v", "tiers"]).status.code(),
        Some(2)
    );
}
