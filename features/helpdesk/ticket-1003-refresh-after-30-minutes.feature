@helpdesk @ticket-1003 @oauth @expiry @sandbox @serial
Feature: Ticket 1003 — refreshing stops working after lunch
  Reported: the app keeps its refresh token and refreshes whenever the access
  token has expired. In the morning this works for a while; after a break the
  token endpoint answers invalid_grant and the member has to sign in again.

  Cause: a refresh token lives 30 minutes from the code exchange (guide,
  Appendix A, "Where is the Refresh Token?"), however often it is used; it is not
  renewed by refreshing.

  Fix: when a refresh answers invalid_grant, send the member through the
  authorization link again; do not retry the refresh.

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "TicketApp" as a "confidential-basic" client
    And the member authorized the app "TicketApp" on "dev1"
    And the app exchanged the code for tokens

  Scenario: Refreshing 31 minutes after the exchange is refused as expired
    When the sandbox clock moves 31 minutes forward
    And the app refreshes its tokens
    Then the token endpoint refuses with "invalid_grant"
    And the refusal explains "expired"

  Scenario: Refreshing every few minutes does not extend the refresh token's life
    When the sandbox clock moves 20 minutes forward
    And the app refreshes its tokens
    Then the app receives a fresh access token with the same refresh token
    When the sandbox clock moves 11 minutes forward
    And the app refreshes its tokens
    Then the token endpoint refuses with "invalid_grant"
