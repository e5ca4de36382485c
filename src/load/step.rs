//! The steps of a simulated app's life, in the order it takes them, each timed and
//! counted on its own so the report says which one slows down first.

use serde::Serialize;

/// One thing a simulated app (or its member's browser) does; a row of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// `POST /portal/api/accounts`: a developer signs up (guide 2.1).
    SignUp,
    /// The verification mail read from `/_sandbox/outbox` and its link opened.
    Verify,
    /// `POST /portal/api/sessions`.
    SignIn,
    /// `POST /portal/api/terms/accept`.
    Terms,
    /// `POST /portal/api/apps`: a confidential-basic app with Patient Access scopes.
    Register,
    /// `GET /{tenant}/oauth2/authorize` up to the login page (guide 3.4 step 1).
    Authorize,
    /// The prefilled login form posted, and the redirect to the disclaimer followed.
    Login,
    /// "I Agree" on the Interoperability Disclaimer, and the redirect followed.
    Disclaimer,
    /// "I Agree" on the HIPAA Authorization: the redirect back to the app with the code.
    Hipaa,
    /// The code exchanged at the token endpoint with HTTP Basic (guide 3.5).
    Token,
    /// The member's own Patient read with the access token.
    PatientRead,
    /// Patient Access searches with the access token, one sample per search.
    PatientSearch,
    /// Provider Directory searches without a token, one sample per search.
    DirectorySearch,
    /// A new access token from the refresh token.
    Refresh,
}

impl Step {
    /// Every step, in walking order.
    pub const ALL: [Step; 14] = [
        Step::SignUp,
        Step::Verify,
        Step::SignIn,
        Step::Terms,
        Step::Register,
        Step::Authorize,
        Step::Login,
        Step::Disclaimer,
        Step::Hipaa,
        Step::Token,
        Step::PatientRead,
        Step::PatientSearch,
        Step::DirectorySearch,
        Step::Refresh,
    ];

    /// The step's name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Step::SignUp => "sign-up",
            Step::Verify => "verify",
            Step::SignIn => "sign-in",
            Step::Terms => "terms",
            Step::Register => "register",
            Step::Authorize => "authorize",
            Step::Login => "login",
            Step::Disclaimer => "disclaimer",
            Step::Hipaa => "hipaa",
            Step::Token => "token",
            Step::PatientRead => "patient-read",
            Step::PatientSearch => "patient-search",
            Step::DirectorySearch => "directory-search",
            Step::Refresh => "refresh",
        }
    }

    /// The step's position in [`Step::ALL`], for per-step arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the step belongs to the developer's onboarding (sign-up to register)
    /// rather than to the walk an app repeats.
    pub fn is_onboarding(self) -> bool {
        self.index() <= Step::Register.index()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_sits_at_its_own_index_in_walking_order() {
        for (i, step) in Step::ALL.iter().enumerate() {
            assert_eq!(step.index(), i, "{}", step.name());
        }
        let onboarding: Vec<_> = Step::ALL.iter().filter(|s| s.is_onboarding()).collect();
        assert_eq!(onboarding.len(), 5);
    }
}
