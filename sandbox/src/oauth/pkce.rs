//! PKCE (RFC 7636), S256 only: required of public clients, checked for anyone who sends it.

use super::params::Params;
use crate::error::OAuthError;
use crate::store::records::ClientType;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

fn unreserved(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// The challenge of an authorize request, if any; refuses `plain` and malformed ones.
pub fn check_challenge(
    params: &Params,
    client_type: ClientType,
) -> Result<Option<String>, OAuthError> {
    let challenge = params.get("code_challenge");
    let method = params.get("code_challenge_method");
    match (challenge, method) {
        (None, Some(_)) => Err(OAuthError::invalid_request(
            "parameter `code_challenge` is missing although `code_challenge_method` was sent",
        )),
        (None, None) if client_type == ClientType::Public => Err(OAuthError::invalid_request(
            "public clients must use PKCE: send code_challenge (BASE64URL(SHA256(code_verifier))) and code_challenge_method=S256",
        )),
        (None, None) => Ok(None),
        (Some(_), None | Some("plain")) => Err(OAuthError::invalid_request(
            "code_challenge_method must be S256 (plain is not accepted): send code_challenge_method=S256",
        )),
        (Some(_), Some(m)) if m != "S256" => Err(OAuthError::invalid_request(format!(
            "code_challenge_method `{m}` is not supported: use S256"
        ))),
        (Some(c), Some(_)) => {
            if c.len() != 43 || !unreserved(c) {
                return Err(OAuthError::invalid_request(
                    "parameter `code_challenge` must be 43 characters: BASE64URL(SHA256(code_verifier)) without padding",
                ));
            }
            Ok(Some(c.to_owned()))
        }
    }
}

/// Checks the verifier at the token endpoint against the code's challenge.
pub fn verify(challenge: Option<&str>, verifier: Option<&str>) -> Result<(), OAuthError> {
    let Some(challenge) = challenge else {
        return Ok(());
    };
    let verifier = verifier.ok_or_else(|| {
        OAuthError::invalid_request(
            "parameter `code_verifier` is missing: this code was requested with PKCE",
        )
    })?;
    if !(43..=128).contains(&verifier.len()) || !unreserved(verifier) {
        return Err(OAuthError::invalid_request(
            "parameter `code_verifier` must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~",
        ));
    }
    let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    if computed != challenge {
        return Err(OAuthError::invalid_grant(
            "the code_verifier does not match the code_challenge: send the verifier the challenge was made from, not the challenge itself",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn the_rfc_7636_example_verifies() {
        assert!(verify(Some(CHALLENGE), Some(VERIFIER)).is_ok());
    }

    #[test]
    fn the_challenge_itself_is_not_a_verifier() {
        assert_eq!(
            verify(Some(CHALLENGE), Some(CHALLENGE)).unwrap_err().code,
            "invalid_grant"
        );
    }

    #[test]
    fn a_missing_or_empty_verifier_is_invalid_request() {
        assert_eq!(
            verify(Some(CHALLENGE), None).unwrap_err().code,
            "invalid_request"
        );
        assert_eq!(
            verify(Some(CHALLENGE), Some("")).unwrap_err().code,
            "invalid_request"
        );
    }

    #[test]
    fn plain_and_missing_pkce_for_public_clients_are_refused() {
        let plain = Params::parse(
            format!("code_challenge={CHALLENGE}&code_challenge_method=plain").as_bytes(),
        )
        .unwrap();
        assert!(check_challenge(&plain, ClientType::ConfidentialBasic).is_err());
        assert!(check_challenge(&Params::default(), ClientType::Public).is_err());
        assert!(
            check_challenge(&Params::default(), ClientType::ConfidentialBasic)
                .unwrap()
                .is_none()
        );
    }
}
