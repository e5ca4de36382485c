//! Skipping a scenario on purpose, with a reason, and turning panic payloads into words.
//!
//! cucumber has no "skip" outcome: a step either passes or panics. Some scenarios cannot
//! run against some targets (e.g. clock travel needs the sandbox control API), and reporting
//! them as failures would be wrong while hiding them would be dishonest. A step therefore
//! calls [`skip_scenario`], which panics with a [`Skip`] payload; the collector recognises
//! it and reports the scenario as skipped with the reason.

use std::any::Any;
use std::fmt;

/// Text that marks a panic message as a skip, for steps returning `Result` (cucumber turns
/// their `Err` into a panic with the error's `Display`, which for [`Skip`] starts with this).
pub const SKIP_PREFIX: &str = "skipped: ";

/// Panic payload (or step error) meaning "this scenario does not apply here", with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip(pub String);

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{SKIP_PREFIX}{}", self.0)
    }
}

impl std::error::Error for Skip {}

/// Stops the current scenario and reports it as skipped because of `reason`.
pub fn skip_scenario(reason: impl Into<String>) -> ! {
    std::panic::panic_any(Skip(reason.into()))
}

/// What a panic payload means for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PanicMeaning {
    /// The step skipped the scenario on purpose.
    Skip(String),
    /// The step failed; the message in plain words.
    Failure(String),
}

/// Reads a panic payload: a [`Skip`], a `String`/`&str` message, or something opaque.
pub(crate) fn read_panic(payload: &(dyn Any + Send)) -> PanicMeaning {
    if let Some(skip) = payload.downcast_ref::<Skip>() {
        return PanicMeaning::Skip(skip.0.clone());
    }
    let text = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()));
    match text {
        Some(text) => match text.strip_prefix(SKIP_PREFIX) {
            Some(reason) => PanicMeaning::Skip(reason.to_owned()),
            None => PanicMeaning::Failure(text),
        },
        None => PanicMeaning::Failure("the step panicked without a message".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skip_payload_is_read_as_a_skip_with_its_reason() {
        let payload: Box<dyn Any + Send> = Box::new(Skip("no control API".into()));
        assert_eq!(
            read_panic(payload.as_ref()),
            PanicMeaning::Skip("no control API".into())
        );
    }

    #[test]
    fn a_message_starting_with_the_skip_prefix_is_a_skip() {
        let payload: Box<dyn Any + Send> = Box::new(Skip("no admin token".into()).to_string());
        assert_eq!(
            read_panic(payload.as_ref()),
            PanicMeaning::Skip("no admin token".into())
        );
    }

    #[test]
    fn string_and_str_panics_are_failures_with_their_text() {
        let owned: Box<dyn Any + Send> = Box::new(String::from("expected 201, got 500"));
        let borrowed: Box<dyn Any + Send> = Box::new("boom");
        let opaque: Box<dyn Any + Send> = Box::new(42_u8);
        assert_eq!(
            read_panic(owned.as_ref()),
            PanicMeaning::Failure("expected 201, got 500".into())
        );
        assert_eq!(
            read_panic(borrowed.as_ref()),
            PanicMeaning::Failure("boom".into())
        );
        assert!(matches!(
            read_panic(opaque.as_ref()),
            PanicMeaning::Failure(_)
        ));
    }
}
