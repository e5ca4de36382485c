//! The collection's folders, in the order to run them: Discovery, OAuth, Patient Access,
//! Provider Directory, Sign out (revoking the grant last, so a Collection Runner pass
//! does not cut the resource queries off).

use super::client::ClientType;
use super::items::{Auth, FormField, Request, folder};
use super::scripts::{Capture, Check, Script};
use sandbox::{Api, ResourceDef};
use serde_json::Value;

const FHIR: &str = "{{tenant}}/fhir";
const OAUTH: &str = "{{tenant}}/oauth2";
const FHIR_JSON: &str = "application/fhir+json";
/// The identifier system of organizations' OIDs (docs/fhir.md, "token").
const URI_SYSTEM: &str = "urn:ietf:rfc:3986";

/// Extra parameters of some Patient Access searches, beyond `patient`: a showcase of what
/// the types take. Every parameter here is checked against the served definitions by a
/// unit test, so a change in the sandbox breaks the build of the collection, not a user.
pub(super) const PATIENT_ACCESS_EXTRAS: &[(&str, &[(&str, &str)])] = &[
    ("Coverage", &[("_include", "Coverage:payor")]),
    (
        "ExplanationOfBenefit",
        &[("_include", "ExplanationOfBenefit:provider")],
    ),
    ("Observation", &[("category", "laboratory")]),
];

/// A Plan-Net search beyond the one-per-type list: name, type, parameters, and whether
/// the seeded directory is expected to match something.
pub(super) struct DirectorySearch {
    pub name: &'static str,
    pub of: &'static str,
    pub params: &'static [(&'static str, &'static str)],
    pub non_empty: bool,
    pub captures: fn() -> Vec<Capture>,
}

fn none() -> Vec<Capture> {
    vec![]
}

fn organization_oid() -> Vec<Capture> {
    vec![Capture::Identifier {
        variable: "organizationOid".into(),
        of: "Organization".into(),
        system: URI_SYSTEM.into(),
    }]
}

fn next_page() -> Vec<Capture> {
    vec![Capture::NextLink {
        variable: "nextPage".into(),
    }]
}

/// The Plan-Net searches of the Provider Directory folder (guide 3.7.2.2, docs/fhir.md).
pub(super) const DIRECTORY_SEARCHES: &[DirectorySearch] = &[
    DirectorySearch {
        name: "PractitionerRole by specialty (NUCC Family Medicine)",
        of: "PractitionerRole",
        params: &[("specialty", "http://nucc.org/provider-taxonomy|207Q00000X")],
        non_empty: true,
        captures: none,
    },
    DirectorySearch {
        name: "PractitionerRole in Lansing, with their practitioners",
        of: "PractitionerRole",
        params: &[
            ("location.address-city", "Lansing"),
            ("_include", "PractitionerRole:practitioner"),
        ],
        non_empty: true,
        captures: none,
    },
    DirectorySearch {
        name: "Location in Lansing",
        of: "Location",
        params: &[("address-city", "Lansing")],
        non_empty: true,
        captures: none,
    },
    DirectorySearch {
        name: "Organization with an OID (stores organizationOid)",
        of: "Organization",
        params: &[("identifier", "urn:ietf:rfc:3986|"), ("_count", "5")],
        non_empty: true,
        captures: organization_oid,
    },
    DirectorySearch {
        name: "Organization by OID",
        of: "Organization",
        params: &[("identifier", "urn:ietf:rfc:3986|{{organizationOid}}")],
        non_empty: true,
        captures: none,
    },
    DirectorySearch {
        name: "Practitioner with their roles (_revinclude)",
        of: "Practitioner",
        params: &[
            ("_revinclude", "PractitionerRole:practitioner"),
            ("_count", "5"),
        ],
        non_empty: true,
        captures: none,
    },
    DirectorySearch {
        name: "PractitionerRole, first page of 5 (stores nextPage)",
        of: "PractitionerRole",
        params: &[("_count", "5")],
        non_empty: true,
        captures: next_page,
    },
];

fn searchset(of: &str, non_empty: bool) -> Script {
    Script::check(Check::Status(200)).and(Check::Searchset {
        of: of.into(),
        non_empty,
    })
}

/// Discovery: the well-known files, the CapabilityStatement and the JWKS; all open.
pub(super) fn discovery() -> Value {
    let requests = [
        Request::get(
            "SMART configuration",
            &format!("{FHIR}/.well-known/smart-configuration"),
        )
        .describe("The SMART App Launch 2.0 configuration: authorize, token, introspect and revoke endpoints, PKCE methods, capabilities and scopes.")
        .test(Script::check(Check::Status(200)).and(Check::HasMember("authorization_endpoint".into()))),
        Request::get(
            "OpenID configuration",
            &format!("{FHIR}/.well-known/openid-configuration"),
        )
        .test(Script::check(Check::Status(200)).and(Check::HasMember("jwks_uri".into()))),
        Request::get("CapabilityStatement (metadata)", &format!("{FHIR}/metadata"))
            .describe("Every served type with its search parameters and includes, and the scopes the tenant accepts (guide 3.2 d).")
            .header("Accept", FHIR_JSON)
            .test(Script::check(Check::Status(200)).and(Check::ResourceType("CapabilityStatement".into()))),
        Request::get("JWKS", &format!("{OAUTH}/jwks"))
            .describe("The public key the access and id tokens are signed with (RS256).")
            .test(Script::check(Check::Status(200)).and(Check::HasMember("keys".into()))),
    ];
    folder(
        "Discovery",
        "Open endpoints: no token needed. Run these first to see what the tenant offers.",
        Auth::Open,
        &requests,
    )
}

fn authorize(client: ClientType) -> Request {
    let mut request = Request::get(
        "Authorize (open in a browser)",
        &format!("{OAUTH}/authorize"),
    )
    .auth(Auth::Open)
    .query("response_type", "code")
    .query("response_mode", "query")
    .query("client_id", "{{clientId}}")
    .query("redirect_uri", "{{redirectUri}}")
    .query("scope", "{{scope}}")
    .query("aud", "{{baseUrl}}/{{tenant}}/fhir")
    .query("state", "conform-postman")
    .query("nonce", "{{$guid}}");
    if client.uses_pkce() {
        request = request
            .query("code_challenge", "{{codeChallenge}}")
            .query("code_challenge_method", "S256");
    }
    request
        .describe("The authorization request, to open in a browser (guide 3.4): the member signs in (dev1 comes prefilled with Rose Tammy Beltran), agrees to the Interoperability Disclaimer and the HIPAA Authorization, and lands on the redirect URI with the code; the sandbox's /debug page shows it. Sending it here only checks that the client id and redirect URI are accepted (the login page, 200): its test script then stores the URL with a fresh nonce in `authorizeUrl` and prints it in the Postman console. Open that URL in a browser, then paste the code into the collection variable `code` and run the token request within 60 seconds.")
        .test(Script::check(Check::Status(200)).capture(Capture::AuthorizeUrl))
}

fn token_capture(variable: &str, member: &str) -> Capture {
    Capture::Member {
        variable: variable.into(),
        member: member.into(),
    }
}

/// OAuth: the authorize URL, both grants and introspection, each call authenticated exactly
/// as `client` must.
pub(super) fn oauth(client: ClientType) -> Value {
    let mut code_form = vec![
        FormField::new("grant_type", "authorization_code"),
        FormField::new("code", "{{code}}"),
        FormField::new("redirect_uri", "{{redirectUri}}"),
    ];
    if client.uses_pkce() {
        code_form.push(FormField::new("code_verifier", "{{codeVerifier}}"));
    }
    let stores = Script::check(Check::Status(200))
        .capture(token_capture("accessToken", "access_token"))
        .capture(token_capture("refreshToken", "refresh_token"))
        .capture(token_capture("patientId", "patient"));
    let requests = [
        authorize(client),
        Request::post_form("Token (authorization_code)", &format!("{OAUTH}/token"), code_form)
            .form(client.endpoint_fields())
            .auth(client.endpoint_auth())
            .describe(&format!("Exchanges the code (guide 3.5) for an access token, a refresh token and the patient id, which the test script stores in `accessToken`, `refreshToken` and `patientId`; every request that inherits auth then sends the token as a Bearer token. Client authentication, {}. Codes are single-use and live 60 seconds.", client.sends()))
            .test(stores.clone()),
        Request::post_form(
            "Token (refresh_token)",
            &format!("{OAUTH}/token"),
            vec![
                FormField::new("grant_type", "refresh_token"),
                FormField::new("refresh_token", "{{refreshToken}}"),
            ],
        )
        .form(client.endpoint_fields())
        .auth(client.endpoint_auth())
        .describe("A fresh access token when the last one expired (after 5 minutes); the refresh token works again and again for 30 minutes.")
        .test(stores),
        Request::post_form(
            "Introspect the access token",
            &format!("{OAUTH}/introspect"),
            vec![FormField::new("token", "{{accessToken}}")],
        )
        .form(client.endpoint_fields())
        .auth(client.endpoint_auth())
        .describe("RFC 7662: whether the token is active, its scopes, patient and expiry.")
        .test(Script::check(Check::Status(200)).and(Check::Active(true))),
    ];
    folder(
        "OAuth",
        &format!(
            "The SMART authorization code flow. Register the app with the redirect URI in `redirectUri` (the sandbox's /debug page by default) and the scopes in `scope`, then: open the authorize URL in a browser, paste the code into `code`, run the token request. Client type {client}: {}.",
            client.sends()
        ),
        Auth::Inherit,
        &requests,
    )
}

/// Patient Access: "Get Patient Data" and one search per Patient Access type, each
/// inheriting the collection's Bearer token (guide 3.6 step 2).
pub(super) fn patient_access(types: &[&ResourceDef]) -> Value {
    let mut requests = vec![
        Request::get("Get Patient Data", &format!("{FHIR}/Patient"))
            .describe("The guide's \"Get Patient Data\" (3.6): the member's own Patient, found through the token.")
            .header("Accept", FHIR_JSON)
            .test(searchset("Patient", true)),
        Request::get("Read the Patient", &format!("{FHIR}/Patient/{{{{patientId}}}}"))
            .header("Accept", FHIR_JSON)
            .test(Script::check(Check::Status(200)).and(Check::ResourceType("Patient".into()))),
    ];
    for def in types.iter().filter(|d| d.name != "Patient") {
        let extras = PATIENT_ACCESS_EXTRAS
            .iter()
            .find(|(name, _)| *name == def.name)
            .map_or(&[][..], |(_, extras)| extras);
        let mut name = def.name.to_owned();
        let mut request = Request::get(def.name, &format!("{FHIR}/{}", def.name));
        if def.param("patient").is_some() {
            request = request.query("patient", "{{patientId}}");
        }
        for (key, value) in extras {
            request = request.query(key, value);
            name.push_str(&format!(" ({key}={value})"));
        }
        requests.push(
            request
                .header("Accept", FHIR_JSON)
                .test(searchset(def.name, false))
                .describe(&format!(
                    "The member's {} records; needs `patient/{}.read` (or `.rs`) in the token.",
                    def.name, def.name
                ))
                .renamed(&name),
        );
    }
    folder(
        "Patient Access",
        "The member's records, behind the Bearer token the token request stored (collection Authorization tab, guide 3.5 step 6). Every request inherits it.",
        Auth::Inherit,
        &requests,
    )
}

/// Provider Directory: one search per directory type and the Plan-Net showcase; open.
pub(super) fn directory(types: &[&ResourceDef]) -> Value {
    let mut requests: Vec<Request> = types
        .iter()
        .map(|def| {
            Request::get(def.name, &format!("{FHIR}/{}", def.name))
                .header("Accept", FHIR_JSON)
                .test(searchset(def.name, true))
        })
        .collect();
    for search in DIRECTORY_SEARCHES {
        let mut request =
            Request::get(search.name, &format!("{FHIR}/{}", search.of)).header("Accept", FHIR_JSON);
        for (key, value) in search.params {
            request = request.query(key, value);
        }
        let mut script = searchset(search.of, search.non_empty);
        for capture in (search.captures)() {
            script = script.capture(capture);
        }
        requests.push(request.test(script));
    }
    requests.push(
        Request::get_variable("PractitionerRole, next page", "nextPage")
            .header("Accept", FHIR_JSON)
            .describe("Follows the `next` link the previous request stored: stable paging.")
            .test(searchset("PractitionerRole", true)),
    );
    folder(
        "Provider Directory",
        "The open Plan-Net directory (guide 3.7.2.2): no token needed.",
        Auth::Open,
        &requests,
    )
}

/// Sign out: revoke the refresh token (which ends the whole grant), then see it inactive.
pub(super) fn sign_out(client: ClientType) -> Value {
    let requests = [
        Request::post_form(
            "Revoke the refresh token",
            &format!("{OAUTH}/revoke"),
            vec![
                FormField::new("token", "{{refreshToken}}"),
                FormField::new("token_type_hint", "refresh_token"),
            ],
        )
        .form(client.endpoint_fields())
        .auth(client.endpoint_auth())
        .describe("RFC 7009: ends the grant; its access tokens die with it.")
        .test(Script::check(Check::Status(200))),
        Request::post_form(
            "Introspect after revocation",
            &format!("{OAUTH}/introspect"),
            vec![FormField::new("token", "{{accessToken}}")],
        )
        .form(client.endpoint_fields())
        .auth(client.endpoint_auth())
        .test(Script::check(Check::Status(200)).and(Check::Active(false))),
    ];
    folder(
        "Sign out",
        "Run last: revoking the refresh token ends the grant, so the Patient Access requests need a new authorization afterwards.",
        Auth::Inherit,
        &requests,
    )
}

/// The served types of one API, in the sandbox's order.
pub(super) fn types_of(api: Api) -> Vec<&'static ResourceDef> {
    sandbox::served_types().filter(|d| d.api == api).collect()
}
