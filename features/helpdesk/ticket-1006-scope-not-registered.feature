@helpdesk @ticket-1006 @oauth
Feature: Ticket 1006 — the app is sent back with "invalid_scope" before the login page
  Reported: after adding Observation to the app's queries, the authorization link
  returns to the app at once with `error=invalid_scope`; the login page never
  shows.

  Cause: an app may ask only for scopes it registered (guide 3.2 d: the scopes
  are selected one by one at registration; guide 3.4 d: "the application scope
  they chose while registering"). The authorization server refuses a request for
  any other scope by redirecting with the RFC 6749 section 4.1.2.1 error code.

  Fix: add the scope on the dashboard (App Details), then ask for it.

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "TicketApp" as a "confidential-basic" client

  @portal
  Scenario: Asking for an unregistered scope is sent back with invalid_scope and the state
    When the member opens the authorization link of the app "TicketApp" on "dev1" with the scope "openid patient/Observation.read"
    Then the browser is sent back to the app with the error "invalid_scope" and the state

  @login-pages
  Scenario: The registered scopes alone reach the login page
    When the member opens the authorization link of the app "TicketApp" on "dev1"
    Then the member sees the login page prefilled with the member "rose"
