//! The server-rendered HTML pages of the SMART App Launch authorization flow.
//!
//! They model guide 3.4: the MELD User Login with the development credentials
//! prefilled, then the Interoperability Disclaimer and the HIPAA Authorization
//! pop-ups, then the redirect to the app. The guide sends the member to
//! oauthdebugger.com; the sandbox has its own `/debug` page instead ([`debug`]),
//! which also shows the token request of guide 3.5 as a ready-to-run curl command.
//!
//! Every function here is pure: it takes what the page shows and returns a whole
//! HTML5 document, so the handlers decide everything (status, headers, the flow and
//! CSRF checks) and the pages can be tested as strings. Every value that comes from
//! outside (app names, error texts, URIs, tokens) goes through [`escape`], and the
//! pages load nothing from elsewhere: one inline stylesheet, inline SVG, and no script
//! except the one of [`form_post`]. Both inline texts are constants, so the pages'
//! Content-Security-Policy allows exactly them by hash (`html`), never `'unsafe-inline'`.

/// The one stylesheet, identical on every page, so a CSP can allow it by hash.
const STYLE: &str = include_str!("pages.css");

/// The text of every page's `<style>` element, exactly as sent: what the CSP hashes.
pub fn inline_style() -> String {
    format!("\n{STYLE}")
}

/// The text of the form-post page's one `<script>`, exactly as sent: what the CSP hashes.
/// The prototype's submit, because a param named `submit` would shadow `form.submit`.
pub const FORM_POST_SCRIPT: &str =
    "HTMLFormElement.prototype.submit.call(document.getElementById(\"form_post\"));";

/// What every page of one authorization flow needs to know about it.
///
/// Exists so the login and consent pages take the same few values from the lead's
/// flow record in one argument, and so the header names the tenant the member signs
/// in to, as the portal's pages do.
#[derive(Debug, Clone, Copy)]
pub struct PageContext<'a> {
    /// The tenant's path segment, e.g. `dev1`; shown as a tag in the header.
    pub tenant_id: &'a str,
    /// Who the member signs in to, e.g. `MELD`; the header shows it and the login
    /// heading reads "{tenant_name} User Login" (guide Figure 22: "MELD User Login").
    pub tenant_name: &'a str,
    /// The third-party app's registered name: the pages say who gets the data.
    pub app_name: &'a str,
    /// The id of the pending authorization, posted back in a hidden `flow` field.
    pub flow: &'a str,
    /// The anti-CSRF token the handler checks, posted back in a hidden `csrf` field.
    pub csrf: &'a str,
    /// Where the page's form posts to (`method="post"`).
    pub action: &'a str,
}

/// The MELD User Login (guide 3.4 step 3, Figure 22).
///
/// Exists because the development tenant signs the test member in with prefilled
/// credentials: the form posts `username`, `password`, `flow` and `csrf` to
/// `ctx.action`. `error` (e.g. "The username or password is wrong.") is shown in a
/// `role="alert"` box above the form.
pub fn login(
    ctx: &PageContext,
    prefill_username: Option<&str>,
    prefill_password: Option<&str>,
    error: Option<&str>,
) -> String {
    let username = prefill_username.unwrap_or("");
    let password = prefill_password.unwrap_or("");
    // Focus where the member has something left to do: the first empty field, or
    // Sign In when everything is prefilled; after a failure, the username again.
    let focus = if error.is_some() || username.is_empty() {
        0
    } else if password.is_empty() {
        1
    } else {
        2
    };
    let autofocus = |i: usize| if focus == i { " autofocus" } else { "" };
    let invalid = if error.is_some() {
        r#" aria-invalid="true" aria-describedby="login-error""#
    } else {
        ""
    };

    let mut body = steps(0);
    body.push_str(&format!(
        "<h1>{} User Login</h1>\n<p class=\"lead\">Sign in to continue to <strong>{}</strong>.</p>\n",
        escape(ctx.tenant_name),
        escape(ctx.app_name)
    ));
    if let Some(error) = error {
        body.push_str(&format!(
            "<div class=\"alert\" role=\"alert\" id=\"login-error\"><p>{}</p></div>\n",
            escape(error)
        ));
    } else if prefill_username.is_some() || prefill_password.is_some() {
        body.push_str(
            "<div class=\"note\"><p>The test member's credentials are prefilled. Select <strong>Sign In</strong> to continue.</p></div>\n",
        );
    }
    body.push_str(&form_open(ctx));
    body.push_str(&format!(
        concat!(
            "<div class=\"field\"><label for=\"username\">Username</label>",
            "<input id=\"username\" name=\"username\" type=\"text\" value=\"{}\" autocomplete=\"username\" ",
            "autocapitalize=\"none\" spellcheck=\"false\" required{}{}></div>\n",
            "<div class=\"field\"><label for=\"password\">Password</label>",
            "<input id=\"password\" name=\"password\" type=\"password\" value=\"{}\" autocomplete=\"current-password\" ",
            "required{}{}></div>\n",
            "<div class=\"actions\"><button type=\"submit\" class=\"btn primary block\"{}>Sign In</button></div>\n",
            "</form>\n",
        ),
        escape(username),
        invalid,
        autofocus(0),
        escape(password),
        invalid,
        autofocus(1),
        autofocus(2),
    ));
    document(
        &Shell::for_tenant(ctx, &format!("Sign in to {}", ctx.tenant_name)),
        &body,
    )
}

/// The Interoperability Disclaimer pop-up (guide 3.4 step 4, Figure 23).
///
/// Exists because the member must be told, before any data leaves the payer, that
/// the app is a third party not covered by HIPAA once it has the data. Posts
/// `decision=accept` ("I Agree") or `decision=decline` ("Decline").
pub fn disclaimer(ctx: &PageContext) -> String {
    let app = escape(ctx.app_name);
    let tenant = escape(ctx.tenant_name);
    let mut body = steps(1);
    body.push_str(&format!(
        concat!(
            "<h1>Interoperability Disclaimer</h1>\n",
            "<p class=\"lead\"><strong>{app}</strong> is asking for your health information held by {tenant}.</p>\n",
            "<div class=\"legal\">\n",
            "<p>If you select <strong>I Agree</strong>, {tenant} will share your health information with ",
            "<strong>{app}</strong>, a third-party application that you chose. {tenant} does not own, ",
            "operate or endorse {app}.</p>\n",
            "<p><strong>{app} is not covered by HIPAA</strong> (the Health Insurance Portability and ",
            "Accountability Act). Once {app} has your information, the HIPAA privacy and security ",
            "protections no longer apply to it: {app}'s own privacy policy and terms of use decide how ",
            "it uses, keeps and shares your information, including whether it gives it to others.</p>\n",
            "<p>Read {app}'s privacy policy before you agree. Information that has been shared cannot ",
            "be called back.</p>\n",
            "</div>\n",
        ),
        app = app,
        tenant = tenant,
    ));
    body.push_str(&decision_form(ctx));
    document(
        &Shell::for_tenant(ctx, "Interoperability Disclaimer").wide(),
        &body,
    )
}

/// The HIPAA Authorization pop-up (guide 3.4 step 4, Figure 24).
///
/// Exists because a disclosure to a third party needs the member's authorization
/// saying what is shared, with whom and until when. `scopes` are (scope, plain-words
/// description) pairs, e.g. from [`scope_in_words`]; scopes that read the same are
/// listed once. Posts `decision=accept` ("I Agree") or `decision=decline` ("Decline").
pub fn hipaa_authorization(ctx: &PageContext, scopes: &[(String, String)]) -> String {
    let app = escape(ctx.app_name);
    let tenant = escape(ctx.tenant_name);

    // One line per distinct description, in the order asked, with its scopes.
    let mut grouped: Vec<(&str, Vec<&str>)> = Vec::new();
    for (scope, words) in scopes {
        match grouped.iter_mut().find(|(w, _)| *w == words.as_str()) {
            Some((_, list)) => list.push(scope),
            None => grouped.push((words, vec![scope])),
        }
    }
    let mut list = String::from("<ul class=\"scopes\">\n");
    if grouped.is_empty() {
        list.push_str("<li>Nothing beyond signing you in: the app asked for no scopes.</li>\n");
    }
    for (words, names) in &grouped {
        let names: Vec<String> = names
            .iter()
            .map(|s| format!("<code>{}</code>", escape(s)))
            .collect();
        list.push_str(&format!(
            "<li>{} <span class=\"muted\">({})</span></li>\n",
            escape(&capitalize(words)),
            names.join(", ")
        ));
    }
    list.push_str("</ul>\n");

    let mut body = steps(2);
    body.push_str(&format!(
        concat!(
            "<h1>HIPAA Authorization</h1>\n",
            "<p class=\"lead\">Review what <strong>{app}</strong> will be able to see, then authorize {tenant} to share it.</p>\n",
            "<div class=\"legal\">\n",
            "<p>I authorize {tenant} to disclose my health information described below to ",
            "<strong>{app}</strong>, a third-party application I have chosen, at my request.</p>\n",
            "<h2>What {app} will be able to do</h2>\n",
            "{list}",
            "<h2>How long this lasts</h2>\n",
            "<p>This authorization is valid <strong>until you revoke it</strong>. You can revoke it at ",
            "any time by contacting {tenant} or by disconnecting {app}. Revoking it stops future sharing; ",
            "it does not undo what was shared before.</p>\n",
            "<h2>Your rights</h2>\n",
            "<p>You do not have to sign this authorization. Your enrollment, your eligibility for ",
            "benefits and the payment of your claims do not depend on it.</p>\n",
            "<p>Information shared with {app} may be shared again by {app} and may no longer be ",
            "protected by federal privacy rules (HIPAA).</p>\n",
            "</div>\n",
        ),
        app = app,
        tenant = tenant,
        list = list,
    ));
    body.push_str(&decision_form(ctx));
    document(&Shell::for_tenant(ctx, "HIPAA Authorization").wide(), &body)
}

/// A dead end for requests the server must not send back to the app.
///
/// Exists because an unknown client or an unregistered redirect URI cannot be
/// trusted to name a place that belongs to the app (RFC 6749 4.1.2.1): the page
/// says what is wrong (`title`, `message`) and what the developer must change
/// (`hint`), and never redirects, refreshes or posts anywhere.
pub fn error_page(title: &str, message: &str, hint: Option<&str>) -> String {
    let mut body = format!(
        "<h1>{}</h1>\n<div class=\"alert\" role=\"alert\"><p>{}</p></div>\n",
        escape(title),
        escape(message)
    );
    if let Some(hint) = hint {
        body.push_str(&format!(
            "<div class=\"note\"><p><strong>What to change</strong></p><p>{}</p></div>\n",
            escape(hint)
        ));
    }
    body.push_str(
        "<p class=\"muted\">For your safety you are not sent back to the application: the request \
         did not identify it well enough to know where it lives.</p>\n",
    );
    let shell = Shell {
        title: &format!("{title} - Authorization error"),
        brand: "Authorization server",
        tag: None,
        width: "",
    };
    document(&shell, &body)
}

/// The OAuth 2.0 Form Post Response Mode page (`response_mode=form_post`).
///
/// Exists because that mode hands the code to the app in a POST the browser makes:
/// the page holds a form to `redirect_uri` with every param as a hidden input, a
/// `<script>` ([`FORM_POST_SCRIPT`], allowed by its hash) submits it on load, and a
/// visible "Continue" button does the same without JavaScript. The CSP must allow
/// `form-action` to the redirect URI. A redirect URI whose
/// scheme could run script (anything but http, https or a private-use `a.b` scheme)
/// gets [`error_page`] instead of a form.
pub fn form_post(redirect_uri: &str, params: &[(&str, &str)]) -> String {
    if !postable(redirect_uri) {
        return error_page(
            "This redirect URI cannot receive a form post",
            &format!(
                "The redirect URI {redirect_uri} does not use a scheme a form can be posted to."
            ),
            Some("Use an https redirect URI (or http on localhost) for response_mode=form_post."),
        );
    }
    let mut body = format!(
        concat!(
            "<h1>Returning you to the application</h1>\n",
            "<p class=\"lead\">If nothing happens, select <strong>Continue</strong>.</p>\n",
            "<form id=\"form_post\" method=\"post\" action=\"{}\">\n",
        ),
        escape(redirect_uri)
    );
    for (name, value) in params {
        body.push_str(&hidden(name, value));
    }
    // No name on the button, so it adds no parameter of its own.
    body.push_str(
        "<div class=\"actions\"><button type=\"submit\" class=\"btn primary block\" autofocus>Continue</button></div>\n</form>\n",
    );
    let script = format!("<script>{FORM_POST_SCRIPT}</script>\n");
    let shell = Shell {
        title: "Returning to the application",
        brand: "Authorization server",
        tag: None,
        width: "",
    };
    document_with(&shell, &body, &script)
}

/// What the authorization server sent to the sandbox's own redirect target.
///
/// Exists so the `/debug` handler can pass the query (or form-post) parameters it
/// received, plus where the token request goes, to [`debug`] in one value.
#[derive(Debug, Clone, Copy, Default)]
pub struct DebugView<'a> {
    pub code: Option<&'a str>,
    pub state: Option<&'a str>,
    pub error: Option<&'a str>,
    pub error_description: Option<&'a str>,
    /// The token endpoint, e.g. `http://127.0.0.1:8080/dev1/oauth2/token`, or a placeholder.
    pub token_endpoint_hint: &'a str,
    /// The redirect URI the code was issued for; the token request must repeat it.
    pub redirect_uri: &'a str,
}

/// The sandbox's replacement of oauthdebugger.com/debug (guide 3.4 step 5, Figure 25).
///
/// Exists so a developer sees the outcome of the authorization request without
/// leaving the sandbox: "Success!" with the code (`id="code"`) and state
/// (`id="state"`), or the error (`id="error"`, `id="error_description"`); then the
/// token request of guide 3.5 as curl commands for each kind of client.
pub fn debug(view: &DebugView) -> String {
    let mut body = String::new();
    let title;
    match (view.code, view.error) {
        (_, Some(error)) => {
            title = "Authorization failed";
            body.push_str(&format!(
                "<h1>{title}</h1>\n<div class=\"alert\" role=\"alert\"><p>The authorization server redirected back with an error instead of a code.</p></div>\n<dl class=\"values\">\n<dt>Error</dt><dd><code id=\"error\">{}</code></dd>\n",
                escape(error)
            ));
            if let Some(description) = view.error_description {
                body.push_str(&format!(
                    "<dt>Description</dt><dd><code id=\"error_description\">{}</code></dd>\n",
                    escape(description)
                ));
            }
            body.push_str(&state_row(view.state));
            body.push_str("</dl>\n");
            if let Some(advice) = error_advice(error) {
                body.push_str(&format!("<p>{}</p>\n", escape(advice)));
            }
            body.push_str(
                "<p class=\"muted\">No code was issued: start again with a new authorization request.</p>\n",
            );
        }
        (Some(code), None) => {
            title = "Success!";
            body.push_str(&format!(
                "<h1>{title}</h1>\n<div class=\"ok\" role=\"status\"><p>The authorization server redirected back with an authorization code.</p></div>\n<dl class=\"values\">\n<dt>Authorization code</dt><dd><code id=\"code\">{}</code></dd>\n",
                escape(code)
            ));
            body.push_str(&state_row(view.state));
            body.push_str(&format!(
                "<dt>Redirect URI</dt><dd><code>{}</code></dd>\n</dl>\n",
                escape(view.redirect_uri)
            ));
            body.push_str(&token_requests(view, code));
        }
        (None, None) => {
            title = "Waiting for an authorization response";
            body.push_str(&format!(
                concat!(
                    "<h1>{title}</h1>\n",
                    "<p>This page received neither a <code>code</code> nor an <code>error</code>. It stands in ",
                    "for oauthdebugger.com/debug: register <code>{}</code> as a redirect URI of your app, send ",
                    "the authorization request with it as <code>redirect_uri</code>, and the result shows here.</p>\n",
                ),
                escape(view.redirect_uri),
                title = title,
            ));
        }
    }
    let shell = Shell {
        title: &format!("{title} - OAuth 2.0 debugger"),
        brand: "OAuth 2.0 debugger",
        tag: None,
        width: " widest",
    };
    document(&shell, &body)
}

/// Escapes text for HTML text and double- or single-quoted attribute values.
///
/// Exists because every page shows values from outside (app names, error texts,
/// URIs): `&`, `<`, `>`, `"` and `'` become character references, so none of them
/// can open a tag or leave an attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Says in plain words what a scope lets the app do, for the HIPAA Authorization.
///
/// Exists because members cannot be asked to authorize `patient/Coverage.rs`. SMART
/// v1 (`.read`, `.write`, `.*`) and v2 (`.cruds` subsets, `?query` filters) forms of
/// `patient/`, `user/` and `system/` scopes are described; resource names are split
/// into lower-case words ("ExplanationOfBenefit" reads "explanation of benefit").
/// Anything unknown is named as is, never dropped.
pub fn scope_in_words(scope: &str) -> String {
    match scope {
        "openid" => "confirm who you are".into(),
        "profile" | "fhirUser" => "see your name and member profile".into(),
        "offline_access" => "keep access while you are away (refresh tokens)".into(),
        "online_access" => "keep access while you are using it".into(),
        "launch/patient" => "know which member record you chose".into(),
        "launch/encounter" => "know which visit you chose".into(),
        "launch" => "know where it was launched from".into(),
        _ => resource_scope(scope).unwrap_or_else(|| format!("use the permission \"{scope}\"")),
    }
}

// ---------------------------------------------------------------------------------
// Pieces shared by the pages.

/// What the frame around a page's content shows.
struct Shell<'a> {
    /// The `<title>`, plain text.
    title: &'a str,
    /// The name in the header, plain text.
    brand: &'a str,
    /// A tag after the name (the tenant id).
    tag: Option<&'a str>,
    /// Extra card class: "", " wide" or " widest".
    width: &'static str,
}

impl<'a> Shell<'a> {
    fn for_tenant(ctx: &PageContext<'a>, title: &'a str) -> Self {
        Shell {
            title,
            brand: ctx.tenant_name,
            tag: Some(ctx.tenant_id),
            width: "",
        }
    }

    fn wide(self) -> Self {
        Shell {
            width: " wide",
            ..self
        }
    }
}

/// A shield with a cross: the header's mark, inline so the page loads nothing.
const LOGO: &str = concat!(
    "<svg width=\"26\" height=\"26\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">",
    "<path d=\"M12 1.5 3.5 4.8v6.1c0 5.3 3.6 10 8.5 11.6 4.9-1.6 8.5-6.3 8.5-11.6V4.8z\" fill=\"#ffffff\"/>",
    "<path d=\"M10.4 6.8h3.2v3.6h3.6v3.2h-3.6v3.6h-3.2v-3.6H6.8v-3.2h3.6z\" fill=\"#0b3d6b\"/></svg>"
);

fn document(shell: &Shell, body: &str) -> String {
    document_with(shell, body, "")
}

/// The whole document: head, header, the card holding `body`, footer, then `tail`
/// (already HTML, e.g. a script).
fn document_with(shell: &Shell, body: &str, tail: &str) -> String {
    let tag = shell
        .tag
        .map(|t| format!("<span class=\"tag\" title=\"Tenant\">{}</span>", escape(t)))
        .unwrap_or_default();
    format!(
        concat!(
            "<!doctype html>\n",
            "<html lang=\"en\">\n<head>\n",
            "<meta charset=\"utf-8\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            "<meta name=\"referrer\" content=\"no-referrer\">\n",
            "<meta name=\"robots\" content=\"noindex, nofollow\">\n",
            "<title>{title}</title>\n",
            "<style>{style}</style>\n",
            "</head>\n<body>\n",
            "<header class=\"topbar\"><span class=\"brand\">{logo}<span>{brand}</span></span>{tag}</header>\n",
            "<main>\n<div class=\"card{width}\">\n{body}</div>\n</main>\n",
            "<footer>Sandbox: synthetic data only, no real health information.</footer>\n",
            "{tail}",
            "</body>\n</html>\n",
        ),
        title = escape(shell.title),
        style = inline_style(),
        logo = LOGO,
        brand = escape(shell.brand),
        tag = tag,
        width = shell.width,
        body = body,
        tail = tail,
    )
}

/// Where the member is in the flow; `current` counts from 0 (sign in).
fn steps(current: usize) -> String {
    let mut out = String::from("<ol class=\"steps\" aria-label=\"Progress\">");
    for (i, label) in ["Sign in", "Disclaimer", "Authorization", "Back to the app"]
        .iter()
        .enumerate()
    {
        let attrs = match i.cmp(&current) {
            std::cmp::Ordering::Less => " class=\"done\"",
            std::cmp::Ordering::Equal => " aria-current=\"step\"",
            std::cmp::Ordering::Greater => "",
        };
        out.push_str(&format!("<li{attrs}>{label}</li>"));
    }
    out.push_str("</ol>\n");
    out
}

fn hidden(name: &str, value: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
        escape(name),
        escape(value)
    )
}

/// The opening of a flow form: posts to `ctx.action` with the flow id and CSRF token.
fn form_open(ctx: &PageContext) -> String {
    format!(
        "<form method=\"post\" action=\"{}\">\n{}{}",
        escape(ctx.action),
        hidden("flow", ctx.flow),
        hidden("csrf", ctx.csrf)
    )
}

/// "I Agree" / "Decline", the two buttons of both pop-ups. No autofocus: focusing the
/// button would scroll a short screen past the text the member is meant to read first;
/// the buttons are the next Tab stops after it.
fn decision_form(ctx: &PageContext) -> String {
    format!(
        concat!(
            "{}",
            "<div class=\"actions\">",
            "<button type=\"submit\" name=\"decision\" value=\"accept\" class=\"btn primary\">I Agree</button>",
            "<button type=\"submit\" name=\"decision\" value=\"decline\" class=\"btn secondary\">Decline</button>",
            "</div>\n</form>\n",
            "<p class=\"muted\">If you decline, {} gets none of your information and you are sent back to it.</p>\n",
        ),
        form_open(ctx),
        escape(ctx.app_name)
    )
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether a form may be posted to `uri`: http, https or a private-use `a.b` scheme,
/// written plainly (browsers drop white space and controls, so `java\tscript:` would
/// still be `javascript:`).
fn postable(uri: &str) -> bool {
    if uri.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((scheme, _)) = uri.split_once(':') else {
        return false;
    };
    let well_formed = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let scheme = scheme.to_ascii_lowercase();
    well_formed && (scheme == "http" || scheme == "https" || scheme.contains('.'))
}

fn state_row(state: Option<&str>) -> String {
    match state {
        Some(state) => format!(
            "<dt>State</dt><dd><code id=\"state\">{}</code></dd>\n",
            escape(state)
        ),
        None => "<dt>State</dt><dd class=\"muted\">none returned (the guide: state cannot be left blank)</dd>\n".into(),
    }
}

/// A sentence on what usually causes an authorization error.
fn error_advice(error: &str) -> Option<&'static str> {
    Some(match error {
        "access_denied" => {
            "The member declined the Interoperability Disclaimer or the HIPAA Authorization."
        }
        "invalid_scope" => {
            "Ask only for scopes the app registered (the Application Dashboard lists them); scopes are case-sensitive."
        }
        "invalid_request" => {
            "A parameter is missing, repeated or malformed: compare the authorization URL with the guide's Appendix B."
        }
        "unsupported_response_type" | "unauthorized_client" => {
            "Send response_type=code: the authorization code flow is the one this server supports for the app."
        }
        "server_error" | "temporarily_unavailable" => {
            "The authorization server could not complete the request; try again."
        }
        _ => return None,
    })
}

/// The token requests of guide 3.5, for each way a client authenticates.
fn token_requests(view: &DebugView, code: &str) -> String {
    let common = [
        "-d grant_type=authorization_code".to_owned(),
        format!("-d {}", shell_word(&format!("code={}", form_value(code)))),
        format!(
            "-d {}",
            shell_word(&format!("redirect_uri={}", form_value(view.redirect_uri)))
        ),
    ];
    let url = shell_word(view.token_endpoint_hint);
    let command = |head: &[&str], tail: &[&str]| {
        let mut parts: Vec<String> = head.iter().map(|s| (*s).to_owned()).collect();
        parts.extend(common.iter().cloned());
        parts.extend(tail.iter().map(|s| (*s).to_owned()));
        parts.push(url.clone());
        escape(&parts.join(" \\\n  "))
    };
    // A hint such as `http://host/{tenant}/oauth2/token` leaves a part to fill in.
    let hint = view.token_endpoint_hint;
    let placeholder = match hint.find('{').and_then(|at| {
        let len = hint[at..].find('}')?;
        Some(&hint[at..=at + len])
    }) {
        Some(part) => format!(
            " In the token URL, replace <code>{}</code> with the tenant the authorization request went to.",
            escape(part)
        ),
        None => String::new(),
    };
    let basic = command(&["curl -u CLIENT_ID:CLIENT_SECRET"], &[]);
    let post = command(
        &["curl"],
        &["-d client_id=CLIENT_ID", "-d client_secret=CLIENT_SECRET"],
    );
    let public = command(
        &["curl"],
        &["-d client_id=CLIENT_ID", "-d code_verifier=CODE_VERIFIER"],
    );
    format!(
        concat!(
            "<h2>Next: exchange the code for tokens</h2>\n",
            "<div class=\"note\"><p>Authorization codes are <strong>single-use</strong> and ",
            "<strong>expire after 60 seconds</strong>: make the token request right away, with the ",
            "same <code>redirect_uri</code> as the authorization request.</p></div>\n",
            "<p>Replace <code>CLIENT_ID</code> and <code>CLIENT_SECRET</code> with the app's ",
            "credentials from the Application Dashboard, and <code>CODE_VERIFIER</code> with the ",
            "PKCE verifier the app made for this request.{} Click a command to select it.</p>\n",
            "<h3>Confidential app, HTTP Basic authentication <span class=\"badge\">client_secret_basic</span></h3>\n",
            "<pre class=\"cmd\" id=\"curl-basic\"><code>{}</code></pre>\n",
            "<h3>Confidential app, credentials in the form body <span class=\"badge\">client_secret_post</span></h3>\n",
            "<pre class=\"cmd\" id=\"curl-post\"><code>{}</code></pre>\n",
            "<h3>Public app, PKCE and no secret <span class=\"badge\">none</span></h3>\n",
            "<pre class=\"cmd\" id=\"curl-public\"><code>{}</code></pre>\n",
            "<p class=\"muted\">In Postman (guide 3.5), send the same keys as an x-www-form-urlencoded body.</p>\n",
        ),
        placeholder, basic, post, public
    )
}

/// Percent-encodes what would change a value's meaning in a form body, and keeps
/// URIs readable (`:` and `/` stay).
fn form_value(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:/?@!$()*,;".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One shell word: as is when that is safe, otherwise in single quotes.
fn shell_word(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c));
    if safe {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// `patient/Observation.rs` and friends; `None` when the scope is not one.
fn resource_scope(scope: &str) -> Option<String> {
    let (context, rest) = scope.split_once('/')?;
    let (resource, permission) = rest.split_once('.')?;
    let (permission, query) = match permission.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (permission, None),
    };
    let all = resource == "*";
    let named = resource.starts_with(|c: char| c.is_ascii_uppercase())
        && resource.chars().all(|c| c.is_ascii_alphanumeric());
    if !(all || named) {
        return None;
    }
    let verbs: Vec<&str> = match permission {
        "read" => vec!["read"],
        "write" => vec!["create", "change", "delete"],
        "*" => vec!["read", "create", "change", "delete"],
        v2 => {
            // A v2 permission is a non-empty subset of c, r, u, d, s in that order.
            let mut last = None;
            for c in v2.chars() {
                let at = "cruds".find(c)?;
                if last.is_some_and(|l| l >= at) {
                    return None;
                }
                last = Some(at);
            }
            last?;
            let mut verbs = Vec::new();
            if v2.contains('r') {
                verbs.push("read");
            } else if v2.contains('s') {
                verbs.push("search");
            }
            for (c, verb) in [('c', "create"), ('u', "change"), ('d', "delete")] {
                if v2.contains(c) {
                    verbs.push(verb);
                }
            }
            verbs
        }
    };
    let things = if all {
        "health records".to_owned()
    } else {
        format!("{} records", words_of(resource))
    };
    let object = match (context, all) {
        ("patient", false) => format!("your {things}"),
        ("patient", true) => format!("all your {things}"),
        ("user", _) => format!("the {things} you can access"),
        ("system", false) => things,
        ("system", true) => format!("all {things}"),
        _ => return None,
    };
    let mut out = format!("{} {object}", and_list(&verbs));
    if let Some(query) = query {
        out.push_str(&format!(" (only those matching {query})"));
    }
    Some(out)
}

/// "ExplanationOfBenefit" -> "explanation of benefit"; "HTTPThing" -> "http thing".
fn words_of(camel: &str) -> String {
    let chars: Vec<char> = camel.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if !prev.is_ascii_uppercase() || next_lower {
                out.push(' ');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "<script>alert('x')</script>\"&";

    fn ctx<'a>(app_name: &'a str) -> PageContext<'a> {
        PageContext {
            tenant_id: "dev1",
            tenant_name: "MELD",
            app_name,
            flow: "flow-123",
            csrf: "csrf-456",
            action: "/dev1/oauth2/authorize/login",
        }
    }

    fn hostile_ctx() -> PageContext<'static> {
        PageContext {
            tenant_id: HOSTILE,
            tenant_name: HOSTILE,
            app_name: HOSTILE,
            flow: HOSTILE,
            csrf: HOSTILE,
            action: HOSTILE,
        }
    }

    fn scopes(list: &[&str]) -> Vec<(String, String)> {
        list.iter()
            .map(|s| ((*s).to_owned(), scope_in_words(s)))
            .collect()
    }

    fn every_page() -> Vec<(&'static str, String)> {
        let ctx = ctx("Acme Health");
        vec![
            ("login", login(&ctx, Some("rose"), Some("pw"), None)),
            (
                "login with error",
                login(&ctx, None, None, Some("The username or password is wrong.")),
            ),
            ("disclaimer", disclaimer(&ctx)),
            (
                "hipaa",
                hipaa_authorization(&ctx, &scopes(&["openid", "patient/Coverage.rs"])),
            ),
            (
                "error",
                error_page(
                    "Unknown client",
                    "No app has this client_id.",
                    Some("Copy it."),
                ),
            ),
            (
                "form_post",
                form_post("https://app.example/cb", &[("code", "c"), ("state", "s")]),
            ),
            (
                "debug success",
                debug(&DebugView {
                    code: Some("abc"),
                    state: Some("xyz"),
                    token_endpoint_hint: "http://127.0.0.1:8080/dev1/oauth2/token",
                    redirect_uri: "http://127.0.0.1:8080/debug",
                    ..Default::default()
                }),
            ),
            (
                "debug error",
                debug(&DebugView {
                    error: Some("access_denied"),
                    error_description: Some("The member declined."),
                    ..Default::default()
                }),
            ),
            ("debug empty", debug(&DebugView::default())),
        ]
    }

    /// Checks that every non-void element is closed in order (outside style and script).
    fn assert_balanced(name: &str, html: &str) {
        const VOID: [&str; 6] = ["meta", "input", "br", "path", "img", "link"];
        let mut stack: Vec<String> = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            rest = &rest[start + 1..];
            let end = rest.find('>').expect("an unclosed tag");
            let tag = &rest[..end];
            rest = &rest[end + 1..];
            if tag.starts_with('!') {
                continue;
            }
            if let Some(closing) = tag.strip_prefix('/') {
                let open = stack.pop();
                assert_eq!(
                    open.as_deref(),
                    Some(closing),
                    "{name}: misnested </{closing}>"
                );
                continue;
            }
            let element = tag.split_whitespace().next().unwrap().to_owned();
            for attribute in tag.split_whitespace().skip(1) {
                let attr_name = attribute.split('=').next().unwrap();
                assert!(!attr_name.starts_with("on"), "{name}: handler in <{tag}>");
            }
            if VOID.contains(&element.as_str()) || tag.ends_with('/') {
                continue;
            }
            if element == "style" || element == "script" {
                let close = format!("</{element}>");
                let at = rest.find(&close).expect("raw text element closed");
                rest = &rest[at + close.len()..];
                continue;
            }
            stack.push(element);
        }
        assert!(stack.is_empty(), "{name}: unclosed {stack:?}");
    }

    #[test]
    fn escape_turns_every_special_character_into_a_reference() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>&amp;</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
        );
        assert_eq!(escape("Rose Tammy Beltran"), "Rose Tammy Beltran");
    }

    #[test]
    fn a_script_app_name_never_appears_unescaped_in_any_page() {
        let ctx = hostile_ctx();
        let pages = [
            login(&ctx, Some(HOSTILE), Some(HOSTILE), Some(HOSTILE)),
            disclaimer(&ctx),
            hipaa_authorization(&ctx, &[(HOSTILE.to_owned(), HOSTILE.to_owned())]),
            error_page(HOSTILE, HOSTILE, Some(HOSTILE)),
            form_post("https://app.example/cb", &[(HOSTILE, HOSTILE)]),
            debug(&DebugView {
                code: Some(HOSTILE),
                state: Some(HOSTILE),
                token_endpoint_hint: HOSTILE,
                redirect_uri: HOSTILE,
                ..Default::default()
            }),
            debug(&DebugView {
                error: Some(HOSTILE),
                error_description: Some(HOSTILE),
                state: Some(HOSTILE),
                ..Default::default()
            }),
        ];
        for page in &pages {
            assert!(!page.contains("<script>alert"), "{page}");
            assert!(!page.contains("alert('x')"), "{page}");
            assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        }
    }

    #[test]
    fn hostile_error_messages_are_shown_as_text() {
        let page = login(
            &ctx("App"),
            None,
            None,
            Some("<img src=x onerror=alert(1)>"),
        );
        assert!(!page.contains("<img"));
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        let page = error_page("Bad \"title\"", "<b>bold</b>", None);
        assert!(page.contains("<title>Bad &quot;title&quot; - Authorization error</title>"));
        assert!(page.contains("&lt;b&gt;bold&lt;/b&gt;"));
    }

    #[test]
    fn every_page_is_a_self_contained_html5_document() {
        for (name, page) in every_page() {
            assert!(
                page.starts_with("<!doctype html>\n<html lang=\"en\">"),
                "{name}"
            );
            assert_eq!(page.matches("<title>").count(), 1, "{name}");
            assert!(
                page.contains(
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                ),
                "{name}"
            );
            assert_eq!(page.matches("<style").count(), 1, "{name}");
            for banned in ["<link", " src=", "@import", "url(", "http-equiv"] {
                assert!(!page.contains(banned), "{name} contains {banned}");
            }
            assert_balanced(name, &page);
        }
    }

    #[test]
    fn only_the_form_post_page_has_a_script() {
        for (name, page) in every_page() {
            let expected = usize::from(name == "form_post");
            assert_eq!(page.matches("<script").count(), expected, "{name}");
        }
    }

    #[test]
    fn the_login_page_has_labelled_username_and_password_fields_with_the_prefilled_values_escaped()
    {
        let page = login(&ctx("Acme"), Some("rose\"beltran"), Some("p<w>&'d"), None);
        assert!(page.contains("<h1>MELD User Login</h1>"));
        assert!(page.contains("<label for=\"username\">Username</label>"));
        assert!(page.contains("<label for=\"password\">Password</label>"));
        assert!(page.contains(
            "<input id=\"username\" name=\"username\" type=\"text\" value=\"rose&quot;beltran\" autocomplete=\"username\""
        ));
        assert!(page.contains(
            "<input id=\"password\" name=\"password\" type=\"password\" value=\"p&lt;w&gt;&amp;&#39;d\" autocomplete=\"current-password\""
        ));
        assert!(page.contains("<form method=\"post\" action=\"/dev1/oauth2/authorize/login\">"));
        assert!(page.contains("<input type=\"hidden\" name=\"flow\" value=\"flow-123\">"));
        assert!(page.contains("<input type=\"hidden\" name=\"csrf\" value=\"csrf-456\">"));
        assert!(page.contains(
            "<button type=\"submit\" class=\"btn primary block\" autofocus>Sign In</button>"
        ));
        assert!(!page.contains("role=\"alert\""));
    }

    #[test]
    fn the_login_page_focuses_the_first_thing_left_to_do() {
        let c = ctx("Acme");
        let empty = login(&c, None, None, None);
        assert!(empty.contains("autocapitalize=\"none\" spellcheck=\"false\" required autofocus>"));
        let user_only = login(&c, Some("rose"), None, None);
        assert!(user_only.contains("autocomplete=\"current-password\" required autofocus>"));
        assert_eq!(empty.matches("autofocus").count(), 1);
        assert_eq!(user_only.matches("autofocus").count(), 1);
    }

    #[test]
    fn the_login_page_shows_an_error_in_an_alert_and_marks_the_fields() {
        let page = login(
            &ctx("Acme"),
            Some("rose"),
            None,
            Some("The username or password is wrong."),
        );
        assert!(page.contains(
            "<div class=\"alert\" role=\"alert\" id=\"login-error\"><p>The username or password is wrong.</p></div>"
        ));
        assert_eq!(
            page.matches("aria-invalid=\"true\" aria-describedby=\"login-error\"")
                .count(),
            2
        );
        assert!(page.contains("value=\"rose\""));
    }

    #[test]
    fn consent_pages_carry_flow_and_csrf_hidden_fields_and_both_decisions() {
        let c = ctx("Acme Health");
        for page in [
            disclaimer(&c),
            hipaa_authorization(&c, &scopes(&["patient/Patient.read"])),
        ] {
            assert!(
                page.contains("<form method=\"post\" action=\"/dev1/oauth2/authorize/login\">")
            );
            assert!(page.contains("<input type=\"hidden\" name=\"flow\" value=\"flow-123\">"));
            assert!(page.contains("<input type=\"hidden\" name=\"csrf\" value=\"csrf-456\">"));
            assert!(page.contains(
                "<button type=\"submit\" name=\"decision\" value=\"accept\" class=\"btn primary\">I Agree</button>"
            ));
            assert!(page.contains(
                "<button type=\"submit\" name=\"decision\" value=\"decline\" class=\"btn secondary\">Decline</button>"
            ));
            assert!(page.contains("<span class=\"tag\" title=\"Tenant\">dev1</span>"));
        }
    }

    #[test]
    fn the_disclaimer_names_the_app_and_says_hipaa_no_longer_covers_the_data() {
        let page = disclaimer(&ctx("Acme Health"));
        assert!(page.contains("<h1>Interoperability Disclaimer</h1>"));
        assert!(page.contains("<strong>Acme Health is not covered by HIPAA</strong>"));
        assert!(page.contains("third-party application"));
    }

    #[test]
    fn the_hipaa_authorization_lists_scopes_in_words_once_and_lasts_until_revoked() {
        let page = hipaa_authorization(
            &ctx("Acme"),
            &scopes(&[
                "openid",
                "patient/ExplanationOfBenefit.read",
                "patient/ExplanationOfBenefit.rs",
            ]),
        );
        assert!(page.contains("<h1>HIPAA Authorization</h1>"));
        assert!(page.contains(
            "<li>Confirm who you are <span class=\"muted\">(<code>openid</code>)</span></li>"
        ));
        assert!(page.contains(
            "<li>Read your explanation of benefit records <span class=\"muted\">(<code>patient/ExplanationOfBenefit.read</code>, <code>patient/ExplanationOfBenefit.rs</code>)</span></li>"
        ));
        assert!(page.contains("until you revoke it"));
    }

    #[test]
    fn the_error_page_never_redirects_and_says_what_to_change() {
        let page = error_page(
            "Unregistered redirect URI",
            "https://evil.example/cb is not registered for this app.",
            Some("Add it to the app's redirect URIs on the Application Dashboard."),
        );
        assert!(page.contains("<h1>Unregistered redirect URI</h1>"));
        assert!(page.contains("What to change"));
        assert!(page.contains("Add it to the app&#39;s redirect URIs"));
        for banned in ["<form", "refresh", "<script", "<a "] {
            assert!(!page.contains(banned), "{banned}");
        }
    }

    #[test]
    fn the_debug_page_shows_code_and_state_with_their_ids() {
        let page = debug(&DebugView {
            code: Some("Z3kyav4v9"),
            state: Some("t4z3di7aca"),
            token_endpoint_hint: "http://127.0.0.1:8080/dev1/oauth2/token",
            redirect_uri: "http://127.0.0.1:8080/debug",
            ..Default::default()
        });
        assert!(page.contains("<h1>Success!</h1>"));
        assert!(page.contains("<code id=\"code\">Z3kyav4v9</code>"));
        assert!(page.contains("<code id=\"state\">t4z3di7aca</code>"));
        assert!(!page.contains("id=\"error\""));
        assert!(page.contains("single-use"));
        assert!(page.contains("expire after 60 seconds"));
    }

    #[test]
    fn the_debug_page_gives_a_curl_command_for_each_client_type() {
        let page = debug(&DebugView {
            code: Some("Z3k"),
            token_endpoint_hint: "http://127.0.0.1:8080/dev1/oauth2/token",
            redirect_uri: "http://127.0.0.1:8080/debug",
            ..Default::default()
        });
        let tail = "-d grant_type=authorization_code \\\n  -d code=Z3k \\\n  -d redirect_uri=http://127.0.0.1:8080/debug";
        let url = "http://127.0.0.1:8080/dev1/oauth2/token";
        assert!(page.contains(&format!(
            "<code>curl -u CLIENT_ID:CLIENT_SECRET \\\n  {tail} \\\n  {url}</code>"
        )));
        assert!(page.contains(&format!(
            "<code>curl \\\n  {tail} \\\n  -d client_id=CLIENT_ID \\\n  -d client_secret=CLIENT_SECRET \\\n  {url}</code>"
        )));
        assert!(page.contains(&format!(
            "<code>curl \\\n  {tail} \\\n  -d client_id=CLIENT_ID \\\n  -d code_verifier=CODE_VERIFIER \\\n  {url}</code>"
        )));
    }

    #[test]
    fn curl_arguments_are_form_encoded_and_shell_quoted() {
        let page = debug(&DebugView {
            code: Some("a+b&c='d"),
            token_endpoint_hint: "http://HOST/{tenant}/oauth2/token",
            redirect_uri: "https://app.example/cb?x=1",
            ..Default::default()
        });
        assert!(page.contains("-d code=a%2Bb%26c%3D%27d"));
        assert!(page.contains("-d &#39;redirect_uri=https://app.example/cb?x%3D1&#39;"));
        assert!(page.contains("&#39;http://HOST/{tenant}/oauth2/token&#39;</code>"));
        assert!(page.contains("replace <code>{tenant}</code> with the tenant"));
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("code=abc"), "code=abc");
        assert_eq!(shell_word("it's $x"), "'it'\\''s $x'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn the_debug_page_shows_the_error_and_its_description() {
        let page = debug(&DebugView {
            error: Some("access_denied"),
            error_description: Some("The member declined."),
            state: Some("s1"),
            ..Default::default()
        });
        assert!(page.contains("<code id=\"error\">access_denied</code>"));
        assert!(page.contains("<code id=\"error_description\">The member declined.</code>"));
        assert!(page.contains("<code id=\"state\">s1</code>"));
        assert!(page.contains("role=\"alert\""));
        assert!(!page.contains("id=\"code\""));
        assert!(!page.contains("curl"));
        assert!(!page.contains("Success!"));
    }

    #[test]
    fn the_debug_page_without_a_response_says_what_to_do() {
        let page = debug(&DebugView {
            redirect_uri: "http://127.0.0.1:8080/debug",
            ..Default::default()
        });
        assert!(page.contains("neither a <code>code</code> nor an <code>error</code>"));
        assert!(page.contains("<code>http://127.0.0.1:8080/debug</code>"));
    }

    #[test]
    fn form_post_carries_every_param_as_a_hidden_input_and_one_constant_script() {
        let page = form_post(
            "https://app.example/callback?x=1&y=2",
            &[
                ("code", "abc"),
                ("state", "s&t\""),
                ("iss", "http://127.0.0.1/dev1"),
            ],
        );
        assert!(page.contains(
            "<form id=\"form_post\" method=\"post\" action=\"https://app.example/callback?x=1&amp;y=2\">"
        ));
        assert!(page.contains("<input type=\"hidden\" name=\"code\" value=\"abc\">"));
        assert!(page.contains("<input type=\"hidden\" name=\"state\" value=\"s&amp;t&quot;\">"));
        assert!(
            page.contains("<input type=\"hidden\" name=\"iss\" value=\"http://127.0.0.1/dev1\">")
        );
        assert!(page.contains(&format!("<script>{FORM_POST_SCRIPT}</script>")));
        assert!(page.contains(&format!("<style>{}</style>", inline_style())));
        assert!(page.contains(
            "<button type=\"submit\" class=\"btn primary block\" autofocus>Continue</button>"
        ));
        assert!(!page.contains("name=\"submit\""));
    }

    #[test]
    fn form_post_refuses_a_redirect_uri_that_could_run_script() {
        for uri in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<b>",
            "/relative",
            "",
        ] {
            let page = form_post(uri, &[("code", "abc")]);
            assert!(!page.contains("<form"), "{uri:?}");
            assert!(!page.contains("<script"), "{uri:?}");
            assert!(!page.contains("value=\"abc\""), "{uri:?}");
        }
        for uri in [
            "http://localhost:3000/cb",
            "HTTPS://app.example/cb",
            "com.example.app:/cb",
        ] {
            assert!(form_post(uri, &[]).contains("<form"), "{uri}");
        }
    }

    #[test]
    fn scope_in_words_covers_v1_and_v2_forms() {
        for (scope, words) in [
            (
                "patient/ExplanationOfBenefit.read",
                "read your explanation of benefit records",
            ),
            (
                "patient/ExplanationOfBenefit.rs",
                "read your explanation of benefit records",
            ),
            (
                "patient/DiagnosticReport.r",
                "read your diagnostic report records",
            ),
            ("patient/Coverage.s", "search your coverage records"),
            (
                "patient/Observation.write",
                "create, change and delete your observation records",
            ),
            (
                "patient/Observation.cud",
                "create, change and delete your observation records",
            ),
            (
                "patient/Condition.cruds",
                "read, create, change and delete your condition records",
            ),
            ("patient/*.read", "read all your health records"),
            ("patient/*.rs", "read all your health records"),
            (
                "user/ServiceRequest.read",
                "read the service request records you can access",
            ),
            (
                "patient/Observation.rs?category=laboratory",
                "read your observation records (only those matching category=laboratory)",
            ),
            ("openid", "confirm who you are"),
            ("profile", "see your name and member profile"),
            ("fhirUser", "see your name and member profile"),
            (
                "offline_access",
                "keep access while you are away (refresh tokens)",
            ),
            ("launch/patient", "know which member record you chose"),
        ] {
            assert_eq!(scope_in_words(scope), words, "{scope}");
        }
    }

    #[test]
    fn scope_in_words_names_unknown_scopes_as_they_are() {
        for scope in [
            "email",
            "patient/Observation.sr",
            "patient/Observation.",
            "patient/observation.read",
            "other/Observation.read",
            "patient/Obs-ervation.read",
        ] {
            assert_eq!(
                scope_in_words(scope),
                format!("use the permission \"{scope}\""),
                "{scope}"
            );
        }
    }

    #[test]
    fn resource_names_split_into_lower_case_words() {
        assert_eq!(words_of("ExplanationOfBenefit"), "explanation of benefit");
        assert_eq!(words_of("Patient"), "patient");
        assert_eq!(words_of("HTTPThing"), "http thing");
        assert_eq!(words_of("MedicationRequest"), "medication request");
    }
}
