//! Reads are bounded: a FIFO, a socket, a device or a folder given as an
//! input is refused by type before it is opened; stdin is read with a cap;
//! every YAML budget is refused in plain words with its limit.

#![allow(clippy::print_stderr, reason = "a skipped check says why on stderr")]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{planner, root, text};

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("planner-in-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Waits for `child` at most `limit`; kills it and fails if it is still
/// running (a blocked read would otherwise hang the suite).
fn finish_within(mut child: Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn spawn(args: &[&str], stdin: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(args)
        .current_dir(root())
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("planner runs")
}

fn refused(out: &Output, phrases: &[&str]) {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for p in phrases {
        assert!(err.contains(p), "expected {p:?} in {err:?}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

// The machine is shared: the limit leaves room for a loaded CI runner; the
// README gives the measured time (a few milliseconds).
const QUICK: Duration = Duration::from_secs(5);

#[test]
fn a_fifo_as_input_is_refused_without_blocking() {
    let dir = scratch("fifo");
    let fifo = dir.join("app.yaml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for cmd in ["assess", "solve"] {
        let out = finish_within(spawn(&[cmd, s(&fifo)], Stdio::null()), QUICK, cmd);
        refused(
            &out,
            &[s(&fifo), "a named pipe (FIFO)", "not a regular file"],
        );
    }
    // A FIFO among the tier files is refused by name, not skipped or read.
    let tiers = dir.join("tiers");
    std::fs::create_dir(&tiers).unwrap();
    let pipe = tiers.join("extra.toml");
    assert!(
        Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap()
            .success()
    );
    let out = finish_within(
        spawn(
            &["assess", "examples/b2b-saas.yaml", "--tiers", s(&tiers)],
            Stdio::null(),
        ),
        QUICK,
        "--tiers with a FIFO",
    );
    refused(&out, &["extra.toml", "a named pipe (FIFO)"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dev_zero_is_refused_quickly_in_little_memory() {
    // As a file argument: refused by type, unread.
    let out = finish_within(
        spawn(&["solve", "/dev/zero"], Stdio::null()),
        QUICK,
        "/dev/zero",
    );
    refused(&out, &["/dev/zero", "a character device"]);
    // As stdin: read up to one byte over the limit, then refused.
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let out = finish_within(spawn(&["solve", "-"], Stdio::from(zero)), QUICK, "stdin");
    refused(&out, &["<stdin>", "at most 4194304 bytes"]);
    // Peak memory, where GNU time is installed.
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        eprintln!("note: /usr/bin/time is not installed; peak memory not measured");
        return;
    }
    for (args, stdin) in [
        (vec!["solve", "/dev/zero"], None),
        (vec!["assess", "-"], Some("/dev/zero")),
    ] {
        let mut c = Command::new(time);
        c.args(["-f", "%M"])
            .arg(env!("CARGO_BIN_EXE_planner"))
            .args(&args)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c.stdin(match stdin {
            Some(f) => Stdio::from(std::fs::File::open(f).unwrap()),
            None => Stdio::null(),
        });
        let out = finish_within(c.spawn().unwrap(), QUICK, "under time");
        let err = text(&out.stderr);
        let kb: u64 = err
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or_else(|| panic!("no peak RSS in {err:?}"));
        assert!(kb < 50 * 1024, "{args:?}: peak RSS {kb} KB");
    }
}

#[test]
fn sockets_and_folders_are_refused_by_type() {
    let dir = scratch("socket");
    let sock = dir.join("net.yaml");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let out = finish_within(spawn(&["solve", s(&sock)], Stdio::null()), QUICK, "socket");
    refused(&out, &["a socket"]);
    refused(&planner(&["assess", s(&dir)]), &["it is a directory"]);
    let file = root().join("examples/b2b-saas.yaml");
    refused(
        &planner(&["assess", "examples/b2b-saas.yaml", "--tiers", s(&file)]),
        &["--tiers expects a folder"],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn stdin_is_an_input() {
    let net = std::fs::File::open(root().join("examples/networks/web-cache-db.yaml")).unwrap();
    let out = finish_within(spawn(&["solve", "-"], Stdio::from(net)), QUICK, "stdin");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Bottleneck"));
}

#[test]
fn budgets_are_plain_words_with_their_limit() {
    let dir = scratch("budget");
    // 20,000 stations: over the YAML item budget well before the station
    // limit.
    let mut net = String::from("arrivals: [{ rate: 1, to: s0 }]\nstations:\n");
    for i in 0..20_000 {
        net.push_str(&format!(
            "  s{i}:\n    servers: 1\n    service: {{ distribution: exponential, mean_ms: 1 }}\n"
        ));
    }
    let big = dir.join("big.yaml");
    std::fs::write(&big, net).unwrap();
    let out = planner(&["solve", s(&big)]);
    refused(&out, &["at most 200000 are accepted"]);
    assert!(
        !text(&out.stderr).contains("Events {"),
        "{}",
        text(&out.stderr)
    );

    let deep = dir.join("deep.yaml");
    std::fs::write(
        &deep,
        format!("users: {}{}\n", "[".repeat(100), "]".repeat(100)),
    )
    .unwrap();
    // Refused where the list starts, before the parser goes deeper.
    refused(
        &planner(&["assess", s(&deep)]),
        &["deep.yaml:1:8:", "must be a mapping"],
    );

    let mut anchors = String::from("arrivals:\n");
    for i in 0..1_100 {
        anchors.push_str(&format!("  - &a{i} {{ rate: 1, to: web }}\n"));
    }
    let many = dir.join("anchors.yaml");
    std::fs::write(&many, anchors).unwrap();
    refused(
        &planner(&["solve", s(&many)]),
        &["anchors", "at most 1000 are accepted"],
    );

    let mut aliases = String::from("arrivals:\n  - &a { rate: 1, to: web }\n");
    for _ in 0..1_100 {
        aliases.push_str("  - *a\n");
    }
    let alias = dir.join("aliases.yaml");
    std::fs::write(&alias, aliases).unwrap();
    refused(
        &planner(&["solve", s(&alias)]),
        &["aliases", "at most 1000"],
    );
    for f in [&big, &deep, &many, &alias] {
        let err = text(&planner(&["solve", s(f)]).stderr);
        assert!(!err.contains("budget breached"), "{err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
