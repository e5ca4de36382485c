//! The HTML page as a reader meets it: order, escaping, transcripts, filters.

use super::*;
use crate::reports::model::fixtures::{exchange, report, scenario};
use crate::transcript::Exchange;

/// The text between the first `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not in the page"));
    let rest = &html[from..];
    let to = rest[start.len()..]
        .find(end)
        .map_or(rest.len(), |i| i + start.len());
    &rest[..to]
}

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
fn every_string_of_the_run_is_escaped_wherever_it_appears() {
    const EVIL: &str = "<evil x=\"1\">'&</evil>";
    let mut report = report();
    report.started_at = EVIL.into();
    report.parse_errors.push(EVIL.into());
    for feature in &mut report.features {
        feature.keyword = EVIL.into();
        feature.name = EVIL.into();
        feature.description = Some(EVIL.into());
        feature.path = EVIL.into();
        feature.tags = vec![EVIL.into()];
        for scenario in &mut feature.scenarios {
            scenario.keyword = EVIL.into();
            scenario.name = EVIL.into();
            scenario.description = Some(EVIL.into());
            scenario.tags = vec![EVIL.into()];
            scenario.rule = Some(EVIL.into());
            scenario.failure = Some(EVIL.into());
            scenario.skip_reason = Some(EVIL.into());
            for step in &mut scenario.steps {
                step.keyword = EVIL.into();
                step.text = EVIL.into();
                step.docstring = Some(EVIL.into());
                step.table = Some(vec![vec![EVIL.into()]]);
                step.error = Some(format!("{EVIL}\n  - at /a/{EVIL}: {EVIL}\n{EVIL}"));
                step.location = Some(EVIL.into());
            }
            scenario.transcript = vec![Exchange {
                step: Some(EVIL.into()),
                method: EVIL.into(),
                url: EVIL.into(),
                request_headers: vec![(EVIL.into(), EVIL.into())],
                request_body: Some(EVIL.into()),
                status: None,
                response_headers: vec![(EVIL.into(), EVIL.into())],
                response_body: Some(EVIL.into()),
                duration_ms: 1.0,
                error: Some(EVIL.into()),
            }];
        }
    }
    let html = render(&report);
    assert!(!html.contains("<evil"), "unescaped markup in the page");
    assert!(!html.contains("</evil"), "unescaped markup in the page");
    assert!(!html.contains("'&"), "an unescaped quote or ampersand");
    assert!(html.contains("&lt;evil x=&quot;1&quot;&gt;&#39;&amp;&lt;/evil&gt;"));
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
    let failed_tag = between(
        &html,
        "<details class=\"scenario failed\" id=\"s-2\"",
        ">\n",
    );
    assert!(failed_tag.ends_with(" open"), "{failed_tag}");
    let passed_tag = between(
        &html,
        "<details class=\"scenario passed\" id=\"s-1\"",
        ">\n",
    );
    assert!(!passed_tag.ends_with(" open"), "{passed_tag}");
}

#[test]
fn a_failed_scenario_starts_with_its_failing_step_and_the_error_in_plain_words() {
    let html = render(&report());
    let scenario = between(&html, "id=\"s-2\"", "id=\"s-1\"");
    let failure_box = between(scenario, "<div class=\"failure\"", "</div>");
    assert!(failure_box.contains(
        "<span class=\"kw\">Then</span> the answer is &lt;201&gt; &amp; &quot;created&quot; failed \
         <span class=\"line\">line 5</span>"
    ));
    assert!(failure_box.contains(
        "<p class=\"assertion\">expected status 201, got 500 &lt;oops&gt; &amp; &#39;more&#39;</p>"
    ));
    let steps = scenario.find("<ol class=\"steps\">").unwrap_or(0);
    assert!(
        scenario
            .find("<div class=\"failure\"")
            .unwrap_or(usize::MAX)
            < steps
    );
}

#[test]
fn a_schema_failure_lists_its_json_paths() {
    let mut report = report();
    let failed = &mut report.features[0].scenarios[1].steps[1];
    failed.error = Some(
        "The answer to GET /dev1/fhir/Patient (status 200) is not valid FHIR R4: 2 problem(s), \
         each at a JSON path of the body:\n  - at /entry/0/resource/gender: \"robot\" is not one \
         of [\"male\"]\n  - at /entry/3/resource/id: too long\nThe portal answered 200: {}"
            .into(),
    );
    let html = render(&report);
    let list = between(&html, "<ul class=\"json-paths\"", "</ul>");
    assert!(list.contains(
        "<li><code class=\"json-path\">/entry/0/resource/gender</code> <span class=\"problem\">\
         &quot;robot&quot; is not one of [&quot;male&quot;]</span></li>"
    ));
    assert!(list.contains("<code class=\"json-path\">/entry/3/resource/id</code>"));
    // The failure list at the top names only the sentence, not the paths.
    let failures = between(&html, "<section class=\"failures\">", "</section>");
    assert!(failures.contains("is not valid FHIR R4"));
    assert!(!failures.contains("/entry/0"));
}

#[test]
fn each_step_shows_its_own_exchanges_and_the_rest_stay_at_the_scenario() {
    let mut report = report();
    let failed = &mut report.features[0].scenarios[1];
    failed.transcript.push(Exchange {
        step: Some("Then the answer is <201> & \"created\"".into()),
        method: "GET".into(),
        url: "http://127.0.0.1:8080/portal/api/me".into(),
        status: Some(200),
        ..exchange()
    });
    failed.transcript.push(Exchange {
        step: None,
        method: "DELETE".into(),
        url: "http://127.0.0.1:8080/_sandbox/reset".into(),
        ..exchange()
    });
    let html = render(&report);
    let scenario = between(&html, "id=\"s-2\"", "id=\"s-1\"");
    let signs_up = between(scenario, "<li class=\"step passed\">", "</li>");
    assert!(signs_up.contains("she signs up"));
    assert!(signs_up.contains("<details class=\"step-transcript\">"));
    assert!(signs_up.contains("/portal/api/accounts?x=1&amp;y=2"));
    assert!(!signs_up.contains("/portal/api/me"));
    let failing = between(scenario, "<li class=\"step failed\">", "</li>");
    assert!(failing.contains("<span class=\"method\">GET</span>"));
    assert!(failing.contains("http://127.0.0.1:8080/portal/api/me"));
    assert!(!failing.contains("accounts?x=1"));
    let skipped = between(scenario, "<li class=\"step skipped\">", "</li>");
    assert!(!skipped.contains("step-transcript"));
    let outside = between(
        scenario,
        "<details class=\"transcript\">",
        "</details>\n</details>",
    );
    assert!(outside.contains("HTTP exchanges outside the steps (1 exchange)"));
    assert!(outside.contains("/_sandbox/reset"));
    // Collapsed by default: no transcript block is open.
    assert!(!html.contains("class=\"step-transcript\" open"));
    assert!(!html.contains("class=\"exchange\" open"));
}

#[test]
fn an_exchange_shows_method_url_status_duration_headers_and_pretty_bodies() {
    let html = render(&report());
    assert!(html.contains("<span class=\"method\">POST</span>"));
    assert!(html.contains("<span class=\"http server\">500</span>"));
    assert!(html.contains("12 ms"));
    assert!(html.contains("<th>content-type</th><td>application/json</td>"));
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
    assert!(html.contains("<title>✘ 1 failed — Conformance report</title>"));
    assert!(html.contains("data-filter=\"failed\" aria-pressed=\"false\">Failed (1)</button>"));
    assert!(html.contains("id=\"filter-text\""));
    assert!(html.contains("Skipped: target has no control API"));
}

#[test]
fn the_feature_and_tag_selects_list_what_the_run_holds() {
    let mut report = report();
    let mut other = report.features[0].clone();
    other.path = "apps.feature".into();
    other.scenarios = vec![scenario("Register", ScenarioStatus::Passed, vec![])];
    other.scenarios[0].tags = vec!["apps".into(), "slow".into()];
    report.features.push(other);
    let html = render(&report);
    let features = between(&html, "<select id=\"filter-feature\">", "</select>");
    assert_eq!(
        features,
        "<select id=\"filter-feature\"><option value=\"\">All features</option>\
         <option value=\"accounts.feature\">accounts.feature (3)</option>\
         <option value=\"apps.feature\">apps.feature (1)</option>"
    );
    let tags = between(&html, "<select id=\"filter-tag\">", "</select>");
    assert_eq!(
        tags,
        "<select id=\"filter-tag\"><option value=\"\">All tags</option>\
         <option value=\"accounts\">@accounts (3)</option>\
         <option value=\"apps\">@apps (1)</option>\
         <option value=\"slow\">@slow (1)</option>"
    );
    assert!(html.contains("data-feature=\"apps.feature\" data-tags=\" apps slow \""));
    assert!(html.contains("<button type=\"button\" class=\"tag\" data-tag=\"slow\""));
    assert!(html.contains("Showing all 4 scenarios"));
}

#[test]
fn the_page_loads_nothing_from_the_network() {
    let mut report = report();
    report.features[0].scenarios[0].transcript = vec![exchange()];
    let html = render(&report);
    for attribute in ["src=", "href=", "action="] {
        for (at, _) in html.match_indices(attribute) {
            let value = &html[at + attribute.len()..];
            assert!(
                value.starts_with("\"#"),
                "{attribute} outside the page: {}",
                &value[..value.len().min(60)]
            );
        }
    }
    for fetch in [
        "url(",
        "@import",
        "fetch(",
        "XMLHttpRequest",
        "<link",
        "<img",
        "<iframe",
    ] {
        assert!(!html.contains(fetch), "{fetch} in the page");
    }
}

#[test]
fn a_report_without_features_says_no_scenario_ran() {
    let html = render(&RunReport::default());
    assert!(html.contains("No scenario ran."));
    assert!(!html.contains("id=\"no-match\""));
}
