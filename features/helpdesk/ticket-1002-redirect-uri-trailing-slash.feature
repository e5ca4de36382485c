@helpdesk @ticket-1002 @oauth
Feature: Ticket 1002 — the login page never appears: "Unregistered redirect URI"
  Reported: the app's authorization link opens an error page instead of the member
  login, although the redirect URI "is the one on the dashboard". The app's
  configuration has `https://app.example.test/callback/`; the dashboard lists
  `https://app.example.test/callback`.

  Cause: redirect URIs are compared exactly, character for character (RFC 6749
  section 3.1.2.3; OAuth 2.0 Security BCP): a trailing slash makes another URI.
  An unregistered redirect URI gets an error page, never a redirect, so that a
  code can never be sent somewhere the developer did not register. The token
  request must then repeat the very redirect URI of the authorization request.

  Fix: use the registered URI exactly in both requests, or register the other
  spelling too (the Callback URIs field takes a comma-separated list, guide 3.2 e).

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "TicketApp" as a "confidential-basic" client

  @login-pages
  Scenario: The authorization link with a trailing slash ends on an error page
    When the member opens the authorization link of the app "TicketApp" on "dev1" with the redirect URI "https://app.example.test/callback/"
    Then the member sees the error page "Unregistered redirect URI" and is not sent back to the app
    And the error page explains "trailing slash"

  Scenario: A code exchanged with the redirect URI spelt differently is refused
    Given the member authorized the app "TicketApp" on "dev1"
    When the app exchanges the code with the redirect URI "https://app.example.test/callback/"
    Then the token endpoint refuses with "invalid_grant"
