@helpdesk @ticket-1007 @oauth @introspection
Feature: Ticket 1007 — the second token request fails and the first tokens stop working
  Reported: the app's callback handler ran twice (a browser refresh of the
  callback page), and the second run's token request answered invalid_grant. Worse,
  the tokens from the first run stopped working too.

  Cause: an authorization code is single-use and short-lived (RFC 6749 section
  4.1.2). A second use is treated as a stolen code: it is refused and every token
  issued from that code is revoked (RFC 6749 section 4.1.2, "SHOULD revoke").

  Fix: exchange each code once; make the callback handler idempotent (keep the
  tokens, redirect away from the URL that carries the code).

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "TicketApp" as a "confidential-basic" client
    And the member authorized the app "TicketApp" on "dev1"

  Scenario: A replayed code is refused and revokes the tokens of the first exchange
    When the app exchanges the code for tokens
    Then the app receives tokens
    When the app exchanges the code for tokens again
    Then the token endpoint refuses with "invalid_grant"
    When the app introspects the access token of the first exchange
    Then the introspection says the token is not active
