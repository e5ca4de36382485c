//! The HTML report as its reader meets it: a real run with a failing scenario against the
//! embedded sandbox writes `index.html`, and headless Chromium opens it from `file://`
//! (no server, no network) and is used the way a person would: read the counts, find the
//! failure first and open, open the failing step's transcript, filter by status, tag and
//! feature, follow a link to one scenario.
//!
//! Needs Debian's `chromium` and `chromium-driver`, like `browser.rs` (whose chromedriver
//! set-up it shares); without them the test fails and says so. Screenshots go to
//! `target/browser-screenshots/report-*.png`.

use crate::browser::{Driver, screenshot, screenshot_dir, text_of};
use crate::support::ONE_RUN_AT_A_TIME;
use conform::reports::Transcripts;
use conform::run::RunOptions;
use conform::suite::{SuiteRequest, run_suite};
use conform::target::Target;
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::json;
use std::path::{Path, PathBuf};

const FAULTS_FEATURE: &str = r#"@sandbox @serial
Feature: The sandbox's list of simulated faults
  Background:
    Given the sandbox has no simulated faults

  @healthy
  Scenario: A healthy sandbox lists no faults
    Then the sandbox lists no faults

  @broken
  Scenario: Expecting three faults of a healthy sandbox fails
    Then the sandbox lists 3 faults
    And the sandbox lists no faults
"#;

const CAPABILITY_FEATURE: &str = r#"@fhir
Feature: The CapabilityStatement of dev1
  Scenario: dev1 says it serves FHIR 4.0.1
    When an app reads the CapabilityStatement of "dev1"
    Then the CapabilityStatement says FHIR version "4.0.1"
"#;

/// Two small features (one failing scenario of three) run against the embedded sandbox,
/// every transcript kept; returns the report directory.
async fn run_demo_suite() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-browser");
    let _ = std::fs::remove_dir_all(&root);
    let features = root.join("features");
    std::fs::create_dir_all(&features).expect("the features folder");
    std::fs::write(features.join("faults-demo.feature"), FAULTS_FEATURE).expect("a feature");
    std::fs::write(features.join("capability-demo.feature"), CAPABILITY_FEATURE)
        .expect("a feature");
    let report_dir = root.join("reports");
    let mut options = RunOptions::new(&features);
    options.progress = false;
    options.transcripts = Transcripts::All;
    let outcome = {
        let _turn = ONE_RUN_AT_A_TIME.lock().await;
        run_suite(SuiteRequest {
            target: Target::Embedded,
            options,
            report_dir: Some(report_dir.clone()),
            keep_request_log: false,
        })
        .await
        .expect("the harness runs")
    };
    let s = &outcome.summary;
    assert_eq!(
        (s.scenarios_passed, s.scenarios_failed, s.scenarios_skipped),
        (2, 1, 0),
        "the demo run: {s:?}"
    );
    report_dir
}

async fn find(browser: &Client, css: &str) -> Element {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
}

async fn shown(element: &Element) -> bool {
    element.is_displayed().await.expect("its visibility")
}

/// The scenario whose title is `name`.
async fn scenario(browser: &Client, name: &str) -> Element {
    let xpath = format!(
        "//details[contains(@class,'scenario')][summary/span[@class='name' and normalize-space()=\"{name}\"]]"
    );
    browser
        .find(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("no scenario {name:?}: {e}"))
}

/// The titles of the scenarios the page shows, top to bottom.
async fn visible_scenarios(browser: &Client) -> Vec<String> {
    let mut names = Vec::new();
    for element in browser
        .find_all(Locator::Css("details.scenario"))
        .await
        .expect("the scenarios")
    {
        if shown(&element).await {
            let name = element
                .find(Locator::Css("summary .name"))
                .await
                .expect("a name");
            names.push(name.text().await.expect("its text"));
        }
    }
    names
}

const BROKEN: &str = "Expecting three faults of a healthy sandbox fails";
const HEALTHY: &str = "A healthy sandbox lists no faults";
const CAPABILITY: &str = "dev1 says it serves FHIR 4.0.1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_opens_the_report_finds_the_failure_first_reads_its_transcript_and_filters() {
    let report_dir = run_demo_suite().await;
    let index = report_dir.join("index.html");
    assert!(index.is_file(), "no {}", index.display());
    let shots = screenshot_dir();
    let driver = Driver::start(&shots.join("report-chromedriver.log"));
    let browser = driver.browser().await;
    let url = format!("file://{}", absolute(&index).display());
    browser.goto(&url).await.expect("the report opens");

    // The counts of the run, in the tab title and the header.
    assert_eq!(
        browser.title().await.expect("a title"),
        "✘ 1 failed — Conformance report"
    );
    assert_eq!(text_of(&browser, ".count.passed").await, "2 passed");
    assert_eq!(text_of(&browser, ".count.failed").await, "1 failed");
    assert_eq!(text_of(&browser, ".count.skipped").await, "0 skipped");
    assert_eq!(
        text_of(&browser, "#filter-count").await,
        "Showing all 3 scenarios"
    );
    screenshot(&browser, &shots, "report-1-opened").await;

    // Failures first: the failed scenario leads the page, open, its assertion on top.
    assert_eq!(
        visible_scenarios(&browser)
            .await
            .first()
            .map(String::as_str),
        Some(BROKEN)
    );
    let broken = scenario(&browser, BROKEN).await;
    assert_eq!(
        broken.prop("open").await.expect("open").as_deref(),
        Some("true")
    );
    let failure = broken
        .find(Locator::Css("div.failure"))
        .await
        .expect("a failure box");
    assert!(shown(&failure).await);
    let said = failure.text().await.expect("its text");
    assert!(
        said.contains("Then the sandbox lists 3 faults failed")
            && said.contains("Expected the sandbox to list 3 faults, but it lists 0."),
        "the failure box says: {said}"
    );
    assert_eq!(
        scenario(&browser, HEALTHY)
            .await
            .prop("open")
            .await
            .expect("open")
            .as_deref(),
        Some("false"),
        "passing scenarios start closed"
    );

    // The failing step's transcript is collapsed; one click shows its request.
    let failing_step = broken
        .find(Locator::Css("li.step.failed"))
        .await
        .expect("the failing step");
    let exchange = failing_step
        .find(Locator::Css(
            "details.step-transcript details.exchange > summary",
        ))
        .await
        .expect("an exchange under the failing step");
    assert!(!shown(&exchange).await, "transcripts start collapsed");
    failing_step
        .find(Locator::Css("details.step-transcript > summary"))
        .await
        .expect("the transcript's summary")
        .click()
        .await
        .expect("click");
    assert!(shown(&exchange).await, "the click shows the exchange");
    let method = exchange
        .find(Locator::Css(".method"))
        .await
        .expect("method");
    let url_text = exchange.find(Locator::Css(".url")).await.expect("url");
    assert_eq!(method.text().await.expect("text"), "GET");
    assert!(
        url_text
            .text()
            .await
            .expect("text")
            .ends_with("/_sandbox/faults"),
        "the exchange is the fault listing"
    );
    assert!(shown(&url_text).await);
    // Its details (headers, the pretty-printed body) are one more click away.
    exchange.click().await.expect("click the exchange");
    let body = failing_step
        .find(Locator::Css("details.exchange pre.body"))
        .await
        .expect("the response body");
    assert!(shown(&body).await);
    assert!(body.text().await.expect("text").contains("\"faults\": []"));
    screenshot(&browser, &shots, "report-2-transcript").await;

    // Status filter: "Failed" leaves the failed scenario only; the header keeps the run's counts.
    find(&browser, "button[data-filter='failed']")
        .await
        .click()
        .await
        .expect("click Failed");
    assert_eq!(visible_scenarios(&browser).await, [BROKEN]);
    assert_eq!(
        text_of(&browser, "#filter-count").await,
        "Showing 1 of 3 scenarios"
    );
    assert_eq!(text_of(&browser, ".count.passed").await, "2 passed");
    screenshot(&browser, &shots, "report-3-failed-only").await;

    // A link to a scenario the filter hides still opens it.
    let healthy_id = scenario(&browser, HEALTHY)
        .await
        .attr("id")
        .await
        .expect("id")
        .expect("an id");
    browser
        .execute(
            "window.location.hash = arguments[0];",
            vec![json!(healthy_id)],
        )
        .await
        .expect("follow the link");
    let healthy = scenario(&browser, HEALTHY).await;
    assert!(shown(&healthy).await, "the linked scenario is shown");
    assert_eq!(
        healthy.prop("open").await.expect("open").as_deref(),
        Some("true")
    );

    // Tag filter, from the select: @healthy is one scenario.
    find(&browser, "button[data-filter='all']")
        .await
        .click()
        .await
        .expect("click All");
    find(&browser, "#filter-tag")
        .await
        .select_by_value("healthy")
        .await
        .expect("choose @healthy");
    assert_eq!(visible_scenarios(&browser).await, [HEALTHY]);
    // ... and from a tag chip on a scenario: @fhir.
    find(&browser, "#filter-tag")
        .await
        .select_by_value("")
        .await
        .expect("all tags");
    find(&browser, "details.scenario button.tag[data-tag='fhir']")
        .await
        .click()
        .await
        .expect("click @fhir");
    assert_eq!(visible_scenarios(&browser).await, [CAPABILITY]);
    assert_eq!(
        find(&browser, "#filter-tag")
            .await
            .prop("value")
            .await
            .expect("value")
            .as_deref(),
        Some("fhir")
    );

    // Feature filter, combined with status: the faults feature's passing scenario.
    find(&browser, "#filter-tag")
        .await
        .select_by_value("")
        .await
        .expect("all tags");
    find(&browser, "#filter-feature")
        .await
        .select_by_value("faults-demo.feature")
        .await
        .expect("choose the faults feature");
    assert_eq!(visible_scenarios(&browser).await, [BROKEN, HEALTHY]);
    find(&browser, "button[data-filter='passed']")
        .await
        .click()
        .await
        .expect("click Passed");
    assert_eq!(visible_scenarios(&browser).await, [HEALTHY]);
    assert_eq!(
        text_of(&browser, "#filter-count").await,
        "Showing 1 of 3 scenarios"
    );
    screenshot(&browser, &shots, "report-4-filtered").await;
    find(&browser, "#filter-clear")
        .await
        .click()
        .await
        .expect("clear the filters");
    assert_eq!(visible_scenarios(&browser).await.len(), 3);

    browser.close().await.expect("the browser session ends");
}

fn absolute(path: &Path) -> PathBuf {
    path.canonicalize()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
