@fhir @patient-access @scopes
Feature: The scopes an app registered decide what its token opens
  A developer chooses the scopes of her app when she registers it (portal guide,
  section 3.2 d) and the member's token carries them (3.5). Reading a Patient
  Access type needs patient/<Type>.read, or the SMART v2 form patient/<Type>.rs
  (SMART App Launch 2.0 scopes-and-launch-context). A token without the scope is
  refused with 403 insufficient_scope naming the scope to ask for; no token, a
  made-up, expired or revoked one with 401 invalid_token (RFC 6750 3.1). The
  Provider Directory is open (section 3.7.2.2).

  Rule: A token opens the types its scopes name, and only those
    Background:
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "NarrowApp" with the scopes "openid launch/patient patient/Patient.read patient/Observation.read"
      And the member authorized the app "NarrowApp" on "dev1"
      And the app exchanged the code for tokens

    Scenario: The granted scopes open Patient and Observation
      When the app searches "Observation" with its access token
      Then the FHIR API answers a searchset Bundle of "Observation"
      When the app reads "Patient/smart-15716" with its access token
      Then the FHIR API answers the resource "Patient/smart-15716"

    Scenario Outline: Searching <type> without its scope is refused with 403 insufficient_scope
      When the app searches "<type>" with its access token
      Then the FHIR API refuses with status 403 "insufficient_scope" asking for the scope "patient/<type>.read"

      Examples:
        | type                 |
        | Condition            |
        | ExplanationOfBenefit |
        | Coverage             |
        | Encounter            |
        | ServiceRequest       |

    Scenario: Reading a Condition by id without the scope is refused before anything is looked up
      When the app reads "Condition/any-id" with its access token
      Then the FHIR API refuses with status 403 "insufficient_scope" asking for the scope "patient/Condition.read"

  Rule: SMART v2 scopes work like their v1 forms
    patient/<Type>.rs grants read and search, as patient/<Type>.read does.

    Background:
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "V2App" with the scopes "openid launch/patient patient/Patient.rs patient/Observation.rs"
      And the member authorized the app "V2App" on "dev1"
      And the app exchanged the code for tokens

    Scenario: patient/Observation.rs searches her observations and patient/Patient.rs reads her
      When the app searches "Observation" with its access token
      Then the FHIR API answers a searchset Bundle of "Observation"
      And every match in the searchset belongs to the patient "smart-15716"
      When the app reads "Patient/smart-15716" with its access token
      Then the FHIR API answers the resource "Patient/smart-15716"

    Scenario: A v2 token without patient/Condition.rs is refused Conditions
      When the app searches "Condition" with its access token
      Then the FHIR API refuses with status 403 "insufficient_scope" asking for the scope "patient/Condition.read"

  Rule: Without a live token the Patient Access API answers 401
    Scenario: A search without a token asks for a bearer token
      When an app searches "Patient" on "dev1" without a token
      Then the FHIR API asks for a bearer token with status 401

    Scenario: A read without a token asks for a bearer token
      When an app reads "Patient/smart-15716" on "dev1" without a token
      Then the FHIR API asks for a bearer token with status 401

    Scenario: A made-up token is refused as an invalid token
      When an app searches "Observation" on "dev1" with the token "made-up-token-0123456789"
      Then the FHIR API refuses with status 401 "invalid_token"

    Scenario: A token that is not a bearer token is refused
      When an app searches "Observation" on "dev1" without a token, sending the header "Authorization: Basic cm9zZTpCZWx0cmFuLTE5OTch"
      Then the FHIR API asks for a bearer token with status 401

    @revocation
    Scenario: A revoked access token is refused as an invalid token
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "RecordsApp" with every Patient Access scope
      And the member authorized the app "RecordsApp" on "dev1"
      And the app exchanged the code for tokens
      When the app revokes its access token
      Then the revocation is accepted
      When the app searches "Observation" with its access token
      Then the FHIR API refuses with status 401 "invalid_token"

    @revocation
    Scenario: Revoking the refresh token ends the access token too
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "RecordsApp" with every Patient Access scope
      And the member authorized the app "RecordsApp" on "dev1"
      And the app exchanged the code for tokens
      When the app revokes its refresh token
      Then the revocation is accepted
      When the app reads "Patient/smart-15716" with its access token
      Then the FHIR API refuses with status 401 "invalid_token"

    # Appendix A: "An access token expires 5 minutes after the time it was issued."
    # The sandbox clock is moved instead of waiting, so this scenario runs alone.
    @sandbox @serial @expiry
    Scenario: An access token is refused once its 5 minutes are over, and a refreshed one works
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "RecordsApp" with every Patient Access scope
      And the member authorized the app "RecordsApp" on "dev1"
      And the app exchanged the code for tokens
      When the app searches "Observation" with its access token
      Then the FHIR API answers a searchset Bundle of "Observation"
      When the sandbox clock moves 301 seconds forward
      And the app searches "Observation" with its access token
      Then the FHIR API refuses with status 401 "invalid_token"
      When the app refreshes its tokens
      Then the app receives a fresh access token with the same refresh token
      When the app searches "Observation" with its access token
      Then the FHIR API answers a searchset Bundle of "Observation"

  Rule: The Provider Directory needs no token
    Scenario Outline: <type> is searched without a token
      When an app searches "<type>" on "dev1" without a token
      Then the FHIR API answers a searchset Bundle of "<type>"
      And the searchset is not empty

      Examples:
        | type             |
        | Practitioner     |
        | Organization     |
        | PractitionerRole |

    Scenario: The payer Organization is read without a token
      When an app reads "Organization/payer" on "dev1" without a token
      Then the FHIR API answers the resource "Organization/payer"
