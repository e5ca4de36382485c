//! The README's curl walkthrough, run as written against a fresh sandbox.

use std::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_walkthrough_reaches_production() {
    let running = crate::support::start_on_socket(Some("letmein")).await;
    let base = running.base_url();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("bash")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/scripts/walkthrough.sh"
            ))
            .env("BASE", base)
            .env("ADMIN_TOKEN", "letmein")
            .output()
            .expect("bash runs")
    })
    .await
    .expect("joined");
    running.stop().await.expect("sandbox stops");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "walkthrough failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(r#""status":"approved""#), "{stdout}");
    assert!(
        stdout.contains(r#""production":{"client_id":"prod-"#),
        "{stdout}"
    );
}
