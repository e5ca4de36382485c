@oauth @environments @portal @sandbox
Feature: Development and production clients stay in their own environment
  A development client connects to the development tenant dev1; the production
  client an app receives once it is registered in production connects to the
  payers' tenants (portal guide, sections 3.4 and 3.7.2.1). A client used on the
  other side is refused, and the answer says which environment it belongs to, so
  the developer knows to switch credentials rather than debug her code.

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "PortalApp" as a "confidential-basic" client

  Rule: A development client is refused by production tenants
    Scenario Outline: The token endpoint of <tenant> refuses a development client
      Given the member authorized the app "PortalApp" on "dev1"
      When the app exchanges the code for tokens at "<tenant>"
      Then the token endpoint refuses with "invalid_client"
      And the refusal explains "is a development client"

      Examples:
        | tenant |
        | bcbsm  |
        | mhp    |
        | mdw    |
        | mdhhs  |

    Scenario: The bcbsm authorization page tells a development client it is in the wrong environment
      When the member opens the authorization link of the app "PortalApp" on "bcbsm"
      Then the member sees the error page "Wrong environment" and is not sent back to the app
      And the error page explains "is a development client"

  @production @admin
  Rule: A production client is refused by the development tenant
    The production client exists once the privacy policy is submitted and the
    security team approved the attestation (guide 3.7.1).

    Background:
      Given the app "PortalApp" is ready for production
      And she registered the app "PortalApp" in production

    Scenario: The production client works on bcbsm, where MarianBenton signs in
      Given the member authorized the production app "PortalApp" on "bcbsm"
      When the app exchanges the code for tokens
      Then the app receives tokens
      And the token response names the patient "marian-benton-bcbsm"

    Scenario: The token endpoint of dev1 refuses a production client
      Given the member authorized the production app "PortalApp" on "bcbsm"
      When the app exchanges the code for tokens at "dev1"
      Then the token endpoint refuses with "invalid_client"
      And the refusal explains "is a production client"

    Scenario: The dev1 authorization page tells a production client it is in the wrong environment
      When the member opens the authorization link of the production app "PortalApp" on "dev1"
      Then the member sees the error page "Wrong environment" and is not sent back to the app
      And the error page explains "is a production client"
