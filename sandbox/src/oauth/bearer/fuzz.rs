//! Fuzzing `Authorization: Bearer` (RFC 6750 2.1) on the protected calls: what the
//! header carries, and whether the token it carries is a live one of this tenant.

use super::{BearerError, check, presented_token, require_scope};
use crate::fuzzing::config;
use crate::oauth::tokens::{AccessGrant, access_token};
use crate::state::SandboxState;
use crate::store::Grant;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use proptest::prelude::*;
use serde_json::json;
use std::sync::OnceLock;

fn with_authorization(value: HeaderValue) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::AUTHORIZATION, value);
    headers
}

/// A sandbox with one live dev1 access token (scope `patient/Patient.read`), minted once
/// on a frozen clock, so the token outlives however long a run takes.
fn sandbox_with_token() -> &'static (SandboxState, String) {
    static ONE: OnceLock<(SandboxState, String)> = OnceLock::new();
    ONE.get_or_init(|| {
        let state = SandboxState::new(Default::default(), "http://sandbox.test".into());
        state.clock.freeze();
        let tenant = state.config.tenants.get("dev1").unwrap().clone();
        let scopes = vec!["patient/Patient.read".to_owned()];
        let grant = state.store.create_grant(
            &[0; 32],
            [1; 32],
            Grant {
                id: 0,
                tenant: tenant.id.clone(),
                client_id: "fuzz-client".into(),
                scopes: scopes.clone(),
                username: "rose".into(),
                patient: "smart-15716".into(),
                refresh_expires_at: state.clock.now() + time::Duration::minutes(30),
                revoked: false,
                access_expires_by: None,
            },
        );
        let (token, _) = access_token(
            &state,
            &AccessGrant {
                tenant: &tenant,
                client_id: "fuzz-client",
                scopes: &scopes,
                username: "rose",
                patient: "smart-15716",
                grant,
            },
        )
        .unwrap();
        (state, token)
    })
}

/// A `token68` (RFC 7235 2.1), the characters a bearer token is made of.
fn token68() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._~+/-]{1,60}=*"
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_authorization_header_gives_a_token_or_invalid_token(
        bytes in proptest::collection::vec(any::<u8>(), 0..200)
    ) {
        let Ok(value) = HeaderValue::from_bytes(&bytes) else {
            return Ok(());
        };
        match presented_token(&with_authorization(value)) {
            Ok(token) => {
                prop_assert!(!token.is_empty());
                prop_assert_eq!(token, token.trim());
            }
            Err(e) => {
                prop_assert_eq!(e.status(), StatusCode::UNAUTHORIZED);
                prop_assert_eq!(e.code(), "invalid_token");
                prop_assert!(e.challenge().is_some(), "every 401 carries WWW-Authenticate");
            }
        }
    }

    #[test]
    fn a_bearer_header_in_any_letter_case_carries_its_token(
        scheme in "[bB][eE][aA][rR][eE][rR]",
        token in token68(),
        trailing in "[ \t]{0,3}",
    ) {
        let value = HeaderValue::from_str(&format!("{scheme} {token}{trailing}")).unwrap();
        let headers = with_authorization(value);
        prop_assert_eq!(presented_token(&headers).ok(), Some(token.as_str()));
    }

    #[test]
    fn another_scheme_or_no_token_is_invalid_token(
        scheme in "[A-Za-z][A-Za-z0-9-]{0,10}".prop_filter("not Bearer", |s| !s.eq_ignore_ascii_case("bearer")),
        token in prop_oneof![token68(), Just(String::new()), Just("   ".to_owned())],
    ) {
        let value = HeaderValue::from_str(&format!("{scheme} {token}")).unwrap();
        let e = presented_token(&with_authorization(value)).unwrap_err();
        prop_assert!(matches!(e, BearerError::InvalidToken(_)));
        let value = HeaderValue::from_str(&format!("Bearer {}", token.trim())).unwrap();
        if token.trim().is_empty() {
            prop_assert!(presented_token(&with_authorization(value)).is_err());
        }
    }

    #[test]
    fn a_required_scope_is_met_only_by_that_exact_scope(
        granted in proptest::collection::vec("[a-zA-Z/.*]{1,12}", 0..5),
        wanted in "[a-zA-Z/.*]{1,12}",
    ) {
        let claims = json!({"scope": granted.join(" ")});
        let met = require_scope(&claims, &wanted).is_ok();
        prop_assert_eq!(met, granted.contains(&wanted));
        if !met {
            let e = require_scope(&claims, &wanted).unwrap_err();
            prop_assert_eq!(e.status(), StatusCode::FORBIDDEN);
            prop_assert_eq!(e.code(), "insufficient_scope");
        }
    }
}

proptest! {
    // Each changed token is an RSA verification.
    #![proptest_config(config(128))]

    #[test]
    fn the_live_token_passes_however_the_header_is_spelled(
        scheme in "[bB][eE][aA][rR][eE][rR]",
        trailing in " {0,3}",
    ) {
        let (state, token) = sandbox_with_token();
        let value = HeaderValue::from_str(&format!("{scheme} {token}{trailing}")).unwrap();
        let claims = check(state, "dev1", &with_authorization(value)).unwrap();
        prop_assert_eq!(&claims["client_id"], "fuzz-client");
    }

    #[test]
    fn the_live_token_with_one_character_changed_is_invalid_token(
        at in any::<usize>(),
        with in "[A-Za-z0-9_.-]",
    ) {
        let (state, token) = sandbox_with_token();
        let at = at % token.len();
        prop_assume!(token[at..at + 1] != with);
        let changed = format!("{}{with}{}", &token[..at], &token[at + 1..]);
        let value = HeaderValue::from_str(&format!("Bearer {changed}")).unwrap();
        let e = check(state, "dev1", &with_authorization(value)).unwrap_err();
        prop_assert!(matches!(e, BearerError::InvalidToken(_)));
    }

    #[test]
    fn the_live_token_is_refused_by_every_other_tenant(tenant in "[a-z0-9]{1,8}") {
        prop_assume!(tenant != "dev1");
        let (state, token) = sandbox_with_token();
        let value = HeaderValue::from_str(&format!("Bearer {token}")).unwrap();
        prop_assert!(check(state, &tenant, &with_authorization(value)).is_err());
    }
}
