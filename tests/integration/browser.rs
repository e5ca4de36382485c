//! The member's side of the authorization flow in a real browser: headless Chromium,
//! driven through chromedriver, signs in by keyboard, agrees to both consent pages and
//! lands on `/debug` with a code that the token endpoint accepts.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); without
//! them the test fails and says so. Screenshots of every page go to
//! `target/browser-screenshots/`.

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const SCOPES: &str = "openid fhirUser launch/patient patient/Patient.read";
const ROSE: (&str, &str) = ("rose", "Beltran-1997!");
const STATE: &str = "browser-state-42";
/// Every wait for a page; a page of this sandbox loads in milliseconds.
pub(crate) const PAGE_WAIT: Duration = Duration::from_secs(10);

/// `chromedriver` on the PATH (or `CHROMEDRIVER`), else a failure that says what to install.
fn chromedriver_path() -> PathBuf {
    let missing = "chromedriver not found: install Debian's chromium and chromium-driver \
                   (`apt-get install --no-install-recommends chromium chromium-driver`; .ci/run does \
                   this on CI) or set CHROMEDRIVER to a chromedriver matching your Chromium";
    if let Some(path) = std::env::var_os("CHROMEDRIVER") {
        let path = PathBuf::from(path);
        assert!(path.is_file(), "CHROMEDRIVER={}: {missing}", path.display());
        return path;
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .chain([PathBuf::from("/usr/bin")])
        .map(|dir| dir.join("chromedriver"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{missing}"))
}

/// chromedriver and Chromium's profile directory, gone when the test ends, pass or fail.
pub(crate) struct Driver {
    child: Child,
    port: u16,
    profile: PathBuf,
}

impl Driver {
    /// chromedriver on a free port, its log at `log`; fails the test when it is missing.
    pub(crate) fn start(log: &Path) -> Driver {
        let binary = chromedriver_path();
        assert!(
            Path::new(CHROMIUM).is_file(),
            "{CHROMIUM} not found: install Debian's chromium and chromium-driver (.ci/run does this on CI)"
        );
        let port = free_port();
        let profile = std::env::temp_dir().join(format!(
            "conform-chromium-{}-{}",
            std::process::id(),
            sandbox::random_token(6)
        ));
        // A process group of its own, which Chromium joins: Drop ends them all at once.
        let child = Command::new(&binary)
            .process_group(0)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .arg("--log-level=WARNING")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let driver = Driver {
            child,
            port,
            profile,
        };
        let deadline = Instant::now() + PAGE_WAIT;
        while TcpStream::connect(SocketAddr::from(([127, 0, 0, 1], port))).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port} within {PAGE_WAIT:?}; see {}",
                log.display()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
        driver
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A headless Chromium session with the suite's flags.
    pub(crate) async fn browser(&self) -> Client {
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,1500",
        ]
        .map(str::to_owned)
        .into_iter()
        .chain([format!("--user-data-dir={}", self.profile.display())])
        .collect::<Vec<_>>();
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&self.url())
            .await
            .unwrap_or_else(|e| panic!("chromedriver at {} refused a session: {e}", self.url()))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Killing chromedriver alone would orphan a Chromium whose session never ended
        // (a failed assertion), so the whole group goes: chromedriver and its browser.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        for _ in 0..20 {
            if std::fs::remove_dir_all(&self.profile).is_ok() || !self.profile.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

pub(crate) fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target")));
    let dir = target.join("browser-screenshots");
    std::fs::create_dir_all(&dir).expect("the screenshot directory");
    dir
}

pub(crate) async fn screenshot(browser: &Client, dir: &Path, name: &str) {
    let png = browser.screenshot().await.expect("a screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("the screenshot is written");
}

/// Waits for the page whose `h1` reads `heading`.
async fn wait_for_heading(browser: &Client, heading: &str) {
    let xpath = format!("//h1[normalize-space()='{heading}']");
    if let Err(e) = browser
        .wait()
        .at_most(PAGE_WAIT)
        .every(Duration::from_millis(20))
        .for_element(Locator::XPath(&xpath))
        .await
    {
        let url = browser.current_url().await.map(|u| u.to_string());
        let source = browser.source().await.unwrap_or_default();
        panic!("no page titled {heading:?} ({e}); at {url:?}:\n{source}");
    }
}

pub(crate) async fn text_of(browser: &Client, css: &str) -> String {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .text()
        .await
        .expect("its text")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_signs_in_agrees_twice_and_lands_on_debug_with_a_code() {
    let config = sandbox::SandboxConfig {
        password_cost: sandbox::PasswordCost::Fast,
        ..Default::default()
    };
    let running = sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("a sandbox on a free port");
    let base = running.base_url();
    let http = {
        conform::client::install_tls();
        reqwest::Client::new()
    };
    let token = crate::support::ready_developer_over_http(&http, &base).await;
    let (client_id, client_secret) = crate::support::register_app_over_http(
        &http,
        &base,
        &token,
        "confidential-basic",
        SCOPES,
        &format!("{base}/debug"),
    )
    .await;
    let client_secret = client_secret.expect("a confidential client has a secret");

    let shots = screenshot_dir();
    let driver = Driver::start(&shots.join("chromedriver.log"));
    let browser = driver.browser().await;

    let redirect_uri = format!("{base}/debug");
    let authorize = url::Url::parse_with_params(
        &format!("{base}/dev1/oauth2/authorize"),
        [
            ("response_type", "code"),
            ("client_id", &client_id),
            ("redirect_uri", &redirect_uri),
            ("scope", SCOPES),
            ("state", STATE),
            ("nonce", "browser-nonce-7"),
            ("response_mode", "query"),
        ],
    )
    .expect("the authorize URL");
    browser
        .goto(authorize.as_str())
        .await
        .expect("the authorize page");

    // Login: labelled, prefilled fields, submitted from the keyboard.
    wait_for_heading(&browser, "MELD development sandbox User Login").await;
    screenshot(&browser, &shots, "1-login").await;
    for (id, label, value) in [
        ("username", "Username", ROSE.0),
        ("password", "Password", ROSE.1),
    ] {
        let label_el = browser
            .find(Locator::Css(&format!("label[for='{id}']")))
            .await
            .unwrap_or_else(|_| panic!("no <label for={id:?}>"));
        assert_eq!(label_el.text().await.expect("label text"), label);
        assert!(label_el.is_displayed().await.expect("visibility"));
        let field = browser
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|_| panic!("no #{id}"));
        assert!(field.is_displayed().await.expect("visibility"));
        assert_eq!(
            field.prop("value").await.expect("value").as_deref(),
            Some(value),
            "{id} is prefilled with rose's"
        );
    }
    let focused = browser.active_element().await.expect("a focused element");
    assert_eq!(
        focused.text().await.expect("text"),
        "Sign In",
        "with everything prefilled, focus starts on Sign In"
    );
    // Keyboard only: Tab from the password field reaches Sign In, Enter submits.
    let password = browser
        .find(Locator::Id("password"))
        .await
        .expect("#password");
    password
        .send_keys(&Key::Tab.to_string())
        .await
        .expect("Tab");
    let focused = browser.active_element().await.expect("a focused element");
    assert_eq!(focused.text().await.expect("text"), "Sign In", "Tab order");
    focused
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter");

    // The two consent pages: the text first, then "I Agree".
    for (heading, shot) in [
        ("Interoperability Disclaimer", "2-disclaimer"),
        ("HIPAA Authorization", "3-hipaa"),
    ] {
        wait_for_heading(&browser, heading).await;
        screenshot(&browser, &shots, shot).await;
        let agree = browser
            .find(Locator::Css("button[name='decision'][value='accept']"))
            .await
            .unwrap_or_else(|_| panic!("no I Agree button on {heading}"));
        assert_eq!(agree.text().await.expect("text"), "I Agree");
        agree.click().await.expect("I Agree");
    }

    // The redirect to /debug with the code and our state.
    wait_for_heading(&browser, "Success!").await;
    screenshot(&browser, &shots, "4-debug").await;
    let landed = browser.current_url().await.expect("the URL");
    assert_eq!(
        landed.as_str().split('?').next(),
        Some(redirect_uri.as_str())
    );
    let code = text_of(&browser, "#code").await;
    assert!(!code.trim().is_empty(), "an empty code on /debug");
    assert_eq!(text_of(&browser, "#state").await, STATE);
    browser.close().await.expect("the browser session ends");
    drop(driver);

    let exchanged = http
        .post(format!("{base}/dev1/oauth2/token"))
        .basic_auth(&client_id, Some(&client_secret))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.trim()),
            ("redirect_uri", &redirect_uri),
        ])
        .send()
        .await
        .expect("the token request");
    assert_eq!(exchanged.status(), 200);
    let tokens: Value = exchanged.json().await.expect("token JSON");
    assert!(
        tokens["access_token"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "{tokens}"
    );
    running.stop().await.expect("the sandbox stops");
}
