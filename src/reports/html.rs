//! A single self-contained HTML page for humans: open it from a CI artifact or attach it to
//! a ticket, no network needed.
//!
//! Failures come first (a linked list at the top, failing features and scenarios sorted
//! ahead of passing ones, failed scenarios expanded), each with the failing step's error in
//! plain words and the HTTP transcript. Buttons filter by status, a text box by
//! feature/scenario/tag. Every piece of run data is escaped: bodies contain arbitrary text.

use std::fmt::Write as _;

use super::escape::markup;
use super::model::{
    FeatureReport, RunReport, ScenarioReport, ScenarioStatus, StepReport, StepStatus,
};
use super::summary::summarize;
use crate::transcript::Exchange;

const STYLE: &str = include_str!("html/style.css");
const SCRIPT: &str = include_str!("html/script.js");

/// Renders `report` as a complete HTML document.
pub fn render(report: &RunReport) -> String {
    let summary = summarize(report);
    // Stable ids, assigned in file order, so links in the failure list are deterministic.
    let mut next_id = 0;
    let features: Vec<(&FeatureReport, Vec<(usize, &ScenarioReport)>)> = report
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

    let mut out = String::with_capacity(16 * 1024);
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
    let _ = write!(
        out,
        "<header>\n<h1>Conformance report</h1>\n\
         <p class=\"meta\">Started {} · {:.2} s · {} feature{}</p>\n\
         <div class=\"counts\"><span class=\"count passed\">{} passed</span>\
         <span class=\"count failed\">{} failed</span>\
         <span class=\"count skipped\">{} skipped</span></div>\n</header>\n",
        markup(&report.started_at),
        report.duration_ms / 1000.0,
        summary.features,
        if summary.features == 1 { "" } else { "s" },
        summary.scenarios_passed,
        summary.scenarios_failed,
        summary.scenarios_skipped,
    );
    let _ = write!(
        out,
        "<nav class=\"filters\">\
         <button type=\"button\" data-filter=\"all\" class=\"active\">All ({})</button>\
         <button type=\"button\" data-filter=\"failed\">Failed ({})</button>\
         <button type=\"button\" data-filter=\"passed\">Passed ({})</button>\
         <button type=\"button\" data-filter=\"skipped\">Skipped ({})</button>\
         <input type=\"search\" id=\"filter-text\" placeholder=\"Filter by feature, scenario or @tag\" \
         aria-label=\"Filter by feature, scenario or tag\">\
         </nav>\n<main>\n",
        summary.scenarios(),
        summary.scenarios_failed,
        summary.scenarios_passed,
        summary.scenarios_skipped,
    );
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
    }
    let _ = write!(
        out,
        "</main>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
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

fn render_failure_list(
    out: &mut String,
    features: &[(&FeatureReport, Vec<(usize, &ScenarioReport)>)],
) {
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
            .and_then(|e| e.lines().next())
            .unwrap_or("failed");
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
        "<section class=\"feature\">\n<h2><span class=\"kw\">{}:</span> {} <small>{}</small>{}</h2>\n",
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
    let open = if scenario.status == ScenarioStatus::Failed {
        " open"
    } else {
        ""
    };
    let _ = write!(
        out,
        "<details class=\"scenario {status}\" id=\"s-{id}\" data-status=\"{status}\" data-search=\"{}\"{open}>\n\
         <summary><span class=\"badge {status}\">{status}</span> \
         <span class=\"name\">{}</span>{} <span class=\"dur\">{}</span></summary>\n<div class=\"body\">\n",
        markup(&search),
        markup(&scenario.name),
        tag_list(&scenario.tags),
        duration(scenario.duration_ms),
    );
    let _ = writeln!(
        out,
        "<p class=\"where\">{} · line {}{}{}</p>",
        markup(&scenario.keyword),
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
    if let Some(reason) = &scenario.skip_reason {
        let _ = writeln!(
            out,
            "<p class=\"skip-reason\">Skipped: {}</p>",
            markup(reason)
        );
    }
    out.push_str("<ol class=\"steps\">\n");
    for step in &scenario.steps {
        render_step(out, step);
    }
    out.push_str("</ol>\n");
    if !scenario.transcript.is_empty() {
        let n = scenario.transcript.len();
        let _ = writeln!(
            out,
            "<details class=\"transcript\"><summary>HTTP transcript ({n} exchange{})</summary>",
            if n == 1 { "" } else { "s" }
        );
        for exchange in &scenario.transcript {
            render_exchange(out, exchange);
        }
        out.push_str("</details>\n");
    }
    out.push_str("</div>\n</details>\n");
}

fn render_step(out: &mut String, step: &StepReport) {
    let (icon, class) = match step.status {
        StepStatus::Passed => ("✔", "passed"),
        StepStatus::Failed => ("✘", "failed"),
        StepStatus::Skipped => ("–", "skipped"),
        StepStatus::Undefined => ("?", "undefined"),
    };
    let _ = write!(
        out,
        "<li class=\"step {class}\"><span class=\"icon\" title=\"{class}\">{icon}</span> \
         <span class=\"kw\">{}</span> {}{}<span class=\"dur\">{}</span>",
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
        // A skipped step's "error" is the reason it was skipped, not a defect.
        let class = if step.status == StepStatus::Skipped {
            "reason"
        } else {
            "error"
        };
        let _ = write!(out, "<pre class=\"{class}\">{}</pre>", markup(error));
    }
    if let Some(location) = &step.location {
        let _ = write!(out, "<div class=\"loc\">{}</div>", markup(location));
    }
    out.push_str("</li>\n");
}

fn render_exchange(out: &mut String, exchange: &Exchange) {
    let status = exchange
        .status
        .map_or_else(|| "no response".to_owned(), |s| s.to_string());
    let class = match exchange.status {
        Some(s) if s < 400 => "ok",
        Some(s) if s < 500 => "client",
        _ => "server",
    };
    let _ = write!(
        out,
        "<details class=\"exchange\"><summary><span class=\"method\">{}</span> \
         <span class=\"url\">{}</span> → <span class=\"http {class}\">{}</span> \
         <span class=\"dur\">{}</span></summary>\n<div class=\"ex-body\">\n",
        markup(&exchange.method),
        markup(&exchange.url),
        markup(&status),
        duration(exchange.duration_ms),
    );
    if let Some(step) = &exchange.step {
        let _ = writeln!(out, "<p class=\"ex-step\">{}</p>", markup(step));
    }
    if let Some(error) = &exchange.error {
        let _ = writeln!(out, "<pre class=\"error\">{}</pre>", markup(error));
    }
    render_message(
        out,
        "Request",
        &exchange.request_headers,
        exchange.request_body.as_deref(),
    );
    render_message(
        out,
        "Response",
        &exchange.response_headers,
        exchange.response_body.as_deref(),
    );
    out.push_str("</div>\n</details>\n");
}

fn render_message(out: &mut String, title: &str, headers: &[(String, String)], body: Option<&str>) {
    let _ = writeln!(out, "<h4>{title}</h4>");
    if !headers.is_empty() {
        out.push_str("<table class=\"headers\">");
        for (name, value) in headers {
            let _ = write!(
                out,
                "<tr><th>{}</th><td>{}</td></tr>",
                markup(name),
                markup(value)
            );
        }
        out.push_str("</table>\n");
    }
    match body {
        Some(body) if !body.is_empty() => {
            let _ = writeln!(
                out,
                "<pre class=\"body\">{}</pre>",
                markup(&pretty_body(body))
            );
        }
        _ => out.push_str("<p class=\"nobody\">(no body)</p>\n"),
    }
}

/// Pretty-prints JSON bodies so nested FHIR resources are readable; other text is kept as is.
fn pretty_body(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .filter(|v| v.is_object() || v.is_array())
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_owned())
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

fn tag_list(tags: &[String]) -> String {
    if tags.is_empty() {
        return String::new();
    }
    let tags: Vec<String> = tags
        .iter()
        .map(|t| format!("<span class=\"tag\">@{}</span>", markup(t)))
        .collect();
    format!(" <span class=\"tags\">{}</span>", tags.join(""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::model::fixtures::report;

    #[test]
    fn html_escapes_bodies_names_and_errors() {
        let html = render(&report());
        assert!(!html.contains("<script>alert(1)</script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("Accounts &amp; &lt;sign-up&gt;"));
        assert!(html.contains("expected status 201, got 500 &lt;oops&gt; &amp; &#39;more&#39;"));
        assert!(html.contains("?x=1&amp;y=2"));
        // The page's own script is the only one.
        assert_eq!(html.matches("<script>").count(), 1);
    }

    #[test]
    fn html_lists_failures_first_and_opens_them() {
        let html = render(&report());
        let failed = html.find("id=\"s-2\"").unwrap_or(usize::MAX);
        let passed = html.find("id=\"s-1\"").unwrap_or(0);
        assert!(
            failed < passed,
            "failed scenario should come before the passed one"
        );
        let failures = html.find("<h2>Failures</h2>").unwrap_or(usize::MAX);
        assert!(failures < failed);
        assert!(html.contains("<a href=\"#s-2\">accounts.feature: A developer signs up</a>"));
        assert!(html.contains("data-status=\"failed\" data-search=\"accounts &amp; &lt;sign-up&gt; accounts.feature a developer signs up  @accounts\" open>"));
        assert!(!html.contains("data-status=\"passed\" data-search=\"accounts &amp; &lt;sign-up&gt; accounts.feature a developer signs in  @accounts\" open>"));
    }

    #[test]
    fn html_shows_the_transcript_of_failed_scenarios_with_pretty_json() {
        let html = render(&report());
        assert!(html.contains("HTTP transcript (1 exchange)"));
        assert!(html.contains("<span class=\"method\">POST</span>"));
        assert!(html.contains("<span class=\"http server\">500</span>"));
        assert!(html.contains("<th>x-trace</th><td>abc</td>"));
        assert!(html.contains("&quot;email&quot;: &quot;&lt;b&gt;ann&lt;/b&gt;@example.com&quot;"));
    }

    #[test]
    fn html_header_counts_scenarios_by_status_and_offers_filters() {
        let html = render(&report());
        assert!(html.contains("<span class=\"count passed\">1 passed</span>"));
        assert!(html.contains("<span class=\"count failed\">1 failed</span>"));
        assert!(html.contains("<span class=\"count skipped\">1 skipped</span>"));
        assert!(html.contains("1.83 s"));
        assert!(html.contains("data-filter=\"failed\">Failed (1)</button>"));
        assert!(html.contains("id=\"filter-text\""));
        assert!(html.contains("Skipped: target has no control API"));
        // Self-contained: nothing is loaded from the network.
        assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    }
}
