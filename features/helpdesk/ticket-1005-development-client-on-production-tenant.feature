@helpdesk @ticket-1005 @oauth @environments @sandbox
Feature: Ticket 1005 — "invalid_client" at bcbsm with the credentials that work at dev1
  Reported: the app works against dev1. Pointed at the BCBSM tenant with the same
  client id and secret, the token endpoint answers invalid_client.

  Cause: the development environment accepts only development clients and the
  production tenants (bcbsm, mhp, mdw, mdhhs) only production clients (guide
  3.7.2.1). The production client is a separate client, with its own id and
  secret, created by "Register in Production" once the privacy policy is submitted
  and the security attestation approved (guide 3.7.1).

  Fix: register the app in production and use the production credentials there.

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "TicketApp" as a "confidential-basic" client

  Scenario: The development client's code is refused at bcbsm's token endpoint, saying why
    Given the member authorized the app "TicketApp" on "dev1"
    When the app exchanges the code for tokens at "bcbsm"
    Then the token endpoint refuses with "invalid_client"
    And the refusal explains "is a development client"

  Scenario: bcbsm's authorization page tells the development client it is in the wrong environment
    When the member opens the authorization link of the app "TicketApp" on "bcbsm"
    Then the member sees the error page "Wrong environment" and is not sent back to the app
    And the error page explains "is a development client"
