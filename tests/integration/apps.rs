use crate::support::Sandbox;
use axum::http::{Method, StatusCode};
use serde_json::json;

/// Redacts a generated value only where it is set, so `null` and the mask still show.
pub fn if_set(label: &'static str) -> insta::internals::Redaction {
    insta::dynamic_redaction(move |value, _path| {
        if value.as_str().is_some_and(|v| v != sandbox::MASK) {
            insta::internals::Content::from(label)
        } else {
            value
        }
    })
}

/// Redactions that make dashboards stable across runs: ids, client ids, timestamps.
#[macro_export]
macro_rules! dashboard_snapshot {
    ($name:expr, $value:expr) => {
        insta::assert_json_snapshot!($name, $value, {
            ".id" => $crate::apps::if_set("[id]"),
            ".created_at" => $crate::apps::if_set("[time]"),
            ".updated_at" => $crate::apps::if_set("[time]"),
            ".credentials.*.client_id" => $crate::apps::if_set("[client_id]"),
            ".credentials.*.client_secret" => $crate::apps::if_set("[secret]"),
            ".credentials.production.registered_at" => $crate::apps::if_set("[time]"),
            ".*.uploaded_at" => $crate::apps::if_set("[time]"),
            ".*.submitted_at" => $crate::apps::if_set("[time]"),
            ".*.updated_at" => $crate::apps::if_set("[time]"),
            ".security_attestation.attestation_id" => $crate::apps::if_set("[id]"),
        })
    };
}

#[tokio::test]
async fn registration_reveals_the_secret_once_and_the_dashboard_masks_it() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("alice").await;
    let created = sb.app(&dev, "TestApp1").await;
    let secret = created["credentials"]["development"]["client_secret"]
        .as_str()
        .expect("a confidential client gets a secret")
        .to_owned();
    assert!(secret.len() >= 40 && secret != sandbox::MASK);
    let id = created["id"].as_str().unwrap();

    let masked = sb
        .get(&format!("/portal/api/apps/{id}"), Some(&dev.token))
        .await;
    assert_eq!(masked.header("cache-control"), Some("no-store"));
    let masked = masked.json();
    assert_eq!(
        masked["credentials"]["development"]["client_secret"],
        sandbox::MASK
    );
    crate::dashboard_snapshot!("dashboard_masked", masked);

    let revealed = sb
        .get(
            &format!("/portal/api/apps/{id}?reveal=true"),
            Some(&dev.token),
        )
        .await
        .json();
    assert_eq!(
        revealed["credentials"]["development"]["client_secret"],
        secret.as_str()
    );
}

#[tokio::test]
async fn public_clients_get_no_secret_and_default_type_is_confidential_basic() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("pub").await;
    let public = sb
        .post(
            "/portal/api/apps",
            Some(&dev.token),
            json!({"name": "Phone", "client_type": "public", "scopes": "openid",
                   "redirect_uris": ["com.example.phone:/cb"]}),
        )
        .await
        .json();
    assert_eq!(
        public["credentials"]["development"]["client_secret"],
        json!(null)
    );
    let default = sb.app(&dev, "Web").await;
    assert_eq!(default["details"]["client_type"], "confidential-basic");
}

#[tokio::test]
async fn registration_problems_name_every_field_at_fault() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("bob").await;
    let reply = sb
        .post(
            "/portal/api/apps",
            Some(&dev.token),
            json!({"name": " ", "client_type": "confidential", "grant_type": "client_credentials",
                   "scopes": ["openid", "patient/Slot.read"],
                   "redirect_uris": "https://ok.example/cb, /relative, https://bad host/cb"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.codes(),
        [
            "name.required",
            "client_type.unknown",
            "grant_type.unsupported",
            "scopes.unknown",
            "redirect_uris.relative",
            "redirect_uris.malformed"
        ]
    );
    insta::assert_json_snapshot!("registration_problem", reply.json());
    let list = sb.get("/portal/api/apps", Some(&dev.token)).await.json();
    assert_eq!(
        list["apps"],
        json!([]),
        "nothing is stored by a refused registration"
    );
}

#[tokio::test]
async fn one_developer_never_sees_or_touches_another_developers_apps() {
    let sb = Sandbox::new().await;
    let alice = sb.developer("alice").await;
    let eve = sb.developer("eve").await;
    let app = sb.app(&alice, "Private").await;
    let path = format!("/portal/api/apps/{}", app["id"].as_str().unwrap());

    assert_eq!(
        sb.get("/portal/api/apps", Some(&eve.token)).await.json()["apps"],
        json!([])
    );
    assert_eq!(
        sb.get(&path, Some(&eve.token)).await.status,
        StatusCode::NOT_FOUND
    );
    let patch = sb
        .json(
            Method::PATCH,
            &path,
            Some(&eve.token),
            json!({"name": "Mine"}),
        )
        .await;
    assert_eq!(patch.status, StatusCode::NOT_FOUND);
    let delete = sb
        .send(Method::DELETE, &path, Some(&eve.token), None, vec![])
        .await;
    assert_eq!(delete.status, StatusCode::NOT_FOUND);
    let upload = sb
        .upload_policy(
            &eve,
            app["id"].as_str().unwrap(),
            &crate::support::pdf(),
            "application/pdf",
        )
        .await;
    assert_eq!(upload.status, StatusCode::NOT_FOUND);

    let still = sb.get(&path, Some(&alice.token)).await.json();
    assert_eq!(still["name"], "Private");
}

#[tokio::test]
async fn editing_details_and_optional_info_shows_on_the_dashboard() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("editor").await;
    let app = sb.app(&dev, "Draft").await;
    let path = format!("/portal/api/apps/{}", app["id"].as_str().unwrap());
    let edited = sb
        .json(
            Method::PATCH,
            &path,
            Some(&dev.token),
            json!({"name": "Final", "scopes": "openid patient/Coverage.rs",
                   "optional_info": {"organization_website": "https://org.example",
                                     "contacts": [{"name": "Ada", "email": "ada@org.example"}],
                                     "support_email": "help@org.example"}}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK);
    let edited = edited.json();
    assert_eq!(edited["name"], "Final");
    assert_eq!(
        edited["details"]["scopes"],
        json!(["openid", "patient/Coverage.rs"])
    );
    assert_eq!(edited["optional_info"]["contacts"][0]["name"], "Ada");

    let cleared = sb
        .json(
            Method::PATCH,
            &path,
            Some(&dev.token),
            json!({"optional_info": {"support_email": null}}),
        )
        .await
        .json();
    assert_eq!(cleared["optional_info"]["support_email"], json!(null));
    assert_eq!(
        cleared["optional_info"]["organization_website"],
        "https://org.example"
    );
}

#[tokio::test]
async fn a_refused_edit_changes_nothing() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("careful").await;
    let app = sb.app(&dev, "Stable").await;
    let path = format!("/portal/api/apps/{}", app["id"].as_str().unwrap());
    let refused = sb
        .json(
            Method::PATCH,
            &path,
            Some(&dev.token),
            json!({"name": "Renamed", "redirect_uris": "ftp://x"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        sb.get(&path, Some(&dev.token)).await.json()["name"],
        "Stable"
    );
}

#[tokio::test]
async fn switching_to_public_drops_the_secret_and_back_issues_a_new_one() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("switcher").await;
    let app = sb.app(&dev, "Flip").await;
    let old = app["credentials"]["development"]["client_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/portal/api/apps/{}", app["id"].as_str().unwrap());
    let public = sb
        .json(
            Method::PATCH,
            &path,
            Some(&dev.token),
            json!({"client_type": "public"}),
        )
        .await
        .json();
    assert_eq!(
        public["credentials"]["development"]["client_secret"],
        json!(null)
    );
    let forms = sb
        .json(
            Method::PATCH,
            &path,
            Some(&dev.token),
            json!({"client_type": "confidential-forms"}),
        )
        .await
        .json();
    let new = forms["credentials"]["development"]["client_secret"]
        .as_str()
        .unwrap();
    assert_ne!(new, old);
    assert_ne!(new, sandbox::MASK, "a newly issued secret is shown once");
}

#[tokio::test]
async fn deleting_an_app_makes_it_not_found() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("deleter").await;
    let app = sb.app(&dev, "Gone").await;
    let path = format!("/portal/api/apps/{}", app["id"].as_str().unwrap());
    let deleted = sb
        .send(Method::DELETE, &path, Some(&dev.token), None, vec![])
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let after = sb.get(&path, Some(&dev.token)).await;
    assert_eq!(after.status, StatusCode::NOT_FOUND);
    assert_eq!(after.problem_title(), "not found");
}

#[tokio::test]
async fn malformed_bodies_and_wrong_media_types_are_problems_not_crashes() {
    let sb = Sandbox::new().await;
    let dev = sb.developer("sloppy").await;
    let broken = sb
        .send(
            Method::POST,
            "/portal/api/apps",
            Some(&dev.token),
            Some("application/json"),
            b"{\"name\":".to_vec(),
        )
        .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert_eq!(broken.problem_title(), "malformed request body");
    let form = sb
        .send(
            Method::POST,
            "/portal/api/apps",
            Some(&dev.token),
            Some("application/x-www-form-urlencoded"),
            b"name=x".to_vec(),
        )
        .await;
    assert_eq!(form.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let typo = sb
        .post(
            "/portal/api/apps",
            Some(&dev.token),
            json!({"name": "x", "redirect_uri": "https://a.example"}),
        )
        .await;
    assert_eq!(typo.status, StatusCode::BAD_REQUEST);
    assert!(
        typo.json()["detail"]
            .as_str()
            .unwrap()
            .contains("unknown field `redirect_uri`")
    );
    let huge = sb
        .send(
            Method::POST,
            "/portal/api/apps",
            Some(&dev.token),
            Some("application/json"),
            vec![b' '; 2 * 1024 * 1024],
        )
        .await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    let bad_id = sb.get("/portal/api/apps/../../etc", Some(&dev.token)).await;
    assert_eq!(bad_id.status, StatusCode::NOT_FOUND);
    let app = sb.app(&dev, "Queried").await;
    let bad_query = sb
        .get(
            &format!(
                "/portal/api/apps/{}?reveal=maybe",
                app["id"].as_str().unwrap()
            ),
            Some(&dev.token),
        )
        .await;
    assert_eq!(bad_query.status, StatusCode::BAD_REQUEST);
    let nowhere = sb.get("/portal/api/nowhere", None).await;
    assert_eq!(nowhere.problem_title(), "not found");
    let wrong_method = sb
        .send(
            Method::PUT,
            "/portal/api/apps",
            Some(&dev.token),
            None,
            vec![],
        )
        .await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.problem_title(), "method not allowed");
}
