//! The tenant FHIR R4 APIs as an app calls them (portal guide 3.6 and 3.7.2: the
//! Patient Access API behind a member's token, the open Provider Directory API), and
//! what every FHIR answer must be.
//!
//! Every FHIR request of every feature goes through [`send`]: it records the exchange
//! in the scenario's transcript like every other step, and checks every JSON body the
//! server answers, whatever its status, against the official FHIR R4 schema
//! ([`crate::validation::fhir`]). A server that answers broken FHIR (a Bundle entry
//! with a `gender` of `"M"`, an error that is not an OperationOutcome) fails the step
//! that received it, naming the JSON path at fault.
//!
//! Searches are written in the feature files the way they appear in a URL, unencoded:
//! `Observation?category=laboratory&date=ge2020-01-01`. Values a scenario takes from
//! the server's own data fill `{placeholders}` in them, so the same feature runs
//! against servers with different data (see [`fill`]).

pub mod criteria;

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use reqwest::Method;
use serde_json::{Value, json};

use self::criteria::{Criterion, Kind};
use crate::client::{Call, Response, form_decode};
use crate::validation::fhir::{FhirError, FhirInvalid, validate};
use crate::world::PortalWorld;

/// The Patient Access API's resource types (contract "FHIR R4"; guide Appendix B).
pub const PATIENT_ACCESS_TYPES: [&str; 10] = [
    "Patient",
    "Coverage",
    "ExplanationOfBenefit",
    "Encounter",
    "Condition",
    "Observation",
    "Procedure",
    "Immunization",
    "DiagnosticReport",
    "ServiceRequest",
];

/// The Provider Directory API's resource types (guide 3.7.2.2).
pub const DIRECTORY_TYPES: [&str; 8] = [
    "Endpoint",
    "HealthcareService",
    "InsurancePlan",
    "Location",
    "OrganizationAffiliation",
    "Organization",
    "PractitionerRole",
    "Practitioner",
];

/// The media type every FHIR JSON answer must declare (R4 `http.html#mime-type`).
pub const FHIR_JSON: &str = "application/fhir+json";

/// How much of a body a failure message quotes; the transcript has all of it.
const QUOTED_BODY: usize = 1500;

/// How many schema problems a failure message lists before summarising the rest.
const LISTED_PROBLEMS: usize = 12;

/// How many resources a step reads, at most, to pick a value from the server's data.
const SAMPLE: usize = 200;

/// The page size of those reads: most values are on the first page.
const SAMPLE_PAGE: usize = 20;

/// The page size of reads that collect every date of the member's resources.
const MIDDLE_PAGE: usize = 200;

// ---------------------------------------------------------------------------------
// Requests

/// Which token a FHIR request carries.
#[derive(Clone, PartialEq, Eq)]
pub enum Token {
    /// No `Authorization` header: the open directory, or a refusal to test.
    None,
    /// The access token the app received earlier in the scenario.
    App,
    /// A token given as is (a made-up one, to be refused).
    Literal(String),
}

/// The body of a FHIR request.
#[derive(Clone)]
pub enum Payload {
    /// A search posted as a form (`POST <type>/_search`).
    Form(Vec<(String, String)>),
    /// A resource, sent as `application/fhir+json`.
    Resource(Value),
}

/// One request to a tenant's FHIR API, described before it is sent.
#[derive(Clone)]
pub struct FhirRequest {
    /// GET, POST, …
    pub method: Method,
    /// The tenant whose FHIR base is called, e.g. `dev1`.
    pub tenant: String,
    /// What follows `/{tenant}/fhir/`: `metadata`, `Observation`, `Patient/smart-15716`,
    /// `$export`.
    pub path: String,
    /// The query, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The token it carries.
    pub token: Token,
    /// Extra request headers.
    pub headers: Vec<(String, String)>,
    /// A body, if any.
    pub payload: Option<Payload>,
}

impl FhirRequest {
    /// A GET of `path` (after `/{tenant}/fhir/`) with `query`.
    pub fn get(tenant: &str, path: &str, query: Vec<(String, String)>, token: Token) -> Self {
        Self {
            method: Method::GET,
            tenant: tenant.to_owned(),
            path: path.to_owned(),
            query,
            token,
            headers: Vec::new(),
            payload: None,
        }
    }

    /// The same request with one more header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// `GET /dev1/fhir/Observation?category=laboratory`, for messages.
    pub fn line(&self) -> String {
        let query = if self.query.is_empty() {
            String::new()
        } else {
            let pairs: Vec<String> = self.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("?{}", pairs.join("&"))
        };
        format!("{} /{}/fhir/{}{query}", self.method, self.tenant, self.path)
    }

    /// The resource type the request is about, when its path starts with one.
    pub fn resource_type(&self) -> Option<String> {
        let first = self.path.split('/').next().unwrap_or_default();
        first
            .starts_with(|c: char| c.is_ascii_uppercase())
            .then(|| first.to_owned())
    }
}

/// The app's access token, or a failure saying the scenario has none.
pub fn app_token(w: &PortalWorld) -> String {
    w.oauth
        .tokens
        .as_ref()
        .and_then(|t| t["access_token"].as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| {
            panic!(
                "This step calls the FHIR API with the app's access token, but the app received no \
                 tokens earlier in the scenario (add `And the app exchanged the code for tokens`)."
            )
        })
}

/// The tenant "the app" talks to: where the member authorized it.
pub fn app_tenant(w: &PortalWorld) -> String {
    if w.oauth.tenant.is_empty() {
        panic!(
            "This step calls the FHIR API of the tenant where the member authorized the app, but \
             no authorization happened earlier in the scenario; name the tenant (`on \"dev1\"`)."
        );
    }
    w.oauth.tenant.clone()
}

/// Sends a FHIR request: THE way every FHIR call of the suite is made.
///
/// The exchange is recorded in the transcript (under the running step), kept as the
/// scenario's last FHIR answer, and every JSON body is checked against the FHIR R4
/// schema, whatever the status: an invalid one fails the step with the JSON path and
/// what is wrong. A transport failure fails the step as [`PortalWorld::send`] does.
pub async fn send(w: &mut PortalWorld, request: FhirRequest) -> Response {
    let token = match &request.token {
        Token::None => None,
        Token::App => Some(app_token(w)),
        Token::Literal(t) => Some(t.clone()),
    };
    let fhir_base = w.tenant(&request.tenant).fhir_base;
    let url = match request.path.as_str() {
        "" => fhir_base,
        path => format!("{fhir_base}/{path}"),
    };
    let mut call = Call::new(request.method.clone(), url).bearer(token.as_deref());
    for (name, value) in &request.query {
        call = call.query(name, value);
    }
    for (name, value) in &request.headers {
        call = call.header(name, value);
    }
    call = match &request.payload {
        None => call,
        Some(Payload::Form(pairs)) => call.form(pairs),
        Some(Payload::Resource(resource)) => call.raw(FHIR_JSON, resource.to_string().into_bytes()),
    };
    let response = w.send(call).await;
    w.fhir.previous_body = w.fhir.body.take();
    w.fhir.body = response.json.clone();
    w.fhir.tenant = request.tenant.clone();
    w.fhir.resource_type = request.resource_type();
    w.fhir.query = match &request.payload {
        Some(Payload::Form(pairs)) => request.query.iter().chain(pairs).cloned().collect(),
        _ => request.query.clone(),
    };
    w.fhir.last_token = token;
    check_fhir_body(&request.line(), &response);
    response
}

/// Fails unless a JSON body is valid FHIR R4 (any status: errors must be
/// OperationOutcomes). Bodies that are not JSON are left to the step that judges them.
fn check_fhir_body(line: &str, response: &Response) {
    if response.body_bytes.is_empty() {
        return;
    }
    let media = response.media_type().unwrap_or_default();
    let Some(json) = &response.json else {
        if media.contains("json") {
            panic!(
                "The answer to {line} says its body is {media}, but the body is not JSON.\n{}",
                shown(response)
            );
        }
        return;
    };
    match validate(json) {
        Ok(()) => {}
        Err(FhirInvalid::Schema(error)) => panic!(
            "The harness cannot check FHIR answers because its FHIR schema does not load: {error}"
        ),
        Err(FhirInvalid::Resource { errors }) => {
            let errors: Vec<FhirError> = errors
                .into_iter()
                .filter(|e| !known_schema_defect(e))
                .collect();
            if errors.is_empty() {
                return;
            }
            let mut listed: Vec<String> = errors
                .iter()
                .take(LISTED_PROBLEMS)
                .map(|e| format!("  - {e}"))
                .collect();
            if errors.len() > LISTED_PROBLEMS {
                listed.push(format!("  … and {} more", errors.len() - LISTED_PROBLEMS));
            }
            panic!(
                "The answer to {line} (status {}) is not valid FHIR R4: an app parsing it would \
                 break. {} problem(s), each at a JSON path of the body:\n{}\n{}",
                response.status,
                errors.len(),
                listed.join("\n"),
                shown(response)
            );
        }
    }
}

/// HL7's R4 `fhir.schema.json` lists the FHIR versions only up to `4.0.0` in its
/// `fhirVersion` enums, although R4 itself is 4.0.1 (the value set grew in the 4.0.1
/// technical correction, the schema did not): a CapabilityStatement that rightly says
/// `4.0.1` must not fail for it.
fn known_schema_defect(error: &FhirError) -> bool {
    error
        .path
        .split('/')
        .any(|segment| segment == "fhirVersion")
        && error.message.starts_with("\"4.0.1\" is not one of")
}

/// The answer, quoted for a failure message (cut; the transcript has it all).
pub fn shown(response: &Response) -> String {
    let body = response.describe_body();
    let body = if body.is_empty() {
        "(empty body)".to_owned()
    } else if body.len() > QUOTED_BODY {
        let mut cut = QUOTED_BODY;
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        format!(
            "{}… ({} more bytes in the transcript)",
            &body[..cut],
            body.len() - cut
        )
    } else {
        body
    };
    format!("The FHIR API answered {}: {body}", response.status)
}

/// Fails the step with `message` and the last answer.
pub fn fail(w: &PortalWorld, message: impl std::fmt::Display) -> ! {
    match w.last_response() {
        Some(response) => panic!("{message}\n{}", shown(response)),
        None => panic!("{message}"),
    }
}

// ---------------------------------------------------------------------------------
// Placeholders and targets

/// Replaces each `{name}` or `{name:form}` in `text` with a value picked earlier in
/// the scenario. Forms: `start` (the first three characters, lower case), `middle`
/// (three characters from inside, lower case), `lower`, `upper`, `code` and `system`
/// (either side of a token's `|`), `id` (a reference's id).
pub fn fill(w: &PortalWorld, text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let inner = &rest[open + 1..close];
        let (name, form) = match inner.rsplit_once(':') {
            Some((name, form)) if FORMS.contains(&form) => (name, Some(form)),
            _ => (inner, None),
        };
        let Some(value) = w.fhir.picked.get(name) else {
            let known: Vec<&String> = w.fhir.picked.keys().collect();
            panic!(
                "The step uses {{{inner}}}, but no value called {name:?} was picked earlier in the \
                 scenario (picked: {known:?})."
            );
        };
        out.push_str(&transform(value, form));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

const FORMS: &[&str] = &["start", "middle", "lower", "upper", "code", "system", "id"];

fn transform(value: &str, form: Option<&str>) -> String {
    let chars: Vec<char> = value.chars().collect();
    match form {
        None => value.to_owned(),
        Some("start") => chars.iter().take(3).collect::<String>().to_lowercase(),
        Some("middle") if chars.len() >= 5 => chars[1..4].iter().collect::<String>().to_lowercase(),
        Some("middle" | "lower") => value.to_lowercase(),
        Some("upper") => value.to_uppercase(),
        Some("code") => value.rsplit('|').next().unwrap_or_default().to_owned(),
        Some("system") => value.split('|').next().unwrap_or_default().to_owned(),
        Some(_) => value.rsplit('/').next().unwrap_or_default().to_owned(),
    }
}

/// `Observation?category=laboratory&date=ge{day}` → the path and the query pairs, with
/// placeholders filled in each part (so a picked value may hold `&` or `=`).
pub fn target(w: &PortalWorld, text: &str) -> (String, Vec<(String, String)>) {
    let (path, query) = text.split_once('?').unwrap_or((text, ""));
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (fill(w, k), fill(w, v))
        })
        .collect();
    (fill(w, path), pairs)
}

fn token_choice(w: &PortalWorld, text: &str) -> Token {
    match text {
        "with its access token" => Token::App,
        "without a token" => Token::None,
        other => Token::Literal(
            other
                .strip_prefix("with the token \"")
                .and_then(|t| t.strip_suffix('"'))
                .map(|t| fill(w, t))
                .unwrap_or_default(),
        ),
    }
}

fn tenant_choice(w: &PortalWorld, tenant: &str) -> String {
    if tenant.is_empty() {
        app_tenant(w)
    } else {
        tenant.to_owned()
    }
}

// ---------------------------------------------------------------------------------
// Asking

/// `When the app searches "Observation?category=laboratory" with its access token`,
/// `When an app reads "Organization/payer" on "dev1" without a token`,
/// `When an app asks for "$export" on "dev1" without a token`, optionally
/// `, sending the header "Prefer: handling=strict"`.
#[when(
    regex = r#"^(?:the|an) app (?:searches|reads|asks for|searched|read) "([^"]+)"(?: (?:at|on) "([a-z0-9]+)")? (with its access token|without a token|with the token "[^"]*")(?:, sending the header "([^"]+)")?$"#
)]
#[given(
    regex = r#"^(?:the|an) app (?:searches|reads|asks for|searched|read) "([^"]+)"(?: (?:at|on) "([a-z0-9]+)")? (with its access token|without a token|with the token "[^"]*")(?:, sending the header "([^"]+)")?$"#
)]
async fn asks(
    w: &mut PortalWorld,
    step: &Step,
    what: String,
    tenant: String,
    token: String,
    header: String,
) {
    w.begin(step);
    let tenant = tenant_choice(w, &tenant);
    let token = token_choice(w, &token);
    let (path, query) = target(w, &what);
    let mut request = FhirRequest::get(&tenant, &path, query, token);
    if let Some((name, value)) = header.split_once(':') {
        request = request.header(name.trim(), &fill(w, value.trim()));
    }
    send(w, request).await;
}

/// `When an app posts the search "Practitioner?family=Smith" on "dev1" without a token`:
/// `POST Practitioner/_search` with the parameters as a form body (R4 `http.html#search`).
#[when(
    regex = r#"^(?:the|an) app posts the search "([^"]+)"(?: (?:at|on) "([a-z0-9]+)")? (with its access token|without a token)$"#
)]
async fn posts_search(
    w: &mut PortalWorld,
    step: &Step,
    what: String,
    tenant: String,
    token: String,
) {
    w.begin(step);
    let tenant = tenant_choice(w, &tenant);
    let token = token_choice(w, &token);
    let (path, query) = target(w, &what);
    let mut request = FhirRequest::get(&tenant, &format!("{path}/_search"), Vec::new(), token);
    request.method = Method::POST;
    request.payload = Some(Payload::Form(query));
    send(w, request).await;
}

/// `When an app sends a PUT to "Practitioner/pract-1" on "dev1" without a token`: a write
/// with a minimal resource of the type as its body (POST, PUT) or none (DELETE).
#[when(
    regex = r#"^(?:the|an) app sends a (POST|PUT|PATCH|DELETE) to "([^"]+)"(?: (?:at|on) "([a-z0-9]+)")? (with its access token|without a token)$"#
)]
async fn sends_write(
    w: &mut PortalWorld,
    step: &Step,
    method: String,
    what: String,
    tenant: String,
    token: String,
) {
    w.begin(step);
    let tenant = tenant_choice(w, &tenant);
    let token = token_choice(w, &token);
    let (path, query) = target(w, &what);
    let mut request = FhirRequest::get(&tenant, &path, query, token);
    request.method = Method::from_bytes(method.as_bytes()).unwrap_or(Method::POST);
    if request.method != Method::DELETE {
        let mut resource = json!({"resourceType": request.resource_type().unwrap_or_default()});
        if let Some((_, id)) = path.split_once('/') {
            resource["id"] = json!(id);
        }
        request.payload = Some(Payload::Resource(resource));
    }
    send(w, request).await;
}

/// The request a link of the last searchset makes: on the target, with the token the
/// last FHIR request carried, at `tenant` instead when given.
pub fn link_request(w: &PortalWorld, url: &str, tenant: Option<&str>) -> FhirRequest {
    let config = w.config();
    let Some((link_tenant, rest)) = config.layout.locate_fhir(&config.base_url, url) else {
        fail(
            w,
            format!(
                "The searchset's link {url:?} is not under a FHIR base of the server under test \
                 ({}): an app following it would leave the FHIR API.",
                config.base_url
            ),
        );
    };
    let (rest, query) = rest.split_once('?').unwrap_or((rest.as_str(), ""));
    let token = match &w.fhir.last_token {
        Some(t) => Token::Literal(t.clone()),
        None => Token::None,
    };
    FhirRequest::get(
        tenant.unwrap_or(&link_tenant),
        rest,
        form_decode(query),
        token,
    )
}

/// The URL of link `relation` of `bundle`, if it has one.
pub fn link_of(bundle: &Value, relation: &str) -> Option<String> {
    bundle["link"].as_array()?.iter().find_map(|l| {
        (l["relation"].as_str() == Some(relation))
            .then(|| l["url"].as_str().map(str::to_owned))
            .flatten()
    })
}

/// The last FHIR answer's body, or a failure saying there is none.
pub fn last_body(w: &PortalWorld) -> &Value {
    w.fhir.body.as_ref().unwrap_or_else(|| {
        fail(
            w,
            "This step looks at the last FHIR answer, but it had no JSON body.",
        )
    })
}

#[when(
    regex = r#"^(?:the|an) app follows the "(next|previous|first|last|self)" link(?: of the searchset)?(?: at "([a-z0-9]+)" instead)?$"#
)]
async fn follows_link(w: &mut PortalWorld, step: &Step, relation: String, tenant: String) {
    w.begin(step);
    let bundle = last_body(w);
    let Some(url) = link_of(bundle, &relation) else {
        fail(
            w,
            format!("Expected the searchset to carry a {relation:?} link, but it has none."),
        );
    };
    let tenant = (!tenant.is_empty()).then_some(tenant.as_str());
    let request = link_request(w, &url, tenant);
    send(w, request).await;
}

/// Changes the page token of the `next` link: the parameters that differ between the
/// `next` and `first` links (the sandbox's `_page`; any server's own name).
#[when(regex = r#"^(?:the|an) app follows the "next" link with a tampered page token$"#)]
async fn follows_tampered(w: &mut PortalWorld, step: &Step) {
    w.begin(step);
    let bundle = last_body(w);
    let (Some(next), first) = (link_of(bundle, "next"), link_of(bundle, "first")) else {
        fail(
            w,
            "Expected the searchset to carry a \"next\" link, but it has none.",
        );
    };
    let mut request = link_request(w, &next, None);
    let first_query = first
        .map(|f| link_request(w, &f, None).query)
        .unwrap_or_default();
    let mut tampered = false;
    for (name, value) in request.query.iter_mut() {
        if !first_query.iter().any(|(n, v)| n == name && v == value) {
            value.push_str("tampered");
            tampered = true;
        }
    }
    if !tampered && let Some((_, value)) = request.query.last_mut() {
        value.push_str("tampered");
    }
    send(w, request).await;
}

// ---------------------------------------------------------------------------------
// Picking values from the server's data

/// `Given an app noted a value of "specialty" from the "PractitionerRole" resources on "dev1"`:
/// reads up to 200 resources of the type, 20 at a time, and keeps the first value the parameter has
/// (a chain `practitioner.name` reads it from the included practitioner) as
/// `{specialty}`. `the middle value` keeps the median date of every resource instead.
#[given(
    regex = r#"^(?:an|the) app noted (a|the middle) value of "([A-Za-z_.:-]+)"(?: with the system "([^"]+)")? from (?:the|her|his) "([A-Za-z]+)" resources(?: on "([a-z0-9]+)")?$"#
)]
async fn noted_value(
    w: &mut PortalWorld,
    step: &Step,
    which: String,
    name: String,
    system: String,
    kind: String,
    tenant: String,
) {
    w.begin(step);
    let tenant = tenant_choice(w, &tenant);
    let token = if PATIENT_ACCESS_TYPES.contains(&kind.as_str()) {
        Token::App
    } else {
        Token::None
    };
    let middle = which == "the middle";
    let (head, chained) = match name.split_once('.') {
        Some((head, chained)) => (head.to_owned(), Some(chained.to_owned())),
        None => (name.clone(), None),
    };
    let Some(p) = criteria::param(&kind, &head) else {
        panic!("The harness does not know the search parameter {head:?} of {kind}.");
    };
    if middle && p.kind != Kind::Date {
        panic!("\"the middle value\" is for dates; {name:?} is not a date parameter.");
    }
    let target_param = match &chained {
        Some(chained) => {
            let target_type = p.targets.first().copied().unwrap_or_default();
            let Some(inner) = criteria::param(target_type, chained) else {
                panic!(
                    "The harness does not know the search parameter {chained:?} of {target_type}."
                );
            };
            Some(inner)
        }
        None => None,
    };
    let count = if middle { MIDDLE_PAGE } else { SAMPLE_PAGE };
    let mut query = vec![("_count".to_owned(), count.to_string())];
    if chained.is_some() {
        query.push(("_include".into(), format!("{kind}:{head}")));
    }
    let request = FhirRequest::get(&tenant, &kind, query, token);
    let line = request.line();
    send(w, request).await;
    let system = (!system.is_empty()).then_some(system.as_str());
    let mut dates: Vec<String> = Vec::new();
    let mut read = 0;
    let mut picked = None;
    loop {
        let bundle = expect_searchset(w, &kind);
        let resources = matches(bundle);
        read += resources.len();
        if middle {
            dates.extend(resources.iter().flat_map(|r| criteria::dates(r, p)));
        } else if let Some(inner) = target_param {
            picked = resources.iter().find_map(|r| {
                criteria::param_values(r, p)
                    .iter()
                    .filter_map(|v| criteria::reference_of(v))
                    .filter_map(|reference| find_in(bundle, &reference))
                    .find_map(|target| criteria::pick(&target, inner, system))
            });
        } else {
            picked = resources.iter().find_map(|r| criteria::pick(r, p, system));
        }
        let enough = picked.is_some() || (!middle && read >= SAMPLE);
        match link_of(bundle, "next") {
            Some(next) if !enough => {
                let request = link_request(w, &next, None);
                send(w, request).await;
            }
            _ => break,
        }
    }
    if middle {
        dates.sort();
        picked = dates.get(dates.len() / 2).cloned();
    }
    let Some(picked) = picked else {
        fail(
            w,
            format!(
                "None of the {read} {kind} resources {line} and its next pages answered has a value \
                 for {name:?}{}, so the search by {name:?} cannot be exercised with the server's own \
                 data.",
                system
                    .map(|s| format!(" in the system {s}"))
                    .unwrap_or_default()
            ),
        );
    };
    w.fhir.picked.insert(name, picked);
}

// ---------------------------------------------------------------------------------
// Reading searchsets

/// The resources of a searchset's `match` entries, in order.
pub fn matches(bundle: &Value) -> Vec<&Value> {
    entries_with_mode(bundle, "match")
}

/// The resources of the entries with `search.mode` = `mode`.
pub fn entries_with_mode<'b>(bundle: &'b Value, mode: &str) -> Vec<&'b Value> {
    bundle["entry"]
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .filter(|e| e["search"]["mode"].as_str() == Some(mode))
                .map(|e| &e["resource"])
                .collect()
        })
        .unwrap_or_default()
}

/// `Type/id` of a resource.
pub fn reference_to(resource: &Value) -> String {
    format!(
        "{}/{}",
        resource["resourceType"].as_str().unwrap_or("?"),
        resource["id"].as_str().unwrap_or("?")
    )
}

/// The resource `Type/id` among the entries of `bundle` (matches or includes).
pub fn find_in(bundle: &Value, reference: &str) -> Option<Value> {
    bundle["entry"]
        .as_array()?
        .iter()
        .find_map(|e| (reference_to(&e["resource"]) == reference).then(|| e["resource"].clone()))
}

/// Fails unless the last answer has `status`; returns it.
pub fn expect_status<'w>(w: &'w PortalWorld, status: u16, what: &str) -> &'w Response {
    let response = w.last();
    if response.status != status {
        fail(
            w,
            format!(
                "Expected {what} to answer status {status}, but it answered {}.",
                response.status
            ),
        );
    }
    response
}

/// Fails unless the last answer declares `application/fhir+json`.
pub fn expect_fhir_json(w: &PortalWorld) {
    let media = w.last().media_type().unwrap_or_default();
    if media != FHIR_JSON {
        fail(
            w,
            format!(
                "Expected the answer to be served as {FHIR_JSON} (R4 http.html#mime-type), but its \
                 Content-Type is {:?}.",
                w.last().header("content-type").unwrap_or("(none)")
            ),
        );
    }
}

/// Fails unless the last answer is a 200 searchset Bundle whose matches are all of
/// `kind`, whose entries carry `fullUrl`, `resource` and `search.mode`, and whose
/// `total` and links are consistent; returns it.
pub fn expect_searchset<'w>(w: &'w PortalWorld, kind: &str) -> &'w Value {
    expect_status(w, 200, "the search");
    expect_fhir_json(w);
    let bundle = last_body(w);
    if bundle["resourceType"] != "Bundle" || bundle["type"] != "searchset" {
        fail(
            w,
            format!(
                "Expected a searchset Bundle, but the answer is a {} of type {}.",
                bundle["resourceType"], bundle["type"]
            ),
        );
    }
    let Some(total) = bundle["total"].as_u64() else {
        fail(
            w,
            "Expected the searchset to say how many resources match (`total`), but it does not.",
        );
    };
    if link_of(bundle, "self").is_none() {
        fail(
            w,
            "Expected the searchset to carry its `self` link (R4 search.html#self), but it has none.",
        );
    }
    let entries = bundle["entry"].as_array().cloned().unwrap_or_default();
    for (i, entry) in entries.iter().enumerate() {
        let mode = entry["search"]["mode"].as_str().unwrap_or_default();
        if !matches!(mode, "match" | "include" | "outcome") {
            fail(
                w,
                format!(
                    "Expected entry {i} to say why it is there (search.mode match, include or \
                     outcome), but its search.mode is {:?}.",
                    entry["search"]["mode"]
                ),
            );
        }
        if entry["fullUrl"].as_str().is_none_or(str::is_empty) {
            fail(
                w,
                format!("Expected entry {i} to carry a fullUrl, but it has none."),
            );
        }
        let resource_type = entry["resource"]["resourceType"]
            .as_str()
            .unwrap_or("(none)");
        if mode == "match" && resource_type != kind {
            fail(
                w,
                format!(
                    "Expected every match of a {kind} search to be a {kind}, but entry {i} is a \
                     {resource_type}."
                ),
            );
        }
        if mode == "outcome" && resource_type != "OperationOutcome" {
            fail(
                w,
                format!(
                    "Expected the outcome entry {i} to be an OperationOutcome, but it is a {resource_type}."
                ),
            );
        }
    }
    let on_page = matches(bundle).len() as u64;
    let first_page = link_of(bundle, "previous").is_none();
    let has_next = link_of(bundle, "next").is_some();
    if first_page && !has_next && total != on_page {
        fail(
            w,
            format!(
                "The searchset says {total} resources match, but this only page holds {on_page} \
                 matches and no `next` link."
            ),
        );
    }
    if first_page && total > on_page && !has_next {
        fail(
            w,
            format!(
                "The searchset says {total} resources match and holds {on_page}, but it has no \
                 `next` link to the rest."
            ),
        );
    }
    bundle
}

/// The resource type the last search was about.
pub fn searched_type(w: &PortalWorld) -> String {
    w.fhir
        .resource_type
        .clone()
        .unwrap_or_else(|| fail(w, "This step checks a search, but no search was made."))
}

#[then(regex = r#"^the FHIR API answers a searchset Bundle of "([A-Za-z]+)"$"#)]
fn answers_searchset(w: &mut PortalWorld, kind: String) {
    expect_searchset(w, &kind);
}

#[then(regex = r#"^the FHIR API answers the resource "([A-Za-z]+)/([^"]+)"$"#)]
fn answers_resource(w: &mut PortalWorld, kind: String, id: String) {
    expect_status(w, 200, &format!("reading {kind}/{id}"));
    expect_fhir_json(w);
    let resource = last_body(w);
    if resource["resourceType"] != json!(kind) || resource["id"] != json!(id) {
        fail(
            w,
            format!(
                "Expected the resource {kind}/{id}, but the answer is {}/{}.",
                resource["resourceType"], resource["id"]
            ),
        );
    }
}

#[then(regex = r"^the searchset is (not )?empty$")]
fn searchset_empty(w: &mut PortalWorld, not: String) {
    let bundle = expect_searchset(w, &searched_type(w));
    let found = matches(bundle).len();
    let total = bundle["total"].as_u64().unwrap_or(0);
    if not.is_empty() && (found > 0 || total > 0) {
        fail(
            w,
            format!(
                "Expected no match, but the searchset says {total} resources match and holds {found}: {}.",
                listing(bundle)
            ),
        );
    }
    if !not.is_empty() && found == 0 {
        fail(
            w,
            "Expected at least one match, but the searchset holds none.",
        );
    }
}

/// `Type/id` of every match, for messages.
pub fn listing(bundle: &Value) -> String {
    let refs: Vec<String> = matches(bundle).into_iter().map(reference_to).collect();
    if refs.len() > 10 {
        format!("{} … ({} in all)", refs[..10].join(", "), refs.len())
    } else {
        refs.join(", ")
    }
}

#[then(regex = r#"^the searchset holds exactly "([^"]+)"$"#)]
fn holds_exactly(w: &mut PortalWorld, expected: String) {
    let bundle = expect_searchset(w, &searched_type(w));
    let mut found: Vec<String> = matches(bundle).into_iter().map(reference_to).collect();
    let mut expected: Vec<String> = super::split_list(&expected);
    found.sort();
    expected.sort();
    if found != expected {
        fail(
            w,
            format!("Expected the searchset to hold exactly {expected:?}, but it holds {found:?}."),
        );
    }
    if bundle["total"].as_u64() != Some(expected.len() as u64) {
        fail(
            w,
            format!(
                "Expected the searchset's total to be {}, but it is {}.",
                expected.len(),
                bundle["total"]
            ),
        );
    }
}

/// Judges every match of the last search against every criterion of its query, on the
/// client side (see [`criteria`]); chains look through the searchset's includes.
#[then("every match satisfies the search criteria")]
fn every_match_satisfies(w: &mut PortalWorld) {
    let kind = searched_type(w);
    let bundle = expect_searchset(w, &kind);
    let criteria: Vec<Criterion> = w
        .fhir
        .query
        .iter()
        .filter_map(|(k, v)| Criterion::parse(k, v))
        .collect();
    let resolve = |reference: &str| find_in(bundle, reference);
    for resource in matches(bundle) {
        for criterion in &criteria {
            match criteria::satisfies(&kind, resource, criterion, &resolve) {
                Ok(true) => {}
                Ok(false) => fail(
                    w,
                    format!(
                        "{} does not satisfy `{}{}={}` of the search, yet the server returned it \
                         as a match. The resource: {}",
                        reference_to(resource),
                        criterion.param,
                        criterion
                            .chain
                            .as_ref()
                            .map(|c| format!(".{c}"))
                            .or_else(|| criterion.modifier.as_ref().map(|m| format!(":{m}")))
                            .unwrap_or_default(),
                        criterion.values.join(","),
                        short_json(resource)
                    ),
                ),
                Err(why) => fail(w, format!("The harness cannot judge this search: {why}.")),
            }
        }
    }
}

/// A resource for a message, cut to a readable length.
pub fn short_json(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 600 {
        let head: String = text.chars().take(600).collect();
        format!("{head}…")
    } else {
        text
    }
}

/// `Then the resources "ExplanationOfBenefit:provider" points at are included in the searchset`.
#[then(
    regex = r#"^the resources "([A-Za-z]+):([a-z-]+)" points? at are included in the searchset$"#
)]
fn includes_resolve(w: &mut PortalWorld, kind: String, name: String) {
    let bundle = expect_searchset(w, &searched_type(w));
    let Some(p) = criteria::param(&kind, &name) else {
        panic!("The harness does not know the search parameter {name:?} of {kind}.");
    };
    let included: Vec<String> = entries_with_mode(bundle, "include")
        .into_iter()
        .map(reference_to)
        .collect();
    let mut pointed = 0;
    for resource in matches(bundle) {
        for reference in criteria::param_values(resource, p)
            .iter()
            .filter_map(|v| criteria::reference_of(v))
        {
            pointed += 1;
            let here = included.contains(&reference)
                || matches(bundle).iter().any(|m| reference_to(m) == reference);
            if !here {
                fail(
                    w,
                    format!(
                        "{} points at {reference} through {kind}:{name}, but {reference} is not in \
                         the searchset as an include (included: {included:?}).",
                        reference_to(resource)
                    ),
                );
            }
        }
    }
    if pointed == 0 {
        fail(
            w,
            format!(
                "Expected the matches to point at something through {kind}:{name} so the include \
                 can be checked, but none does."
            ),
        );
    }
    if included.is_empty() {
        fail(
            w,
            "Expected included resources with search.mode \"include\", but the searchset has none.",
        );
    }
}

/// `Then the searchset includes the "PractitionerRole" resources whose "location" points at a match`.
#[then(
    regex = r#"^the searchset includes the "([A-Za-z]+)" resources whose "([a-z-]+)" points at a match$"#
)]
fn revincludes_resolve(w: &mut PortalWorld, kind: String, name: String) {
    let bundle = expect_searchset(w, &searched_type(w));
    let Some(p) = criteria::param(&kind, &name) else {
        panic!("The harness does not know the search parameter {name:?} of {kind}.");
    };
    let found: Vec<String> = matches(bundle).into_iter().map(reference_to).collect();
    let included: Vec<&Value> = entries_with_mode(bundle, "include")
        .into_iter()
        .filter(|r| r["resourceType"] == json!(kind))
        .collect();
    if included.is_empty() {
        fail(
            w,
            format!(
                "Expected {kind} resources included with search.mode \"include\" (they point at the \
                 matches through {name}), but the searchset includes none."
            ),
        );
    }
    for resource in included {
        let points_at_match = criteria::param_values(resource, p)
            .iter()
            .filter_map(|v| criteria::reference_of(v))
            .any(|r| found.contains(&r));
        if !points_at_match {
            fail(
                w,
                format!(
                    "{} is included, but its {name} points at none of the matches ({}).",
                    reference_to(resource),
                    listing(bundle)
                ),
            );
        }
    }
}

#[then("every resource in the searchset is valid FHIR R4")]
fn every_resource_valid(w: &mut PortalWorld) {
    let bundle = expect_searchset(w, &searched_type(w));
    for entry in bundle["entry"].as_array().cloned().unwrap_or_default() {
        let resource = &entry["resource"];
        if let Err(error) = validate(resource) {
            fail(
                w,
                format!(
                    "{} in the searchset is not valid FHIR R4:\n{error}",
                    reference_to(resource)
                ),
            );
        }
    }
}

#[then("the searchset holds the same matches as the one before")]
fn same_as_before(w: &mut PortalWorld) {
    let bundle = expect_searchset(w, &searched_type(w));
    let before = w.fhir.previous_body.clone().unwrap_or_default();
    let now: Vec<String> = matches(bundle).into_iter().map(reference_to).collect();
    let then: Vec<String> = matches(&before).into_iter().map(reference_to).collect();
    if now != then || bundle["total"] != before["total"] {
        fail(
            w,
            format!(
                "Expected the same matches as the search before ({} in all: {then:?}), but this \
                 one holds {} in all: {now:?}.",
                before["total"], bundle["total"]
            ),
        );
    }
}

// ---------------------------------------------------------------------------------
// Refusals

/// Fails unless the last answer is `status` with an OperationOutcome whose issues
/// include an error; returns the OperationOutcome.
pub fn expect_outcome(w: &PortalWorld, status: u16) -> Value {
    expect_status(w, status, "the request");
    let Some(outcome) = w.last().json.clone() else {
        fail(
            w,
            format!(
                "Expected the refusal to be an OperationOutcome (R4 http.html#errors), but the body \
                 is not JSON (Content-Type {:?}).",
                w.last().header("content-type").unwrap_or("(none)")
            ),
        );
    };
    expect_fhir_json(w);
    if outcome["resourceType"] != "OperationOutcome" {
        fail(
            w,
            format!(
                "Expected the refusal to be an OperationOutcome, but it is a {}.",
                outcome["resourceType"]
            ),
        );
    }
    let errors = outcome["issue"]
        .as_array()
        .map(|issues| {
            issues
                .iter()
                .filter(|i| matches!(i["severity"].as_str(), Some("error" | "fatal")))
                .count()
        })
        .unwrap_or(0);
    if errors == 0 {
        fail(
            w,
            "Expected the OperationOutcome to carry an issue of severity error, but it has none.",
        );
    }
    outcome
}

#[then(regex = r"^the FHIR API refuses with status (\d{3})$")]
fn refuses(w: &mut PortalWorld, status: u16) {
    expect_outcome(w, status);
    if status == 405 && w.last().header("allow").is_none() {
        fail(
            w,
            "A 405 must say which methods are allowed (RFC 9110 15.5.6: an Allow header), but the \
             answer has no Allow header.",
        );
    }
}

#[then(regex = r#"^the FHIR API refuses with status (\d{3}) naming the parameter "([^"]+)"$"#)]
fn refuses_naming(w: &mut PortalWorld, status: u16, name: String) {
    let outcome = expect_outcome(w, status);
    let issues = outcome["issue"].as_array().cloned().unwrap_or_default();
    let names = |issue: &Value| {
        let in_expression = issue["expression"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .any(|e| {
                e == name
                    || e.starts_with(&format!("{name}:"))
                    || e.starts_with(&format!("{name}."))
            });
        in_expression
            || issue["diagnostics"]
                .as_str()
                .is_some_and(|d| d.contains(&name))
    };
    if !issues.iter().any(names) {
        fail(
            w,
            format!(
                "Expected the OperationOutcome to name the parameter {name:?} (in issue.expression), \
                 so the developer knows what to fix, but no issue names it."
            ),
        );
    }
}

#[then(regex = r#"^the FHIR API refuses with status (\d{3}) and the issue code "([a-z-]+)"$"#)]
fn refuses_with_code(w: &mut PortalWorld, status: u16, code: String) {
    let outcome = expect_outcome(w, status);
    let codes: Vec<&str> = outcome["issue"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["code"].as_str())
        .collect();
    if !codes.contains(&code.as_str()) {
        fail(
            w,
            format!("Expected an issue with the code {code:?}, but the issue codes are {codes:?}."),
        );
    }
}

#[then(regex = r#"^the OperationOutcome explains "([^"]+)"$"#)]
fn outcome_explains(w: &mut PortalWorld, words: String) {
    let outcome = last_body(w);
    let said: Vec<&str> = outcome["issue"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["diagnostics"].as_str().or(i["details"]["text"].as_str()))
        .collect();
    if !said
        .iter()
        .any(|d| d.to_lowercase().contains(&words.to_lowercase()))
    {
        fail(
            w,
            format!("Expected the OperationOutcome to say {words:?}, but it says {said:?}."),
        );
    }
}

/// The `WWW-Authenticate` challenge of the last answer, after checking it is Bearer.
fn bearer_challenge(w: &PortalWorld) -> String {
    let challenge = w
        .last()
        .header("www-authenticate")
        .unwrap_or_default()
        .to_owned();
    if !challenge.to_ascii_lowercase().starts_with("bearer") {
        fail(
            w,
            format!(
                "Expected a `WWW-Authenticate: Bearer …` challenge (RFC 6750 3), which SMART \
                 clients read to know they must authorize again, but WWW-Authenticate is {challenge:?}."
            ),
        );
    }
    challenge
}

#[then(regex = r#"^the FHIR API refuses with status 401 "invalid_token"$"#)]
fn refuses_invalid_token(w: &mut PortalWorld) {
    expect_outcome(w, 401);
    let challenge = bearer_challenge(w);
    if !challenge.contains("error=\"invalid_token\"") {
        fail(
            w,
            format!(
                "Expected the challenge to say error=\"invalid_token\" (RFC 6750 3.1), but it is \
                 {challenge:?}."
            ),
        );
    }
}

/// No token at all: RFC 6750 3.1 says the challenge SHOULD then carry no error code, so
/// either none or `invalid_token` is accepted.
#[then("the FHIR API asks for a bearer token with status 401")]
fn asks_for_token(w: &mut PortalWorld) {
    expect_outcome(w, 401);
    let challenge = bearer_challenge(w);
    if challenge.contains("error=") && !challenge.contains("error=\"invalid_token\"") {
        fail(
            w,
            format!(
                "A request without a token may be answered with a bare Bearer challenge or \
                 error=\"invalid_token\", but the challenge is {challenge:?}."
            ),
        );
    }
}

#[then(
    regex = r#"^the FHIR API refuses with status 403 "insufficient_scope" asking for the scope "([^"]+)"$"#
)]
fn refuses_scope(w: &mut PortalWorld, scope: String) {
    expect_outcome(w, 403);
    let challenge = bearer_challenge(w);
    if !challenge.contains("error=\"insufficient_scope\"") {
        fail(
            w,
            format!(
                "Expected the challenge to say error=\"insufficient_scope\" (RFC 6750 3.1), but it \
                 is {challenge:?}."
            ),
        );
    }
    if !challenge.contains(&format!("scope=\"{scope}\"")) {
        fail(
            w,
            format!(
                "Expected the challenge to name the scope the call needs, scope=\"{scope}\", so the \
                 app knows what to ask the member for, but it is {challenge:?}."
            ),
        );
    }
}

#[then(regex = r#"^the searchset reports the ignored parameter "([^"]+)" in an outcome entry$"#)]
fn reports_ignored(w: &mut PortalWorld, name: String) {
    let bundle = expect_searchset(w, &searched_type(w));
    let outcomes = entries_with_mode(bundle, "outcome");
    let mentions = outcomes.iter().any(|o| {
        o["issue"].as_array().into_iter().flatten().any(|i| {
            matches!(i["severity"].as_str(), Some("warning" | "information"))
                && (i["diagnostics"].as_str().is_some_and(|d| d.contains(&name))
                    || i["expression"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|e| e.as_str() == Some(name.as_str())))
        })
    });
    if !mentions {
        fail(
            w,
            format!(
                "Expected an entry with search.mode \"outcome\" holding an OperationOutcome that \
                 warns the parameter {name:?} was ignored (R4 search.html#errors), but there is \
                 none ({} outcome entries).",
                outcomes.len()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_transform_picked_values() {
        assert_eq!(transform("Okafor", Some("start")), "oka");
        assert_eq!(transform("Okafor", Some("middle")), "kaf");
        assert_eq!(transform("Okafor", Some("upper")), "OKAFOR");
        assert_eq!(
            transform("http://nucc.org/provider-taxonomy|207Q00000X", Some("code")),
            "207Q00000X"
        );
        assert_eq!(
            transform(
                "http://nucc.org/provider-taxonomy|207Q00000X",
                Some("system")
            ),
            "http://nucc.org/provider-taxonomy"
        );
        assert_eq!(transform("Practitioner/pract-1", Some("id")), "pract-1");
    }

    #[test]
    fn only_the_schema_s_missing_4_0_1_is_forgiven() {
        let defect = FhirError {
            path: "/fhirVersion".into(),
            message: r#""4.0.1" is not one of ["4.0.0"]"#.into(),
        };
        assert!(known_schema_defect(&defect));
        let real = FhirError {
            path: "/fhirVersion".into(),
            message: r#""9.9.9" is not one of ["4.0.0"]"#.into(),
        };
        assert!(!known_schema_defect(&real));
    }

    #[test]
    fn links_are_read() {
        let bundle =
            json!({"link": [{"relation": "self", "url": "a"}, {"relation": "next", "url": "b"}]});
        assert_eq!(link_of(&bundle, "next").as_deref(), Some("b"));
        assert!(link_of(&bundle, "previous").is_none());
    }
}
