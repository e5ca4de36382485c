//! A fault rule: which requests, what happens to them, and how often; and its checks.
//!
//! The control API and `conform serve --fault` both end here, so a rule is checked by
//! one set of rules whichever way it arrives, and every broken rule is named by its
//! field (`status`, `share`, ...) in one answer instead of one at a time.

use super::pattern::PathPattern;
use crate::error::FieldError;
use axum::http::{Method, StatusCode};
use serde_json::{Map, Value, json};

/// Longest simulated latency: a minute is already past every client's patience.
pub const MAX_LATENCY_MS: u64 = 60_000;
/// Largest `Retry-After` a rule may ask for (one day).
pub const MAX_RETRY_AFTER_SECONDS: u64 = 86_400;
/// Largest `times`: more is "always", which is what leaving `times` out means.
pub const MAX_TIMES: u64 = 1_000_000;
/// `share` is kept in millionths, so counting which request fires is exact.
pub const SHARE_SCALE: u64 = 1_000_000;

/// The fields a rule may have, in the order they are documented.
pub const FIELDS: &[&str] = &[
    "method",
    "path",
    "kind",
    "latency_ms",
    "status",
    "retry_after",
    "times",
    "share",
];

/// Methods a rule may name.
const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// What happens to a request a rule fires on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultAction {
    /// Wait this long, then answer normally: slow networks and overloaded servers.
    Latency { ms: u64 },
    /// Answer this error status without running the route, in the route's wire format.
    Status {
        status: StatusCode,
        retry_after: Option<u64>,
    },
    /// The route's real status and headers with a truncated, invalid JSON body.
    MalformedBody,
    /// Close the connection without a complete answer; the route is not run.
    DropConnection,
}

impl FaultAction {
    /// The `kind` of the rule, as the API and the request log name it.
    pub fn kind(&self) -> &'static str {
        match self {
            FaultAction::Latency { .. } => "latency",
            FaultAction::Status { .. } => "status",
            FaultAction::MalformedBody => "malformed_body",
            FaultAction::DropConnection => "drop_connection",
        }
    }
}

/// How often a rule fires on the requests it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    /// Every matching request, until the rule is removed.
    Always,
    /// The next N matching requests, then the rule is spent.
    Times(u64),
    /// This many millionths of the matching requests, spread evenly (see [`Frequency::fires`]).
    Share(u64),
}

impl Frequency {
    /// Whether the `n`-th matching request (1-based) fires, given how many fired before.
    ///
    /// A share fires when `ceil(n × share)` grows: the first matching request fires, and
    /// of the first n requests exactly `ceil(n × share)` do, so runs are reproducible and
    /// a test can count. Arithmetic is in millionths, so it is exact.
    pub fn fires(self, n: u64, fired_before: u64) -> bool {
        match self {
            Frequency::Always => true,
            Frequency::Times(times) => fired_before < times,
            Frequency::Share(millionths) => {
                let due = |k: u64| (k * millionths).div_ceil(SHARE_SCALE);
                due(n) > due(n.saturating_sub(1))
            }
        }
    }
}

/// A checked fault rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    /// Only requests with this method; `None` for any.
    pub method: Option<Method>,
    /// Only requests whose path matches.
    pub path: PathPattern,
    /// What happens.
    pub action: FaultAction,
    /// How often.
    pub frequency: Frequency,
}

impl FaultRule {
    /// Checks a rule given as JSON (the control API's body), naming every broken rule.
    pub fn from_json(body: &Map<String, Value>) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        for name in body.keys() {
            if !FIELDS.contains(&name.as_str()) {
                errors.push(FieldError::new(
                    name.as_str(),
                    "fault.unknown_field",
                    format!("is not a field of a fault rule; use {}", FIELDS.join(", ")),
                ));
            }
        }
        let method = check_method(body.get("method"), &mut errors);
        let path = check_path(body.get("path"), &mut errors);
        let action = check_action(body, &mut errors);
        let frequency = check_frequency(body, &mut errors);
        match (path, action, frequency) {
            (Some(path), Some(action), Some(frequency)) if errors.is_empty() => Ok(FaultRule {
                method,
                path,
                action,
                frequency,
            }),
            _ => Err(errors),
        }
    }

    /// The rule as the API shows it (without the counters, which the registry adds).
    pub fn to_json(&self) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert(
            "method".into(),
            self.method
                .as_ref()
                .map_or(Value::Null, |m| json!(m.as_str())),
        );
        out.insert("path".into(), json!(self.path.as_str()));
        out.insert("kind".into(), json!(self.action.kind()));
        match &self.action {
            FaultAction::Latency { ms } => {
                out.insert("latency_ms".into(), json!(ms));
            }
            FaultAction::Status {
                status,
                retry_after,
            } => {
                out.insert("status".into(), json!(status.as_u16()));
                if let Some(seconds) = retry_after {
                    out.insert("retry_after".into(), json!(seconds));
                }
            }
            FaultAction::MalformedBody | FaultAction::DropConnection => {}
        }
        match self.frequency {
            Frequency::Always => {}
            Frequency::Times(n) => {
                out.insert("times".into(), json!(n));
            }
            Frequency::Share(millionths) => {
                out.insert(
                    "share".into(),
                    json!(millionths as f64 / SHARE_SCALE as f64),
                );
            }
        }
        out
    }

    /// Whether a request with `method` to `path` is one this rule is about.
    pub fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|m| m == method) && self.path.matches(path)
    }
}

fn check_method(value: Option<&Value>, errors: &mut Vec<FieldError>) -> Option<Method> {
    let value = value.filter(|v| !v.is_null())?;
    let upper = value.as_str().map(str::to_ascii_uppercase);
    match upper.filter(|m| METHODS.contains(&m.as_str())) {
        Some(m) => Method::from_bytes(m.as_bytes()).ok(),
        None => {
            errors.push(FieldError::new(
                "method",
                "method.invalid",
                format!(
                    "must be one of {} (or left out for any method)",
                    METHODS.join(", ")
                ),
            ));
            None
        }
    }
}

fn check_path(value: Option<&Value>, errors: &mut Vec<FieldError>) -> Option<PathPattern> {
    let Some(value) = value else {
        errors.push(FieldError::new(
            "path",
            "path.missing",
            "is required: the path to fault, e.g. /dev1/fhir/Patient* or /*/oauth2/token",
        ));
        return None;
    };
    let parsed = value
        .as_str()
        .ok_or_else(|| "must be a text, e.g. /dev1/fhir/Patient*".to_owned())
        .and_then(|text| PathPattern::parse(text).map_err(|e| e.to_string()));
    match parsed {
        Ok(pattern) => Some(pattern),
        Err(message) => {
            errors.push(FieldError::new("path", "path.invalid", message));
            None
        }
    }
}

/// A whole number from `min` to `max`, or an error on `field`.
fn whole(
    body: &Map<String, Value>,
    field: &'static str,
    code: &'static str,
    (min, max): (u64, u64),
    errors: &mut Vec<FieldError>,
) -> Option<u64> {
    let value = body.get(field)?;
    match value.as_u64().filter(|n| (min..=max).contains(n)) {
        Some(n) => Some(n),
        None => {
            errors.push(FieldError::new(
                field,
                code,
                format!("must be a whole number from {min} to {max}"),
            ));
            None
        }
    }
}

/// An error for a field that only belongs to another kind of rule.
fn not_applicable(
    body: &Map<String, Value>,
    field: &'static str,
    belongs_to: &str,
    errors: &mut Vec<FieldError>,
) {
    if body.contains_key(field) {
        errors.push(FieldError::new(
            field,
            "fault.field_not_applicable",
            format!("only applies to rules of kind {belongs_to}"),
        ));
    }
}

fn check_action(body: &Map<String, Value>, errors: &mut Vec<FieldError>) -> Option<FaultAction> {
    const KINDS: &str = "latency, status, malformed_body or drop_connection";
    let kind = match body.get("kind") {
        None => {
            errors.push(FieldError::new(
                "kind",
                "kind.missing",
                format!("is required: {KINDS}"),
            ));
            return None;
        }
        Some(kind) => kind.as_str().unwrap_or_default(),
    };
    if kind != "latency" {
        not_applicable(body, "latency_ms", "latency", errors);
    }
    if kind != "status" {
        not_applicable(body, "status", "status", errors);
        not_applicable(body, "retry_after", "status (429 or 503)", errors);
    }
    match kind {
        "latency" => {
            let ms = whole(
                body,
                "latency_ms",
                "latency_ms.invalid",
                (1, MAX_LATENCY_MS),
                errors,
            );
            if !body.contains_key("latency_ms") {
                errors.push(FieldError::new(
                    "latency_ms",
                    "latency_ms.missing",
                    format!("is required for latency: milliseconds from 1 to {MAX_LATENCY_MS}"),
                ));
            }
            ms.map(|ms| FaultAction::Latency { ms })
        }
        "status" => check_status(body, errors),
        "malformed_body" => Some(FaultAction::MalformedBody),
        "drop_connection" => Some(FaultAction::DropConnection),
        _ => {
            errors.push(FieldError::new(
                "kind",
                "kind.unknown",
                format!("must be {KINDS}"),
            ));
            None
        }
    }
}

fn check_status(body: &Map<String, Value>, errors: &mut Vec<FieldError>) -> Option<FaultAction> {
    if !body.contains_key("status") {
        errors.push(FieldError::new(
            "status",
            "status.missing",
            "is required for kind status: an HTTP error status from 400 to 599",
        ));
    }
    let status = whole(body, "status", "status.invalid", (400, 599), errors)
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| StatusCode::from_u16(s).ok());
    let retry_after = whole(
        body,
        "retry_after",
        "retry_after.invalid",
        (0, MAX_RETRY_AFTER_SECONDS),
        errors,
    );
    if let (Some(status), Some(_)) = (status, retry_after)
        && !matches!(status.as_u16(), 429 | 503)
    {
        errors.push(FieldError::new(
            "retry_after",
            "retry_after.not_applicable",
            "only applies to status 429 or 503, the answers that ask a client to retry later",
        ));
    }
    status.map(|status| FaultAction::Status {
        status,
        retry_after,
    })
}

fn check_frequency(body: &Map<String, Value>, errors: &mut Vec<FieldError>) -> Option<Frequency> {
    let times = whole(body, "times", "times.invalid", (1, MAX_TIMES), errors);
    let share = body.get("share").and_then(|value| {
        let millionths = value
            .as_f64()
            .filter(|x| *x > 0.0 && *x <= 1.0)
            .map(|x| (x * SHARE_SCALE as f64).round() as u64)
            .filter(|m| *m >= 1);
        if millionths.is_none() {
            errors.push(FieldError::new(
                "share",
                "share.invalid",
                "must be a number greater than 0 and at most 1 (0.1 is one request in ten)",
            ));
        }
        millionths
    });
    if body.contains_key("times") && body.contains_key("share") {
        errors.push(FieldError::new(
            "share",
            "share.with_times",
            "give either times (the next N requests) or share (a fraction of them), not both",
        ));
        return None;
    }
    match (times, share) {
        (Some(n), _) => Some(Frequency::Times(n)),
        (_, Some(m)) => Some(Frequency::Share(m)),
        _ if body.contains_key("times") || body.contains_key("share") => None,
        _ => Some(Frequency::Always),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(body: Value) -> Result<FaultRule, Vec<FieldError>> {
        FaultRule::from_json(body.as_object().unwrap_or(&Map::new()))
    }

    fn fields(body: Value) -> Vec<String> {
        rule(body)
            .map(|_| Vec::new())
            .unwrap_or_else(|errors| errors.into_iter().map(|e| e.field).collect())
    }

    #[test]
    fn a_status_rule_with_retry_after_is_kept_as_given() {
        let r = rule(
            json!({"method": "post", "path": "/*/oauth2/token", "kind": "status",
                            "status": 503, "retry_after": 2, "times": 2}),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(r.method, Some(Method::POST));
        assert_eq!(
            r.action,
            FaultAction::Status {
                status: StatusCode::SERVICE_UNAVAILABLE,
                retry_after: Some(2)
            }
        );
        assert_eq!(r.frequency, Frequency::Times(2));
        assert_eq!(r.to_json()["status"], 503);
    }

    #[test]
    fn every_broken_field_is_named_at_once() {
        let named = fields(json!({"path": "", "kind": "status", "status": 600,
                                  "times": 0, "colour": "red"}));
        assert_eq!(named, ["colour", "path", "status", "times"]);
        assert_eq!(
            fields(json!({"path": "/x", "kind": "latency", "latency_ms": 60_001})),
            ["latency_ms"]
        );
        assert_eq!(
            fields(json!({"path": "/x", "kind": "drop_connection", "times": 1, "share": 0.5})),
            ["share"]
        );
        assert_eq!(
            fields(json!({"path": "/x", "kind": "status", "status": 500, "retry_after": 3})),
            ["retry_after"]
        );
        assert_eq!(fields(json!({"path": "/x", "kind": "explode"})), ["kind"]);
        assert_eq!(
            fields(json!({"path": "/x", "kind": "malformed_body", "share": 1.5})),
            ["share"]
        );
        assert_eq!(
            fields(json!({"path": "/x", "kind": "latency"})),
            ["latency_ms"]
        );
        assert_eq!(
            fields(json!({"kind": "drop_connection", "method": "BREW"})),
            ["method", "path"]
        );
    }

    #[test]
    fn a_share_fires_on_exactly_its_part_of_the_requests_starting_with_the_first() {
        let half = Frequency::Share(SHARE_SCALE / 2);
        let mut fired = 0;
        let mut pattern = Vec::new();
        for n in 1..=20 {
            let fires = half.fires(n, fired);
            fired += u64::from(fires);
            pattern.push(fires);
        }
        assert_eq!(fired, 10);
        assert_eq!(&pattern[..4], [true, false, true, false]);
        let tenth = Frequency::Share(SHARE_SCALE / 10);
        assert_eq!((1..=100).filter(|&n| tenth.fires(n, 0)).count(), 10);
    }

    #[test]
    fn times_fires_until_spent() {
        assert!(Frequency::Times(2).fires(1, 0));
        assert!(Frequency::Times(2).fires(2, 1));
        assert!(!Frequency::Times(2).fires(3, 2));
    }
}
