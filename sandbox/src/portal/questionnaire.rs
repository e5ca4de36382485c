//! The privacy and security attestation questions (guide 3.3.2 and 3.3.3).
//!
//! The guide does not list the questions; these follow what payer portals commonly
//! ask (the CARIN code of conduct and ONC model privacy notice for privacy; transport
//! and storage protection, credential handling and incident response for security).
//! Every question must be answered; how it is answered never blocks an app on its own
//! (the guide says so for privacy; for security, the team's review decides).

use crate::error::FieldError;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One question and the answers it takes.
#[derive(Debug, Serialize)]
pub struct Question {
    pub id: &'static str,
    pub text: &'static str,
    pub options: &'static [&'static str],
}

const YES_NO: &[&str] = &["yes", "no"];

/// The privacy attestation page (figure 12).
pub const PRIVACY: &[Question] = &[
    Question {
        id: "privacy.policy_public",
        text: "Is the app's privacy policy publicly available before a member connects the app?",
        options: YES_NO,
    },
    Question {
        id: "privacy.data_collected",
        text: "Does the privacy policy say what health data the app collects and why?",
        options: YES_NO,
    },
    Question {
        id: "privacy.shares_data",
        text: "Does the app share member data with third parties?",
        options: YES_NO,
    },
    Question {
        id: "privacy.sells_data",
        text: "Does the app sell member data?",
        options: YES_NO,
    },
    Question {
        id: "privacy.deletion",
        text: "Can members delete their data and close their account?",
        options: YES_NO,
    },
    Question {
        id: "privacy.breach_notice",
        text: "Does the app notify members of a breach of their data?",
        options: YES_NO,
    },
];

/// The application (security) attestation page (figure 14).
pub const SECURITY: &[Question] = &[
    Question {
        id: "security.tls",
        text: "Is all data encrypted in transit with TLS 1.2 or later?",
        options: YES_NO,
    },
    Question {
        id: "security.encryption_at_rest",
        text: "Is member data encrypted at rest?",
        options: YES_NO,
    },
    Question {
        id: "security.secret_storage",
        text: "Are the client secret and tokens kept out of source code and front-end bundles?",
        options: YES_NO,
    },
    Question {
        id: "security.mfa",
        text: "Do the app's administrators sign in with multi-factor authentication?",
        options: YES_NO,
    },
    Question {
        id: "security.vulnerability_scans",
        text: "Is the app scanned for vulnerabilities at least once a year?",
        options: YES_NO,
    },
    Question {
        id: "security.incident_response",
        text: "Is there a documented incident response plan?",
        options: YES_NO,
    },
];

/// Checks that `answers` answers every question of `questions` with one of its options.
pub fn check(
    questions: &[Question],
    answers: &Value,
) -> Result<BTreeMap<String, String>, Vec<FieldError>> {
    let Value::Object(map) = answers else {
        return Err(vec![FieldError::new(
            "answers",
            "answers.missing",
            "must be an object of question id to answer; see GET /portal/api/attestation-questions",
        )]);
    };
    let mut errors = Vec::new();
    let mut out = BTreeMap::new();
    for key in map.keys() {
        if !questions.iter().any(|q| q.id == key) {
            errors.push(FieldError::new(
                format!("answers.{key}"),
                "answers.unknown",
                format!("`{key}` is not a question of this attestation"),
            ));
        }
    }
    for q in questions {
        match map.get(q.id) {
            None | Some(Value::Null) => errors.push(FieldError::new(
                format!("answers.{}", q.id),
                "answers.missing",
                format!("answer the question: {}", q.text),
            )),
            Some(Value::String(a)) if q.options.contains(&a.to_lowercase().as_str()) => {
                out.insert(q.id.to_owned(), a.to_lowercase());
            }
            Some(Value::Bool(b)) => {
                out.insert(q.id.to_owned(), if *b { "yes" } else { "no" }.to_owned());
            }
            Some(other) => errors.push(FieldError::new(
                format!("answers.{}", q.id),
                "answers.invalid",
                format!("`{other}` is not one of {}", q.options.join(", ")),
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn all(answer: &str) -> Value {
        Value::Object(
            PRIVACY
                .iter()
                .map(|q| (q.id.to_owned(), json!(answer)))
                .collect(),
        )
    }

    #[test]
    fn no_answers_are_accepted_like_yes_answers() {
        assert!(check(PRIVACY, &all("no")).is_ok());
        assert!(check(PRIVACY, &all("yes")).is_ok());
    }

    #[test]
    fn a_missing_answer_is_named() {
        let mut answers = all("yes");
        answers
            .as_object_mut()
            .unwrap()
            .remove("privacy.sells_data");
        let errs = check(PRIVACY, &answers).unwrap_err();
        assert_eq!(errs[0].field, "answers.privacy.sells_data");
    }

    #[test]
    fn an_unknown_question_is_a_typo_worth_reporting() {
        let mut answers = all("yes");
        answers
            .as_object_mut()
            .unwrap()
            .insert("privacy.selz_data".into(), json!("no"));
        assert_eq!(
            check(PRIVACY, &answers).unwrap_err()[0].code,
            "answers.unknown"
        );
    }
}
