//! `/debug`: the offline stand-in for the web OAuth debugger the guide uses (3.4, 3.5).
//!
//! Register `http://<sandbox>/debug` as a redirect URI and the code lands here, with the
//! exact token request to make next.

use super::params::Params;
use super::{html, pages};
use crate::state::SandboxState;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

fn render(state: &SandboxState, params: &Params) -> Response {
    let token_url = format!("{}/{{tenant}}/oauth2/token", state.public_url);
    let redirect_uri = format!("{}/debug", state.public_url);
    let view = pages::DebugView {
        code: params.get("code"),
        state: params.get("state"),
        error: params.get("error"),
        error_description: params.get("error_description"),
        token_endpoint_hint: &token_url,
        redirect_uri: &redirect_uri,
    };
    html::page(
        StatusCode::OK,
        pages::debug(&view),
        html::Script::None,
        None,
    )
}

/// `GET /debug?code=...&state=...` (response_mode=query).
pub async fn get(State(state): State<SandboxState>, RawQuery(query): RawQuery) -> Response {
    let params = Params::parse(query.unwrap_or_default().as_bytes()).unwrap_or_default();
    render(&state, &params)
}

/// `POST /debug` (response_mode=form_post).
pub async fn post(State(state): State<SandboxState>, headers: HeaderMap, body: Bytes) -> Response {
    let params = Params::from_form(&headers, &body).unwrap_or_default();
    render(&state, &params)
}
