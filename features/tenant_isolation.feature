@fhir @patient-access @tenants
Feature: A member's token opens one tenant and one patient
  Each payer is a tenant with its own FHIR base, /{tenant}/fhir (portal guide,
  section 3.7.2.2), and an access token is issued by one tenant for one member:
  "it gives back the respective data when queried" (Appendix A). Another tenant
  refuses it as an invalid token, and another member's records are not found
  (FHIR R4 security: a server answers 404 rather than reveal what exists), never
  shown.

  Rule: Rose's dev1 token works on dev1 only
    Background:
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "RecordsApp" with every Patient Access scope
      And the member authorized the app "RecordsApp" on "dev1"
      And the app exchanged the code for tokens

    Scenario Outline: <tenant> refuses Rose's dev1 token as an invalid token
      When the app searches "Patient" at "<tenant>" with its access token
      Then the FHIR API refuses with status 401 "invalid_token"

      Examples:
        | tenant |
        | bcbsm  |
        | mhp    |
        | mdw    |
        | mdhhs  |

    Scenario: The same token still works at dev1
      When the app searches "Patient" at "dev1" with its access token
      Then the searchset holds exactly "Patient/smart-15716"

  Rule: Rose's token never reaches another member's records
    Background:
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "RecordsApp" with every Patient Access scope
      And the member authorized the app "RecordsApp" on "dev1"
      And the app exchanged the code for tokens

    Scenario: Reading MarianBenton's dev1 Patient with Rose's token is not found
      When the app reads "Patient/marian-benton-dev1" with its access token
      Then the FHIR API refuses with status 404

    Scenario Outline: Searching <type> of MarianBenton with Rose's token finds nothing
      When the app searches "<type>?patient=marian-benton-dev1" with its access token
      Then the FHIR API answers a searchset Bundle of "<type>"
      And the searchset is empty

      Examples:
        | type                 |
        | Observation          |
        | ExplanationOfBenefit |
        | Coverage             |
        | Condition            |

    Scenario: Searching Patient by MarianBenton's id with Rose's token finds nothing
      When the app searches "Patient?_id=marian-benton-dev1" with its access token
      Then the FHIR API answers a searchset Bundle of "Patient"
      And the searchset is empty

    @seeded
    Scenario: A generated member's Patient is not found with Rose's token
      When the app reads "Patient/dev1-member-1" with its access token
      Then the FHIR API refuses with status 404

  @production @admin
  Rule: MarianBenton's production token opens her bcbsm record only
    The production client of an approved app connects to the payers' tenants, where
    MarianBenton is the synthetic member (guide 3.7.2.1); she has a record in every
    tenant, each with its own id.

    Background:
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "RecordsApp" with every Patient Access scope
      And the app "RecordsApp" is ready for production
      And she registered the app "RecordsApp" in production
      And the member authorized the production app "RecordsApp" on "bcbsm"
      And the app exchanged the code for tokens

    Scenario: Her bcbsm token reads her bcbsm Patient
      When the app reads "Patient/marian-benton-bcbsm" with its access token
      Then the FHIR API answers the resource "Patient/marian-benton-bcbsm"

    Scenario: Her bcbsm token cannot read her mhp Patient at bcbsm
      When the app reads "Patient/marian-benton-mhp" at "bcbsm" with its access token
      Then the FHIR API refuses with status 404

    Scenario: Her bcbsm token is refused by mhp
      When the app reads "Patient/marian-benton-mhp" at "mhp" with its access token
      Then the FHIR API refuses with status 401 "invalid_token"

  Rule: A page token belongs to one tenant's search
    Paging links carry the server's page token; an app that pastes it into another
    tenant's URL must be told, not shown another tenant's page.

    Scenario: The next link of a dev1 directory search is refused at bcbsm
      When an app searches "PractitionerRole?_count=10" on "dev1" without a token
      Then the FHIR API answers a searchset Bundle of "PractitionerRole"
      When the app follows the "next" link at "bcbsm" instead
      Then the FHIR API refuses with status 400
