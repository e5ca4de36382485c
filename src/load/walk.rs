//! One walk of a registered app, the part a load run repeats (guide 3.4 to 3.6): the
//! member's authorization in a fresh browser (authorize, login, the two consent pages),
//! the code exchange, Patient Access reads and searches with the token, Provider
//! Directory searches without one, and a refresh. Each function is one step of the report.
//!
//! The browser reads the pages as `conform run` does ([`forms`], [`heading`]): it posts
//! the forms it is shown, hidden fields and `action` as the HTML has them, and follows
//! the 303s by hand with the cookie the server set.

use super::agent::{Agent, Answer, basic_auth};
use super::error::StepFailure;
use super::onboarding::{REDIRECT_URI, RegisteredApp, SCOPES};
use super::step::Step;
use crate::endpoints::TenantEndpoints;
use crate::steps::oauth::{Form, forms, heading, split_url};
use reqwest::Method;

/// The FHIR media type the reads ask for.
const FHIR_JSON: &str = "application/fhir+json";

/// What the token endpoint granted.
#[derive(Debug, Clone)]
pub struct Grant {
    /// The bearer token of the FHIR reads.
    pub access_token: String,
    /// The refresh token.
    pub refresh_token: String,
    /// The member's patient id.
    pub patient: String,
}

/// A page of the authorization server the browser shows.
#[derive(Debug)]
pub struct Page {
    html: String,
}

impl Page {
    /// The page in `answer`, if it is the HTML page whose heading satisfies `is`.
    fn of(answer: Answer, what: &str, is: impl Fn(&str) -> bool) -> Result<Self, StepFailure> {
        let answer = answer.expect(200)?;
        if !answer
            .content_type
            .as_deref()
            .is_some_and(|t| t.starts_with("text/html"))
        {
            return Err(answer.shape(format!("expected the {what} as an HTML page")));
        }
        let html = answer.text();
        let title = heading(&html).unwrap_or_default();
        if !is(&title) {
            return Err(answer.shape(format!("expected the {what}, got the page {title:?}")));
        }
        Ok(Self { html })
    }

    /// The page's form that has a field `field`.
    fn form(&self, field: &str) -> Option<Form> {
        forms(&self.html)
            .into_iter()
            .find(|f| f.field(field).is_some())
    }
}

/// The authorize request in flight: its state, to check when the code comes back.
#[derive(Debug)]
pub struct Authorization {
    /// The login page the browser shows.
    pub page: Page,
    state: String,
}

/// [`Step::Authorize`]: the app's authorization link opened in a fresh browser, up to
/// the login page (unique state and nonce, `aud` the FHIR base).
pub async fn authorize(
    agent: &mut Agent,
    endpoints: &TenantEndpoints,
    app: &RegisteredApp,
) -> Result<Authorization, StepFailure> {
    agent.clear_cookie();
    let state = sandbox::random_token(16);
    let nonce = sandbox::random_token(16);
    let request = agent.request(Method::GET, &endpoints.authorize).query(&[
        ("response_type", "code"),
        ("client_id", app.client_id.as_str()),
        ("redirect_uri", REDIRECT_URI),
        ("scope", SCOPES),
        ("state", state.as_str()),
        ("nonce", nonce.as_str()),
        ("aud", endpoints.fhir_base.as_str()),
    ]);
    let answer = agent.send(Step::Authorize, request).await?;
    let page = Page::of(answer, "login page", |t| t.ends_with("User Login"))?;
    Ok(Authorization { page, state })
}

/// Posts `form` with `extra` fields added or replacing the page's, as a browser does.
async fn submit(
    agent: &mut Agent,
    step: Step,
    form: &Form,
    extra: &[(&str, &str)],
) -> Result<Answer, StepFailure> {
    let mut fields = form.fields.clone();
    for (name, value) in extra {
        fields.retain(|(n, _)| n != name);
        fields.push(((*name).to_owned(), (*value).to_owned()));
    }
    let request = agent.request(Method::POST, &form.action).form(&fields);
    agent.send(step, request).await
}

/// Follows the 303 of `answer` to the next page of the authorization server.
async fn follow(agent: &mut Agent, step: Step, answer: Answer) -> Result<Answer, StepFailure> {
    let answer = answer.expect(303)?;
    let Some(location) = answer.location.clone() else {
        return Err(answer.shape("a 303 without a Location"));
    };
    let request = agent.request(Method::GET, &location);
    agent.send(step, request).await
}

/// [`Step::Login`]: the login form posted as prefilled (the tenant's test member) and
/// the redirect followed to the Interoperability Disclaimer.
pub async fn login(agent: &mut Agent, login_page: &Page) -> Result<Page, StepFailure> {
    let form = login_page
        .form("username")
        .ok_or_else(|| StepFailure::Shape {
            method: "GET".into(),
            url: "the login page".into(),
            why: "it has no form with a username field".into(),
        })?;
    let answer = submit(agent, Step::Login, &form, &[]).await?;
    let answer = follow(agent, Step::Login, answer).await?;
    Page::of(answer, "Interoperability Disclaimer", |t| {
        t == "Interoperability Disclaimer"
    })
}

/// The consent form of `page`, "I Agree" pressed.
async fn agree(agent: &mut Agent, step: Step, page: &Page) -> Result<Answer, StepFailure> {
    let form = page.form("csrf").ok_or_else(|| StepFailure::Shape {
        method: "GET".into(),
        url: format!("the {} page", step.name()),
        why: "it has no form with a csrf field".into(),
    })?;
    submit(agent, step, &form, &[("decision", "accept")]).await
}

/// [`Step::Disclaimer`]: "I Agree" on the Interoperability Disclaimer, and the redirect
/// followed to the HIPAA Authorization.
pub async fn disclaimer(agent: &mut Agent, page: &Page) -> Result<Page, StepFailure> {
    let answer = agree(agent, Step::Disclaimer, page).await?;
    let answer = follow(agent, Step::Disclaimer, answer).await?;
    Page::of(answer, "HIPAA Authorization", |t| {
        t == "HIPAA Authorization"
    })
}

/// [`Step::Hipaa`]: "I Agree" on the HIPAA Authorization; the code of the redirect back
/// to the app, after checking it carries the state sent.
pub async fn hipaa(
    agent: &mut Agent,
    page: &Page,
    authorization: &Authorization,
) -> Result<String, StepFailure> {
    let answer = agree(agent, Step::Hipaa, page).await?.expect(303)?;
    let location = answer.location.clone().unwrap_or_default();
    let (back_to, pairs) = split_url(&location);
    if back_to != REDIRECT_URI {
        return Err(answer.shape(format!(
            "expected the redirect back to {REDIRECT_URI}, got one to {back_to:?}"
        )));
    }
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if let Some(error) = value("error") {
        return Err(answer.shape(format!(
            "the app was sent the error {error:?}: {}",
            value("error_description").unwrap_or_default()
        )));
    }
    if value("state") != Some(authorization.state.as_str()) {
        return Err(answer.shape("the state did not come back unchanged"));
    }
    value("code")
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| answer.shape("the redirect back to the app carries no code"))
}

/// A token endpoint request of `app` with `fields`, authenticated with HTTP Basic.
async fn token_request(
    agent: &mut Agent,
    step: Step,
    endpoints: &TenantEndpoints,
    app: &RegisteredApp,
    fields: &[(&str, &str)],
) -> Result<Answer, StepFailure> {
    let request = agent.request(Method::POST, &endpoints.token).form(fields);
    let request = basic_auth(request, &app.client_id, &app.secret);
    agent.send(step, request).await?.expect(200)
}

/// [`Step::Token`]: the code exchanged for tokens (guide 3.5).
pub async fn token(
    agent: &mut Agent,
    endpoints: &TenantEndpoints,
    app: &RegisteredApp,
    code: &str,
) -> Result<Grant, StepFailure> {
    let fields = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT_URI),
    ];
    let answer = token_request(agent, Step::Token, endpoints, app, &fields).await?;
    Ok(Grant {
        access_token: answer.json_str("/access_token")?,
        refresh_token: answer.json_str("/refresh_token")?,
        patient: answer.json_str("/patient")?,
    })
}

/// [`Step::Refresh`]: a new access token from the refresh token.
pub async fn refresh(
    agent: &mut Agent,
    endpoints: &TenantEndpoints,
    app: &RegisteredApp,
    grant: &Grant,
) -> Result<String, StepFailure> {
    let fields = [
        ("grant_type", "refresh_token"),
        ("refresh_token", grant.refresh_token.as_str()),
    ];
    token_request(agent, Step::Refresh, endpoints, app, &fields)
        .await?
        .json_str("/access_token")
}

/// A FHIR search or read: a path under the FHIR base and its query.
#[derive(Debug, Clone, Copy)]
pub struct FhirQuery {
    /// E.g. `Observation` or `Patient/{patient}` (`{patient}` is replaced).
    pub path: &'static str,
    /// The query; `{patient}` in a value is replaced.
    pub params: &'static [(&'static str, &'static str)],
    /// The resource type the answer must be (`Bundle` for a search).
    pub answers: &'static str,
}

/// The Patient Access searches of every walk: the member's lab results, claims with
/// their providers, and coverage.
pub const PATIENT_SEARCHES: &[FhirQuery] = &[
    FhirQuery {
        path: "Observation",
        params: &[("patient", "{patient}"), ("category", "laboratory")],
        answers: "Bundle",
    },
    FhirQuery {
        path: "ExplanationOfBenefit",
        params: &[
            ("patient", "{patient}"),
            ("_include", "ExplanationOfBenefit:provider"),
        ],
        answers: "Bundle",
    },
    FhirQuery {
        path: "Coverage",
        params: &[("patient", "{patient}")],
        answers: "Bundle",
    },
];

/// The Patient read of every walk.
pub const PATIENT_READ: FhirQuery = FhirQuery {
    path: "Patient/{patient}",
    params: &[],
    answers: "Patient",
};

/// The Provider Directory searches of every walk (Plan-Net, no token): a name, a page of
/// 50 roles, roles in a city with their practitioners, and that city's locations.
pub const DIRECTORY_SEARCHES: &[FhirQuery] = &[
    FhirQuery {
        path: "Practitioner",
        params: &[("name", "{name}")],
        answers: "Bundle",
    },
    FhirQuery {
        path: "PractitionerRole",
        params: &[("_count", "50")],
        answers: "Bundle",
    },
    FhirQuery {
        path: "PractitionerRole",
        params: &[
            ("location.address-city", "Lansing"),
            ("_include", "PractitionerRole:practitioner"),
        ],
        answers: "Bundle",
    },
    FhirQuery {
        path: "Location",
        params: &[("address-city", "Lansing")],
        answers: "Bundle",
    },
];

/// Starts of names the Practitioner search takes in turn, walk after walk.
const NAME_STARTS: [&str; 8] = ["Sm", "Jo", "Wi", "Br", "Mi", "Ga", "Le", "Da"];

/// How far into a FHIR answer its `resourceType` must show: serializers put it first.
const RESOURCE_TYPE_WITHIN: usize = 256;

/// [`Step::PatientRead`], [`Step::PatientSearch`] or [`Step::DirectorySearch`]: one FHIR
/// request, with the bearer token when one is given. The answer must be 200 FHIR JSON
/// of the expected type; bundles are not parsed, to spare the load generator's CPU.
pub async fn fhir(
    agent: &mut Agent,
    step: Step,
    endpoints: &TenantEndpoints,
    query: &FhirQuery,
    grant: Option<&Grant>,
    walk: u64,
) -> Result<(), StepFailure> {
    let patient = grant.map_or("", |g| g.patient.as_str());
    let name = NAME_STARTS[(walk % NAME_STARTS.len() as u64) as usize];
    let fill = |value: &str| value.replace("{patient}", patient).replace("{name}", name);
    let url = format!("{}/{}", endpoints.fhir_base, fill(query.path));
    let params: Vec<(&str, String)> = query.params.iter().map(|(k, v)| (*k, fill(v))).collect();
    let mut request = agent
        .request(Method::GET, &url)
        .query(&params)
        .header("Accept", FHIR_JSON);
    if let Some(grant) = grant {
        request = request.bearer_auth(&grant.access_token);
    }
    let answer = agent.send(step, request).await?.expect(200)?;
    if !answer
        .content_type
        .as_deref()
        .is_some_and(|t| t.starts_with(FHIR_JSON))
    {
        return Err(answer.shape(format!(
            "expected {FHIR_JSON}, got {:?}",
            answer.content_type.as_deref().unwrap_or("no Content-Type")
        )));
    }
    let head = &answer.body[..answer.body.len().min(RESOURCE_TYPE_WITHIN)];
    let marker = format!("\"{}\"", query.answers);
    if !String::from_utf8_lossy(head).contains(&marker) {
        return Err(answer.shape(format!("expected a {} resource", query.answers)));
    }
    Ok(())
}
