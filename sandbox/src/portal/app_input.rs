//! Checking what a developer typed into the registration and edit forms (guide 3.2, 3.3).
//!
//! Every broken rule is collected, so one 422 lists everything to fix.

use super::{redirect_uris, scopes};
use crate::error::FieldError;
use crate::store::records::{ClientType, Contact, OptionalInfoPatch};
use crate::tenants::{Environment, Tenants};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Longest app name.
pub const MAX_NAME: usize = 100;
/// Longest description.
pub const MAX_DESCRIPTION: usize = 2000;

/// The "Register a New Application" form.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AppRegistration)]
pub struct Registration {
    pub name: Option<String>,
    pub client_type: Option<String>,
    pub grant_type: Option<String>,
    #[schema(value_type = Option<Vec<String>>)]
    pub scopes: Option<Value>,
    #[schema(value_type = Option<Vec<String>>)]
    pub redirect_uris: Option<Value>,
}

/// A registration that passed every check.
pub struct CheckedRegistration {
    pub name: String,
    pub client_type: ClientType,
    pub scopes: Vec<String>,
    pub redirect_uris: Vec<String>,
}

/// The dashboard's edit form: every field optional.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    pub name: Option<String>,
    pub client_type: Option<String>,
    pub grant_type: Option<String>,
    #[schema(value_type = Option<Vec<String>>)]
    pub scopes: Option<Value>,
    #[schema(value_type = Option<Vec<String>>)]
    pub redirect_uris: Option<Value>,
    pub optional_info: Option<OptionalInfoEdit>,
}

/// Optional app information; `null` clears a field.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionalInfoEdit {
    #[serde(default, deserialize_with = "nullable")]
    pub organization_website: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub description: Option<Option<String>>,
    #[schema(value_type = Option<Vec<ContactInput>>)]
    pub contacts: Option<Vec<Contact>>,
    #[serde(default, deserialize_with = "nullable")]
    pub support_email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub documentation_url: Option<Option<String>>,
}

/// A contact person as the edit form takes it (`store::records::Contact`'s shape).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ContactInput {
    name: String,
    email: String,
}

fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Collects field errors while parsing a form.
#[derive(Default)]
pub struct Checker {
    pub errors: Vec<FieldError>,
}

impl Checker {
    /// Keeps a value or records why it was refused.
    pub fn keep<T>(&mut self, result: Result<T, Vec<FieldError>>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(mut e) => {
                self.errors.append(&mut e);
                None
            }
        }
    }

    /// The app name rules.
    pub fn name(&mut self, name: Option<&str>) -> Option<String> {
        let name = name.map(str::trim).unwrap_or("");
        self.keep(if name.is_empty() {
            Err(vec![FieldError::new(
                "name",
                "name.required",
                "give the app a name",
            )])
        } else if name.chars().count() > MAX_NAME {
            Err(vec![FieldError::new(
                "name",
                "name.too_long",
                format!("must be at most {MAX_NAME} characters"),
            )])
        } else {
            Ok(name.to_owned())
        })
    }

    /// The client type drop-down (guide 3.2 b).
    pub fn client_type(&mut self, raw: Option<&str>) -> Option<ClientType> {
        let raw = raw.unwrap_or("confidential-basic");
        self.keep(ClientType::parse(raw).ok_or_else(|| {
            vec![FieldError::new(
                "client_type",
                "client_type.unknown",
                format!("`{raw}` is not a client type; use public, confidential-forms or confidential-basic"),
            )]
        }))
    }

    /// The grant type drop-down (guide 3.2 c): authorization code only.
    pub fn grant_type(&mut self, raw: Option<&str>) {
        if let Some(raw) = raw.filter(|g| *g != "authorization_code") {
            self.errors.push(FieldError::new(
                "grant_type",
                "grant_type.unsupported",
                format!("`{raw}` is not offered; authorization_code is the only grant type"),
            ));
        }
    }

    /// The optional information, each field in its own form.
    pub fn optional_info(&mut self, edit: OptionalInfoEdit) -> Option<OptionalInfoPatch> {
        let before = self.errors.len();
        for (field, value) in [
            (
                "optional_info.organization_website",
                &edit.organization_website,
            ),
            ("optional_info.documentation_url", &edit.documentation_url),
        ] {
            if let Some(Some(url)) = value {
                let ok = url::Url::parse(url)
                    .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
                if !ok {
                    self.errors.push(FieldError::new(
                        field,
                        "optional_info.url",
                        format!("`{url}` must be an absolute http(s) URL"),
                    ));
                }
            }
        }
        if let Some(Some(email)) = &edit.support_email
            && (!email.contains('@') || email.contains(char::is_whitespace))
        {
            self.errors.push(FieldError::new(
                "optional_info.support_email",
                "optional_info.email",
                format!("`{email}` is not an email address"),
            ));
        }
        if let Some(Some(d)) = &edit.description
            && d.chars().count() > MAX_DESCRIPTION
        {
            self.errors.push(FieldError::new(
                "optional_info.description",
                "optional_info.too_long",
                format!("must be at most {MAX_DESCRIPTION} characters"),
            ));
        }
        for (i, c) in edit.contacts.iter().flatten().enumerate() {
            if c.name.trim().is_empty() || !c.email.contains('@') {
                self.errors.push(FieldError::new(
                    format!("optional_info.contacts[{i}]"),
                    "optional_info.contact",
                    "each contact needs a name and an email address",
                ));
            }
        }
        (self.errors.len() == before).then_some(OptionalInfoPatch {
            organization_website: edit.organization_website,
            description: edit.description,
            contacts: edit.contacts,
            support_email: edit.support_email,
            documentation_url: edit.documentation_url,
        })
    }
}

impl Registration {
    /// Checks the whole form against the development tenants.
    pub fn check(self, tenants: &Tenants) -> Result<CheckedRegistration, Vec<FieldError>> {
        let mut c = Checker::default();
        let name = c.name(self.name.as_deref());
        let client_type = c.client_type(self.client_type.as_deref());
        c.grant_type(self.grant_type.as_deref());
        let scopes = c.keep(scopes::parse(
            tenants,
            Environment::Development,
            self.scopes.as_ref().unwrap_or(&Value::Null),
        ));
        let redirect_uris = c.keep(redirect_uris::parse(
            "redirect_uris",
            self.redirect_uris.as_ref().unwrap_or(&Value::Null),
        ));
        match (name, client_type, scopes, redirect_uris) {
            (Some(name), Some(client_type), Some(scopes), Some(redirect_uris))
                if c.errors.is_empty() =>
            {
                Ok(CheckedRegistration {
                    name,
                    client_type,
                    scopes,
                    redirect_uris,
                })
            }
            _ => Err(c.errors),
        }
    }
}
