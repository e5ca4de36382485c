@oauth @expiry @sandbox @serial
Feature: Access and refresh tokens expire
  An access token expires 5 minutes after it is issued; the refresh token lasts 30
  minutes and buys new access tokens until then, after which the member must
  authorize the app again (portal guide, Appendix A). The sandbox clock is moved
  instead of waiting, so these scenarios run alone.

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "PortalApp" as a "confidential-forms" client
    And the member authorized the app "PortalApp" on "dev1"
    And the app exchanged the code for tokens

  Rule: An access token lives 300 seconds
    Appendix A: "An access token expires 5 minutes after the time it was issued."

    Scenario: The access token is still active after 299 seconds and not after 301
      When the sandbox clock moves 299 seconds forward
      And the app introspects its access token
      Then the introspection says the token is active for the patient "smart-15716"
      When the sandbox clock moves 2 seconds forward
      And the app introspects its access token
      Then the introspection says the token is not active

    Scenario: A protected call works until 299 seconds and is refused as an invalid token at 301
      When the sandbox clock moves 299 seconds forward
      And the app calls a protected endpoint with its access token
      Then the protected call answers for the member "rose"
      When the sandbox clock moves 2 seconds forward
      And the app calls a protected endpoint with its access token
      Then the protected call is refused as an invalid token

  Rule: A refresh token lives 30 minutes
    Appendix A: the refresh token "expires after 30 minutes"; the same token
    gets new access tokens for its whole life.

    Scenario: Refreshing 29 minutes after the exchange works
      When the sandbox clock moves 29 minutes forward
      And the app refreshes its tokens
      Then the app receives a fresh access token with the same refresh token
      When the app introspects its access token
      Then the introspection says the token is active for the patient "smart-15716"

    Scenario: Refreshing 31 minutes after the exchange is refused
      When the sandbox clock moves 31 minutes forward
      And the app refreshes its tokens
      Then the token endpoint refuses with "invalid_grant"
      And the refusal explains "expired"
