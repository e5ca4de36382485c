//! Transcripts of scenarios that did not fail.
//!
//! cucumber hands the world to a writer only when a step fails, so a passing scenario's
//! exchanges would be lost with its world. When a run keeps every transcript (a
//! help-desk reproduction, `conform run --transcripts all`), an `after` hook puts each
//! scenario's exchanges here, and the [`super::Collector`] takes them back when the
//! scenario finishes: the report is still built in one place.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use cucumber::gherkin;

use crate::transcript::Exchange;

/// Which scenarios' transcripts a report keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Transcripts {
    /// Only failed scenarios' (the default: small reports, the evidence that matters).
    #[default]
    Failures,
    /// Every scenario's, passed and skipped ones too (help-desk bundles).
    All,
}

/// A scenario as both the hook and the writer see it: feature file (or name), then
/// the scenario's line and column.
type Key = (Option<PathBuf>, String, usize, usize);

/// Exchanges handed over from the `after` hook to the collector, per scenario.
#[derive(Debug, Clone, Default)]
pub struct TranscriptStash(Arc<Mutex<HashMap<Key, Vec<Exchange>>>>);

fn key(feature: &gherkin::Feature, scenario: &gherkin::Scenario) -> Key {
    (
        feature.path.clone(),
        feature.name.clone(),
        scenario.position.line,
        scenario.position.col,
    )
}

impl TranscriptStash {
    /// Keeps the exchanges of a scenario that just ran.
    pub fn put(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        exchanges: Vec<Exchange>,
    ) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.insert(key(feature, scenario), exchanges);
    }

    /// Takes back what [`TranscriptStash::put`] kept for this scenario, if anything.
    pub fn take(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
    ) -> Option<Vec<Exchange>> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&key(feature, scenario))
    }
}
