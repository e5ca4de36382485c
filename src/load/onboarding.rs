//! A developer's way to a registered app (guide 2.1, 3.2): sign up, open the Verify
//! Email link from the sandbox outbox, sign in, accept the terms, register an app.
//! Each function is one step of the report.

use super::agent::Agent;
use super::error::StepFailure;
use super::step::Step;
use reqwest::Method;
use serde_json::json;

/// The password every simulated developer signs up with (it follows the portal's rules).
const PASSWORD: &str = "Load-Walk-Pass-1!";

/// Where a simulated app's redirect URI points: the app, never the target, so the
/// member's browser stops there and hands the code over.
pub const REDIRECT_URI: &str = "https://load.app.example/callback";

/// The scopes a load app registers and asks for: a SMART patient-facing app with a
/// refresh token, reading the Patient Access types the walk touches.
pub const SCOPES: &str = "openid fhirUser launch/patient offline_access patient/Patient.read \
patient/Observation.read patient/ExplanationOfBenefit.read patient/Coverage.read";

/// Who a simulated developer is: unique per run, app and onboarding.
#[derive(Debug, Clone)]
pub struct Developer {
    /// The portal username.
    pub username: String,
    /// The address the verification mail goes to.
    pub email: String,
}

impl Developer {
    /// The developer of onboarding `n` of app `client` in run `run`.
    pub fn new(run: &str, client: usize, n: u64) -> Self {
        let username = format!("load-{run}-{client}-{n}");
        Self {
            email: format!("{username}@load.example.com"),
            username,
        }
    }
}

/// The development client a registered app got.
#[derive(Debug, Clone)]
pub struct RegisteredApp {
    /// `client_id` of the development client.
    pub client_id: String,
    /// Its secret (confidential-basic), revealed once at registration.
    pub secret: String,
}

/// [`Step::SignUp`]: `POST /portal/api/accounts`.
pub async fn sign_up(agent: &mut Agent, base: &str, who: &Developer) -> Result<(), StepFailure> {
    let body = json!({
        "email": who.email,
        "username": who.username,
        "password": PASSWORD,
        "confirm_password": PASSWORD,
        "accept_terms": true,
    });
    let request = agent
        .request(Method::POST, &format!("{base}/portal/api/accounts"))
        .json(&body);
    agent.send(Step::SignUp, request).await?.expect(201)?;
    Ok(())
}

/// The Verify Email link in a verification mail's body.
fn verification_link(body: &str) -> Option<&str> {
    body.split_whitespace()
        .find(|word| word.starts_with("http") && word.contains("/verify-email?token="))
}

/// [`Step::Verify`]: the newest mail to the developer in `/_sandbox/outbox`, and its link.
pub async fn verify(agent: &mut Agent, base: &str, who: &Developer) -> Result<(), StepFailure> {
    let request = agent
        .request(Method::GET, &format!("{base}/_sandbox/outbox"))
        .query(&[("to", who.email.as_str())]);
    let answer = agent.send(Step::Verify, request).await?.expect(200)?;
    let mails = answer.json()?;
    let link = mails["mails"]
        .as_array()
        .and_then(|mails| mails.last())
        .and_then(|mail| mail["body"].as_str())
        .and_then(verification_link)
        .map(str::to_owned)
        .ok_or_else(|| answer.shape("no mail with a Verify Email link to the new developer"))?;
    let request = agent.request(Method::GET, &link);
    agent.send(Step::Verify, request).await?.expect(200)?;
    Ok(())
}

/// [`Step::SignIn`]: `POST /portal/api/sessions`; the session token.
pub async fn sign_in(
    agent: &mut Agent,
    base: &str,
    who: &Developer,
) -> Result<String, StepFailure> {
    let request = agent
        .request(Method::POST, &format!("{base}/portal/api/sessions"))
        .json(&json!({"username": who.username, "password": PASSWORD}));
    agent
        .send(Step::SignIn, request)
        .await?
        .expect(201)?
        .json_str("/token")
}

/// [`Step::Terms`]: `POST /portal/api/terms/accept`.
pub async fn accept_terms(agent: &mut Agent, base: &str, session: &str) -> Result<(), StepFailure> {
    let request = agent
        .request(Method::POST, &format!("{base}/portal/api/terms/accept"))
        .bearer_auth(session);
    agent.send(Step::Terms, request).await?.expect(200)?;
    Ok(())
}

/// [`Step::Register`]: `POST /portal/api/apps`, a confidential-basic app; its client.
pub async fn register(
    agent: &mut Agent,
    base: &str,
    session: &str,
    name: &str,
) -> Result<RegisteredApp, StepFailure> {
    let body = json!({
        "name": name,
        "client_type": "confidential-basic",
        "scopes": SCOPES,
        "redirect_uris": [REDIRECT_URI],
    });
    let request = agent
        .request(Method::POST, &format!("{base}/portal/api/apps"))
        .bearer_auth(session)
        .json(&body);
    let answer = agent.send(Step::Register, request).await?.expect(201)?;
    Ok(RegisteredApp {
        client_id: answer.json_str("/credentials/development/client_id")?,
        secret: answer.json_str("/credentials/development/client_secret")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_is_found_in_the_verification_mail() {
        let body = "Hello ada,\n\nConfirm ... this Verify Email link:\n\n\
                    http://127.0.0.1:8080/portal/api/verify-email?token=abc_-1\n\nIf you did not";
        assert_eq!(
            verification_link(body),
            Some("http://127.0.0.1:8080/portal/api/verify-email?token=abc_-1")
        );
        assert_eq!(verification_link("no link here"), None);
    }

    #[test]
    fn developers_differ_per_app_and_onboarding() {
        let a = Developer::new("r1", 3, 0);
        let b = Developer::new("r1", 3, 1);
        assert_ne!(a.username, b.username);
        assert!(
            a.username.len() <= 64,
            "usernames are at most 64 characters"
        );
        assert!(a.email.ends_with("@load.example.com"));
    }
}
