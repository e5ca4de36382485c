@oauth @pkce
Feature: Public apps prove they started the authorization (PKCE)
  A public app has no secret, so it proves at the token endpoint that it is the app
  that sent the member to sign in: it sends a code challenge with the authorization
  link and the verifier behind it with the code (RFC 7636; SMART App Launch 2.0
  requires S256). The guide's public client type (section 3.2 b) uses it; the
  examples use the verifier and challenge of RFC 7636 appendix B.

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "PublicApp" as a "public" client

  Rule: The authorization link of a public app carries an S256 challenge
    Scenario: A public app's link without a code challenge is sent back with invalid_request
      When the member opens the authorization link of the app "PublicApp" on "dev1" without PKCE
      Then the browser is sent back to the app with the error "invalid_request" and the state

    Scenario: The plain challenge method is sent back with invalid_request
      When the member opens the authorization link of the app "PublicApp" on "dev1" with the PKCE method "plain"
      Then the browser is sent back to the app with the error "invalid_request" and the state

    @login-pages
    Scenario: An S256 challenge leads the member to the login page
      When the member opens the authorization link of the app "PublicApp" on "dev1" with the PKCE method "S256"
      Then the member sees the login page prefilled with the member "rose"

  Rule: The code is exchanged only with the verifier behind the challenge
    Scenario: The right verifier buys the tokens
      Given the member authorized the app "PublicApp" on "dev1"
      When the app exchanges the code for tokens
      Then the app receives tokens
      And the token response names the patient "smart-15716"

    Scenario: A code exchanged without a verifier is refused
      Given the member authorized the app "PublicApp" on "dev1"
      When the app exchanges the code without a code verifier
      Then the token endpoint refuses with "invalid_request"
      And the refusal explains "code_verifier"

    Scenario: A code exchanged with an empty verifier is refused
      Given the member authorized the app "PublicApp" on "dev1"
      When the app exchanges the code with an empty code verifier
      Then the token endpoint refuses with "invalid_request"

    Scenario: A code exchanged with a wrong verifier is refused
      Given the member authorized the app "PublicApp" on "dev1"
      When the app exchanges the code with a wrong code verifier
      Then the token endpoint refuses with "invalid_grant"

    Scenario: The challenge itself is not a verifier
      Given the member authorized the app "PublicApp" on "dev1"
      When the app exchanges the code with the code challenge as the code verifier
      Then the token endpoint refuses with "invalid_grant"
