//! The test scripts (`event` with `listen: "test"`) of the collection's requests.
//!
//! Each script is written from a few typed checks and captures, always to the same
//! JavaScript, so what a script does is visible here in Rust, and a runner that has no
//! JavaScript engine (the integration test's interpreter) can emulate it exactly.

use serde_json::{Value, json};

/// What a script asserts with `pm.test`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The response status.
    Status(u16),
    /// The body is a resource of this type.
    ResourceType(String),
    /// The body is a searchset Bundle whose matches are all of this type; `non_empty`
    /// also wants `total` above 0.
    Searchset {
        /// The searched type.
        of: String,
        /// Whether at least one match is expected.
        non_empty: bool,
    },
    /// The JSON body has this top-level member.
    HasMember(String),
    /// The body's `active` (an introspection answer) is this.
    Active(bool),
}

/// What a script stores into a collection variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Capture {
    /// `variable` = the body's top-level string `member`, when present.
    Member {
        /// The collection variable.
        variable: String,
        /// The response member.
        member: String,
    },
    /// `variable` = the URL of the Bundle's `next` link, when there is one.
    NextLink {
        /// The collection variable.
        variable: String,
    },
    /// `variable` = the value of the first identifier with `system` of the first
    /// matched resource of `of` that has one.
    Identifier {
        /// The collection variable.
        variable: String,
        /// The resource type.
        of: String,
        /// The identifier system.
        system: String,
    },
    /// `authorizeUrl` = the request's own URL, resolved, with a fresh nonce: the URL to
    /// open in a browser (the nonce just sent has been used).
    AuthorizeUrl,
}

/// A test script: checks, then captures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    /// What is asserted.
    pub checks: Vec<Check>,
    /// What is stored.
    pub captures: Vec<Capture>,
}

/// A JavaScript string literal.
fn lit(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

impl Script {
    /// A script with one check.
    pub fn check(check: Check) -> Self {
        Self {
            checks: vec![check],
            captures: vec![],
        }
    }

    /// Adds a check.
    pub fn and(mut self, check: Check) -> Self {
        self.checks.push(check);
        self
    }

    /// Adds a capture.
    pub fn capture(mut self, capture: Capture) -> Self {
        self.captures.push(capture);
        self
    }

    /// The script's lines of JavaScript.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for check in &self.checks {
            out.push(match check {
                Check::Status(code) => format!(
                    "pm.test(\"answers {code}\", function () {{ pm.response.to.have.status({code}); }});"
                ),
                Check::ResourceType(t) => format!(
                    "pm.test({}, function () {{ pm.expect(pm.response.json().resourceType).to.eql({}); }});",
                    lit(&format!("is a {t}")),
                    lit(t)
                ),
                Check::Searchset { of, non_empty } => {
                    let total = if *non_empty {
                        " pm.expect(b.total).to.be.above(0);"
                    } else {
                        ""
                    };
                    format!(
                        "pm.test({}, function () {{ const b = pm.response.json(); pm.expect(b.resourceType).to.eql(\"Bundle\"); pm.expect(b.type).to.eql(\"searchset\"); pm.expect((b.entry || []).filter(function (e) {{ return e.search && e.search.mode === \"match\"; }}).every(function (e) {{ return e.resource.resourceType === {}; }})).to.be.true;{total} }});",
                        lit(&format!("is a searchset Bundle of {of}")),
                        lit(of)
                    )
                }
                Check::HasMember(m) => format!(
                    "pm.test({}, function () {{ pm.expect(pm.response.json()).to.have.property({}); }});",
                    lit(&format!("has {m}")),
                    lit(m)
                ),
                Check::Active(a) => format!(
                    "pm.test(\"the token is {}\", function () {{ pm.expect(pm.response.json().active).to.eql({a}); }});",
                    if *a { "active" } else { "inactive" }
                ),
            });
        }
        if self
            .captures
            .iter()
            .any(|c| !matches!(c, Capture::AuthorizeUrl))
        {
            out.push("const body = pm.response.json();".into());
        }
        for capture in &self.captures {
            match capture {
                Capture::Member { variable, member } => out.push(format!(
                    "if (body[{m}]) {{ pm.collectionVariables.set({v}, body[{m}]); }}",
                    v = lit(variable),
                    m = lit(member)
                )),
                Capture::NextLink { variable } => out.push(format!(
                    "const next = (body.link || []).find(function (l) {{ return l.relation === \"next\"; }}); if (next) {{ pm.collectionVariables.set({}, next.url); }}",
                    lit(variable)
                )),
                Capture::Identifier {
                    variable,
                    of,
                    system,
                } => out.push(format!(
                    "const found = (body.entry || []).map(function (e) {{ return e.resource; }}).filter(function (r) {{ return r.resourceType === {}; }}).flatMap(function (r) {{ return r.identifier || []; }}).find(function (i) {{ return i.system === {}; }}); if (found) {{ pm.collectionVariables.set({}, found.value); }}",
                    lit(of),
                    lit(system),
                    lit(variable)
                )),
                Capture::AuthorizeUrl => {
                    out.push("const url = pm.variables.replaceIn(pm.request.url.toString()).replace(/([?&]nonce=)[^&]*/, \"$1\" + pm.variables.replaceIn(\"{{$guid}}\"));".into());
                    out.push("pm.collectionVariables.set(\"authorizeUrl\", url);".into());
                    out.push("console.log(\"Open this URL in a browser (it has a fresh nonce):\", url);".into());
                }
            }
        }
        out
    }

    /// Reads back a script this module wrote, line by line: how a runner without a
    /// JavaScript engine (the integration test's interpreter) knows what to emulate.
    /// A line that is not one of ours is an error naming it.
    pub fn parse(lines: &[String]) -> Result<Script, String> {
        static PATTERNS: std::sync::OnceLock<Vec<regex::Regex>> = std::sync::OnceLock::new();
        let patterns = PATTERNS.get_or_init(|| {
            [
                r#"^pm\.test\("answers (\d+)""#,
                r#"^pm\.test\("is a searchset Bundle of (\w+)""#,
                r#"^pm\.test\("is a (\w+)""#,
                r#"^pm\.test\("has ([\w-]+)""#,
                r#"^pm\.test\("the token is (active|inactive)""#,
                r#"^if \(body\["(\w+)"\]\) \{ pm\.collectionVariables\.set\("(\w+)""#,
                r#"^const next = .*set\("(\w+)", next\.url\)"#,
                r#"^const found = .*resourceType === "(\w+)".*i\.system === "([^"]+)".*set\("(\w+)", found\.value\)"#,
                r#"^pm\.collectionVariables\.set\("authorizeUrl""#,
            ]
            .iter()
            .filter_map(|p| regex::Regex::new(p).ok())
            .collect()
        });
        let mut script = Script::default();
        for line in lines {
            if line == "const body = pm.response.json();"
                || line.starts_with("const url = ")
                || line.starts_with("console.log(")
            {
                continue;
            }
            let Some((i, caps)) = patterns
                .iter()
                .enumerate()
                .find_map(|(i, p)| p.captures(line).map(|c| (i, c)))
            else {
                return Err(format!("not a line of ours: {line}"));
            };
            let group = |n: usize| caps.get(n).map_or("", |m| m.as_str()).to_owned();
            match i {
                0 => script
                    .checks
                    .push(Check::Status(group(1).parse().map_err(|_| line.clone())?)),
                1 => script.checks.push(Check::Searchset {
                    of: group(1),
                    non_empty: line.contains("pm.expect(b.total).to.be.above(0);"),
                }),
                2 => script.checks.push(Check::ResourceType(group(1))),
                3 => script.checks.push(Check::HasMember(group(1))),
                4 => script.checks.push(Check::Active(group(1) == "active")),
                5 => script.captures.push(Capture::Member {
                    variable: group(2),
                    member: group(1),
                }),
                6 => script
                    .captures
                    .push(Capture::NextLink { variable: group(1) }),
                7 => script.captures.push(Capture::Identifier {
                    variable: group(3),
                    of: group(1),
                    system: group(2),
                }),
                _ => script.captures.push(Capture::AuthorizeUrl),
            }
        }
        Ok(script)
    }

    /// The `event` entry of an item.
    pub fn to_event(&self) -> Value {
        json!({
            "listen": "test",
            "script": {"type": "text/javascript", "exec": self.lines()},
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_script_asserts_200_and_stores_the_tokens() {
        let lines = Script::check(Check::Status(200))
            .capture(Capture::Member {
                variable: "accessToken".into(),
                member: "access_token".into(),
            })
            .lines();
        assert!(lines[0].contains("pm.response.to.have.status(200)"));
        assert_eq!(lines[1], "const body = pm.response.json();");
        assert_eq!(
            lines[2],
            "if (body[\"access_token\"]) { pm.collectionVariables.set(\"accessToken\", body[\"access_token\"]); }"
        );
    }

    #[test]
    fn every_script_reads_back_as_what_it_was_written_from() {
        let script = Script::check(Check::Status(200))
            .and(Check::ResourceType("CapabilityStatement".into()))
            .and(Check::Searchset {
                of: "PractitionerRole".into(),
                non_empty: true,
            })
            .and(Check::Searchset {
                of: "Coverage".into(),
                non_empty: false,
            })
            .and(Check::HasMember("keys".into()))
            .and(Check::Active(false))
            .capture(Capture::Member {
                variable: "patientId".into(),
                member: "patient".into(),
            })
            .capture(Capture::NextLink {
                variable: "nextPage".into(),
            })
            .capture(Capture::Identifier {
                variable: "organizationOid".into(),
                of: "Organization".into(),
                system: "urn:ietf:rfc:3986".into(),
            })
            .capture(Capture::AuthorizeUrl);
        assert_eq!(Script::parse(&script.lines()), Ok(script));
        assert!(Script::parse(&["pm.environment.clear();".into()]).is_err());
    }

    #[test]
    fn the_authorize_script_needs_no_json_body() {
        let lines = Script::check(Check::Status(200))
            .capture(Capture::AuthorizeUrl)
            .lines();
        assert!(!lines.iter().any(|l| l.contains("pm.response.json()")));
        assert!(lines.iter().any(|l| l.contains("authorizeUrl")));
    }
}
