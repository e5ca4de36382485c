//! `conform repro`: a help-desk ticket's reproduction, run as the help desk runs it,
//! leaves a bundle that holds the evidence of every scenario.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn conform() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_conform"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_ticket_reproduction_writes_a_bundle_with_every_transcript_and_the_request_log() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ticket-1007");
    let _ = std::fs::remove_dir_all(&dir);
    let out = conform()
        .args(["repro", "--ticket", "1007", "--out"])
        .arg(&dir)
        .output()
        .expect("conform runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    for file in [
        "README.md",
        "index.html",
        "junit.xml",
        "cucumber.json",
        "summary.json",
        "transcripts.json",
        "requests.json",
    ] {
        assert!(dir.join(file).is_file(), "{file} is missing: {stderr}");
    }

    // Only the ticket's scenarios ran, and each passing one kept its whole transcript.
    let transcripts = read_json(&dir.join("transcripts.json"));
    let scenarios = transcripts["scenarios"].as_array().expect("scenarios");
    assert!(!scenarios.is_empty());
    for scenario in scenarios {
        assert_eq!(
            scenario["path"],
            "helpdesk/ticket-1007-authorization-code-reused.feature"
        );
        assert_eq!(scenario["status"], "passed", "{scenario}");
        let exchanges = scenario["exchanges"].as_array().expect("exchanges");
        let token_calls: Vec<&Value> = exchanges
            .iter()
            .filter(|x| {
                x["url"]
                    .as_str()
                    .is_some_and(|u| u.ends_with("/dev1/oauth2/token"))
            })
            .collect();
        assert_eq!(
            token_calls.len(),
            2,
            "both exchanges of the code are in the transcript"
        );
        assert_eq!(token_calls[1]["status"], 400);
        assert!(
            token_calls.iter().all(|x| x["step"]
                .as_str()
                .is_some_and(|s| s.contains("exchanges the code"))),
            "each exchange names the step that made it"
        );
        // Secrets never reach a bundle meant to be attached to a ticket.
        let text = serde_json::to_string(exchanges).unwrap_or_default();
        assert!(
            !text.contains("Conform-Pass-2024!"),
            "the developer's password leaked into the transcript"
        );
        assert!(
            !text.contains("Beltran-1997!"),
            "the member's password leaked into the transcript"
        );
        assert!(
            !text.contains("\"access_token\":\"ey"),
            "a token leaked into the transcript"
        );
    }

    // The sandbox's own log saw the same requests, oldest first.
    let requests = read_json(&dir.join("requests.json"));
    let paths: Vec<&str> = requests["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .filter_map(|r| r["path"].as_str())
        .collect();
    let first_token = paths.iter().position(|p| *p == "/dev1/oauth2/token");
    let first_account = paths.iter().position(|p| *p == "/portal/api/accounts");
    assert!(first_account < first_token, "{paths:?}");

    let readme = std::fs::read_to_string(dir.join("README.md")).expect("README.md");
    assert!(
        readme.starts_with("# Ticket 1007: reproduction"),
        "{readme}"
    );
    assert!(readme.contains("The target behaves as the portal guide and the specifications say"));
    assert!(
        readme.contains("> Reported: the app's callback handler ran twice"),
        "{readme}"
    );
    assert!(readme.contains("conform repro --ticket 1007"));
}

#[test]
fn an_unknown_ticket_exits_2_naming_the_tickets_that_have_reproductions() {
    let out = conform()
        .args(["repro", "--ticket", "424242"])
        .output()
        .expect("conform runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("@ticket-424242"), "{stderr}");
    assert!(
        stderr.contains("1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008"),
        "{stderr}"
    );
}

#[test]
fn a_ticket_id_that_could_escape_the_bundle_folder_is_refused() {
    let out = conform()
        .args(["repro", "--ticket", "../../etc"])
        .output()
        .expect("conform runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a ticket id"));
}

#[test]
fn the_list_names_every_help_desk_ticket_with_its_feature() {
    let out = conform()
        .args(["repro", "--list"])
        .output()
        .expect("conform runs");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let ids: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split('\t').next())
        .collect();
    assert_eq!(
        ids,
        [
            "1001", "1002", "1003", "1004", "1005", "1006", "1007", "1008"
        ]
    );
    assert!(stdout.contains("1008\tTicket 1008"), "{stdout}");
}
