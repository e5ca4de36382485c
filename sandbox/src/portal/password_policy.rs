//! The portal's password rules (guide 2.1 step 3).
//!
//! Each broken rule is reported on its own so a developer sees everything to fix
//! at once rather than one rule per attempt.

use crate::error::FieldError;

/// Shortest password the portal accepts.
pub const MIN_LENGTH: usize = 10;
/// Longest: beyond this a password is more likely a pasted mistake (and costly to hash).
pub const MAX_LENGTH: usize = 128;

/// Every rule `password` breaks.
pub fn check(password: &str) -> Vec<FieldError> {
    let mut broken = Vec::new();
    let rule = |code, message: &str| FieldError::new("password", code, message);
    let length = password.chars().count();
    if length < MIN_LENGTH {
        broken.push(rule(
            "password.too_short",
            &format!("must be at least {MIN_LENGTH} characters (it has {length})"),
        ));
    }
    if length > MAX_LENGTH {
        broken.push(rule(
            "password.too_long",
            &format!("must be at most {MAX_LENGTH} characters"),
        ));
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        broken.push(rule("password.missing_digit", "must contain a digit (0-9)"));
    }
    if !password.chars().any(char::is_uppercase) {
        broken.push(rule(
            "password.missing_upper",
            "must contain an upper-case letter",
        ));
    }
    if !password.chars().any(char::is_lowercase) {
        broken.push(rule(
            "password.missing_lower",
            "must contain a lower-case letter",
        ));
    }
    if !password
        .chars()
        .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
    {
        broken.push(rule(
            "password.missing_special",
            "must contain a special character such as ! # $ % & * ? @",
        ));
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(password: &str) -> Vec<&'static str> {
        check(password).into_iter().map(|e| e.code).collect()
    }

    #[test]
    fn a_password_meeting_every_rule_passes() {
        assert!(codes("Tr1cky-Pass").is_empty());
    }

    #[test]
    fn each_rule_is_reported_on_its_own() {
        assert_eq!(codes("Sh0rt!"), ["password.too_short"]);
        assert_eq!(codes("NoDigits-Here"), ["password.missing_digit"]);
        assert_eq!(codes("no-upper-123"), ["password.missing_upper"]);
        assert_eq!(codes("NO-LOWER-123"), ["password.missing_lower"]);
        assert_eq!(codes("NoSpecial123"), ["password.missing_special"]);
    }

    #[test]
    fn an_empty_password_breaks_every_rule_but_the_maximum() {
        assert_eq!(check("").len(), 5);
    }

    #[test]
    fn a_space_is_not_a_special_character() {
        assert_eq!(codes("No Special 123"), ["password.missing_special"]);
    }
}
