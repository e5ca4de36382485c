//! The `conform` binary as a user runs it: exit codes and one-line reasons.

use std::process::Command;

fn conform() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_conform"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

#[test]
fn an_unreachable_target_exits_2_with_one_line_saying_why() {
    let out = conform()
        .args(["run", "--target", "http://127.0.0.1:9", "--report-dir"])
        .arg(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("unreachable"))
        .output()
        .expect("conform runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot reach the target http://127.0.0.1:9"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn an_https_target_is_probed_over_tls_not_refused_as_unsupported() {
    let out = conform()
        .args(["run", "--target", "https://127.0.0.1:9", "--report-dir"])
        .arg(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("https"))
        .output()
        .expect("conform runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot reach the target https://127.0.0.1:9"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_bad_tag_expression_exits_2() {
    let out = conform()
        .args(["run", "--tags", "@a and (", "--report-dir"])
        .arg(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("badtags"))
        .output()
        .expect("conform runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_filtered_run_reports_only_the_chosen_scenarios() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("filtered");
    let out = conform()
        .args([
            "run",
            "--tags",
            "@accounts",
            "--name",
            "(?i)verif",
            "--report-dir",
        ])
        .arg(&dir)
        .output()
        .expect("conform runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).expect("summary.json"))
            .expect("json");
    let text = summary.to_string();
    assert!(!text.contains("apps.feature"), "{text}");
    assert!(text.to_lowercase().contains("verif"), "{text}");
}

#[test]
fn run_help_documents_the_exit_codes() {
    let out = conform()
        .args(["run", "--help"])
        .output()
        .expect("conform runs");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("Exit codes: 0 all passed, 1 failures, 2 the harness could not run"),
        "{help}"
    );
    assert!(help.contains("--target") && help.contains("--tags") && help.contains("--name"));
}

#[test]
fn serve_refuses_a_broken_tenants_file() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("tenants-broken.json");
    std::fs::write(&path, r#"{"tenants": []}"#).expect("write");
    let out = conform()
        .args(["serve", "--port", "0", "--tenants"])
        .arg(&path)
        .output()
        .expect("conform runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lists no tenant"));
}

#[test]
fn serve_refuses_a_data_dir_it_cannot_create_naming_it() {
    // A regular file where the directory should be.
    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("not-a-dir");
    std::fs::write(&file, b"x").expect("write");
    let out = conform()
        .args(["serve", "--port", "0", "--data-dir"])
        .arg(file.join("data"))
        .output()
        .expect("conform runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot create the data directory") && stderr.contains("not-a-dir"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn serve_answers_quickly_and_stops_cleanly_on_ctrl_c() {
    use std::io::{BufRead, BufReader};
    let mut child = conform()
        .args(["serve", "--port", "0", "--password-cost", "fast"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("conform serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let ready = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.contains("sandbox ready at"))
        .expect("a ready line");
    let url = ready
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the address in the ready line")
        .to_owned();
    let clock = std::process::Command::new("curl")
        .args(["-sf", &format!("{url}/_sandbox/clock")])
        .output()
        .expect("curl runs");
    assert!(clock.status.success(), "GET /_sandbox/clock answers 200");
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    let status = child.wait().expect("conform serve exits");
    assert_eq!(status.code(), Some(0), "Ctrl-C is a clean stop");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(
        rest.iter()
            .any(|l| l.contains("GET /_sandbox/clock -> 200")),
        "{rest:?}"
    );
    assert!(rest.iter().any(|l| l.contains("shutting down")), "{rest:?}");
}

#[test]
fn postman_writes_the_same_collection_to_stdout_and_to_a_file_and_refuses_an_unknown_tenant() {
    let stdout = conform()
        .args([
            "postman",
            "--tenant",
            "dev1",
            "--client-type",
            "confidential-forms",
        ])
        .output()
        .expect("conform runs");
    assert_eq!(
        stdout.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&stdout.stderr)
    );
    let collection: serde_json::Value = serde_json::from_slice(&stdout.stdout).expect("JSON");
    assert_eq!(
        collection["info"]["schema"],
        "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
    );
    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("postman/dev1.json");
    let _ = std::fs::remove_file(&file);
    let written = conform()
        .args([
            "postman",
            "--tenant",
            "dev1",
            "--client-type",
            "confidential-forms",
            "--out",
        ])
        .arg(&file)
        .output()
        .expect("conform runs");
    assert_eq!(written.status.code(), Some(0));
    assert_eq!(
        std::fs::read(&file).expect("the file"),
        stdout.stdout,
        "same bytes"
    );

    let unknown = conform()
        .args(["postman", "--tenant", "acme"])
        .output()
        .expect("conform runs");
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("unknown tenant `acme`"), "{stderr}");
}
