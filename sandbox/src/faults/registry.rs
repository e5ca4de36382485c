//! The faults a sandbox holds, with their counters, behind one lock.
//!
//! Deciding whether a request fires a rule and counting it happen under the same lock,
//! so `times: 2` means two requests even when fifty arrive at once, and a share counts
//! every matching request exactly once.

use super::rule::{FaultAction, FaultRule, Frequency};
use crate::clock::rfc3339;
use axum::http::Method;
use serde_json::{Value, json};
use std::sync::{Mutex, MutexGuard};
use time::OffsetDateTime;

/// Where a rule came from; decides what a reset does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `conform serve --fault`: restored by every reset.
    CommandLine,
    /// `POST /_sandbox/faults`: removed by a reset.
    Api,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::CommandLine => "command_line",
            Source::Api => "api",
        }
    }
}

/// A rule the sandbox holds, with what it has done so far.
#[derive(Debug, Clone)]
pub struct Fault {
    /// `fault-N`, never reused while the sandbox runs.
    pub id: String,
    /// What the rule does.
    pub rule: FaultRule,
    /// Who installed it.
    pub source: Source,
    /// When it was installed, by the sandbox clock.
    pub created_at: OffsetDateTime,
    /// Matching requests that reached the rule.
    pub matched: u64,
    /// Of those, how many it fired on.
    pub fired: u64,
}

impl Fault {
    /// How many more times a `times` rule fires; `None` for the others.
    pub fn remaining(&self) -> Option<u64> {
        match self.rule.frequency {
            Frequency::Times(n) => Some(n.saturating_sub(self.fired)),
            _ => None,
        }
    }

    /// Whether the rule can still fire (a spent `times` rule cannot).
    pub fn active(&self) -> bool {
        self.remaining() != Some(0)
    }

    /// The rule as `/_sandbox/faults` shows it.
    pub fn to_json(&self) -> Value {
        let mut out = serde_json::Map::new();
        out.insert("id".into(), json!(self.id));
        out.extend(self.rule.to_json());
        out.insert("remaining".into(), json!(self.remaining()));
        out.insert("matched".into(), json!(self.matched));
        out.insert("fired".into(), json!(self.fired));
        out.insert("active".into(), json!(self.active()));
        out.insert("source".into(), json!(self.source.as_str()));
        out.insert("created_at".into(), json!(rfc3339(self.created_at)));
        Value::Object(out)
    }
}

/// A rule firing on one request: what the fault layer applies and the log records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fired {
    /// The rule's id.
    pub id: String,
    /// What to do to the request.
    pub action: FaultAction,
}

#[derive(Debug, Default)]
struct Registry {
    startup: Vec<FaultRule>,
    rules: Vec<Fault>,
    next_id: u64,
}

impl Registry {
    fn install(&mut self, rule: FaultRule, source: Source, now: OffsetDateTime) -> Fault {
        self.next_id += 1;
        let fault = Fault {
            id: format!("fault-{}", self.next_id),
            rule,
            source,
            created_at: now,
            matched: 0,
            fired: 0,
        };
        self.rules.push(fault.clone());
        fault
    }
}

/// Every fault rule of one sandbox.
#[derive(Debug, Default)]
pub struct Faults {
    inner: Mutex<Registry>,
}

impl Faults {
    /// A registry holding the command-line rules, which keep their ids across resets.
    pub fn new(startup: Vec<FaultRule>, now: OffsetDateTime) -> Self {
        let faults = Faults::default();
        {
            let mut registry = faults.lock();
            registry.startup = startup.clone();
            for rule in startup {
                registry.install(rule, Source::CommandLine, now);
            }
        }
        faults
    }

    fn lock(&self) -> MutexGuard<'_, Registry> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Installs a rule from the control API.
    pub fn add(&self, rule: FaultRule, now: OffsetDateTime) -> Fault {
        self.lock().install(rule, Source::Api, now)
    }

    /// Every rule, oldest first, spent ones included (so their counts stay visible).
    pub fn list(&self) -> Vec<Fault> {
        self.lock().rules.clone()
    }

    /// One rule by id.
    pub fn get(&self, id: &str) -> Option<Fault> {
        self.lock().rules.iter().find(|f| f.id == id).cloned()
    }

    /// Removes one rule; whether it existed.
    pub fn remove(&self, id: &str) -> bool {
        let mut registry = self.lock();
        let before = registry.rules.len();
        registry.rules.retain(|f| f.id != id);
        registry.rules.len() != before
    }

    /// Removes every rule, command-line ones included; how many there were.
    pub fn clear(&self) -> usize {
        let mut registry = self.lock();
        let removed = registry.rules.len();
        registry.rules.clear();
        removed
    }

    /// Part of a reset: the API's rules go, the command line's come back with fresh
    /// counters and their first ids.
    pub fn reset(&self, now: OffsetDateTime) {
        let mut registry = self.lock();
        let startup = registry.startup.clone();
        registry.rules = startup
            .into_iter()
            .enumerate()
            .map(|(i, rule)| Fault {
                id: format!("fault-{}", i + 1),
                rule,
                source: Source::CommandLine,
                created_at: now,
                matched: 0,
                fired: 0,
            })
            .collect();
    }

    /// The rule that fires on this request, if any, counted. Rules are tried oldest
    /// first; the first that fires decides, and the rules after it do not see the request.
    pub fn fire(&self, method: &Method, path: &str) -> Option<Fired> {
        let mut registry = self.lock();
        for fault in registry.rules.iter_mut() {
            if !fault.active() || !fault.rule.matches(method, path) {
                continue;
            }
            fault.matched += 1;
            if fault.rule.frequency.fires(fault.matched, fault.fired) {
                fault.fired += 1;
                return Some(Fired {
                    id: fault.id.clone(),
                    action: fault.rule.action.clone(),
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faults::pattern::PathPattern;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-01-27 09:00 UTC);

    fn rule(path: &str, frequency: Frequency) -> FaultRule {
        FaultRule {
            method: None,
            path: PathPattern::parse(path).unwrap_or_else(|e| panic!("{e}")),
            action: FaultAction::DropConnection,
            frequency,
        }
    }

    #[test]
    fn a_times_rule_fires_that_often_then_stays_listed_as_spent() {
        let faults = Faults::default();
        let added = faults.add(rule("/a", Frequency::Times(2)), NOW);
        assert!(faults.fire(&Method::GET, "/a").is_some());
        assert!(faults.fire(&Method::GET, "/a").is_some());
        assert!(faults.fire(&Method::GET, "/a").is_none());
        let spent = faults.get(&added.id).unwrap_or_else(|| panic!("listed"));
        assert_eq!(
            (spent.fired, spent.remaining(), spent.active()),
            (2, Some(0), false)
        );
    }

    #[test]
    fn reset_restores_the_command_line_rules_and_drops_the_others() {
        let faults = Faults::new(vec![rule("/cli", Frequency::Always)], NOW);
        faults.add(rule("/api", Frequency::Always), NOW);
        faults.fire(&Method::GET, "/cli");
        faults.reset(NOW);
        let listed = faults.list();
        assert_eq!(listed.len(), 1);
        assert_eq!((listed[0].id.as_str(), listed[0].fired), ("fault-1", 0));
        assert_eq!(faults.add(rule("/x", Frequency::Always), NOW).id, "fault-3");
    }

    #[test]
    fn the_first_rule_that_fires_decides() {
        let faults = Faults::default();
        faults.add(rule("/a*", Frequency::Share(500_000)), NOW);
        faults.add(rule("/a", Frequency::Always), NOW);
        let ids: Vec<String> = (0..4)
            .filter_map(|_| faults.fire(&Method::GET, "/a").map(|f| f.id))
            .collect();
        assert_eq!(ids, ["fault-1", "fault-2", "fault-1", "fault-2"]);
    }
}
