//! Reading load-test results: the open-loop and closed-loop CSV files and
//! oha's JSON output, into the validated series of [`super::series`].
//!
//! CSV is read by hand rather than through a crate: the files are small,
//! numeric and unquoted, and every error must point at a line and column.
//! Lines starting with `#` are comments.

use std::path::Path;

use crate::error::{InputError, Origin};
use crate::input::yaml::MAX_FILE_BYTES;

use super::oha::{read_oha_dir, read_oha_files};
use super::series::{ClosedStep, LoadTest, OpenStep};

/// How to read a load-test file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// Detect from the header (CSV) or content (JSON).
    Auto,
    /// Open-loop CSV: `offered_rps,achieved_rps,p50_ms,p95_ms,p99_ms[,utilization][,error_rate]`.
    Open,
    /// Closed-loop CSV: `clients,throughput_rps[,mean_ms][,p50_ms][,p95_ms][,p99_ms][,utilization]`.
    Closed,
    /// oha's JSON output (`oha --output-format json`), one file per step or a folder of them.
    Oha,
}

/// Open-loop columns: name, required.
const OPEN_COLUMNS: [(&str, bool); 7] = [
    ("offered_rps", true),
    ("achieved_rps", true),
    ("p50_ms", true),
    ("p95_ms", true),
    ("p99_ms", true),
    ("utilization", false),
    ("error_rate", false),
];

/// Closed-loop columns: name, required.
const CLOSED_COLUMNS: [(&str, bool); 7] = [
    ("clients", true),
    ("throughput_rps", true),
    ("mean_ms", false),
    ("p50_ms", false),
    ("p95_ms", false),
    ("p99_ms", false),
    ("utilization", false),
];

/// Fewest steps a fit accepts.
pub const MIN_ROWS: usize = 3;

pub(super) fn read_err(file: &str, reason: impl Into<String>) -> InputError {
    InputError::Read {
        file: file.to_string(),
        reason: reason.into(),
    }
}

pub(super) fn invalid(origin: Origin, key: &str, value: &str, expected: &str) -> InputError {
    InputError::Invalid {
        origin,
        key: key.to_string(),
        value: value.to_string(),
        expected: expected.to_string(),
    }
}

pub(super) fn read_text(path: &Path) -> Result<String, InputError> {
    let file = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| read_err(&file, e.to_string()))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(read_err(
            &file,
            format!(
                "the file is {} bytes; at most {MAX_FILE_BYTES} bytes are accepted",
                meta.len()
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| read_err(&file, e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| InputError::Syntax {
        origin: Origin::file(file),
        message: format!(
            "not UTF-8 text (invalid byte at offset {}); expected a CSV or JSON load-test file",
            e.utf8_error().valid_up_to()
        ),
    })
}

/// Reads a load test from `path`: a CSV file, an oha JSON file, or a folder
/// of oha JSON files (one per step).
pub fn read_load_test(path: &Path, format: InputFormat) -> Result<LoadTest, InputError> {
    let file = path.display().to_string();
    if path.is_dir() {
        if matches!(format, InputFormat::Open | InputFormat::Closed) {
            return Err(read_err(
                &file,
                "it is a directory; a CSV load test is one file (a folder holds oha JSON files)",
            ));
        }
        return read_oha_dir(path);
    }
    let text = read_text(path)?;
    let looks_json = text.trim_start().starts_with('{');
    match format {
        InputFormat::Oha => read_oha_files(&[(file, text)]),
        InputFormat::Auto if looks_json => read_oha_files(&[(file, text)]),
        InputFormat::Auto => parse_csv(&file, &text, None),
        InputFormat::Open => parse_csv(&file, &text, Some(false)),
        InputFormat::Closed => parse_csv(&file, &text, Some(true)),
    }
}

/// One field of a CSV line: its text and 1-based column.
struct Field<'a> {
    text: &'a str,
    column: u64,
}

fn split_fields(line: &str) -> Vec<Field<'_>> {
    let mut out = Vec::new();
    let mut start = 0usize;
    for (i, c) in line.char_indices() {
        if c == ',' {
            out.push((start, &line[start..i]));
            start = i + 1;
        }
    }
    out.push((start, &line[start..]));
    out.into_iter()
        .map(|(byte, text)| Field {
            text: text.trim().trim_matches('"').trim(),
            column: line[..byte].chars().count() as u64 + 1,
        })
        .collect()
}

/// Parses CSV `text`; `closed` forces the kind (`None`: from the header).
pub fn parse_csv(file: &str, text: &str, closed: Option<bool>) -> Result<LoadTest, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let Some((header_line, header)) = lines.next() else {
        return Err(InputError::Syntax {
            origin: Origin::file(file),
            message: "the file is empty; expected a CSV header such as \
                      `offered_rps,achieved_rps,p50_ms,p95_ms,p99_ms` or `clients,throughput_rps`"
                .into(),
        });
    };
    let names: Vec<Field<'_>> = split_fields(header);
    let is_closed = match closed {
        Some(c) => c,
        None => {
            let has = |n: &str| names.iter().any(|f| f.text == n);
            if has("offered_rps") {
                false
            } else if has("clients") {
                true
            } else {
                return Err(InputError::Syntax {
                    origin: Origin::new(file, header_line, 1),
                    message: format!(
                        "unrecognised header `{}`: an open-loop CSV has an `offered_rps` column, \
                         a closed-loop CSV a `clients` column",
                        header.trim()
                    ),
                });
            }
        }
    };
    let allowed: &[(&str, bool)] = if is_closed {
        &CLOSED_COLUMNS
    } else {
        &OPEN_COLUMNS
    };
    let allowed_list = allowed
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ");
    // Column index of each known name.
    let mut index: Vec<Option<usize>> = vec![None; allowed.len()];
    for (i, f) in names.iter().enumerate() {
        let Some(k) = allowed.iter().position(|(n, _)| *n == f.text) else {
            return Err(invalid(
                Origin::new(file, header_line, f.column),
                "header column",
                &format!("{:?}", f.text),
                &format!("must be one of {allowed_list}"),
            ));
        };
        if index[k].is_some() {
            return Err(invalid(
                Origin::new(file, header_line, f.column),
                "header column",
                &format!("{:?}", f.text),
                "must appear once",
            ));
        }
        index[k] = Some(i);
    }
    for (k, (name, required)) in allowed.iter().enumerate() {
        if *required && index[k].is_none() {
            return Err(InputError::Syntax {
                origin: Origin::new(file, header_line, 1),
                message: format!(
                    "missing column `{name}`; the header must have {}",
                    allowed
                        .iter()
                        .filter(|(_, r)| *r)
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    }
    let mut rows: Vec<(u64, Vec<Cell>)> = Vec::new();
    for (line_no, line) in lines {
        let fields = split_fields(line);
        if fields.len() != names.len() {
            return Err(InputError::Syntax {
                origin: Origin::new(file, line_no, 1),
                message: format!(
                    "{} fields, but the header has {} columns ({})",
                    fields.len(),
                    names.len(),
                    names.iter().map(|f| f.text).collect::<Vec<_>>().join(",")
                ),
            });
        }
        let mut values = Vec::with_capacity(allowed.len());
        for (k, (name, required)) in allowed.iter().enumerate() {
            let Some(i) = index[k] else {
                values.push(None);
                continue;
            };
            let f = &fields[i];
            let origin = Origin::new(file, line_no, f.column);
            if f.text.is_empty() {
                if *required {
                    return Err(invalid(
                        origin,
                        name,
                        "\"\" (empty)",
                        &format!("must be {}", expected_range(name)),
                    ));
                }
                values.push(None);
                continue;
            }
            let x = parse_number(f.text, name, &origin)?;
            values.push(Some((x, origin)));
        }
        rows.push((line_no, values));
    }
    if rows.len() < MIN_ROWS {
        return Err(InputError::Syntax {
            origin: Origin::file(file),
            message: format!(
                "{} data row{}; a fit needs at least {MIN_ROWS} load steps",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" }
            ),
        });
    }
    if is_closed {
        closed_steps(&rows).map(LoadTest::Closed)
    } else {
        open_steps(&rows).map(LoadTest::Open)
    }
}

fn expected_range(name: &str) -> &'static str {
    match name {
        "utilization" | "error_rate" => "a fraction from 0 to 1",
        "clients" => "a whole number from 1 to 100,000",
        "offered_rps" | "achieved_rps" | "throughput_rps" => "a finite number ≥ 0, in req/s",
        _ => "a finite number ≥ 0, in ms",
    }
}

fn parse_number(text: &str, name: &str, origin: &Origin) -> Result<f64, InputError> {
    let bad = |expected: &str| {
        invalid(
            origin.clone(),
            name,
            &format!("{text:?}"),
            &format!("must be {expected}"),
        )
    };
    let x: f64 = text.parse().map_err(|_| bad(expected_range(name)))?;
    let in_range = match name {
        "utilization" | "error_rate" => (0.0..=1.0).contains(&x),
        "clients" => (1.0..=1e5).contains(&x) && x.fract() == 0.0,
        "offered_rps" => x > 0.0 && x.is_finite(),
        _ => x >= 0.0 && x.is_finite(),
    };
    if in_range {
        Ok(x)
    } else if name == "offered_rps" && x == 0.0 {
        Err(bad("> 0, in req/s"))
    } else {
        Err(bad(expected_range(name)))
    }
}

type Cell = Option<(f64, Origin)>;

fn value(c: &Cell) -> Option<f64> {
    c.as_ref().map(|(x, _)| *x)
}

fn required(c: &Cell) -> f64 {
    // Required columns were checked non-empty while reading.
    value(c).unwrap_or(0.0)
}

/// Percentiles must not decrease: p50 ≤ p95 ≤ p99.
fn check_percentiles(cells: [(&str, &Cell); 3]) -> Result<(), InputError> {
    for w in cells.windows(2) {
        if let (Some((lo, _)), Some((hi, o))) = (w[0].1, w[1].1)
            && hi < lo
        {
            return Err(invalid(
                o.clone(),
                w[1].0,
                &hi.to_string(),
                &format!("must be ≥ {} ({lo} ms on this line)", w[0].0),
            ));
        }
    }
    Ok(())
}

fn check_increasing(prev: Option<f64>, cell: &Cell, name: &str) -> Result<(), InputError> {
    if let (Some(p), Some((x, o))) = (prev, cell)
        && *x <= p
    {
        return Err(invalid(
            o.clone(),
            name,
            &x.to_string(),
            &format!("must increase from row to row (lowest load first); the row before has {p}"),
        ));
    }
    Ok(())
}

fn open_steps(rows: &[(u64, Vec<Cell>)]) -> Result<Vec<OpenStep>, InputError> {
    let mut out = Vec::with_capacity(rows.len());
    let mut prev = None;
    for (line, v) in rows {
        check_increasing(prev, &v[0], "offered_rps")?;
        prev = value(&v[0]);
        check_percentiles([("p50_ms", &v[2]), ("p95_ms", &v[3]), ("p99_ms", &v[4])])?;
        out.push(OpenStep {
            line: *line,
            offered_rps: required(&v[0]),
            achieved_rps: required(&v[1]),
            p50_ms: required(&v[2]),
            p95_ms: required(&v[3]),
            p99_ms: required(&v[4]),
            utilization: value(&v[5]),
            error_rate: value(&v[6]),
        });
    }
    Ok(out)
}

fn closed_steps(rows: &[(u64, Vec<Cell>)]) -> Result<Vec<ClosedStep>, InputError> {
    let mut out = Vec::with_capacity(rows.len());
    let mut prev = None;
    for (line, v) in rows {
        check_increasing(prev, &v[0], "clients")?;
        prev = value(&v[0]);
        if let Some((x, o)) = &v[1]
            && *x <= 0.0
        {
            return Err(invalid(
                o.clone(),
                "throughput_rps",
                "0",
                "must be > 0 req/s",
            ));
        }
        check_percentiles([("p50_ms", &v[3]), ("p95_ms", &v[4]), ("p99_ms", &v[5])])?;
        out.push(ClosedStep {
            line: *line,
            clients: required(&v[0]),
            throughput_rps: required(&v[1]),
            mean_ms: value(&v[2]),
            p50_ms: value(&v[3]),
            p95_ms: value(&v[4]),
            p99_ms: value(&v[5]),
            utilization: value(&v[6]),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse_csv("t.csv", text, None).unwrap_err().to_string()
    }

    const HEAD: &str = "offered_rps,achieved_rps,p50_ms,p95_ms,p99_ms,utilization,error_rate\n";

    #[test]
    fn reads_open_and_closed_files() {
        let t = format!(
            "{HEAD}100,100,1,2,3,0.1,0\n200,200,1.1,2.2,3.3,,\n300,299,1.2,2.5,4,0.3,0.001\n"
        );
        let LoadTest::Open(s) = parse_csv("t.csv", &t, None).unwrap() else {
            panic!("open")
        };
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].utilization, None);
        assert_eq!(s[2].line, 4);
        let c = "clients,throughput_rps\n1,10\n2,19\n4,30\n";
        assert!(matches!(
            parse_csv("c.csv", c, None).unwrap(),
            LoadTest::Closed(_)
        ));
    }

    #[test]
    fn bad_cells_name_line_column_key_and_range() {
        let e = err(&format!(
            "{HEAD}100,100,1,x,3,0.1,0\n200,200,1,2,3,,\n300,300,1,2,3,,\n"
        ));
        assert_eq!(
            e,
            "t.csv:2:11: p95_ms must be a finite number ≥ 0, in ms, got \"x\""
        );
        let e = err(&format!(
            "{HEAD}100,100,1,2,3,-0.1,0\n200,200,1,2,3,,\n300,300,1,2,3,,\n"
        ));
        assert!(
            e.starts_with("t.csv:2:15: utilization must be a fraction from 0 to 1"),
            "{e}"
        );
        let e = err(&format!(
            "{HEAD}100,100,1,2,3,,\n100,200,1,2,3,,\n300,300,1,2,3,,\n"
        ));
        assert!(e.starts_with("t.csv:3:1: offered_rps must increase"), "{e}");
        let e = err("offered_rps,achieved_rps,p50_ms,p99_ms\n1,1,1,1\n2,2,2,2\n3,3,3,3\n");
        assert!(e.contains("t.csv:1:1: missing column `p95_ms`"), "{e}");
        let e = err(&format!("{HEAD}100,100,1,2,3,,\n200,200,1,2,3,,\n"));
        assert!(e.contains("2 data rows; a fit needs at least 3"), "{e}");
        let e = err(&format!(
            "{HEAD}100,100,1,2,inf,,\n200,200,1,2,3,,\n300,300,1,2,3,,\n"
        ));
        assert!(
            e.contains("t.csv:2:13: p99_ms must be a finite number"),
            "{e}"
        );
    }
}
