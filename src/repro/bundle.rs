//! The folder a reproduction leaves for the ticket: the reports, every transcript,
//! the target's request log, and a README that says what was run and what it showed.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::tickets::Reproduction;
use crate::reports::{self, RunReport, ScenarioStatus, Summary};

/// What a reproduction produced, ready to be written.
pub struct Bundle<'a> {
    /// The ticket id, as given.
    pub ticket: &'a str,
    /// The features that reproduce it.
    pub reproductions: &'a [Reproduction],
    /// The run.
    pub report: &'a RunReport,
    /// Its counts.
    pub summary: &'a Summary,
    /// What was tested: `the embedded sandbox` or the target URL.
    pub target: &'a str,
    /// The target's request log, or why there is none.
    pub request_log: Option<&'a Result<Value, String>>,
    /// The command that repeats this reproduction.
    pub rerun: &'a str,
}

/// Writes the bundle into `dir` (created if missing) and returns the files written.
pub fn write_bundle(bundle: &Bundle<'_>, dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut written = reports::write_all(bundle.report, dir)?;
    let pretty = |v: &Value| {
        serde_json::to_string_pretty(v).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    };
    let mut files = vec![("transcripts.json", pretty(&transcripts(bundle.report))?)];
    if let Some(Ok(log)) = bundle.request_log {
        files.push(("requests.json", pretty(&oldest_first(log))?));
    }
    files.push(("README.md", readme(bundle)));
    for (name, content) in files {
        let path = dir.join(name);
        fs::write(&path, content)?;
        written.push(path);
    }
    Ok(written)
}

/// Every scenario with its steps and every exchange, in file order.
fn transcripts(report: &RunReport) -> Value {
    let scenarios: Vec<Value> = report
        .features
        .iter()
        .flat_map(|f| {
            f.scenarios.iter().map(move |s| {
                json!({
                    "feature": f.name,
                    "path": f.path,
                    "scenario": s.name,
                    "line": s.line,
                    "status": s.status,
                    "failure": s.failure,
                    "skip_reason": s.skip_reason,
                    "steps": s.steps.iter().map(|step| json!({
                        "step": format!("{} {}", step.keyword, step.text),
                        "status": step.status,
                        "error": step.error,
                    })).collect::<Vec<_>>(),
                    "exchanges": s.transcript,
                })
            })
        })
        .collect();
    json!({"started_at": report.started_at, "scenarios": scenarios})
}

/// The sandbox lists its log newest first; a reader of a ticket reads it in order.
fn oldest_first(log: &Value) -> Value {
    let mut requests = log["requests"].as_array().cloned().unwrap_or_default();
    requests.reverse();
    json!({
        "note": "the target's most recent requests (at most 1000), oldest first; a shared server's log also holds other clients' requests",
        "requests": requests,
    })
}

fn verdict(summary: &Summary) -> &'static str {
    if summary.scenarios_failed > 0 {
        "**The target deviates from the expected behaviour**: a scenario failed. The failure below says what was expected and what the target answered; the transcript is in `index.html` and `transcripts.json`."
    } else if summary.scenarios_passed == 0 {
        "**Nothing was checked**: every scenario was skipped on this target (the reasons are below)."
    } else {
        "**The target behaves as the portal guide and the specifications say.** The reported symptom comes from the app's side: the cause and the fix are in the description below."
    }
}

fn status_word(status: ScenarioStatus) -> &'static str {
    match status {
        ScenarioStatus::Passed => "passed",
        ScenarioStatus::Failed => "FAILED",
        ScenarioStatus::Skipped => "skipped",
    }
}

fn readme(bundle: &Bundle<'_>) -> String {
    let s = bundle.summary;
    let mut out = String::new();
    let _ = writeln!(out, "# Ticket {}: reproduction\n", bundle.ticket);
    let _ = writeln!(
        out,
        "Run at {} against {}: {} passed, {} failed, {} skipped in {:.2} s.\n",
        bundle.report.started_at,
        bundle.target,
        s.scenarios_passed,
        s.scenarios_failed,
        s.scenarios_skipped,
        bundle.report.duration_ms / 1000.0
    );
    let _ = writeln!(out, "{}\n", verdict(s));
    for reproduction in bundle.reproductions {
        let _ = writeln!(
            out,
            "## {} (`features/{}`)\n",
            reproduction.feature, reproduction.path
        );
        if !reproduction.description.is_empty() {
            for line in reproduction.description.lines() {
                let _ = writeln!(out, "> {}", line.trim());
            }
            out.push('\n');
        }
        let ran = bundle
            .report
            .features
            .iter()
            .find(|f| f.path == reproduction.path);
        for scenario in ran.map(|f| f.scenarios.as_slice()).unwrap_or_default() {
            let _ = writeln!(
                out,
                "- {}: {} ({} HTTP exchange{})",
                status_word(scenario.status),
                scenario.name,
                scenario.transcript.len(),
                if scenario.transcript.len() == 1 {
                    ""
                } else {
                    "s"
                }
            );
            if let Some(failure) = &scenario.failure {
                let _ = writeln!(out, "\n  ```\n  {}\n  ```", failure.replace('\n', "\n  "));
            }
            if let Some(reason) = &scenario.skip_reason {
                let _ = writeln!(out, "  - skipped because it {reason}");
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Files\n");
    let _ = writeln!(
        out,
        "- `index.html`: the report; open it in a browser (each scenario's steps and HTTP transcript)"
    );
    let _ = writeln!(
        out,
        "- `transcripts.json`: every HTTP exchange of every step (secrets, passwords and tokens redacted)"
    );
    match bundle.request_log {
        Some(Ok(_)) => {
            let _ = writeln!(
                out,
                "- `requests.json`: the target's own request log after the run"
            );
        }
        Some(Err(why)) => {
            let _ = writeln!(out, "- no `requests.json`: {why}");
        }
        None => {}
    }
    let _ = writeln!(
        out,
        "- `junit.xml`, `cucumber.json`, `summary.json`: the same results for machines\n"
    );
    let _ = writeln!(out, "Run it again with `{}`.", bundle.rerun);
    out
}
