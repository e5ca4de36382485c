//! FHIR search criteria judged on the client side: given a search the harness sent and
//! a resource the server matched, does the resource really satisfy it?
//!
//! The harness must not trust the server it tests, so it keeps its own copy of the
//! search parameters it exercises, written from the specifications (FHIR R4
//! `searchparameter-registry`, US Core 3.1.1, CARIN Blue Button 1.2.0, Da Vinci PDex
//! Plan-Net 1.1.0), never from the sandbox's tables. The same table picks values from
//! the server's own data, so a scenario can search by "the specialty of the first
//! PractitionerRole" and work against any server.
//!
//! Matching follows R4 `search.html`: strings match the start of any part of a value,
//! ignoring case and accents (`:exact` exact, `:contains` anywhere); tokens
//! `code`, `system|code`, `|code`, `system|`; references `Type/id`, `id` or a URL that
//! ends so, and chains `ref.param` through resources present in the searchset; dates
//! with the prefixes `eq ne lt gt le ge sa eb`, compared at the precision of the
//! search value.

use serde_json::Value;

/// How a parameter's value is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Starts-with, ignoring case and accents; `:exact` and `:contains`.
    String,
    /// `code`, `system|code`, `|code`, `system|`.
    Token,
    /// `Type/id`, `id`, or an absolute URL.
    Reference,
    /// A date with an optional prefix.
    Date,
}

/// One step of a path into a resource; arrays are walked transparently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg {
    /// A property.
    F(&'static str),
    /// Only the extensions (of the current array) whose `url` is this.
    Ext(&'static str),
}

use Seg::{Ext, F};

/// A search parameter as the specifications define it.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The parameter's code, e.g. `service-date`.
    pub name: &'static str,
    /// How values compare.
    pub kind: Kind,
    /// Where its values are in a resource (any path may hold them).
    pub paths: &'static [&'static [Seg]],
    /// For references, the types it may point at (the first is the default of chains).
    pub targets: &'static [&'static str],
}

macro_rules! p {
    ($name:literal, $kind:ident, [$([$($seg:expr),+]),+] $(, -> [$($t:literal),+])?) => {
        Param {
            name: $name,
            kind: Kind::$kind,
            paths: &[$(&[$($seg),+]),+],
            targets: &[$($($t),+)?],
        }
    };
}

/// The Plan-Net extension that puts a PractitionerRole in a network.
pub const NETWORK_REFERENCE: &str =
    "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/network-reference";

const ID: Param = p!("_id", Token, [[F("id")]]);
const LAST_UPDATED: Param = p!("_lastUpdated", Date, [[F("meta"), F("lastUpdated")]]);

const PATIENT: &[Param] = &[
    p!("identifier", Token, [[F("identifier")]]),
    p!("name", String, [[F("name")]]),
    p!("family", String, [[F("name"), F("family")]]),
    p!("given", String, [[F("name"), F("given")]]),
    p!("birthdate", Date, [[F("birthDate")]]),
    p!("gender", Token, [[F("gender")]]),
];

const COVERAGE: &[Param] = &[
    p!("patient", Reference, [[F("beneficiary")]], -> ["Patient"]),
    p!("beneficiary", Reference, [[F("beneficiary")]], -> ["Patient"]),
    p!("subscriber", Reference, [[F("subscriber")]], -> ["Patient", "RelatedPerson"]),
    p!("payor", Reference, [[F("payor")]], -> ["Organization", "Patient", "RelatedPerson"]),
    p!("identifier", Token, [[F("identifier")]]),
    p!("status", Token, [[F("status")]]),
    p!("type", Token, [[F("type")]]),
];

const EOB: &[Param] = &[
    p!("patient", Reference, [[F("patient")]], -> ["Patient"]),
    p!("identifier", Token, [[F("identifier")]]),
    p!("type", Token, [[F("type")]]),
    p!(
        "service-date",
        Date,
        [
            [F("billablePeriod")],
            [F("item"), F("servicedDate")],
            [F("item"), F("servicedPeriod")]
        ]
    ),
    p!("status", Token, [[F("status")]]),
    p!("created", Date, [[F("created")]]),
    p!("provider", Reference, [[F("provider")]], -> ["Practitioner", "Organization", "PractitionerRole"]),
    p!("insurer", Reference, [[F("insurer")]], -> ["Organization"]),
    p!("coverage", Reference, [[F("insurance"), F("coverage")]], -> ["Coverage"]),
    p!("care-team", Reference, [[F("careTeam"), F("provider")]], -> ["Practitioner", "Organization", "PractitionerRole"]),
];

const ENCOUNTER: &[Param] = &[
    p!("patient", Reference, [[F("subject")]], -> ["Patient"]),
    p!("date", Date, [[F("period")]]),
    p!("class", Token, [[F("class")]]),
    p!("type", Token, [[F("type")]]),
    p!("status", Token, [[F("status")]]),
    p!("identifier", Token, [[F("identifier")]]),
];

const CONDITION: &[Param] = &[
    p!("patient", Reference, [[F("subject")]], -> ["Patient"]),
    p!("category", Token, [[F("category")]]),
    p!("clinical-status", Token, [[F("clinicalStatus")]]),
    p!("code", Token, [[F("code")]]),
    p!(
        "onset-date",
        Date,
        [[F("onsetDateTime")], [F("onsetPeriod")]]
    ),
];

const OBSERVATION: &[Param] = &[
    p!("patient", Reference, [[F("subject")]], -> ["Patient"]),
    p!("category", Token, [[F("category")]]),
    p!("code", Token, [[F("code")]]),
    p!(
        "date",
        Date,
        [
            [F("effectiveDateTime")],
            [F("effectivePeriod")],
            [F("effectiveInstant")]
        ]
    ),
    p!("status", Token, [[F("status")]]),
];

const PROCEDURE: &[Param] = &[
    p!("patient", Reference, [[F("subject")]], -> ["Patient"]),
    p!(
        "date",
        Date,
        [[F("performedDateTime")], [F("performedPeriod")]]
    ),
    p!("code", Token, [[F("code")]]),
    p!("status", Token, [[F("status")]]),
];

const IMMUNIZATION: &[Param] = &[
    p!("patient", Reference, [[F("patient")]], -> ["Patient"]),
    p!("date", Date, [[F("occurrenceDateTime")]]),
    p!("status", Token, [[F("status")]]),
    p!("vaccine-code", Token, [[F("vaccineCode")]]),
];

const DIAGNOSTIC_REPORT: &[Param] = &[
    p!("patient", Reference, [[F("subject")]], -> ["Patient"]),
    p!("category", Token, [[F("category")]]),
    p!("code", Token, [[F("code")]]),
    p!(
        "date",
        Date,
        [[F("effectiveDateTime")], [F("effectivePeriod")]]
    ),
    p!("status", Token, [[F("status")]]),
    p!("result", Reference, [[F("result")]], -> ["Observation"]),
];

const SERVICE_REQUEST: &[Param] = &[
    p!("patient", Reference, [[F("subject")]], -> ["Patient"]),
    p!("code", Token, [[F("code")]]),
    p!("category", Token, [[F("category")]]),
    p!("authored", Date, [[F("authoredOn")]]),
    p!("status", Token, [[F("status")]]),
    p!("requester", Reference, [[F("requester")]], -> ["Practitioner", "Organization", "PractitionerRole"]),
];

const ENDPOINT: &[Param] = &[
    p!("organization", Reference, [[F("managingOrganization")]], -> ["Organization"]),
    p!("connection-type", Token, [[F("connectionType")]]),
    p!("identifier", Token, [[F("identifier")]]),
    p!("mime-type", Token, [[F("payloadMimeType")]]),
    p!("payload-type", Token, [[F("payloadType")]]),
    p!("name", String, [[F("name")]]),
];

const HEALTHCARE_SERVICE: &[Param] = &[
    p!("organization", Reference, [[F("providedBy")]], -> ["Organization"]),
    p!("location", Reference, [[F("location")]], -> ["Location"]),
    p!("coverage-area", Reference, [[F("coverageArea")]], -> ["Location"]),
    p!("endpoint", Reference, [[F("endpoint")]], -> ["Endpoint"]),
    p!("service-category", Token, [[F("category")]]),
    p!("service-type", Token, [[F("type")]]),
    p!("specialty", Token, [[F("specialty")]]),
    p!("name", String, [[F("name")]]),
];

const INSURANCE_PLAN: &[Param] = &[
    p!("administered-by", Reference, [[F("administeredBy")]], -> ["Organization"]),
    p!("owned-by", Reference, [[F("ownedBy")]], -> ["Organization"]),
    p!("coverage-area", Reference, [[F("coverageArea")]], -> ["Location"]),
    p!("endpoint", Reference, [[F("endpoint")]], -> ["Endpoint"]),
    p!("network", Reference, [[F("network")]], -> ["Organization"]),
    p!("identifier", Token, [[F("identifier")]]),
    p!("plan-type", Token, [[F("plan"), F("type")]]),
    p!("type", Token, [[F("type")]]),
    p!("name", String, [[F("name")], [F("alias")]]),
];

const LOCATION: &[Param] = &[
    p!("address", String, [[F("address")]]),
    p!("address-city", String, [[F("address"), F("city")]]),
    p!("address-state", String, [[F("address"), F("state")]]),
    p!(
        "address-postalcode",
        String,
        [[F("address"), F("postalCode")]]
    ),
    p!("organization", Reference, [[F("managingOrganization")]], -> ["Organization"]),
    p!("partof", Reference, [[F("partOf")]], -> ["Location"]),
    p!("endpoint", Reference, [[F("endpoint")]], -> ["Endpoint"]),
    p!("type", Token, [[F("type")]]),
    p!("name", String, [[F("name")], [F("alias")]]),
];

const ORGANIZATION_AFFILIATION: &[Param] = &[
    p!("primary-organization", Reference, [[F("organization")]], -> ["Organization"]),
    p!("participating-organization", Reference, [[F("participatingOrganization")]], -> ["Organization"]),
    p!("location", Reference, [[F("location")]], -> ["Location"]),
    p!("service", Reference, [[F("healthcareService")]], -> ["HealthcareService"]),
    p!("network", Reference, [[F("network")]], -> ["Organization"]),
    p!("endpoint", Reference, [[F("endpoint")]], -> ["Endpoint"]),
    p!("role", Token, [[F("code")]]),
    p!("specialty", Token, [[F("specialty")]]),
];

const ORGANIZATION: &[Param] = &[
    p!("name", String, [[F("name")], [F("alias")]]),
    p!("address", String, [[F("address")]]),
    p!("partof", Reference, [[F("partOf")]], -> ["Organization"]),
    p!("endpoint", Reference, [[F("endpoint")]], -> ["Endpoint"]),
    p!("type", Token, [[F("type")]]),
    p!("identifier", Token, [[F("identifier")]]),
];

const PRACTITIONER_ROLE: &[Param] = &[
    p!("practitioner", Reference, [[F("practitioner")]], -> ["Practitioner"]),
    p!("organization", Reference, [[F("organization")]], -> ["Organization"]),
    p!("location", Reference, [[F("location")]], -> ["Location"]),
    p!("service", Reference, [[F("healthcareService")]], -> ["HealthcareService"]),
    p!(
        "network",
        Reference,
        [[F("extension"), Ext(NETWORK_REFERENCE), F("valueReference")]],
        -> ["Organization"]
    ),
    p!("endpoint", Reference, [[F("endpoint")]], -> ["Endpoint"]),
    p!("role", Token, [[F("code")]]),
    p!("specialty", Token, [[F("specialty")]]),
];

const PRACTITIONER: &[Param] = &[
    p!("name", String, [[F("name")]]),
    p!("family", String, [[F("name"), F("family")]]),
    p!("given", String, [[F("name"), F("given")]]),
    p!("identifier", Token, [[F("identifier")]]),
    p!("gender", Token, [[F("gender")]]),
];

/// The parameters the harness knows for `resource_type` (besides `_id` and
/// `_lastUpdated`, which every type has).
fn params_of(resource_type: &str) -> &'static [Param] {
    match resource_type {
        "Patient" => PATIENT,
        "Coverage" => COVERAGE,
        "ExplanationOfBenefit" => EOB,
        "Encounter" => ENCOUNTER,
        "Condition" => CONDITION,
        "Observation" => OBSERVATION,
        "Procedure" => PROCEDURE,
        "Immunization" => IMMUNIZATION,
        "DiagnosticReport" => DIAGNOSTIC_REPORT,
        "ServiceRequest" => SERVICE_REQUEST,
        "Endpoint" => ENDPOINT,
        "HealthcareService" => HEALTHCARE_SERVICE,
        "InsurancePlan" => INSURANCE_PLAN,
        "Location" => LOCATION,
        "OrganizationAffiliation" => ORGANIZATION_AFFILIATION,
        "Organization" => ORGANIZATION,
        "PractitionerRole" => PRACTITIONER_ROLE,
        "Practitioner" => PRACTITIONER,
        _ => &[],
    }
}

/// The parameter `name` of `resource_type`, as the specifications define it.
pub fn param(resource_type: &str, name: &str) -> Option<&'static Param> {
    match name {
        "_id" => Some(&ID),
        "_lastUpdated" => Some(&LAST_UPDATED),
        _ => params_of(resource_type).iter().find(|p| p.name == name),
    }
}

/// Parameters that shape the answer rather than select resources.
pub const RESULT_PARAMETERS: &[&str] = &[
    "_count",
    "_page",
    "_format",
    "_include",
    "_revinclude",
    "_sort",
    "_summary",
    "_elements",
    "_total",
    "_contained",
    "_containedType",
];

/// Every value at `path` in `resource`, arrays flattened.
pub fn values_at<'v>(resource: &'v Value, path: &[Seg]) -> Vec<&'v Value> {
    fn flatten<'v>(value: &'v Value, out: &mut Vec<&'v Value>) {
        match value {
            Value::Array(items) => items.iter().for_each(|i| flatten(i, out)),
            Value::Null => {}
            other => out.push(other),
        }
    }
    let mut current = vec![resource];
    for seg in path {
        let mut next = Vec::new();
        for value in current {
            match seg {
                F(field) => {
                    if let Some(v) = value.get(field) {
                        flatten(v, &mut next);
                    }
                }
                Ext(url) => {
                    if value["url"].as_str() == Some(url) {
                        next.push(value);
                    }
                }
            }
        }
        current = next;
    }
    current
}

/// Every value of parameter `p` in `resource`.
pub fn param_values<'v>(resource: &'v Value, p: &Param) -> Vec<&'v Value> {
    p.paths
        .iter()
        .flat_map(|path| values_at(resource, path))
        .collect()
}

// ---------------------------------------------------------------------------------
// Reading values by kind

/// The parts of a HumanName or Address a string search looks at.
const STRING_PARTS: &[&str] = &[
    "text",
    "family",
    "given",
    "prefix",
    "suffix",
    "line",
    "city",
    "district",
    "state",
    "postalCode",
    "country",
];

/// The texts a string parameter compares: the string itself, or the parts of a
/// HumanName or Address.
pub fn strings_of(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::Object(map) => STRING_PARTS
            .iter()
            .filter_map(|k| map.get(*k))
            .flat_map(|v| match v {
                Value::String(s) => vec![s.as_str()],
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The `(system, code)` pairs a token parameter compares: a code, a Coding, every
/// coding of a CodeableConcept, or an Identifier's system and value.
pub fn tokens_of(value: &Value) -> Vec<(Option<&str>, &str)> {
    match value {
        Value::String(code) => vec![(None, code.as_str())],
        Value::Bool(_) => Vec::new(),
        Value::Object(map) => {
            if let Some(codings) = map.get("coding").and_then(Value::as_array) {
                return codings
                    .iter()
                    .filter_map(|c| Some((c["system"].as_str(), c["code"].as_str()?)))
                    .collect();
            }
            let system = map.get("system").and_then(Value::as_str);
            let code = map
                .get("code")
                .or_else(|| map.get("value"))
                .and_then(Value::as_str);
            code.map(|c| vec![(system, c)]).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// The `reference` of a Reference, as `Type/id` when it is an absolute URL of a
/// FHIR server (the last two segments).
pub fn reference_of(value: &Value) -> Option<String> {
    let reference = value["reference"].as_str()?;
    Some(relative_reference(reference))
}

/// `http://x/fhir/Practitioner/p1` → `Practitioner/p1`; a relative reference as is.
pub fn relative_reference(reference: &str) -> String {
    let reference = reference.split(['?', '#']).next().unwrap_or_default();
    let parts: Vec<&str> = reference.rsplitn(3, '/').collect();
    if reference.contains("://") && parts.len() >= 2 {
        format!("{}/{}", parts[1], parts[0])
    } else {
        reference.to_owned()
    }
}

/// The range a date value covers: `(start, end)`, `None` for an open end.
pub fn date_range(value: &Value) -> Option<(Option<&str>, Option<&str>)> {
    match value {
        Value::String(s) => Some((Some(s.as_str()), Some(s.as_str()))),
        Value::Object(map) => {
            let start = map.get("start").and_then(Value::as_str);
            let end = map.get("end").and_then(Value::as_str);
            (start.is_some() || end.is_some()).then_some((start, end))
        }
        _ => None,
    }
}

/// Lower case without accents, for string matching.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
            'ý' | 'ÿ' => 'y',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ł' => 'l',
            'ř' => 'r',
            other => other,
        })
        .collect()
}

// ---------------------------------------------------------------------------------
// Judging one criterion

/// One `name=value` of a query, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    /// The parameter, without modifier or chain (`practitioner`, `name`).
    pub param: String,
    /// The modifier after `:` (`exact`, `contains`, or a type for references).
    pub modifier: Option<String>,
    /// The chained parameter after `.` (`name` in `practitioner.name`).
    pub chain: Option<String>,
    /// The comma-separated alternatives of the value.
    pub values: Vec<String>,
}

impl Criterion {
    /// Reads `name=value`; `None` for result parameters (`_count`, `_include`, …).
    pub fn parse(name: &str, value: &str) -> Option<Criterion> {
        let (head, chain) = match name.split_once('.') {
            Some((head, chain)) => (head, Some(chain.to_owned())),
            None => (name, None),
        };
        let (param, modifier) = match head.split_once(':') {
            Some((param, modifier)) => (param, Some(modifier.to_owned())),
            None => (head, None),
        };
        if RESULT_PARAMETERS.contains(&param) {
            return None;
        }
        Some(Criterion {
            param: param.to_owned(),
            modifier,
            chain,
            values: split_values(value),
        })
    }
}

/// `a,b\,c` → `["a", "b,c"]` (R4 `search.html#escaping`).
fn split_values(value: &str) -> Vec<String> {
    let mut values = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(last)) = (chars.next(), values.last_mut()) {
                    last.push(next);
                }
            }
            ',' => values.push(String::new()),
            other => {
                if let Some(last) = values.last_mut() {
                    last.push(other);
                }
            }
        }
    }
    values
}

/// Whether `resource` (of `resource_type`) satisfies `criterion`. `resolve` finds a
/// referenced resource (`Type/id`) in the searchset, for chains. `Err` says why the
/// harness cannot judge (an unknown parameter, a chain whose target is not at hand).
pub fn satisfies(
    resource_type: &str,
    resource: &Value,
    criterion: &Criterion,
    resolve: &dyn Fn(&str) -> Option<Value>,
) -> Result<bool, String> {
    let Some(p) = param(resource_type, &criterion.param) else {
        return Err(format!(
            "the harness does not know the search parameter `{}` of {resource_type}, so it cannot \
             check the matches",
            criterion.param
        ));
    };
    let values = param_values(resource, p);
    if let Some(chained) = &criterion.chain {
        if p.kind != Kind::Reference {
            return Err(format!(
                "`{}` is not a reference parameter, so it cannot be chained",
                p.name
            ));
        }
        let target_type = criterion
            .modifier
            .clone()
            .or_else(|| p.targets.first().map(|t| (*t).to_owned()))
            .unwrap_or_default();
        let inner = Criterion {
            param: chained
                .split_once(':')
                .map_or(chained.as_str(), |(a, _)| a)
                .to_owned(),
            modifier: chained.split_once(':').map(|(_, m)| m.to_owned()),
            chain: None,
            values: criterion.values.clone(),
        };
        let id = resource["id"].as_str().unwrap_or("?");
        for reference in values.iter().filter_map(|v| reference_of(v)) {
            let Some((kind, _)) = reference.split_once('/') else {
                continue;
            };
            if kind != target_type {
                continue;
            }
            let Some(target) = resolve(&reference) else {
                return Err(format!(
                    "{resource_type}/{id} refers to {reference}, which is not in the searchset, so the \
                     chain `{}.{chained}` cannot be checked (search with `_include={resource_type}:{}` \
                     to let the harness see it)",
                    p.name, p.name
                ));
            };
            if satisfies(&target_type, &target, &inner, resolve)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if criterion.modifier.as_deref() == Some("missing") {
        let wanted = criterion.values.first().map(String::as_str) == Some("true");
        return Ok(values.is_empty() == wanted);
    }
    for wanted in &criterion.values {
        let hit = match p.kind {
            Kind::String => string_matches(&values, wanted, criterion.modifier.as_deref())?,
            Kind::Token => values
                .iter()
                .flat_map(|v| tokens_of(v))
                .any(|t| token_matches(t, wanted)),
            Kind::Reference => {
                let wanted = match &criterion.modifier {
                    Some(kind) if !wanted.contains('/') => format!("{kind}/{wanted}"),
                    _ => wanted.clone(),
                };
                values
                    .iter()
                    .filter_map(|v| reference_of(v))
                    .any(|r| reference_matches(&r, &wanted))
            }
            Kind::Date => {
                let (prefix, day) = split_prefix(wanted);
                values
                    .iter()
                    .filter_map(|v| date_range(v))
                    .any(|range| date_matches(range, prefix, day))
            }
        };
        if hit {
            return Ok(true);
        }
    }
    Ok(false)
}

fn string_matches(values: &[&Value], wanted: &str, modifier: Option<&str>) -> Result<bool, String> {
    let texts = values.iter().flat_map(|v| strings_of(v));
    Ok(match modifier {
        None => {
            let wanted = fold(wanted);
            texts.into_iter().any(|t| fold(t).starts_with(&wanted))
        }
        Some("exact") => texts.into_iter().any(|t| t == wanted),
        Some("contains") => {
            let wanted = fold(wanted);
            texts.into_iter().any(|t| fold(t).contains(&wanted))
        }
        Some(other) => {
            return Err(format!(
                "the harness cannot judge the string modifier `:{other}`"
            ));
        }
    })
}

/// Whether one `(system, code)` satisfies a token search value.
pub fn token_matches((system, code): (Option<&str>, &str), wanted: &str) -> bool {
    match wanted.split_once('|') {
        None => code == wanted,
        Some(("", c)) => system.is_none() && code == c,
        Some((s, "")) => system == Some(s),
        Some((s, c)) => system == Some(s) && code == c,
    }
}

/// Whether a reference (`Type/id`) satisfies a reference search value.
pub fn reference_matches(reference: &str, wanted: &str) -> bool {
    let wanted = relative_reference(wanted);
    if wanted.contains('/') {
        reference == wanted
    } else {
        reference.rsplit('/').next() == Some(wanted.as_str())
    }
}

/// `ge2020-01-01` → `("ge", "2020-01-01")`; no prefix means `eq`.
pub fn split_prefix(value: &str) -> (&str, &str) {
    let prefix = value.get(..2).unwrap_or_default();
    if prefix.chars().all(|c| c.is_ascii_lowercase()) && prefix.len() == 2 {
        (prefix, &value[2..])
    } else {
        ("eq", value)
    }
}

/// Whether a date range satisfies `prefix` + `day`, compared at the precision of `day`
/// (a year, a month or a day; times are compared by their date).
pub fn date_matches(range: (Option<&str>, Option<&str>), prefix: &str, day: &str) -> bool {
    let precision = day.len().min(10);
    let q = &day[..precision];
    let cut = |s: &str| -> String { s.chars().take(precision).collect() };
    let start = range.0.map(cut);
    let end = range.1.map(cut);
    let start_ge = |q: &str| start.as_deref().is_some_and(|s| s >= q);
    let start_gt = |q: &str| start.as_deref().is_some_and(|s| s > q);
    let end_le = |q: &str| end.as_deref().is_some_and(|e| e <= q);
    let end_lt = |q: &str| end.as_deref().is_some_and(|e| e < q);
    match prefix {
        "eq" => start_ge(q) && end_le(q),
        "ne" => !(start_ge(q) && end_le(q)),
        "gt" => !end_le(q),
        "ge" => !end_lt(q),
        "lt" => !start_ge(q),
        "le" => !start_gt(q),
        "sa" => start_gt(q),
        "eb" => end_lt(q),
        // `ap` is approximate by the server's judgement.
        _ => true,
    }
}

// ---------------------------------------------------------------------------------
// Picking values from the data

/// A value of parameter `p` in `resource` to search with, as a search value: a string
/// part (a family name, a city), `system|code`, `Type/id`, or a date. With `system`,
/// only tokens of that system qualify.
pub fn pick(resource: &Value, p: &Param, system: Option<&str>) -> Option<String> {
    let values = param_values(resource, p);
    match p.kind {
        Kind::String => values.iter().find_map(|v| preferred_string(v)),
        Kind::Token => {
            values
                .iter()
                .flat_map(|v| tokens_of(v))
                .find_map(|(s, c)| match (system, s) {
                    (Some(wanted), Some(s)) if wanted == s => Some(format!("{s}|{c}")),
                    (Some(_), _) => None,
                    (None, Some(s)) => Some(format!("{s}|{c}")),
                    (None, None) => Some(c.to_owned()),
                })
        }
        Kind::Reference => values.iter().find_map(|v| reference_of(v)),
        Kind::Date => values
            .iter()
            .filter_map(|v| date_range(v))
            .find_map(|(start, end)| start.or(end))
            .map(|d| d.chars().take(10).collect()),
    }
}

/// The part of a string value a person would search by: a family name, a city.
fn preferred_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Object(map) => [
            "family",
            "city",
            "text",
            "given",
            "line",
            "state",
            "postalCode",
        ]
        .iter()
        .filter_map(|k| map.get(*k))
        .find_map(|v| match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_str)
                .find(|s| !s.trim().is_empty())
                .map(str::to_owned),
            _ => None,
        }),
        _ => None,
    }
}

/// Every start date (`YYYY-MM-DD`) of parameter `p` in `resource`.
pub fn dates(resource: &Value, p: &Param) -> Vec<String> {
    param_values(resource, p)
        .iter()
        .filter_map(|v| date_range(v))
        .filter_map(|(start, end)| start.or(end))
        .map(|d| d.chars().take(10).collect())
        .collect()
}

/// Whether `npi` is ten digits whose check digit is right (Luhn over `80840` and the
/// first nine digits, as CMS defines the NPI check digit).
pub fn npi_is_valid(npi: &str) -> bool {
    if npi.len() != 10 || !npi.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u32> = format!("80840{npi}")
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .collect();
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn judge(kind: &str, resource: &Value, name: &str, value: &str) -> bool {
        let criterion = Criterion::parse(name, value).unwrap();
        satisfies(kind, resource, &criterion, &|_| None).unwrap()
    }

    #[test]
    fn strings_match_the_start_ignoring_case_and_accents() {
        let p = json!({"resourceType": "Practitioner", "name": [{"family": "Núñez", "given": ["José"]}]});
        assert!(judge("Practitioner", &p, "family", "nun"));
        assert!(judge("Practitioner", &p, "name", "jose"));
        assert!(!judge("Practitioner", &p, "family", "unez"));
        assert!(judge("Practitioner", &p, "family:contains", "ÑE"));
        assert!(judge("Practitioner", &p, "family:exact", "Núñez"));
        assert!(!judge("Practitioner", &p, "family:exact", "nunez"));
    }

    #[test]
    fn tokens_match_system_and_code() {
        let role = json!({"specialty": [{"coding": [{"system": "http://nucc.org/provider-taxonomy", "code": "207Q00000X"}]}]});
        for (value, expected) in [
            ("207Q00000X", true),
            ("http://nucc.org/provider-taxonomy|207Q00000X", true),
            ("http://nucc.org/provider-taxonomy|", true),
            ("|207Q00000X", false),
            ("http://other|207Q00000X", false),
            ("a,207Q00000X", true),
        ] {
            assert_eq!(
                judge("PractitionerRole", &role, "specialty", value),
                expected,
                "{value}"
            );
        }
    }

    #[test]
    fn references_match_relative_absolute_and_bare_ids() {
        let role =
            json!({"practitioner": {"reference": "http://x/dev1/fhir/Practitioner/pract-1"}});
        assert!(judge(
            "PractitionerRole",
            &role,
            "practitioner",
            "Practitioner/pract-1"
        ));
        assert!(judge("PractitionerRole", &role, "practitioner", "pract-1"));
        assert!(!judge(
            "PractitionerRole",
            &role,
            "practitioner",
            "pract-10"
        ));
    }

    #[test]
    fn network_lives_in_an_extension() {
        let role = json!({"extension": [{"url": NETWORK_REFERENCE, "valueReference": {"reference": "Organization/network-1"}}]});
        assert!(judge(
            "PractitionerRole",
            &role,
            "network",
            "Organization/network-1"
        ));
    }

    #[test]
    fn dates_honour_prefixes_at_the_search_precision() {
        let eob = json!({"billablePeriod": {"start": "2021-03-04", "end": "2021-03-09"}});
        assert!(judge(
            "ExplanationOfBenefit",
            &eob,
            "service-date",
            "ge2021-03-09"
        ));
        assert!(!judge(
            "ExplanationOfBenefit",
            &eob,
            "service-date",
            "ge2021-03-10"
        ));
        assert!(judge(
            "ExplanationOfBenefit",
            &eob,
            "service-date",
            "lt2021-03-05"
        ));
        assert!(!judge(
            "ExplanationOfBenefit",
            &eob,
            "service-date",
            "lt2021-03-04"
        ));
        assert!(judge(
            "ExplanationOfBenefit",
            &eob,
            "service-date",
            "2021-03"
        ));
        assert!(!judge(
            "ExplanationOfBenefit",
            &eob,
            "service-date",
            "2021-03-05"
        ));
        let obs = json!({"effectiveDateTime": "2020-05-01T10:00:00Z"});
        assert!(judge("Observation", &obs, "date", "2020-05-01"));
        assert!(judge("Observation", &obs, "date", "le2020-05-01"));
        assert!(!judge("Observation", &obs, "date", "gt2020-05-01"));
    }

    #[test]
    fn chains_look_through_the_searchset() {
        let role = json!({"practitioner": {"reference": "Practitioner/p1"}});
        let practitioner =
            json!({"resourceType": "Practitioner", "id": "p1", "name": [{"family": "Smith"}]});
        let resolve = |r: &str| (r == "Practitioner/p1").then(|| practitioner.clone());
        let c = Criterion::parse("practitioner.name", "smi").unwrap();
        assert_eq!(satisfies("PractitionerRole", &role, &c, &resolve), Ok(true));
        let c = Criterion::parse("practitioner.family", "jones").unwrap();
        assert_eq!(
            satisfies("PractitionerRole", &role, &c, &resolve),
            Ok(false)
        );
        let c = Criterion::parse("practitioner.name", "smi").unwrap();
        assert!(satisfies("PractitionerRole", &role, &c, &|_| None).is_err());
    }

    #[test]
    fn result_parameters_are_not_criteria() {
        assert!(Criterion::parse("_count", "5").is_none());
        assert!(Criterion::parse("_include", "X:y").is_none());
        assert_eq!(
            Criterion::parse("name:exact", "a\\,b,c").unwrap().values,
            vec!["a,b".to_owned(), "c".to_owned()]
        );
    }

    #[test]
    fn values_are_picked_as_search_values() {
        let org = json!({"identifier": [
            {"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"},
            {"system": "urn:ietf:rfc:3986", "value": "urn:oid:2.16.840.1.1"}
        ], "address": [{"line": ["1 Main"], "city": "Lansing"}]});
        let id = param("Organization", "identifier").unwrap();
        assert_eq!(
            pick(&org, id, Some("urn:ietf:rfc:3986")).as_deref(),
            Some("urn:ietf:rfc:3986|urn:oid:2.16.840.1.1")
        );
        let address = param("Organization", "address").unwrap();
        assert_eq!(pick(&org, address, None).as_deref(), Some("Lansing"));
    }

    #[test]
    fn npis_carry_a_luhn_check_digit() {
        assert!(npi_is_valid("1234567893"));
        assert!(!npi_is_valid("1234567890"));
        assert!(!npi_is_valid("123456789"));
        assert!(!npi_is_valid("12345678a3"));
    }
}
