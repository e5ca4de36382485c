//! The member's pages: login, Interoperability Disclaimer, HIPAA Authorization
//! (guide 3.4 steps 3 and 4), each a form posted back to `/{tenant}/oauth2/authorize/{flow}`.
//! Wrong passwords on the login page are throttled (`throttle`).

use super::pages::{self, PageContext};
use super::params::{Params, oauth_base, tenant};
use super::throttle::{self, LoginGate};
use super::{cookie, html, redirect, tokens};
use crate::secrets::digest;
use crate::seed::members;
use crate::state::SandboxState;
use crate::store::{AuthorizationFlow, FlowStep};
use crate::tenants::Tenant;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

/// The page of the flow's current step.
pub fn render(
    state: &SandboxState,
    tenant: &Tenant,
    flow: &AuthorizationFlow,
    login_error: Option<&str>,
) -> Response {
    let status = if login_error.is_some() {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::OK
    };
    render_with(state, tenant, flow, login_error, status)
}

/// The login page again, refusing every attempt while the member's login is locked:
/// 429 with `Retry-After`, like the portal's own sign-in.
fn locked(
    state: &SandboxState,
    tenant: &Tenant,
    flow: &AuthorizationFlow,
    until: OffsetDateTime,
) -> Response {
    let seconds = (until - state.clock.now()).whole_seconds().max(1);
    let minutes = (seconds + 59) / 60;
    let message = format!(
        "Too many failed sign-ins: this login is locked for another {minutes} minute{}. Try again later.",
        if minutes == 1 { "" } else { "s" }
    );
    let mut response = render_with(
        state,
        tenant,
        flow,
        Some(&message),
        StatusCode::TOO_MANY_REQUESTS,
    );
    if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

fn render_with(
    state: &SandboxState,
    tenant: &Tenant,
    flow: &AuthorizationFlow,
    login_error: Option<&str>,
    status: StatusCode,
) -> Response {
    let action = format!("{}/authorize/{}", oauth_base(state, &tenant.id), flow.id);
    let ctx = PageContext {
        tenant_id: &tenant.id,
        tenant_name: &tenant.name,
        app_name: &flow.client.app_name,
        flow: &flow.id,
        csrf: &flow.csrf,
        action: &action,
    };
    let body = match flow.step {
        FlowStep::Login => {
            let prefill = tenant
                .login_prefill
                .as_deref()
                .and_then(|u| members::find(tenant, u));
            pages::login(
                &ctx,
                prefill.as_ref().map(|m| m.username.as_str()),
                prefill.as_ref().map(|m| m.password.as_str()),
                login_error,
            )
        }
        FlowStep::Disclaimer => pages::disclaimer(&ctx),
        FlowStep::Hipaa => {
            let scopes: Vec<(String, String)> = flow
                .scopes
                .iter()
                .map(|s| (s.clone(), pages::scope_in_words(s)))
                .collect();
            pages::hipaa_authorization(&ctx, &scopes)
        }
    };
    // Browsers apply form-action to the redirect that follows a form post, so the
    // app's redirect URI must be allowed as well as our own pages.
    html::page(
        status,
        body,
        html::Script::None,
        Some(&redirect::csp_source(&flow.redirect_uri)),
    )
}

fn expired() -> Response {
    html::error(
        StatusCode::BAD_REQUEST,
        "This sign-in has expired",
        "The authorization request is unknown, finished, or older than 10 minutes.",
        Some("Start again from the app (a new authorize request)."),
    )
}

fn this_browser(flow: &AuthorizationFlow, headers: &HeaderMap) -> bool {
    cookie::read(headers).is_some_and(|c| bool::from(digest(&c).ct_eq(&flow.browser)))
}

fn load(
    state: &SandboxState,
    tenant_id: &str,
    flow_id: &str,
    headers: &HeaderMap,
) -> Result<(Tenant, AuthorizationFlow), Box<Response>> {
    let gone = || Box::new(expired());
    let tenant = tenant(state, tenant_id).cloned().ok_or_else(gone)?;
    let flow = state
        .store
        .flow(flow_id, state.clock.now())
        .filter(|f| f.tenant == tenant.id)
        .ok_or_else(gone)?;
    if !this_browser(&flow, headers) {
        return Err(Box::new(html::error(
            StatusCode::FORBIDDEN,
            "Wrong browser",
            "This sign-in was started in another browser, or cookies are blocked.",
            Some("Allow cookies for this site and start again from the app."),
        )));
    }
    Ok((tenant, flow))
}

/// `GET /{tenant}/oauth2/authorize/{flow}`: the current page again (after a redirect).
pub async fn show(
    State(state): State<SandboxState>,
    Path((tenant_id, flow_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match load(&state, &tenant_id, &flow_id, &headers) {
        Ok((tenant, flow)) => render(&state, &tenant, &flow, None),
        Err(page) => *page,
    }
}

/// `POST /{tenant}/oauth2/authorize/{flow}`: the member's answer to the current page.
pub async fn answer(
    State(state): State<SandboxState>,
    Path((tenant_id, flow_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (tenant, flow) = match load(&state, &tenant_id, &flow_id, &headers) {
        Ok(loaded) => loaded,
        Err(page) => return *page,
    };
    let form = match Params::from_form(&headers, &body) {
        Ok(f) => f,
        Err(e) => {
            return html::error(
                StatusCode::BAD_REQUEST,
                "Invalid form",
                &e.description,
                None,
            );
        }
    };
    let csrf_ok = form
        .get("csrf")
        .is_some_and(|c| bool::from(c.as_bytes().ct_eq(flow.csrf.as_bytes())));
    if !csrf_ok {
        return html::error(
            StatusCode::FORBIDDEN,
            "Form expired",
            "The form's security token is missing or wrong.",
            Some("Reload the page and submit the form again."),
        );
    }
    let back = redirect::Back {
        redirect_uri: flow.redirect_uri.clone(),
        state: flow.state.clone(),
        mode: flow.response_mode,
    };
    let next = |step: FlowStep, member: Option<(String, String)>| {
        state.store.advance_flow(&flow.id, step, member);
        let mut r = StatusCode::SEE_OTHER.into_response();
        let url = format!("{}/authorize/{}", oauth_base(&state, &tenant.id), flow.id);
        if let Ok(v) = HeaderValue::from_str(&url) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        r
    };
    match flow.step {
        FlowStep::Login => {
            let username = form.get("username").unwrap_or("").trim();
            let password = form.get("password").unwrap_or("");
            let now = state.clock.now();
            if let LoginGate::Locked(until) =
                throttle::gate(&state.store, &tenant.id, username, now)
            {
                return locked(&state, &tenant, &flow, until);
            }
            match members::authenticate(&tenant, username, password) {
                Some(m) => {
                    throttle::succeeded(&state.store, &tenant.id, username);
                    next(FlowStep::Disclaimer, Some((m.username, m.patient_id)))
                }
                None => match throttle::failed(&state.store, &tenant.id, username, now) {
                    LoginGate::Locked(until) => locked(&state, &tenant, &flow, until),
                    LoginGate::Open => render(
                        &state,
                        &tenant,
                        &flow,
                        Some("The username or password is wrong."),
                    ),
                },
            }
        }
        step => match form.get("decision") {
            Some("accept") if step == FlowStep::Disclaimer => next(FlowStep::Hipaa, None),
            Some("accept") => {
                state.store.end_flow(&flow.id);
                let code = tokens::issue_code(&state, &tenant, &flow);
                back.send(&[("code", &code)])
            }
            Some("decline") => {
                state.store.end_flow(&flow.id);
                let page = if step == FlowStep::Disclaimer {
                    "the Interoperability Disclaimer"
                } else {
                    "the HIPAA Authorization"
                };
                back.error(
                    "access_denied",
                    &format!("the member declined {page}; nothing was shared"),
                )
            }
            _ => render(&state, &tenant, &flow, None),
        },
    }
}
