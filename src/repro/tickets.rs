//! Which tickets the feature files reproduce, read from their `@ticket-<id>` tags.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cucumber::gherkin::{self, GherkinEnv};

/// The tag prefix that marks a reproduction of a help-desk ticket.
pub const TICKET_TAG: &str = "ticket-";

/// Why a ticket cannot be reproduced; one line for the help-desk person.
#[derive(Debug, thiserror::Error)]
pub enum TicketError {
    /// Ticket ids end up in a tag and a folder name: letters, digits, `-` and `_` only.
    #[error("`{0}` is not a ticket id: use letters, digits, `-` and `_` (e.g. 1001)")]
    BadId(String),
    /// No scenario carries the ticket's tag.
    #[error("no scenario under {dir} is tagged @ticket-{id}; tickets with reproductions: {known}")]
    Unknown {
        id: String,
        dir: String,
        known: String,
    },
    /// The features folder cannot be read.
    #[error("cannot read the features under {dir}: {why}")]
    Unreadable { dir: String, why: String },
}

/// Whether `id` can be a ticket id.
pub fn valid_ticket_id(id: &str) -> Result<(), TicketError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(TicketError::BadId(id.to_owned()))
    }
}

/// One feature that reproduces (part of) a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reproduction {
    /// The feature file, relative to the features folder.
    pub path: String,
    /// The feature's title.
    pub feature: String,
    /// The feature's description: the symptom as reported, its cause, the fix.
    pub description: String,
    /// The scenarios carrying the ticket's tag (all of the feature's when the feature does).
    pub scenarios: Vec<String>,
}

/// Every ticket the feature files reproduce.
#[derive(Debug, Default)]
pub struct TicketIndex {
    dir: PathBuf,
    tickets: BTreeMap<String, Vec<Reproduction>>,
}

fn ticket_ids(tags: &[String]) -> impl Iterator<Item = &str> {
    tags.iter()
        .filter_map(|t| t.trim_start_matches('@').strip_prefix(TICKET_TAG))
}

fn feature_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            feature_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "feature") {
            out.push(path);
        }
    }
    Ok(())
}

impl TicketIndex {
    /// Reads every `.feature` file under `dir`. Files that do not parse are left to the
    /// run, which reports them.
    pub fn read(dir: &Path) -> Result<Self, TicketError> {
        let unreadable = |why: String| TicketError::Unreadable {
            dir: dir.display().to_string(),
            why,
        };
        let mut files = Vec::new();
        feature_files(dir, &mut files).map_err(|e| unreadable(e.to_string()))?;
        let mut index = TicketIndex {
            dir: dir.to_owned(),
            tickets: BTreeMap::new(),
        };
        for file in files {
            let Ok(feature) = gherkin::Feature::parse_path(&file, GherkinEnv::default()) else {
                continue;
            };
            let path = file
                .strip_prefix(dir)
                .unwrap_or(&file)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            index.add(&path, &feature);
        }
        Ok(index)
    }

    fn add(&mut self, path: &str, feature: &gherkin::Feature) {
        let mut per_ticket: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let scenarios = feature.scenarios.iter().map(|s| (Vec::new(), s)).chain(
            feature
                .rules
                .iter()
                .flat_map(|r| r.scenarios.iter().map(|s| (r.tags.clone(), s))),
        );
        for (rule_tags, scenario) in scenarios {
            let example_tags = scenario
                .examples
                .iter()
                .flat_map(|e| e.tags.iter().cloned());
            let tags: Vec<String> = feature
                .tags
                .iter()
                .cloned()
                .chain(rule_tags)
                .chain(scenario.tags.iter().cloned())
                .chain(example_tags)
                .collect();
            for id in ticket_ids(&tags) {
                let names = per_ticket.entry(id.to_owned()).or_default();
                if !names.contains(&scenario.name) {
                    names.push(scenario.name.clone());
                }
            }
        }
        for (id, scenarios) in per_ticket {
            self.tickets.entry(id).or_default().push(Reproduction {
                path: path.to_owned(),
                feature: feature.name.clone(),
                description: feature
                    .description
                    .clone()
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
                scenarios,
            });
        }
    }

    /// The reproductions of ticket `id`, or why there are none.
    pub fn ticket(&self, id: &str) -> Result<&[Reproduction], TicketError> {
        valid_ticket_id(id)?;
        self.tickets.get(id).map(Vec::as_slice).ok_or_else(|| {
            let known: Vec<&str> = self.tickets.keys().map(String::as_str).collect();
            TicketError::Unknown {
                id: id.to_owned(),
                dir: self.dir.display().to_string(),
                known: if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                },
            }
        })
    }

    /// Every ticket id with a reproduction, sorted.
    pub fn ids(&self) -> Vec<&str> {
        self.tickets.keys().map(String::as_str).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_of(files: &[(&str, &str)]) -> (TicketIndex, PathBuf) {
        let dir = std::env::temp_dir().join(format!(
            "conform-tickets-{}-{}",
            std::process::id(),
            files.len()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        (TicketIndex::read(&dir).unwrap(), dir)
    }

    #[test]
    fn tickets_are_found_on_features_and_on_single_scenarios() {
        let (index, dir) = index_of(&[
            (
                "helpdesk/a.feature",
                "@ticket-7\nFeature: Ticket 7\n  Reported: it broke.\n\n  Scenario: one\n    Given x\n\n  Scenario: two\n    Given y\n",
            ),
            (
                "other.feature",
                "Feature: Other\n\n  @ticket-9\n  Scenario: nine\n    Given z\n\n  Scenario: untagged\n    Given w\n",
            ),
        ]);
        assert_eq!(index.ids(), ["7", "9"]);
        let seven = index.ticket("7").unwrap();
        assert_eq!(seven[0].path, "helpdesk/a.feature");
        assert_eq!(seven[0].description, "Reported: it broke.");
        assert_eq!(seven[0].scenarios, ["one", "two"]);
        assert_eq!(index.ticket("9").unwrap()[0].scenarios, ["nine"]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_unknown_ticket_names_the_known_ones_and_a_bad_id_is_refused() {
        let (index, dir) = index_of(&[(
            "t.feature",
            "@ticket-1\nFeature: T\n\n  Scenario: s\n    Given x\n",
        )]);
        let unknown = index.ticket("2").unwrap_err().to_string();
        assert!(
            unknown.contains("@ticket-2") && unknown.ends_with("tickets with reproductions: 1"),
            "{unknown}"
        );
        assert!(matches!(index.ticket("../etc"), Err(TicketError::BadId(_))));
        assert!(matches!(index.ticket(""), Err(TicketError::BadId(_))));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
