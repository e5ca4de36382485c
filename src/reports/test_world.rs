//! A tiny cucumber world for tests that drive real runs through the collector.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use cucumber::{World, given, then, when};

use crate::reports::skip::skip_scenario;
use crate::transcript::{Exchange, Transcribed};

/// Test world: records nothing itself, reports a fixed exchange as its transcript.
#[derive(Debug, Default, World)]
pub(crate) struct TestWorld {
    steps: usize,
}

/// The exchange every [`TestWorld`] claims to have made.
pub(crate) fn fixed_exchange() -> Exchange {
    Exchange {
        step: Some("Then a failing step".into()),
        method: "GET".into(),
        url: "http://127.0.0.1:9/portal/api/me".into(),
        request_headers: vec![("accept".into(), "application/json".into())],
        request_body: None,
        status: Some(500),
        response_headers: Vec::new(),
        response_body: Some("{\"error\":\"boom\"}".into()),
        duration_ms: 3.0,
        error: None,
    }
}

impl Transcribed for TestWorld {
    fn transcript(&self) -> Vec<Exchange> {
        vec![fixed_exchange()]
    }
}

#[given("a passing step")]
fn passing(world: &mut TestWorld) {
    world.steps += 1;
}

#[when("she does something")]
fn does_something(world: &mut TestWorld) {
    world.steps += 1;
}

#[then("all is well")]
fn all_is_well(world: &mut TestWorld) {
    world.steps += 1;
}

#[then("a failing step")]
fn failing(_world: &mut TestWorld) {
    panic!("expected status 201, got 500");
}

#[given(regex = r"^a step skipped because (.+)$")]
fn skipping(_world: &mut TestWorld, reason: String) {
    skip_scenario(reason);
}

/// How many times the flaky step ran in this process.
pub(crate) static FLAKY_CALLS: AtomicUsize = AtomicUsize::new(0);

#[given("a step that fails the first time")]
fn flaky(_world: &mut TestWorld) {
    if FLAKY_CALLS.fetch_add(1, Ordering::SeqCst) == 0 {
        panic!("first attempt fails");
    }
}

/// A fresh, unique directory under the system temp dir holding the given files.
pub(crate) fn feature_dir(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("conform-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (name, content) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, content).unwrap();
    }
    dir
}

/// Removes a directory made by [`feature_dir`].
pub(crate) fn remove(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

/// Serialises test runs: cucumber swaps the process-wide panic hook while it runs.
pub(crate) static RUN_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
