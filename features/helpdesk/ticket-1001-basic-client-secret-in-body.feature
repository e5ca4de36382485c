@helpdesk @ticket-1001 @oauth
Feature: Ticket 1001 — "invalid_client" although the client id and secret are right
  Reported: the app was registered with the portal's default client type,
  Confidential – Basic Auth, and copies the client id and secret into the token
  request's Body tab, as the guide's Postman screenshots show (guide 3.5 step 2).
  The token endpoint answers 401 invalid_client every time, and regenerating the
  secret does not help.

  Cause: a Basic Auth client must send its credentials in an HTTP Basic
  Authorization header (RFC 6749 section 2.3.1, client_secret_basic); the body
  fields are for Confidential – Forms Auth clients (guide 3.2 b). The token
  endpoint authenticates a client exactly as it was registered.

  Fix: send `Authorization: Basic base64(client_id:client_secret)`, or change the
  app's client type to Confidential – Forms Auth on the dashboard.

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "TicketApp" as a "confidential-basic" client
    And the member authorized the app "TicketApp" on "dev1"

  Scenario: The secret in the form body is refused, naming Basic authentication
    When the app exchanges the code sending its client id and secret in the body
    Then the token endpoint refuses with "invalid_client"
    And the refusal explains "Basic"

  Scenario: The same code exchanged with a Basic header works
    When the app exchanges the code sending its client id and secret in the body
    And the app exchanges the code sending its secret in a Basic header
    Then the app receives tokens
