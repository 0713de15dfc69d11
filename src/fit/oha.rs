//! Reading oha's JSON output (`oha --output-format json`): one file per
//! load step, or a folder of them, into an open-loop series. Field names
//! and units (seconds) follow oha's published schema (`schema.json` in its
//! repository).

use std::path::Path;

use serde::Deserialize;

use crate::error::{InputError, Origin};

use super::read::{MIN_ROWS, invalid, read_err, read_text};
use super::series::{LoadTest, OpenStep};

/// The parts of oha's JSON output a fit uses (field names as oha 1.x
/// writes them; times in seconds).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OhaReport {
    summary: OhaSummary,
    latency_percentiles: OhaPercentiles,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OhaSummary {
    success_rate: Option<f64>,
    requests_per_sec: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct OhaPercentiles {
    p50: Option<f64>,
    p95: Option<f64>,
    p99: Option<f64>,
}

pub(super) fn read_oha_dir(dir: &Path) -> Result<LoadTest, InputError> {
    let name = dir.display().to_string();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| read_err(&name, e.to_string()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(read_err(
            &name,
            "the folder holds no *.json files; expected oha JSON output, one file per load step",
        ));
    }
    let mut texts = Vec::with_capacity(files.len());
    for f in &files {
        texts.push((f.display().to_string(), read_text(f)?));
    }
    read_oha_files(&texts)
}

fn json_error(file: &str, e: &serde_json::Error) -> InputError {
    InputError::Syntax {
        origin: Origin::new(file, e.line() as u64, e.column() as u64),
        message: format!("not oha JSON output (`oha --output-format json`): {e}"),
    }
}

/// One step per oha file. oha does not record the rate it was asked to
/// send, so the offered rate is taken as the measured request rate and the
/// achieved rate as that times the success rate.
pub(super) fn read_oha_files(files: &[(String, String)]) -> Result<LoadTest, InputError> {
    let mut steps = Vec::with_capacity(files.len());
    for (file, text) in files {
        let r: OhaReport = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
        let num = |key: &str, v: Option<f64>, scale: f64| -> Result<f64, InputError> {
            match v {
                Some(x) if x.is_finite() && x >= 0.0 => Ok(x * scale),
                other => Err(invalid(
                    Origin::file(file.clone()),
                    key,
                    &other.map_or("null".into(), |x| x.to_string()),
                    "must be a finite number ≥ 0 (the step must have completed requests)",
                )),
            }
        };
        let rps = num("summary.requestsPerSec", r.summary.requests_per_sec, 1.0)?;
        let success = num("summary.successRate", r.summary.success_rate, 1.0)?.min(1.0);
        if rps <= 0.0 {
            return Err(invalid(
                Origin::file(file.clone()),
                "summary.requestsPerSec",
                "0",
                "must be > 0 req/s",
            ));
        }
        let p = &r.latency_percentiles;
        let (p50, p95, p99) = (
            num("latencyPercentiles.p50", p.p50, 1e3)?,
            num("latencyPercentiles.p95", p.p95, 1e3)?,
            num("latencyPercentiles.p99", p.p99, 1e3)?,
        );
        steps.push((
            file.clone(),
            OpenStep {
                line: 0,
                offered_rps: rps,
                achieved_rps: rps * success,
                p50_ms: p50,
                p95_ms: p95.max(p50),
                p99_ms: p99.max(p95).max(p50),
                utilization: None,
                error_rate: Some(1.0 - success),
            },
        ));
    }
    steps.sort_by(|a, b| a.1.offered_rps.total_cmp(&b.1.offered_rps));
    for w in steps.windows(2) {
        if w[1].1.offered_rps <= w[0].1.offered_rps {
            return Err(invalid(
                Origin::file(w[1].0.clone()),
                "summary.requestsPerSec",
                &w[1].1.offered_rps.to_string(),
                &format!(
                    "must differ from every other step's rate ({} has the same)",
                    w[0].0
                ),
            ));
        }
    }
    if steps.len() < MIN_ROWS {
        let name = steps.first().map_or(String::new(), |s| s.0.clone());
        return Err(InputError::Syntax {
            origin: Origin::file(name),
            message: format!(
                "{} oha file{}; a fit needs at least {MIN_ROWS} load steps (a folder of JSON files, one per rate)",
                steps.len(),
                if steps.len() == 1 { "" } else { "s" }
            ),
        });
    }
    Ok(LoadTest::Open(steps.into_iter().map(|(_, s)| s).collect()))
}
