//! Reports: one result model rendered as console progress, JUnit XML, Cucumber JSON and HTML.
//!
//! [`collector::Collector`] is the cucumber writer that builds the [`model::RunReport`];
//! every other module only renders that model, so all outputs agree with each other.

#![warn(missing_docs)]

mod attempt;
pub mod collector;
pub mod console;
pub mod cucumber_json;
mod escape;
pub mod html;
pub mod junit;
pub mod model;
pub mod skip;
pub mod stash;
pub mod summary;

#[cfg(test)]
mod collector_tests;
#[cfg(test)]
pub(crate) mod test_world;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use collector::Collector;
pub use model::{FeatureReport, RunReport, ScenarioReport, ScenarioStatus, StepReport, StepStatus};
pub use skip::{Skip, skip_scenario};
pub use stash::{TranscriptStash, Transcripts};
pub use summary::{Summary, summarize};

/// Writes every report file for `report` into `dir` (created if missing): `junit.xml`,
/// `cucumber.json`, `index.html` and `summary.json`. Returns the paths written, so the
/// CLI can tell the user where to look.
pub fn write_all(report: &RunReport, dir: &Path) -> io::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir)?;
    let to_json = |value: &serde_json::Value| {
        serde_json::to_string_pretty(value)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    };
    let files = [
        ("junit.xml", junit::render(report)),
        ("cucumber.json", to_json(&cucumber_json::render(report))?),
        ("index.html", html::render(report)),
        ("summary.json", to_json(&summary::render_json(report))?),
    ];
    let mut written = Vec::with_capacity(files.len());
    for (name, content) in files {
        let path = dir.join(name);
        fs::write(&path, content)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_all_creates_the_directory_and_the_four_report_files() {
        let dir = std::env::temp_dir().join(format!(
            "conform-reports-write-all-{}-{}",
            std::process::id(),
            line!()
        ));
        let nested = dir.join("nested");
        let written = write_all(&model::fixtures::report(), &nested).unwrap();
        let names: Vec<_> = written
            .iter()
            .filter_map(|p| p.file_name()?.to_str().map(str::to_owned))
            .collect();
        assert_eq!(
            names,
            ["junit.xml", "cucumber.json", "index.html", "summary.json"]
        );
        for path in &written {
            assert!(
                fs::metadata(path).unwrap().len() > 0,
                "{} is empty",
                path.display()
            );
        }
        let summary: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(nested.join("summary.json")).unwrap())
                .unwrap();
        assert_eq!(summary["summary"]["scenarios_passed"], 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
