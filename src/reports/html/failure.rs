//! A failed scenario's reason, at the top of it, in plain words.
//!
//! Step failures already read as sentences ("Expected …, but …") followed by what the
//! server answered; schema failures add one `  - at /json/path: problem` line per broken
//! rule. Shown as one `<pre>`, a list of twenty JSON paths is a wall of text, so those
//! lines become a list with each path set apart. The step code stays as it is: the
//! lines are recognised here.

use std::fmt::Write as _;

use crate::reports::escape::markup;
use crate::reports::model::{ScenarioReport, StepStatus};

/// The box at the top of a failed scenario: which step failed, then its error.
pub(super) fn render_failure(out: &mut String, scenario: &ScenarioReport) {
    let step = scenario.failing_step();
    let error = step
        .and_then(|s| s.error.as_deref())
        .or(scenario.failure.as_deref());
    out.push_str("<div class=\"failure\" role=\"alert\">\n");
    match step {
        Some(step) => {
            let what = match step.status {
                StepStatus::Undefined => "has no step definition",
                _ => "failed",
            };
            let line = if step.line > 0 {
                format!(" <span class=\"line\">line {}</span>", step.line)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<p class=\"failure-title\">✘ <span class=\"kw\">{}</span> {} {what}{line}</p>",
                markup(&step.keyword),
                markup(&step.text),
            );
        }
        None => out.push_str("<p class=\"failure-title\">✘ The scenario failed</p>\n"),
    }
    if let Some(error) = error {
        render_error(out, error);
    }
    out.push_str("</div>\n");
}

/// The first line of an error, for the failing step's own line in the step list (the
/// whole text is in the box above it).
pub(super) fn headline(error: &str) -> &str {
    error
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(error)
}

/// One run of an error's lines: plain text, or a list of schema problems.
enum Block<'a> {
    Text(Vec<&'a str>),
    List(Vec<&'a str>),
}

/// `error` as paragraphs and lists: lines `  - …` (and the `  … and N more` that ends a
/// long list) form a list, the rest stays preformatted text.
pub(super) fn render_error(out: &mut String, error: &str) {
    let mut blocks: Vec<Block<'_>> = Vec::new();
    for line in error.lines() {
        let item = list_item(line);
        match (item, blocks.last_mut()) {
            (Some(item), Some(Block::List(items))) => items.push(item),
            (Some(item), _) => blocks.push(Block::List(vec![item])),
            (None, Some(Block::Text(lines))) => lines.push(line),
            (None, _) => blocks.push(Block::Text(vec![line])),
        }
    }
    for (index, block) in blocks.iter().enumerate() {
        match block {
            Block::Text(lines) => {
                let mut lines = &lines[..];
                // The assertion itself, in a sentence, stands out; what follows is evidence.
                if index == 0
                    && let Some((first, rest)) = lines.split_first()
                {
                    let _ = writeln!(out, "<p class=\"assertion\">{}</p>", markup(first));
                    lines = rest;
                }
                let text = lines.join("\n");
                let text = text.trim_matches('\n');
                if !text.is_empty() {
                    let _ = writeln!(out, "<pre class=\"error\">{}</pre>", markup(text));
                }
            }
            Block::List(items) => {
                let _ = writeln!(
                    out,
                    "<ul class=\"json-paths\" aria-label=\"Problems by JSON path\">"
                );
                for item in items {
                    out.push_str("<li>");
                    render_item(out, item);
                    out.push_str("</li>\n");
                }
                out.push_str("</ul>\n");
            }
        }
    }
}

/// The text of a list line (`  - at /a/b: …` or `  … and 3 more`), if `line` is one.
fn list_item(line: &str) -> Option<&str> {
    if !line.starts_with([' ', '\t']) {
        return None;
    }
    let trimmed = line.trim_start();
    trimmed
        .strip_prefix("- ")
        .or_else(|| trimmed.starts_with("… and ").then_some(trimmed))
}

/// `at /entry/0/resource/gender: "robot" is not one of …` with the path set apart.
fn render_item(out: &mut String, item: &str) {
    let split = item
        .strip_prefix("at ")
        .and_then(|rest| rest.split_once(": "))
        .filter(|(path, _)| path.is_empty() || path.starts_with('/'));
    match split {
        Some((path, problem)) => {
            let path = if path.is_empty() { "/" } else { path };
            let _ = write!(
                out,
                "<code class=\"json-path\">{}</code> <span class=\"problem\">{}</span>",
                markup(path),
                markup(problem)
            );
        }
        None => out.push_str(&markup(item)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FHIR_FAILURE: &str = "The answer to GET /dev1/fhir/Patient (status 200) is not valid \
FHIR R4: an app parsing it would break. 2 problem(s), each at a JSON path of the body:
  - at /entry/0/resource/gender: \"robot\" is not one of [\"male\",\"female\"]
  - at /entry/1/resource/birthDate: \"<never>\" does not match pattern
  … and 4 more
The portal answered 200: {\"resourceType\":\"Bundle\"}";

    #[test]
    fn schema_problems_render_as_a_list_of_json_paths_between_the_sentences() {
        let mut out = String::new();
        render_error(&mut out, FHIR_FAILURE);
        let list = out.find("<ul class=\"json-paths\"").unwrap_or(0);
        let headline = out.find("is not valid FHIR R4").unwrap_or(usize::MAX);
        let answer = out.find("The portal answered 200").unwrap_or(0);
        assert!(headline < list && list < answer, "{out}");
        assert!(out.contains(
            "<li><code class=\"json-path\">/entry/0/resource/gender</code> \
             <span class=\"problem\">&quot;robot&quot; is not one of [&quot;male&quot;,&quot;female&quot;]</span></li>"
        ));
        assert!(out.contains("&quot;&lt;never&gt;&quot; does not match pattern"));
        assert!(out.contains("<li>… and 4 more</li>"));
        assert_eq!(out.matches("<li>").count(), 3);
    }

    #[test]
    fn an_error_without_a_list_is_its_assertion_then_the_evidence() {
        let mut out = String::new();
        render_error(
            &mut out,
            "Expected 3 faults, but it lists 0.\nThe portal answered 200: {}",
        );
        assert_eq!(
            out,
            "<p class=\"assertion\">Expected 3 faults, but it lists 0.</p>\n\
             <pre class=\"error\">The portal answered 200: {}</pre>\n"
        );
    }

    #[test]
    fn a_root_path_and_a_line_that_is_no_path_are_kept_readable() {
        let mut out = String::new();
        render_error(
            &mut out,
            "Bad shape:\n  - at : missing \"id\"\n  - odd <one>",
        );
        assert!(out.contains("<code class=\"json-path\">/</code>"));
        assert!(out.contains("<li>odd &lt;one&gt;</li>"));
    }

    #[test]
    fn the_headline_is_the_first_line_with_text() {
        assert_eq!(headline("\nExpected a\nrest"), "Expected a");
        assert_eq!(headline(""), "");
    }
}
