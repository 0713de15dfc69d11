//! Terminal injection: control characters from an input (a `name:`, a
//! station name, a key) come out as visible escapes in every human output
//! and in error messages; JSON keeps the value exactly.

use std::path::PathBuf;

use crate::common::{planner, root, text};

/// ESC ] 0; title BEL (retitles a terminal) and ESC [2J (clears it), as
/// YAML double-quoted escapes.
const HOSTILE: &str = r#""\e]0;pwned\a\e[2J""#;
/// The same text, decoded.
const DECODED: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J";
/// How it must show.
const SHOWN: &str = r"\u{1b}]0;pwned\u{7}\u{1b}[2J";

fn scratch(name: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("planner-print-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let p = dir.join(name);
    std::fs::write(&p, body).expect("write");
    p
}

fn clean(bytes: &[u8], what: &str) {
    let t = text(bytes);
    for c in t.chars() {
        assert!(
            !c.is_control() || c == '\n' || c == '\t',
            "{what}: raw {c:?} in {t:?}"
        );
    }
}

#[test]
fn a_hostile_profile_name_is_escaped_in_every_format() {
    let profile = std::fs::read_to_string(root().join("examples/b2b-saas.yaml")).unwrap();
    let hostile = profile
        .lines()
        .map(|l| {
            if l.starts_with("name:") {
                format!("name: {HOSTILE}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(hostile.contains("\\e]0;"), "the example has a name: line");
    let p = scratch("app.yaml", &hostile);
    let p = p.to_str().unwrap();
    for format in ["table", "markdown"] {
        let out = planner(&["assess", p, "--format", format, "--color", "always"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.contains(SHOWN), "{format}: {stdout}");
        // Colour (added after escaping) is the only escape sequence left.
        let without_colour = stdout.replace("\u{1b}[", "");
        assert!(!without_colour.contains('\u{1b}'), "{format}");
        assert!(!stdout.contains('\u{7}'), "{format}");
        assert!(!stdout.contains("\u{1b}[2J"), "{format}");
    }
    let out = planner(&["assess", p, "--format", "json"]);
    clean(&out.stdout, "json");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert!(
        has_string(&v, DECODED),
        "the JSON value is the name exactly"
    );
    let out = planner(&[
        "timeline", p, "--format", "csv", "--paths", "20", "--months", "3",
    ]);
    clean(&out.stdout, "csv");
}

fn has_string(v: &serde_json::Value, want: &str) -> bool {
    match v {
        serde_json::Value::String(s) => s == want,
        serde_json::Value::Array(a) => a.iter().any(|x| has_string(x, want)),
        serde_json::Value::Object(o) => o.values().any(|x| has_string(x, want)),
        _ => false,
    }
}

#[test]
fn a_hostile_station_name_is_escaped() {
    let net = format!(
        "arrivals: [{{ rate: 10, to: {HOSTILE} }}]\nstations:\n  {HOSTILE}:\n    servers: 2\n    service: {{ distribution: exponential, mean_ms: 10 }}\n"
    );
    let p = scratch("net.yaml", &net);
    let p = p.to_str().unwrap();
    for format in ["table", "markdown"] {
        let out = planner(&["solve", p, "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        clean(&out.stdout, format);
        assert!(text(&out.stdout).contains(SHOWN), "{format}");
    }
}

#[test]
fn error_messages_are_escaped() {
    // An unknown key and a bad value, both carrying control characters.
    let net = format!(
        "arrivals: [{{ rate: 10, to: web }}]\nstations:\n  web:\n    servers: 2\n    {HOSTILE}: 1\n"
    );
    let p = scratch("bad-key.yaml", &net);
    let out = planner(&["solve", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    clean(&out.stderr, "stderr");
    assert!(text(&out.stderr).contains("pwned"), "{}", text(&out.stderr));
    let name = "bad\u{1b}[2J\u{7}.yaml";
    let out = planner(&["solve", name]);
    assert_eq!(out.status.code(), Some(2));
    clean(&out.stderr, "stderr");
    assert!(text(&out.stderr).contains(r"bad\u{1b}[2J\u{7}.yaml"));
    let out = planner(&["check", "examples/b2b-saas.yaml", "--max-p95", DECODED]);
    assert_eq!(out.status.code(), Some(2));
    clean(&out.stderr, "stderr");
}
