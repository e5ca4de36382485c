//! The state one scenario carries from step to step.
//!
//! Scenarios run concurrently (up to 64 at once) against ONE shared server that may
//! already hold other people's accounts, so a world never assumes an empty server:
//! every developer it creates gets a unique username and email built from a
//! process-wide run suffix, and it only ever looks at its own accounts and apps.

#![warn(missing_docs)]

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use cucumber::gherkin::Step;
use serde_json::Value;

use crate::client::{Call, Recorder, Response, TransportError};
use crate::config::{self, HarnessConfig};
use crate::transcript::{Exchange, Transcribed};

/// The password every harness-made developer uses unless a step says otherwise: it
/// satisfies every password rule of the portal guide (section 2.1).
pub const GOOD_PASSWORD: &str = "Conform-Pass-2024!";

/// A developer the scenario talks about by name ("Alice", "Bob").
#[derive(Debug, Clone, Default)]
pub struct Developer {
    /// The unique username on the server, e.g. `alice-3f2a-17`.
    pub username: String,
    /// The unique email address, e.g. `alice-3f2a-17@example.test`.
    pub email: String,
    /// The password she signed up with.
    pub password: String,
    /// Her current session token, once signed in.
    pub token: Option<String>,
    /// Whether sign-up succeeded (so later steps know the account exists).
    pub signed_up: bool,
}

/// An app registered during the scenario, remembered by its display name.
#[derive(Debug, Clone, Default)]
pub struct AppRecord {
    /// Who registered it (a developer's scenario name).
    pub owner: String,
    /// The portal's id for the app (`app-…`).
    pub id: String,
    /// The development client id issued at registration.
    pub client_id: String,
    /// The development secret issued at registration or by the last change; `None` for
    /// public clients.
    pub client_secret: Option<String>,
    /// The production client id, once registered in production.
    pub production_client_id: Option<String>,
    /// The last security attestation submitted for the app.
    pub attestation_id: Option<String>,
    /// The bytes of the last privacy policy uploaded, to compare what is viewed back.
    pub uploaded_policy: Option<Vec<u8>>,
    /// On a target without the portal API: the profile's client standing in for the app.
    pub preregistered: Option<PreRegistered>,
}

/// What a pre-registered client brings in place of the app dashboard.
#[derive(Debug, Clone, Default)]
pub struct PreRegistered {
    /// `public`, `confidential-basic` or `confidential-forms`.
    pub client_type: String,
    /// The scopes the app asks for, space-separated.
    pub scopes: String,
    /// The redirect URI registered for the client.
    pub redirect_uri: String,
    /// Scopes the harness asked for beyond the feature's, because a general SMART
    /// server gives the patient and a refresh token only for them.
    pub added_scopes: Vec<String>,
}

/// The authorization a scenario walks the way a member's browser and the app would
/// (SMART App Launch, guide 3.4 and 3.5): which client asks, what it sent, the
/// browser's cookie, and what came back. No `Debug`: it holds codes and tokens.
#[derive(Clone, Default)]
pub struct OAuthSession {
    /// The app's display name in the scenario.
    pub app: String,
    /// The tenant the request goes to, e.g. `dev1`.
    pub tenant: String,
    /// The client id sent (development or production client of the app).
    pub client_id: String,
    /// Its secret, `None` for a public client.
    pub client_secret: Option<String>,
    /// How the client was registered: `public`, `confidential-forms`, `confidential-basic`.
    pub client_type: String,
    /// The redirect URI of the authorize request (the token request repeats it).
    pub redirect_uri: String,
    /// The `state` sent, if any.
    pub state: Option<String>,
    /// The `nonce` sent, if any.
    pub nonce: Option<String>,
    /// The PKCE code verifier behind the challenge sent, if any.
    pub code_verifier: Option<String>,
    /// The PKCE code challenge sent, if any.
    pub code_challenge: Option<String>,
    /// The browser's cookie for the authorization pages (`name=value`).
    pub cookie: Option<String>,
    /// The HTML page the browser shows now.
    pub page: Option<String>,
    /// The authorization code the app received.
    pub code: Option<String>,
    /// The last successful token response.
    pub tokens: Option<Value>,
    /// The token response of the first exchange of the code (a replay revokes it).
    pub first_tokens: Option<Value>,
    /// How many authorize requests the scenario sent, for fresh state and nonce values.
    pub requests: u32,
    /// Scopes asked for beyond the feature's (see [`PreRegistered::added_scopes`]): a
    /// check of the granted scopes allows them.
    pub added_scopes: Vec<String>,
}

/// What the FHIR steps carry from one step to the next: the last FHIR request and
/// answer, values picked from the server's own data, and the pages of a walk. No
/// `Debug`: the last request may carry a bearer token.
#[derive(Clone, Default)]
pub struct FhirSession {
    /// The tenant of the last FHIR request, e.g. `dev1`.
    pub tenant: String,
    /// The resource type the last search or read was about (`Observation`), if any.
    pub resource_type: Option<String>,
    /// The query of the last search, decoded, in order (empty for a read).
    pub query: Vec<(String, String)>,
    /// The JSON body of the last FHIR answer, when it had one.
    pub body: Option<Value>,
    /// The JSON body of the FHIR answer before the last one, to compare two searches.
    pub previous_body: Option<Value>,
    /// Values picked from the data, by placeholder name (`specialty` fills `{specialty}`).
    pub picked: BTreeMap<String, String>,
    /// The searchset pages of the last walk through `next` links, in order.
    pub pages: Vec<Value>,
    /// The bearer token the last FHIR request carried, so a link is followed as the
    /// app would follow it.
    pub last_token: Option<String>,
}

/// Who a step is about: a name in quotes, or a pronoun for the last developer named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// "she", "he", "they": whoever the scenario last named.
    Current,
    /// A developer by scenario name, e.g. `"Alice"`.
    Named(String),
}

impl FromStr for Who {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        Ok(match s.to_ascii_lowercase().as_str() {
            "" | "she" | "he" | "they" | "her" | "his" | "their" | "him" | "them" => Who::Current,
            _ => Who::Named(s.trim_matches('"').to_owned()),
        })
    }
}

/// The cucumber World of the portal features.
#[derive(cucumber::World)]
pub struct PortalWorld {
    config: Arc<HarnessConfig>,
    recorder: Recorder,
    step: Option<String>,
    run_suffix: String,
    last: Option<Response>,
    /// Developers by scenario name.
    pub developers: BTreeMap<String, Developer>,
    /// The developer pronouns refer to.
    pub current: Option<String>,
    /// Apps by display name (unique within a scenario).
    pub apps: BTreeMap<String, AppRecord>,
    /// The app the last app step was about, for steps that do not repeat its name.
    pub current_app: Option<String>,
    /// Help-desk tickets opened in the scenario: the portal's ticket id by subject.
    pub tickets: BTreeMap<String, String>,
    /// Free-form values a step leaves for a later one (e.g. the number of tickets seen).
    pub notes: BTreeMap<String, Value>,
    /// The OAuth authorization the scenario walks, if any.
    pub oauth: OAuthSession,
    /// The FHIR calls the scenario makes (Patient Access, Provider Directory).
    pub fhir: FhirSession,
}

impl fmt::Debug for PortalWorld {
    // Hand-written so a panic dump never prints tokens or passwords.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PortalWorld")
            .field("base_url", &self.config.base_url)
            .field("run_suffix", &self.run_suffix)
            .field("developers", &self.developers.keys().collect::<Vec<_>>())
            .field("apps", &self.apps.keys().collect::<Vec<_>>())
            .field("tickets", &self.tickets.keys().collect::<Vec<_>>())
            .field("exchanges", &self.recorder.exchanges().len())
            .finish()
    }
}

impl Default for PortalWorld {
    fn default() -> Self {
        let config = config::current();
        Self {
            recorder: Recorder::new(&config.base_url).recording(config.record_transcripts),
            config,
            step: None,
            run_suffix: run_suffix(),
            last: None,
            developers: BTreeMap::new(),
            current: None,
            apps: BTreeMap::new(),
            current_app: None,
            tickets: BTreeMap::new(),
            notes: BTreeMap::new(),
            oauth: OAuthSession::default(),
            fhir: FhirSession::default(),
        }
    }
}

/// A suffix no other scenario of any concurrent run shares: process id, a process-wide
/// counter and the clock's sub-second part.
fn run_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{:x}-{:05x}-{n}", std::process::id(), nanos >> 12)
}

impl Transcribed for PortalWorld {
    fn transcript(&self) -> Vec<Exchange> {
        self.recorder.exchanges().to_vec()
    }
}

impl PortalWorld {
    /// The run's settings (base URL, admin token, control API).
    pub fn config(&self) -> &HarnessConfig {
        &self.config
    }

    /// How long the last request took, in milliseconds, whether or not the run records
    /// transcripts (0 before the first request): for steps that judge latency.
    pub fn last_took_ms(&self) -> f64 {
        self.recorder
            .last_duration()
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }

    /// Remembers which step is running so its requests are labelled in the transcript.
    pub fn begin(&mut self, step: &Step) {
        self.step = Some(crate::transcript::step_label(&step.keyword, &step.value));
    }

    /// A value no other scenario or request shares (for `state` and `nonce`), tagged `kind`.
    pub fn unique_value(&mut self, kind: &str) -> String {
        self.oauth.requests += 1;
        format!("{kind}-{}-{}", self.run_suffix, self.oauth.requests)
    }

    /// A username unique to this scenario, derived from a scenario name.
    pub fn unique_username(&self, name: &str) -> String {
        let base: String = name
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(20)
            .collect();
        format!("{base}-{}", self.run_suffix)
    }

    /// Sends `call`, records it, and keeps the response as "the last response".
    ///
    /// A transport failure fails the step: the scenario cannot judge a server that does
    /// not answer.
    pub async fn send(&mut self, call: Call) -> Response {
        match self.try_send(call).await {
            Ok(response) => response,
            Err(error) => panic!(
                "The server did not answer, so this step cannot be judged.\n{error}\n\
                 Check that the target at {} is running.",
                self.config.base_url
            ),
        }
    }

    /// Sends `call` and records it like [`PortalWorld::send`], but hands a transport
    /// failure back instead of failing the step: for scenarios where a dropped connection
    /// is the expected outcome (simulated faults). The last response stays as it was.
    pub async fn try_send(&mut self, call: Call) -> Result<Response, TransportError> {
        self.skip_unless_served(call.target());
        let response = self.recorder.send(self.step.as_deref(), call).await?;
        self.last = Some(response.clone());
        Ok(response)
    }

    /// Skips the scenario when `target` is an API the target does not have: the check
    /// behind the tags, so that a scenario nobody tagged is skipped with a reason rather
    /// than failed for asking what the server never offered.
    fn skip_unless_served(&self, target: &str) {
        let profile = self.config.profile_name.as_deref().unwrap_or("none");
        if target.starts_with(crate::steps::API) && !self.config.portal_api {
            crate::reports::skip_scenario(format!(
                "calls the developer portal API ({target}), which the target does not have                  (profile {profile:?}); its apps are the profile's pre-registered clients"
            ));
        }
        if target.starts_with(crate::steps::SANDBOX) && !self.config.has_control_api {
            crate::reports::skip_scenario(format!(
                "calls the sandbox control API ({target}), which the target does not have                  (profile {profile:?})"
            ));
        }
    }

    /// The endpoints of `tenant`; a tenant the target does not have skips the scenario
    /// (a profile names the tenants it serves, the sandbox serves any name and answers
    /// 404 for those it does not know).
    pub fn tenant(&self, tenant: &str) -> crate::endpoints::TenantEndpoints {
        self.config.tenant(tenant).unwrap_or_else(|| {
            crate::reports::skip_scenario(format!(
                "is about the tenant {tenant:?}, which the profile {:?} does not name",
                self.config.profile_name.as_deref().unwrap_or_default()
            ))
        })
    }

    /// The OAuth `endpoint` (`authorize`, `token`, `introspect`, `revoke`, `jwks`) of
    /// `tenant`; one the target does not publish skips the scenario.
    pub fn oauth_url(&self, tenant: &str, endpoint: &str) -> String {
        let endpoints = self.tenant(tenant);
        endpoints
            .oauth(endpoint)
            .map(str::to_owned)
            .unwrap_or_else(|| {
                crate::reports::skip_scenario(format!(
                    "needs the {endpoint} endpoint of {tenant:?}, which the target does not publish"
                ))
            })
    }

    /// The last response received; a step asserting before any request is a bug in
    /// the feature file.
    pub fn last(&self) -> &Response {
        self.last.as_ref().unwrap_or_else(|| {
            panic!("This step checks an answer, but no request has been made yet in this scenario")
        })
    }

    /// The last response received, if any request was made.
    pub fn last_response(&self) -> Option<&Response> {
        self.last.as_ref()
    }

    /// Resolves `who` to a scenario name and makes it the current developer.
    pub fn name_of(&mut self, who: &Who) -> String {
        let name = match who {
            Who::Named(name) => name.clone(),
            Who::Current => self.current.clone().unwrap_or_else(|| {
                panic!("The step says \"she\" or \"he\", but no developer has been named yet")
            }),
        };
        self.current = Some(name.clone());
        name
    }

    /// The developer `who` refers to, created (not yet signed up) if new.
    pub fn developer(&mut self, who: &Who) -> &mut Developer {
        let name = self.name_of(who);
        let username = self.unique_username(&name);
        self.developers.entry(name).or_insert_with(|| Developer {
            email: format!("{username}@example.test"),
            username,
            password: GOOD_PASSWORD.to_owned(),
            token: None,
            signed_up: false,
        })
    }

    /// The session token of `who`; steps that need one fail if she never signed in.
    pub fn token_of(&mut self, who: &Who) -> String {
        let name = self.name_of(who);
        self.developer(who).token.clone().unwrap_or_else(|| {
            panic!("{name} has no session: the scenario must sign her in before this step")
        })
    }

    /// The app called `name`, registered earlier in the scenario.
    pub fn app(&mut self, name: &str) -> &mut AppRecord {
        self.current_app = Some(name.to_owned());
        let known: Vec<String> = self.apps.keys().cloned().collect();
        self.apps.get_mut(name).unwrap_or_else(|| {
            panic!("No app called {name:?} was registered in this scenario (known: {known:?})")
        })
    }
}
