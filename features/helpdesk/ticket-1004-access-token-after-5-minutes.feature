@helpdesk @ticket-1004 @fhir @expiry @sandbox @serial
Feature: Ticket 1004 — Patient data works, then 401 a few minutes later
  Reported: "Get Patient Data" in Postman answers the member's Patient right after
  the token request (guide 3.6), and 401 when the developer tries the next query
  a few minutes later.

  Cause: an access token expires 5 minutes after it is issued (guide, Appendix A,
  "What is an Access Token?"). The 401 carries `WWW-Authenticate: Bearer
  error="invalid_token"` (RFC 6750 section 3.1), which tells the app to refresh.

  Fix: on a 401 invalid_token, refresh with the refresh token and repeat the call;
  update the collection's Bearer token in Postman (guide 3.5 step 6).

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "TicketApp" with every Patient Access scope
    And the member authorized the app "TicketApp" on "dev1"
    And the app exchanged the code for tokens

  Scenario: The Patient read works at 299 seconds and is 401 invalid_token at 301
    When the sandbox clock moves 299 seconds forward
    And the app reads "Patient/smart-15716" with its access token
    Then the FHIR API answers the resource "Patient/smart-15716"
    When the sandbox clock moves 2 seconds forward
    And the app reads "Patient/smart-15716" with its access token
    Then the FHIR API refuses with status 401 "invalid_token"

  Scenario: After a refresh the same read works again
    When the sandbox clock moves 301 seconds forward
    And the app refreshes its tokens
    Then the app receives a fresh access token with the same refresh token
    When the app reads "Patient/smart-15716" with its access token
    Then the FHIR API answers the resource "Patient/smart-15716"
