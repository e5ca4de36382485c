@oauth @token
Feature: Exchanging the code for tokens
  The app trades the authorization code for an access token at the token endpoint,
  as the guide does with Postman (portal guide, section 3.5), then uses the refresh
  token for new access tokens (Appendix A). Access tokens can be checked and
  refresh tokens withdrawn with introspection and revocation.

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "PortalApp" as a "confidential-basic" client
    And the member authorized the app "PortalApp" on "dev1"

  Rule: The token response carries what the guide describes
    An access token living 5 minutes, a refresh token, the granted scopes and
    the patient's id; an ID token for openid (guide 3.5 step 3, Figure 27, and
    Appendix A: "the patient ID is in the Authorization Token").

    @portal-rules
    Scenario: The code buys a Bearer access token for Rose's record, and a refresh token
      When the app exchanges the code for tokens
      Then the app receives tokens
      And the token response says token type "Bearer", expires in 300 seconds and carries a refresh token
      And the token response grants the scopes "openid patient/Patient.read"
      And the token response names the patient "smart-15716"
      And the access token is about the patient "smart-15716" and the app

    @portal-rules
    Scenario: The access token is a JWT signed with a published key
      When the app exchanges the code for tokens
      Then the app receives tokens
      And the access token is a JWT signed with a key the JWKS of "dev1" publishes

    @openid
    Scenario: The ID token is addressed to the app and echoes the nonce
      When the app exchanges the code for tokens
      Then the app receives tokens
      And the ID token is addressed to the app and echoes the nonce

    Scenario: The token request must repeat the redirect URI of the authorization
      When the app exchanges the code with the redirect URI "https://app.example.test/other"
      Then the token endpoint refuses with "invalid_grant"

  Rule: A code is used once
    Codes are single-use; a code presented twice was probably stolen, so the
    second use is refused and the tokens of the first are revoked (RFC 6749
    4.1.2 and 10.5).

    @introspection @refresh
    Scenario: A replayed code is refused and revokes the tokens of the first exchange
      When the app exchanges the code for tokens
      Then the app receives tokens
      When the app exchanges the code for tokens again
      Then the token endpoint refuses with "invalid_grant"
      When the app introspects the access token of the first exchange
      Then the introspection says the token is not active
      When the app refreshes its tokens
      Then the token endpoint refuses with "invalid_grant"

  @refresh
  Rule: The refresh token buys new access tokens, never more scopes
    The same refresh token is used again and again while it lives (guide
    Appendix A); a refresh may narrow the scopes but never widen them (RFC 6749
    6).

    Scenario: Refreshing returns a fresh access token and the same refresh token
      Given the app exchanged the code for tokens
      When the app refreshes its tokens
      Then the app receives a fresh access token with the same refresh token
      And the token response grants the scopes "openid patient/Patient.read"

    @portal-rules
    Scenario: A refresh can ask for fewer scopes
      Given the app exchanged the code for tokens
      When the app refreshes its tokens asking for the scopes "patient/Patient.read"
      Then the app receives a fresh access token with the same refresh token
      And the token response grants the scopes "patient/Patient.read"

    @portal-rules
    Scenario: A refresh cannot ask for a scope that was not granted
      Given the app exchanged the code for tokens
      When the app refreshes its tokens asking for the scopes "patient/Patient.read patient/Observation.read"
      Then the token endpoint refuses with "invalid_scope"

  @introspection
  Rule: Introspection tells the app whether a token is live, revocation ends it
    RFC 7662 answers {"active": false} and nothing else for a token that is not
    live; RFC 7009 accepts a revocation whether or not the token was known.

    Scenario: A fresh access token is active for Rose's record
      Given the app exchanged the code for tokens
      When the app introspects its access token
      Then the introspection says the token is active for the patient "smart-15716"

    Scenario: A token the server never issued is not active
      Given the app exchanged the code for tokens
      When the app introspects the token "made-up-token"
      Then the introspection says the token is not active

    @revocation
    Scenario: A revoked access token is no longer active
      Given the app exchanged the code for tokens
      When the app revokes its access token
      Then the revocation is accepted
      When the app introspects its access token
      Then the introspection says the token is not active

    @revocation @refresh
    Scenario: Revoking the refresh token ends the grant and its access tokens
      Given the app exchanged the code for tokens
      When the app revokes its refresh token
      Then the revocation is accepted
      When the app introspects its access token
      Then the introspection says the token is not active
      When the app refreshes its tokens
      Then the token endpoint refuses with "invalid_grant"
