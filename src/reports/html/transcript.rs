//! The HTTP exchanges of a scenario, each shown under the step that made it.
//!
//! A reader of a failed scenario wants to see what *that* step sent and got back, not
//! scroll through the whole scenario's traffic, so exchanges are matched to steps by the
//! label the world records ([`crate::transcript::step_label`]); what no step claims (a
//! hook's requests) stays in a scenario-level block. Everything is collapsed by default
//! and every piece of it escaped: bodies are arbitrary text.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::duration;
use crate::reports::escape::markup;
use crate::reports::model::StepReport;
use crate::transcript::{Exchange, step_label};

/// A scenario's exchanges sorted by the step that made them.
pub(super) struct Attributed<'a> {
    /// One list per step of the scenario, in step order.
    pub by_step: Vec<Vec<&'a Exchange>>,
    /// Exchanges whose label names no step of the scenario (hooks, unlabelled requests).
    pub unattributed: Vec<&'a Exchange>,
}

/// Matches each exchange to the step whose `keyword text` it names.
///
/// The same step text may occur twice in a scenario (`And she signs in` after signing
/// out); exchanges are in time order, so each goes to the first step with its label at or
/// after the step the previous exchange went to. One pass with a map: `O(exchanges ·
/// log steps)`, since a 435-scenario run with every transcript kept must render fast.
pub(super) fn attribute<'a>(steps: &[StepReport], exchanges: &'a [Exchange]) -> Attributed<'a> {
    let mut indices: HashMap<String, Vec<usize>> = HashMap::with_capacity(steps.len());
    for (index, step) in steps.iter().enumerate() {
        indices
            .entry(step_label(&step.keyword, &step.text))
            .or_default()
            .push(index);
    }
    let mut by_step = vec![Vec::new(); steps.len()];
    let mut unattributed = Vec::new();
    let mut cursor = 0;
    for exchange in exchanges {
        let found = exchange
            .step
            .as_deref()
            .and_then(|label| indices.get(label))
            .and_then(|candidates| {
                let at = candidates.partition_point(|&i| i < cursor);
                candidates.get(at).or(candidates.last()).copied()
            });
        match found {
            Some(index) => {
                cursor = index;
                by_step[index].push(exchange);
            }
            None => unattributed.push(exchange),
        }
    }
    Attributed {
        by_step,
        unattributed,
    }
}

/// A collapsed block with a step's exchanges; nothing when the step made none.
pub(super) fn render_step_exchanges(out: &mut String, exchanges: &[&Exchange]) {
    if exchanges.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<details class=\"step-transcript\"><summary><span class=\"label\">HTTP transcript:</span> {}</summary>",
        preview(exchanges)
    );
    for exchange in exchanges {
        render_exchange(out, exchange, false);
    }
    out.push_str("</details>");
}

/// The scenario-level block of exchanges no step claims.
pub(super) fn render_unattributed(out: &mut String, exchanges: &[&Exchange]) {
    if exchanges.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<details class=\"transcript\"><summary>HTTP exchanges outside the steps ({})</summary>",
        plural(exchanges.len(), "exchange")
    );
    for exchange in exchanges {
        render_exchange(out, exchange, true);
    }
    out.push_str("</details>\n");
}

/// `GET /x → 200` for one exchange, `3 exchanges, 1 failed` for more: what the reader
/// decides to open on.
fn preview(exchanges: &[&Exchange]) -> String {
    match exchanges {
        [one] => format!(
            "<span class=\"method\">{}</span> <span class=\"url\">{}</span> → {}",
            markup(&one.method),
            markup(path_of(&one.url)),
            status_badge(one)
        ),
        many => {
            let failed = many
                .iter()
                .filter(|x| x.status.is_none_or(|s| s >= 400))
                .count();
            let mut text = plural(many.len(), "exchange");
            if failed > 0 {
                let _ = write!(text, ", {failed} with an error status or no answer");
            }
            text
        }
    }
}

/// The path and query of `url` (its scheme and host are the same in every exchange).
fn path_of(url: &str) -> &str {
    url.split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or(url)
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn status_badge(exchange: &Exchange) -> String {
    let (class, text) = match exchange.status {
        Some(s) if s < 400 => ("ok", s.to_string()),
        Some(s) if s < 500 => ("client", s.to_string()),
        Some(s) => ("server", s.to_string()),
        None => ("server", "no answer".to_owned()),
    };
    format!("<span class=\"http {class}\">{text}</span>")
}

/// One exchange: a summary line (method, URL, status, duration) over the headers and
/// bodies; `with_step` names the step, for the scenario-level block.
fn render_exchange(out: &mut String, exchange: &Exchange, with_step: bool) {
    let _ = write!(
        out,
        "<details class=\"exchange\"><summary><span class=\"method\">{}</span> \
         <span class=\"url\">{}</span> <span class=\"arrow\">→</span> {} \
         <span class=\"dur\">{}</span></summary>\n<div class=\"ex-body\">\n",
        markup(&exchange.method),
        markup(&exchange.url),
        status_badge(exchange),
        duration(exchange.duration_ms),
    );
    if with_step && let Some(step) = &exchange.step {
        let _ = writeln!(out, "<p class=\"ex-step\">Made by: {}</p>", markup(step));
    }
    if let Some(error) = &exchange.error {
        let _ = writeln!(
            out,
            "<p class=\"ex-error-title\">No answer:</p><pre class=\"error\">{}</pre>",
            markup(error)
        );
    }
    render_message(
        out,
        "Request",
        &exchange.request_headers,
        exchange.request_body.as_deref(),
    );
    if exchange.status.is_some() {
        render_message(
            out,
            "Response",
            &exchange.response_headers,
            exchange.response_body.as_deref(),
        );
    }
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
    let trimmed = body.trim_start();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return body.to_owned();
    }
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::model::StepStatus;
    use crate::reports::model::fixtures::{exchange, step};

    fn made_by(label: &str) -> Exchange {
        Exchange {
            step: Some(label.into()),
            ..exchange()
        }
    }

    #[test]
    fn each_exchange_goes_to_the_step_that_made_it_and_repeated_steps_keep_their_own() {
        let steps = [
            step("When", "she signs in", StepStatus::Passed),
            step("And", "she signs out", StepStatus::Passed),
            step("And", "she signs in", StepStatus::Passed),
        ];
        let exchanges = [
            made_by("When she signs in"),
            made_by("And she signs out"),
            made_by("And she signs in"),
            made_by("And she signs in"),
            made_by("Before hook"),
            Exchange {
                step: None,
                ..exchange()
            },
        ];
        let attributed = attribute(&steps, &exchanges);
        let counts: Vec<usize> = attributed.by_step.iter().map(Vec::len).collect();
        assert_eq!(counts, [1, 1, 2]);
        assert_eq!(attributed.unattributed.len(), 2);
    }

    #[test]
    fn a_transport_error_is_shown_instead_of_a_response() {
        let mut out = String::new();
        let failed = Exchange {
            status: None,
            error: Some("connection refused <eof>".into()),
            ..exchange()
        };
        render_step_exchanges(&mut out, &[&failed]);
        assert!(out.contains("<span class=\"http server\">no answer</span>"));
        assert!(out.contains("connection refused &lt;eof&gt;"));
        assert!(!out.contains("<h4>Response</h4>"));
    }

    #[test]
    fn the_preview_shows_the_path_of_a_single_exchange_and_counts_several() {
        let one = exchange();
        assert!(preview(&[&one]).contains("/portal/api/accounts?x=1&amp;y=2"));
        assert!(!preview(&[&one]).contains("127.0.0.1"));
        assert_eq!(
            preview(&[&one, &one]),
            "2 exchanges, 2 with an error status or no answer"
        );
    }

    #[test]
    fn json_bodies_are_pretty_printed_and_other_text_is_kept() {
        assert_eq!(pretty_body(r#"{"a":[1]}"#), "{\n  \"a\": [\n    1\n  ]\n}");
        assert_eq!(pretty_body("plain <text>"), "plain <text>");
        assert_eq!(pretty_body("{broken"), "{broken");
    }
}
