//! A single self-contained HTML page for humans: open it from a CI artifact or attach it to
//! a ticket, no network needed (the style and script are inlined, nothing is fetched).
//!
//! Failures come first (a linked list at the top, failing features and scenarios sorted
//! ahead of passing ones, failed scenarios expanded), each with the failing step's error in
//! plain words at the top and, under every step, the HTTP exchanges that step made
//! ([`transcript`]). Buttons filter by status, selects by feature and tag, a text box by
//! feature/scenario/tag; `#s-N` links open one scenario. Every piece of run data is
//! escaped: bodies contain arbitrary text.

mod failure;
#[cfg(test)]
mod tests;
mod transcript;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::escape::markup;
use super::model::{
    FeatureReport, RunReport, ScenarioReport, ScenarioStatus, StepReport, StepStatus,
};
use super::summary::{Summary, summarize};

const STYLE: &str = include_str!("html/style.css");
const SCRIPT: &str = include_str!("html/script.js");

/// A feature with its scenarios, each numbered for its `s-N` anchor.
type Numbered<'a> = (&'a FeatureReport, Vec<(usize, &'a ScenarioReport)>);

/// Renders `report` as a complete HTML document.
pub fn render(report: &RunReport) -> String {
    let summary = summarize(report);
    // Stable ids, assigned in file order, so links in the failure list are deterministic.
    let mut next_id = 0;
    let features: Vec<Numbered<'_>> = report
        .features
        .iter()
        .map(|f| {
            let scenarios = f
                .scenarios
                .iter()
                .map(|s| {
                    next_id += 1;
                    (next_id, s)
                })
                .collect();
            (f, scenarios)
        })
        .collect();

    let mut out = String::with_capacity(64 * 1024);
    let title = if summary.scenarios_failed > 0 {
        format!("✘ {} failed — Conformance report", summary.scenarios_failed)
    } else {
        "✔ Conformance report".to_owned()
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        markup(&title)
    );
    render_header(&mut out, report, &summary);
    render_filters(&mut out, report, &summary);
    out.push_str("<main>\n");
    render_parse_errors(&mut out, &report.parse_errors);
    render_failure_list(&mut out, &features);

    // Failing features first, and failed scenarios first within a feature; otherwise file order.
    let mut ordered: Vec<_> = features.iter().collect();
    ordered.sort_by_key(|(f, _)| !f.has_failures());
    for (feature, scenarios) in ordered {
        let mut scenarios: Vec<_> = scenarios.iter().collect();
        scenarios.sort_by_key(|(_, s)| s.status != ScenarioStatus::Failed);
        render_feature(&mut out, feature, &scenarios);
    }
    if report.features.is_empty() {
        out.push_str("<p class=\"empty\">No scenario ran.</p>\n");
    } else {
        out.push_str(
            "<p class=\"empty\" id=\"no-match\" hidden>No scenario matches the filters.</p>\n",
        );
    }
    let _ = write!(
        out,
        "</main>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

fn render_header(out: &mut String, report: &RunReport, summary: &Summary) {
    let _ = write!(
        out,
        "<header>\n<h1>Conformance report</h1>\n\
         <p class=\"meta\">Started {} · {:.2} s · {} feature{} · {} scenario{}</p>\n\
         <div class=\"counts\"><span class=\"count passed\">{} passed</span>\
         <span class=\"count failed\">{} failed</span>\
         <span class=\"count skipped\">{} skipped</span></div>\n</header>\n",
        markup(&report.started_at),
        report.duration_ms / 1000.0,
        summary.features,
        if summary.features == 1 { "" } else { "s" },
        summary.scenarios(),
        if summary.scenarios() == 1 { "" } else { "s" },
        summary.scenarios_passed,
        summary.scenarios_failed,
        summary.scenarios_skipped,
    );
}

/// Status buttons, the feature and tag selects (built from the run's own data), the
/// text box and how many scenarios the filters show.
fn render_filters(out: &mut String, report: &RunReport, summary: &Summary) {
    let _ = write!(
        out,
        "<nav class=\"filters\" aria-label=\"Filters\">\
         <span class=\"status-filters\" role=\"group\" aria-label=\"Status\">\
         <button type=\"button\" data-filter=\"all\" class=\"active\" aria-pressed=\"true\">All ({})</button>\
         <button type=\"button\" data-filter=\"failed\" aria-pressed=\"false\">Failed ({})</button>\
         <button type=\"button\" data-filter=\"passed\" aria-pressed=\"false\">Passed ({})</button>\
         <button type=\"button\" data-filter=\"skipped\" aria-pressed=\"false\">Skipped ({})</button>\
         </span>",
        summary.scenarios(),
        summary.scenarios_failed,
        summary.scenarios_passed,
        summary.scenarios_skipped,
    );
    out.push_str(
        "<label>Feature <select id=\"filter-feature\"><option value=\"\">All features</option>",
    );
    let mut features: Vec<&FeatureReport> = report.features.iter().collect();
    features.sort_by(|a, b| a.path.cmp(&b.path));
    for feature in features {
        let _ = write!(
            out,
            "<option value=\"{}\">{} ({})</option>",
            markup(&feature.path),
            markup(&feature.path),
            feature.scenarios.len()
        );
    }
    out.push_str("</select></label>");
    let mut tags: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, scenario) in report.scenarios() {
        for tag in &scenario.tags {
            *tags.entry(tag.as_str()).or_default() += 1;
        }
    }
    out.push_str("<label>Tag <select id=\"filter-tag\"><option value=\"\">All tags</option>");
    for (tag, count) in tags {
        let _ = write!(
            out,
            "<option value=\"{}\">@{} ({count})</option>",
            markup(tag),
            markup(tag)
        );
    }
    let _ = writeln!(
        out,
        "</select></label>\
         <input type=\"search\" id=\"filter-text\" placeholder=\"Filter by feature, scenario or @tag\" \
         aria-label=\"Filter by feature, scenario or tag\">\
         <span id=\"filter-count\" aria-live=\"polite\">Showing all {} scenarios</span>\
         <button type=\"button\" id=\"filter-clear\" hidden>Clear filters</button>\
         </nav>",
        summary.scenarios()
    );
}

fn render_parse_errors(out: &mut String, errors: &[String]) {
    if errors.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"parse-errors\">\n<h2>Feature files that could not be read</h2>\n<ul>\n",
    );
    for error in errors {
        let _ = writeln!(out, "<li><pre>{}</pre></li>", markup(error));
    }
    out.push_str("</ul>\n</section>\n");
}

fn render_failure_list(out: &mut String, features: &[Numbered<'_>]) {
    let failed: Vec<_> = features
        .iter()
        .flat_map(|(f, ss)| ss.iter().map(move |(id, s)| (f, id, s)))
        .filter(|(_, _, s)| s.status == ScenarioStatus::Failed)
        .collect();
    if failed.is_empty() {
        return;
    }
    out.push_str("<section class=\"failures\">\n<h2>Failures</h2>\n<ol>\n");
    for (feature, id, scenario) in failed {
        let reason = scenario
            .failing_step()
            .and_then(|s| s.error.as_deref())
            .or(scenario.failure.as_deref())
            .map_or("failed", failure::headline);
        let _ = writeln!(
            out,
            "<li><a href=\"#s-{id}\">{}: {}</a> <span class=\"reason\">{}</span></li>",
            markup(&feature.path),
            markup(&scenario.name),
            markup(reason)
        );
    }
    out.push_str("</ol>\n</section>\n");
}

fn render_feature(
    out: &mut String,
    feature: &FeatureReport,
    scenarios: &[&(usize, &ScenarioReport)],
) {
    let _ = write!(
        out,
        "<section class=\"feature\" data-feature=\"{}\">\n<h2><span class=\"kw\">{}:</span> {} <small>{}</small>{}</h2>\n",
        markup(&feature.path),
        markup(&feature.keyword),
        markup(&feature.name),
        markup(&feature.path),
        tag_list(&feature.tags),
    );
    if let Some(description) = &feature.description {
        let _ = writeln!(out, "<p class=\"description\">{}</p>", markup(description));
    }
    for (id, scenario) in scenarios {
        render_scenario(out, feature, *id, scenario);
    }
    out.push_str("</section>\n");
}

fn render_scenario(
    out: &mut String,
    feature: &FeatureReport,
    id: usize,
    scenario: &ScenarioReport,
) {
    let status = scenario.status.as_str();
    let search = format!(
        "{} {} {} {} {}",
        feature.name,
        feature.path,
        scenario.name,
        scenario.rule.as_deref().unwrap_or_default(),
        scenario
            .tags
            .iter()
            .map(|t| format!("@{t}"))
            .collect::<Vec<_>>()
            .join(" "),
    )
    .to_lowercase();
    // Space-delimited with spaces around, so the script matches ` tag ` exactly.
    let tags = format!(" {} ", scenario.tags.join(" "));
    let open = if scenario.status == ScenarioStatus::Failed {
        " open"
    } else {
        ""
    };
    let _ = write!(
        out,
        "<details class=\"scenario {status}\" id=\"s-{id}\" data-status=\"{status}\" \
         data-feature=\"{}\" data-tags=\"{}\" data-search=\"{}\"{open}>\n\
         <summary><span class=\"badge {status}\">{status}</span> \
         <span class=\"name\">{}</span>{} <span class=\"dur\">{}</span></summary>\n<div class=\"body\">\n",
        markup(&feature.path),
        markup(&tags),
        markup(&search),
        markup(&scenario.name),
        tag_list(&scenario.tags),
        duration(scenario.duration_ms),
    );
    let _ = writeln!(
        out,
        "<p class=\"where\">{} · {} line {}{}{} · <a href=\"#s-{id}\" class=\"permalink\">link</a></p>",
        markup(&scenario.keyword),
        markup(&feature.path),
        scenario.line,
        scenario
            .rule
            .as_deref()
            .map(|r| format!(" · Rule: {}", markup(r)))
            .unwrap_or_default(),
        if scenario.attempt > 0 {
            format!(" · attempt {}", scenario.attempt + 1)
        } else {
            String::new()
        },
    );
    if scenario.status == ScenarioStatus::Failed {
        failure::render_failure(out, scenario);
    }
    if let Some(reason) = &scenario.skip_reason {
        let _ = writeln!(
            out,
            "<p class=\"skip-reason\">Skipped: {}</p>",
            markup(reason)
        );
    }
    let attributed = transcript::attribute(&scenario.steps, &scenario.transcript);
    out.push_str("<ol class=\"steps\">\n");
    for (step, exchanges) in scenario.steps.iter().zip(&attributed.by_step) {
        render_step(out, step, exchanges);
    }
    out.push_str("</ol>\n");
    transcript::render_unattributed(out, &attributed.unattributed);
    out.push_str("</div>\n</details>\n");
}

fn render_step(out: &mut String, step: &StepReport, exchanges: &[&crate::transcript::Exchange]) {
    let (icon, class) = match step.status {
        StepStatus::Passed => ("✔", "passed"),
        StepStatus::Failed => ("✘", "failed"),
        StepStatus::Skipped => ("–", "skipped"),
        StepStatus::Undefined => ("?", "undefined"),
    };
    let _ = write!(
        out,
        "<li class=\"step {class}\"><span class=\"icon\" title=\"{class}\">{icon}</span> \
         <span class=\"text\"><span class=\"kw\">{}</span> {}</span>{}<span class=\"dur\">{}</span>",
        markup(&step.keyword),
        markup(&step.text),
        if step.from_background {
            " <span class=\"bg\">background</span>"
        } else {
            ""
        },
        if step.status == StepStatus::Passed || step.status == StepStatus::Failed {
            duration(step.duration_ms)
        } else {
            class.to_owned()
        },
    );
    if let Some(doc) = &step.docstring {
        let _ = write!(out, "<pre class=\"doc\">{}</pre>", markup(doc));
    }
    if let Some(table) = &step.table {
        out.push_str("<table class=\"data\">");
        for row in table {
            out.push_str("<tr>");
            for cell in row {
                let _ = write!(out, "<td>{}</td>", markup(cell));
            }
            out.push_str("</tr>");
        }
        out.push_str("</table>");
    }
    if let Some(error) = &step.error {
        match step.status {
            // A skipped step's "error" is the reason it was skipped, not a defect.
            StepStatus::Skipped => {
                let _ = write!(out, "<pre class=\"reason\">{}</pre>", markup(error));
            }
            // The whole text is in the failure box at the top of the scenario.
            StepStatus::Failed => {
                let _ = write!(
                    out,
                    "<p class=\"step-error\">{}</p>",
                    markup(failure::headline(error))
                );
            }
            StepStatus::Passed | StepStatus::Undefined => {
                let _ = write!(out, "<pre class=\"error\">{}</pre>", markup(error));
            }
        }
    }
    if let Some(location) = &step.location {
        let _ = write!(out, "<div class=\"loc\">{}</div>", markup(location));
    }
    transcript::render_step_exchanges(out, exchanges);
    out.push_str("</li>\n");
}

/// `0.4 ms`, `850 ms` below a second, `1.83 s` above: readable at both scales.
fn duration(ms: f64) -> String {
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

/// Tag chips; clicking one filters the page by that tag.
fn tag_list(tags: &[String]) -> String {
    if tags.is_empty() {
        return String::new();
    }
    let tags: Vec<String> = tags
        .iter()
        .map(|t| {
            let t = markup(t);
            format!(
                "<button type=\"button\" class=\"tag\" data-tag=\"{t}\" title=\"Show only @{t}\">@{t}</button>"
            )
        })
        .collect();
    format!(" <span class=\"tags\">{}</span>", tags.join(""))
}
