//! Which paths a fault rule covers: an exact path, or a glob with `*`.
//!
//! A developer names the route she wants to break the way she reads it in her app's
//! logs: `/dev1/fhir/Patient/smart-15716`, `/dev1/fhir/Patient*` (the read, the search and
//! `_search`), `/*/oauth2/token` (every tenant's token endpoint). `*` stands for any run of
//! characters, `/` included, so one star covers a whole subtree. The query string is never
//! part of the match: faults are about routes, not parameters.

use std::fmt;

/// Longest pattern accepted; a path pattern longer than any route is a mistake.
pub const MAX_PATTERN_LEN: usize = 512;

/// Prefix of the control API, which no fault ever touches (so a fault can always be removed).
pub const CONTROL_PREFIX: &str = "/_sandbox";

/// A validated path pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPattern {
    text: String,
}

/// Why a text is not a path pattern; the message is shown to the developer as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("must not be empty; give a path such as /dev1/fhir/Patient or /*/oauth2/token")]
    Empty,
    #[error("must start with `/` (a path such as /dev1/fhir/Patient*)")]
    NotAbsolute,
    #[error("must not contain spaces, `?` or `#`: faults match the path, never the query")]
    BadCharacter,
    #[error("must be at most {MAX_PATTERN_LEN} characters")]
    TooLong,
    #[error("names the control API, which is never faulted so a fault can always be removed")]
    ControlApi,
}

impl PathPattern {
    /// Checks `text` and keeps it as a pattern.
    pub fn parse(text: &str) -> Result<Self, PatternError> {
        if text.is_empty() {
            return Err(PatternError::Empty);
        }
        if !text.starts_with('/') {
            return Err(PatternError::NotAbsolute);
        }
        if text.len() > MAX_PATTERN_LEN {
            return Err(PatternError::TooLong);
        }
        if text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '?' || c == '#')
        {
            return Err(PatternError::BadCharacter);
        }
        if is_control_path(text) {
            return Err(PatternError::ControlApi);
        }
        Ok(Self {
            text: text.to_owned(),
        })
    }

    /// The pattern as the developer wrote it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether `path` (no query) is covered by this pattern.
    pub fn matches(&self, path: &str) -> bool {
        glob(self.text.as_bytes(), path.as_bytes())
    }
}

impl fmt::Display for PathPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whether `path` is the control API (`/_sandbox` or below it).
pub fn is_control_path(path: &str) -> bool {
    path.strip_prefix(CONTROL_PREFIX)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// `*` matches any run of bytes; everything else matches itself. Iterative with one
/// backtrack point, so the cost is linear in practice and never exponential.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, path: &str) -> bool {
        PathPattern::parse(pattern)
            .unwrap_or_else(|e| panic!("{pattern}: {e}"))
            .matches(path)
    }

    #[test]
    fn an_exact_pattern_matches_that_path_alone() {
        assert!(matches("/dev1/fhir/Observation", "/dev1/fhir/Observation"));
        assert!(!matches(
            "/dev1/fhir/Observation",
            "/dev1/fhir/Observation/1"
        ));
        assert!(!matches("/dev1/fhir/Observation", "/dev1/fhir/Observatio"));
    }

    #[test]
    fn a_trailing_star_covers_the_subtree_and_longer_names() {
        for path in [
            "/dev1/fhir/Patient",
            "/dev1/fhir/Patient/smart-15716",
            "/dev1/fhir/Patient/_search",
        ] {
            assert!(matches("/dev1/fhir/Patient*", path), "{path}");
        }
        assert!(!matches("/dev1/fhir/Patient*", "/bcbsm/fhir/Patient"));
    }

    #[test]
    fn a_star_in_the_middle_stands_for_the_tenant() {
        assert!(matches("/*/oauth2/token", "/dev1/oauth2/token"));
        assert!(matches("/*/oauth2/token", "/bcbsm/oauth2/token"));
        assert!(!matches("/*/oauth2/token", "/dev1/oauth2/introspect"));
        assert!(matches(
            "/*/fhir/*/smart-*",
            "/dev1/fhir/Patient/smart-15716"
        ));
    }

    #[test]
    fn bad_patterns_are_refused_with_the_reason() {
        assert_eq!(PathPattern::parse(""), Err(PatternError::Empty));
        assert_eq!(
            PathPattern::parse("dev1/fhir"),
            Err(PatternError::NotAbsolute)
        );
        assert_eq!(PathPattern::parse("/a b"), Err(PatternError::BadCharacter));
        assert_eq!(
            PathPattern::parse("/a?x=1"),
            Err(PatternError::BadCharacter)
        );
        assert_eq!(
            PathPattern::parse("/_sandbox/clock"),
            Err(PatternError::ControlApi)
        );
        assert_eq!(
            PathPattern::parse("/_sandbox"),
            Err(PatternError::ControlApi)
        );
        assert!(PathPattern::parse("/_sandboxes").is_ok());
    }

    #[test]
    fn the_control_api_is_recognised_by_its_prefix() {
        assert!(is_control_path("/_sandbox/faults"));
        assert!(is_control_path("/_sandbox"));
        assert!(!is_control_path("/_sandboxed/x"));
    }
}
