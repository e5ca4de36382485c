@oauth @client-auth
Feature: Apps authenticate at the token endpoint exactly as registered
  The client type chosen at registration decides how the app proves who it is when
  it exchanges a code (portal guide, section 3.2 b, and 3.5 step 2): Confidential -
  Basic Auth with an HTTP Basic header, Confidential - Forms Auth with the client id
  and secret in the body, Public with the client id alone and PKCE. Any other way
  is refused with invalid_client, and the description says what to send instead.

  Background:
    Given a verified developer "Alice" who accepted the terms

  Rule: Each client type succeeds with its own method
    Scenario: A Basic Auth client sends its secret in a Basic header
      Given she registered the app "BasicApp" as a "confidential-basic" client
      And the member authorized the app "BasicApp" on "dev1"
      When the app exchanges the code sending its secret in a Basic header
      Then the app receives tokens

    Scenario: A Forms Auth client sends its client id and secret in the body
      Given she registered the app "FormsApp" as a "confidential-forms" client
      And the member authorized the app "FormsApp" on "dev1"
      When the app exchanges the code sending its client id and secret in the body
      Then the app receives tokens

    Scenario: A public client sends its client id alone, with the PKCE verifier
      Given she registered the app "PublicApp" as a "public" client
      And the member authorized the app "PublicApp" on "dev1"
      When the app exchanges the code sending its client id alone
      Then the app receives tokens

  Rule: A Basic Auth client must use the Basic header, with the right secret
    Scenario: A Basic Auth client sending its secret in the body is refused
      Given she registered the app "BasicApp" as a "confidential-basic" client
      And the member authorized the app "BasicApp" on "dev1"
      When the app exchanges the code sending its client id and secret in the body
      Then the token endpoint refuses with "invalid_client"
      And the refusal explains "Basic"
      When the app exchanges the code sending its secret in a Basic header
      Then the app receives tokens

    Scenario: A Basic Auth client with a wrong secret is challenged for Basic authentication
      Given she registered the app "BasicApp" as a "confidential-basic" client
      And the member authorized the app "BasicApp" on "dev1"
      When the app exchanges the code sending a wrong secret in a Basic header
      Then the token endpoint refuses with "invalid_client" and status 401
      And the refusal asks for HTTP Basic authentication

    Scenario: A Basic Auth client sending no credentials is refused
      Given she registered the app "BasicApp" as a "confidential-basic" client
      And the member authorized the app "BasicApp" on "dev1"
      When the app exchanges the code sending no client credentials
      Then the token endpoint refuses with "invalid_client"

  Rule: A Forms Auth client must send its credentials in the body
    Scenario: A Forms Auth client using a Basic header is refused
      Given she registered the app "FormsApp" as a "confidential-forms" client
      And the member authorized the app "FormsApp" on "dev1"
      When the app exchanges the code sending its secret in a Basic header
      Then the token endpoint refuses with "invalid_client" and status 401
      And the refusal asks for HTTP Basic authentication
      And the refusal explains "in the body"

    Scenario: A Forms Auth client with a wrong secret is refused
      Given she registered the app "FormsApp" as a "confidential-forms" client
      And the member authorized the app "FormsApp" on "dev1"
      When the app exchanges the code sending its client id and a wrong secret in the body
      Then the token endpoint refuses with "invalid_client"

  Rule: A public client has no secret to send
    @portal-rules
    Scenario: A public client sending a secret is refused
      Given she registered the app "PublicApp" as a "public" client
      And the member authorized the app "PublicApp" on "dev1"
      When the app exchanges the code sending its client id and a made-up secret in the body
      Then the token endpoint refuses with "invalid_client"
      And the refusal explains "Public"
