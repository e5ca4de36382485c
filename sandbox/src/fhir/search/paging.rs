//! Page sizes and page tokens.
//!
//! The data never changes while the sandbox runs, so a page is an offset into the
//! ordered result and paging is stable. The token carries the offset and the search's
//! fingerprint, so a token copied into another search, type or tenant is refused with a
//! 400 instead of silently paging through something else.

use crate::error::FhirError;

/// Page size when `_count` is not given.
pub const DEFAULT_COUNT: usize = 20;
/// The largest `_count` served; larger asks are refused rather than truncated silently.
pub const MAX_COUNT: usize = 500;

fn invalid(name: &str, message: impl Into<String>) -> FhirError {
    FhirError::InvalidParameter {
        name: name.into(),
        message: message.into(),
    }
}

/// Reads `_count`: a whole number from 1 to [`MAX_COUNT`].
pub fn parse_count(value: &str) -> Result<usize, FhirError> {
    let n: i64 = value
        .parse()
        .map_err(|_| invalid("_count", format!("`{value}` is not a whole number")))?;
    if n < 1 || n > MAX_COUNT as i64 {
        return Err(invalid(
            "_count",
            format!("{n} is out of range: ask for 1 to {MAX_COUNT} entries per page"),
        ));
    }
    Ok(n as usize)
}

/// A page token: where the page starts and which search it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageToken {
    pub offset: usize,
    pub fingerprint: String,
}

impl PageToken {
    /// The token text, as it appears in `_page=`.
    pub fn render(offset: usize, fingerprint: &str) -> String {
        format!("{offset}.{fingerprint}")
    }

    /// Reads a token from a `next` or `previous` link.
    pub fn parse(text: &str) -> Result<PageToken, FhirError> {
        let malformed = || {
            invalid(
                "_page",
                format!(
                    "`{text}` is not a page token of this server: follow the Bundle's `next` or `previous` link as given"
                ),
            )
        };
        let (offset, fingerprint) = text.split_once('.').ok_or_else(malformed)?;
        let offset = offset.parse().map_err(|_| malformed())?;
        let well_formed =
            fingerprint.len() == 12 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit());
        if !well_formed {
            return Err(malformed());
        }
        Ok(PageToken {
            offset,
            fingerprint: fingerprint.to_owned(),
        })
    }

    /// The offset, if the token belongs to the search with `fingerprint`.
    pub fn offset_for(&self, fingerprint: &str) -> Result<usize, FhirError> {
        if self.fingerprint == fingerprint {
            Ok(self.offset)
        } else {
            Err(invalid(
                "_page",
                "the page token belongs to another search, resource type or tenant: keep the other parameters of the link that gave it",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_must_be_from_one_to_the_cap() {
        assert_eq!(parse_count("50").ok(), Some(50));
        assert_eq!(parse_count("1").ok(), Some(1));
        assert_eq!(parse_count(&MAX_COUNT.to_string()).ok(), Some(MAX_COUNT));
        for bad in ["0", "-1", "501", "99999999999999999999", "ten", "1.5"] {
            assert!(parse_count(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_token_only_opens_its_own_search() {
        let token = PageToken::parse(&PageToken::render(40, "0123456789ab")).unwrap();
        assert_eq!(token.offset_for("0123456789ab").ok(), Some(40));
        assert!(token.offset_for("ba9876543210").is_err());
        assert!(PageToken::parse("40").is_err());
        assert!(PageToken::parse("x.0123456789ab").is_err());
    }
}
