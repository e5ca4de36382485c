//! The standard Cucumber JSON format, for dashboards and report generators that consume it
//! (cucumber-html-reporter, Jenkins' cucumber-reports, Xray, …).
//!
//! An array of features, each with `elements`: a `background` element (when the scenario
//! has background steps) followed by the `scenario` element. Failed hooks go to the
//! element's `before`/`after` arrays; durations are in nanoseconds.

use serde_json::{Map, Value, json};

use super::model::{FeatureReport, RunReport, ScenarioReport, StepReport};

/// Renders `report` as a Cucumber JSON document.
pub fn render(report: &RunReport) -> Value {
    Value::Array(report.features.iter().map(feature).collect())
}

fn feature(feature: &FeatureReport) -> Value {
    let id = slug(&feature.name);
    let mut elements = Vec::new();
    for scenario in &feature.scenarios {
        let background: Vec<&StepReport> = scenario
            .steps
            .iter()
            .filter(|s| s.from_background)
            .collect();
        if !background.is_empty() {
            elements.push(json!({
                "keyword": "Background",
                "type": "background",
                "name": "",
                "description": "",
                "line": background.first().map_or(0, |s| s.line.saturating_sub(1)),
                "steps": background.iter().copied().map(step).collect::<Vec<_>>(),
            }));
        }
        elements.push(scenario_element(&id, feature, scenario));
    }
    json!({
        "uri": feature.path,
        "id": id,
        "keyword": feature.keyword,
        "name": feature.name,
        "description": feature.description.clone().unwrap_or_default(),
        "line": feature.line,
        "tags": tags(&feature.tags),
        "elements": elements,
    })
}

fn scenario_element(feature_id: &str, feature: &FeatureReport, scenario: &ScenarioReport) -> Value {
    let same_name = feature
        .scenarios
        .iter()
        .filter(|s| s.name == scenario.name)
        .count();
    let mut id = format!("{feature_id};{}", slug(&scenario.name));
    if same_name > 1 {
        id.push_str(&format!(";{}", scenario.line));
    }
    let is_hook = |s: &&StepReport| s.line == 0;
    let hooks = |keyword: &str| -> Vec<Value> {
        scenario
            .steps
            .iter()
            .filter(is_hook)
            .filter(|s| s.keyword == keyword)
            .map(|s| json!({ "match": { "location": "" }, "result": result(s) }))
            .collect()
    };
    let steps: Vec<Value> = scenario
        .steps
        .iter()
        .filter(|s| !s.from_background && !is_hook(s))
        .map(step)
        .collect();
    let mut element = json!({
        "id": id,
        "keyword": scenario.keyword,
        "type": "scenario",
        "name": scenario.name,
        "description": scenario.description.clone().unwrap_or_default(),
        "line": scenario.line,
        "tags": tags(&scenario.tags),
        "steps": steps,
    });
    for (key, keyword) in [("before", "Before"), ("after", "After")] {
        let list = hooks(keyword);
        if !list.is_empty() {
            element[key] = Value::Array(list);
        }
    }
    element
}

fn step(step: &StepReport) -> Value {
    let mut value = json!({
        "keyword": format!("{} ", step.keyword),
        "name": step.text,
        "line": step.line,
        "match": { "location": step.location.clone().unwrap_or_default() },
        "result": result(step),
    });
    if let Some(doc) = &step.docstring {
        value["doc_string"] = json!({
            "value": doc,
            "content_type": "",
            "line": step.line + 1,
        });
    }
    if let Some(table) = &step.table {
        let rows: Vec<Value> = table.iter().map(|r| json!({ "cells": r })).collect();
        value["rows"] = Value::Array(rows);
    }
    value
}

fn result(step: &StepReport) -> Value {
    let mut result = Map::new();
    result.insert("status".into(), step.status.as_str().into());
    // Nanoseconds, as the format requires.
    result.insert(
        "duration".into(),
        ((step.duration_ms * 1_000_000.0).round() as u64).into(),
    );
    if let Some(error) = &step.error {
        result.insert("error_message".into(), error.clone().into());
    }
    Value::Object(result)
}

fn tags(tags: &[String]) -> Vec<Value> {
    tags.iter()
        .map(|t| json!({ "name": format!("@{t}") }))
        .collect()
}

/// Lower-case, dash-separated identifier, as cucumber's own JSON formatter builds ids.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::model::StepStatus;
    use crate::reports::model::fixtures::{report, step as make_step};

    #[test]
    fn cucumber_json_is_an_array_of_features_with_standard_fields() {
        let value = render(&report());
        let feature = &value[0];
        assert_eq!(feature["uri"], "accounts.feature");
        assert_eq!(feature["id"], "accounts-sign-up");
        assert_eq!(feature["keyword"], "Feature");
        assert_eq!(feature["name"], "Accounts & <sign-up>");
        assert_eq!(feature["line"], 2);
        assert_eq!(feature["tags"], json!([{ "name": "@accounts" }]));
        assert_eq!(feature["elements"].as_array().map(Vec::len), Some(3));
    }

    #[test]
    fn cucumber_json_scenarios_carry_steps_with_results_in_nanoseconds() {
        let value = render(&report());
        let scenario = &value[0]["elements"][1];
        assert_eq!(scenario["type"], "scenario");
        assert_eq!(scenario["keyword"], "Scenario");
        assert_eq!(scenario["id"], "accounts-sign-up;a-developer-signs-up");
        assert_eq!(scenario["line"], 9);
        let steps = &scenario["steps"];
        assert_eq!(steps[0]["keyword"], "When ");
        assert_eq!(steps[0]["name"], "she signs up");
        assert_eq!(steps[0]["line"], 5);
        assert_eq!(
            steps[0]["result"],
            json!({ "status": "passed", "duration": 1_500_000 })
        );
        assert_eq!(steps[1]["result"]["status"], "failed");
        assert_eq!(
            steps[1]["result"]["error_message"],
            "expected status 201, got 500 <oops> & 'more'"
        );
        assert_eq!(steps[2]["result"]["status"], "skipped");
    }

    #[test]
    fn cucumber_json_puts_background_steps_in_a_background_element_and_hooks_apart() {
        let mut report = report();
        let scenario = &mut report.features[0].scenarios[0];
        let mut bg = make_step("Given", "a clean sandbox", StepStatus::Passed);
        bg.from_background = true;
        bg.line = 3;
        let mut hook = make_step("Before", "hook", StepStatus::Failed);
        hook.line = 0;
        hook.error = Some("no server".into());
        scenario.steps.insert(0, bg);
        scenario.steps.insert(0, hook);
        scenario
            .steps
            .push(make_step("Then", "it works", StepStatus::Undefined));
        let value = render(&report);
        let elements = &value[0]["elements"];
        assert_eq!(elements[0]["type"], "background");
        assert_eq!(elements[0]["steps"][0]["name"], "a clean sandbox");
        assert_eq!(elements[1]["type"], "scenario");
        assert_eq!(elements[1]["steps"].as_array().map(Vec::len), Some(2));
        assert_eq!(elements[1]["steps"][1]["result"]["status"], "undefined");
        assert_eq!(elements[1]["before"][0]["result"]["status"], "failed");
        assert_eq!(
            elements[1]["before"][0]["result"]["error_message"],
            "no server"
        );
    }

    #[test]
    fn cucumber_json_includes_doc_strings_and_tables() {
        let mut report = report();
        let step = &mut report.features[0].scenarios[0].steps[0];
        step.docstring = Some("{\"a\":1}".into());
        step.table = Some(vec![
            vec!["name".into(), "role".into()],
            vec!["ann".into(), "dev".into()],
        ]);
        let value = render(&report);
        let step = &value[0]["elements"][0]["steps"][0];
        assert_eq!(step["doc_string"]["value"], "{\"a\":1}");
        assert_eq!(step["rows"][1]["cells"], json!(["ann", "dev"]));
    }
}
