@apps @portal @sandbox
Feature: Registering apps and the application dashboard
  A developer registers her SMART app with the OAuth API tool and manages it from
  the Application Dashboard: details, optional information and credentials
  (portal guide, sections 3.2 and 3.3). Every scenario needs a verified
  developer, so it reads the verification mail from the sandbox outbox.

  Rule: An app gets a development client id, and a secret when it is confidential
    The client type decides how the app authenticates at the token endpoint:
    Public (no secret), Confidential - Forms Auth or Confidential - Basic Auth,
    the default; Authorization Code is the only grant (guide 3.2, b and c).

    Scenario: A confidential app using Basic authentication receives a client id and a secret
      Given a verified developer "Alice" who accepted the terms
      When she registers the app "TestApp1" as a "confidential-basic" client
      Then the app is registered
      And the app has a development client id and a client secret
      And the dashboard shows the client type "confidential-basic"

    Scenario: A public app receives a client id and no secret
      Given a verified developer "Alice" who accepted the terms
      When she registers the app "PublicApp" as a "public" client
      Then the app is registered
      And the app has a development client id and no client secret
      And the dashboard shows the client type "public"

    Scenario: A confidential app using form authentication receives a client id and a secret
      Given a verified developer "Alice" who accepted the terms
      When she registers the app "FormsApp" as a "confidential-forms" client
      Then the app is registered
      And the app has a development client id and a client secret
      And the dashboard shows the client type "confidential-forms"

    Scenario: An app registered without a client type uses Basic authentication
      Given a verified developer "Alice" who accepted the terms
      When she registers the app "DefaultApp" without a client type
      Then the app is registered
      And the dashboard shows the client type "confidential-basic"
      And the app has a development client id and a client secret

  Rule: Every scope must be one the tenant's CapabilityStatement lists
    Scopes are picked from the list the tenant's metadata publishes
    (guide 3.2, d).

    Scenario: Scopes the tenant accepts are registered as given
      Given a verified developer "Alice" who accepted the terms
      When she registers the app "ScopedApp" with the scopes "openid fhirUser launch/patient patient/Patient.read"
      Then the app is registered
      And the dashboard shows the scopes "openid fhirUser launch/patient patient/Patient.read"

    Scenario: A scope the tenant does not list is refused
      Given a verified developer "Alice" who accepted the terms
      When she registers the app "SpaceApp" with the scopes "openid patient/Spaceship.read"
      Then the registration is refused with status 422 "invalid request"
      And the problem names only the rule "scopes.unknown"

  Rule: Redirect URIs are absolute, and several may be given separated by commas
    The callback URIs are listed in one field, comma-separated, e.g. the app's
    own and oauthdebugger.com/debug (guide 3.2, e).

    Scenario: A comma-separated list registers each redirect URI
      Given a verified developer "Alice" who accepted the terms
      When she registers the app "DebugApp" with the redirect URIs "https://app.example.test/cb,https://oauthdebugger.com/debug"
      Then the app is registered
      And the dashboard shows the redirect URIs:
        | https://app.example.test/cb     |
        | https://oauthdebugger.com/debug |

    Scenario: A relative redirect URI is refused
      Given a verified developer "Alice" who accepted the terms
      When she registers the app "RelativeApp" with the redirect URIs "/callback"
      Then the registration is refused with status 422 "invalid request"
      And the problem names the rule "redirect_uris.relative"

    Scenario: A malformed redirect URI is refused
      Given a verified developer "Alice" who accepted the terms
      When she registers the app "MalformedApp" with the redirect URIs "https://exa mple.test/cb"
      Then the registration is refused with status 422 "invalid request"
      And the problem names the rule "redirect_uris.malformed"

  Rule: The dashboard masks the client secret unless asked to reveal it
    App Credentials show the Client ID and a masked Client Secret
    (guide 3.3, Figure 9).

    Scenario: The dashboard shows the secret masked
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "TestApp1"
      When she opens the dashboard of the app "TestApp1"
      Then the dashboard shows the client secret masked
      And the dashboard shows the privacy policy as "not_uploaded"
      And the dashboard shows the security attestation as "not_submitted"

    Scenario: Revealing the credentials shows the secret issued at registration
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "TestApp1"
      When she opens the dashboard of the app "TestApp1" with the credentials revealed
      Then the dashboard shows the client secret issued at registration

    Scenario: The app list masks every secret
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "TestApp1"
      When she lists her apps
      Then the list includes the app "TestApp1"

  Rule: Changing the client type issues or drops the client secret
    The client type can be changed from the dashboard after registration: an app
    that becomes confidential needs a secret, shown once like at registration,
    and an app that becomes public no longer has one (guide 3.2, b; 3.3).

    Scenario: Switching a public app to a confidential client type issues a secret shown once
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "PublicApp" as a "public" client
      When she changes the client type of the app "PublicApp" to "confidential-basic"
      Then the dashboard shows the client type "confidential-basic"
      And the answer to the change shows the new client secret in clear
      When she opens the dashboard of the app "PublicApp"
      Then the dashboard shows the client secret masked
      When she opens the dashboard of the app "PublicApp" with the credentials revealed
      Then the dashboard shows the client secret issued by the change

    Scenario: Switching a confidential app to public drops its secret
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "SecretApp" as a "confidential-basic" client
      When she changes the client type of the app "SecretApp" to "public"
      Then the dashboard shows the client type "public"
      And the app has a development client id and no client secret
      When she opens the dashboard of the app "SecretApp" with the credentials revealed
      Then the app has a development client id and no client secret

  Rule: App details and optional information can be edited from the dashboard
    The dashboard edits what registration set, and adds the organization
    website, a description, contacts and a support email (guide 3.3).

    Scenario: Renaming an app and changing its scopes
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "TestApp1"
      When she renames the app "TestApp1" to "TestApp2"
      Then the dashboard shows the name "TestApp2"
      When she changes the scopes of the app "TestApp2" to "openid profile patient/Patient.read"
      Then the dashboard shows the scopes "openid profile patient/Patient.read"

    Scenario: Adding the optional app information
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "TestApp1"
      When she sets the optional information of the app "TestApp1":
        | organization website | https://example.test                      |
        | description          | Shows members their claims                |
        | support email        | support@example.test                      |
        | documentation URL    | https://example.test/docs                 |
        | contact              | Alice Example <alice@example.test>        |
      Then the dashboard shows the optional information:
        | organization website | https://example.test                      |
        | description          | Shows members their claims                |
        | support email        | support@example.test                      |
        | documentation URL    | https://example.test/docs                 |
        | contact              | Alice Example <alice@example.test>        |
      When she opens the dashboard of the app "TestApp1"
      Then the dashboard shows the optional information:
        | description          | Shows members their claims                |

  Rule: An app id the portal does not know is not found
    A dashboard link kept from an old app, or an id mistyped in a help-desk
    ticket, leads nowhere rather than to an error or to someone else's app
    (guide 3.3).

    Scenario: An app id that does not exist is not found
      Given a verified developer "Alice" who accepted the terms
      When she opens the dashboard of the app id "app-999999", which does not exist
      Then the request is refused with status 404 "not found"

  Rule: A deleted app is gone
    Delete Application removes the app and its credentials (guide 3.3,
    Figure 9).

    Scenario: Deleting an app
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "TestApp1"
      When she deletes the app "TestApp1"
      Then the app is deleted
      When she opens the dashboard of the app "TestApp1"
      Then the request is refused with status 404 "not found"
      When she lists her apps
      Then the list does not include the app "TestApp1"

  Rule: A developer sees and changes only her own apps
    Another developer's app answers as if it did not exist, so ids cannot be
    probed (guide 3.3).

    Scenario: Bob can neither see nor touch Alice's app
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "AliceApp"
      And a verified developer "Bob" who accepted the terms
      When "Bob" lists his apps
      Then the list does not include the app "AliceApp"
      When "Bob" opens the dashboard of the app "AliceApp"
      Then the request is refused with status 404 "not found"
      When "Bob" renames the app "AliceApp" to "Stolen"
      Then the request is refused with status 404 "not found"
      When "Bob" deletes the app "AliceApp"
      Then the request is refused with status 404 "not found"
      And "Alice" can still open the dashboard of the app "AliceApp"

  Rule: Requests must be well-formed JSON
    The portal tells a broken request body apart from a wrong content type.

    Scenario: A body that is not JSON is refused
      Given a verified developer "Alice" who accepted the terms
      When she registers an app with a body that is not JSON
      Then the registration is refused with status 400 "malformed request body"

    Scenario: JSON sent with another content type is refused
      Given a verified developer "Alice" who accepted the terms
      When she registers an app sending its JSON as "text/plain"
      Then the registration is refused with status 415 "unsupported media type"
