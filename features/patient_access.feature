@fhir @patient-access
Feature: Rose's app reads her claims and clinical records through the Patient Access API
  Once Rose Tammy Beltran (dev1's test member, patient smart-15716) has authorized an
  app, its access token retrieves her data category by category, as the guide does
  with Postman (portal guide, section 3.6; Appendix A: "Once an authorization token
  is obtained, it already has the patient ID in it"). Claims follow CARIN Blue
  Button 1.2.0, clinical data US Core 3.1.1. Every answer is checked against the
  FHIR R4 schema, so a record an app could not parse fails the scenario that
  received it.

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "RecordsApp" with every Patient Access scope
    And the member authorized the app "RecordsApp" on "dev1"
    And the app exchanged the code for tokens

  Rule: Each category of her data is searchable and holds her records alone
    The guide's Appendix B scopes name ten types; the token's patient decides
    whose records come back, the app never sends a patient id.

    Scenario Outline: Her <type> records come back, and only hers
      When the app searches "<type>?_count=500" with its access token
      Then the FHIR API answers a searchset Bundle of "<type>"
      And the searchset is not empty
      And every match in the searchset belongs to the patient "smart-15716"
      And every resource in the searchset is valid FHIR R4

      Examples:
        | type                 |
        | Patient              |
        | Coverage             |
        | ExplanationOfBenefit |
        | Encounter            |
        | Condition            |
        | Observation          |
        | Procedure            |
        | Immunization         |
        | DiagnosticReport     |
        | ServiceRequest       |

    Scenario: Searching Patient without parameters finds Rose alone
      When the app searches "Patient" with its access token
      Then the searchset holds exactly "Patient/smart-15716"

    Scenario: Naming her own patient in the search changes nothing
      When the app searches "Observation?patient=smart-15716&_count=500" with its access token
      Then the FHIR API answers a searchset Bundle of "Observation"
      And the searchset is not empty
      And every match in the searchset belongs to the patient "smart-15716"

  Rule: Her Patient resource says who she is
    US Core 3.1.1 Patient: name, birth date, and the race, ethnicity and birth sex
    extensions.

    Scenario: Reading Patient/smart-15716 answers Rose Tammy Beltran, born 1997-03-21
      When the app reads "Patient/smart-15716" with its access token
      Then the FHIR API answers the resource "Patient/smart-15716"
      And the Patient is named "Rose Tammy Beltran"
      And the Patient was born on "1997-03-21"
      And the Patient carries the US Core race, ethnicity and birth sex extensions

    Scenario: A read answers an ETag, and sending it back answers 304 Not Modified
      When the app reads "Patient/smart-15716" with its access token
      Then the FHIR API answers the resource "Patient/smart-15716"
      And the answer carries a weak ETag and a Last-Modified date
      When the app reads "Patient/smart-15716" again with its access token, sending the ETag it was given
      Then the FHIR API answers 304 Not Modified without a body

  Rule: Claims are searched by CARIN claim type and by service date
    CARIN Blue Button 1.2.0 requires the type and service-date parameters; types
    come from http://terminology.hl7.org/CodeSystem/claim-type.

    Scenario Outline: Her <claim type> claims are found by type
      When the app searches "ExplanationOfBenefit?type=http://terminology.hl7.org/CodeSystem/claim-type|<claim type>&_count=500" with its access token
      Then the FHIR API answers a searchset Bundle of "ExplanationOfBenefit"
      And the searchset is not empty
      And every match satisfies the search criteria
      And every match in the searchset belongs to the patient "smart-15716"

      Examples:
        | claim type    |
        | institutional |
        | professional  |
        | pharmacy      |
        | oral          |

    Scenario Outline: Her claims are found by service date with the prefix <prefix>
      Given the app noted the middle value of "service-date" from her "ExplanationOfBenefit" resources
      When the app searches "ExplanationOfBenefit?service-date=<prefix>{service-date}&_count=500" with its access token
      Then the FHIR API answers a searchset Bundle of "ExplanationOfBenefit"
      And every match satisfies the search criteria

      Examples:
        | prefix |
        | ge     |
        | le     |
        | lt     |
        | gt     |
        | eq     |

    Scenario: Claims on or after the middle service date are not empty
      Given the app noted the middle value of "service-date" from her "ExplanationOfBenefit" resources
      When the app searches "ExplanationOfBenefit?service-date=ge{service-date}" with its access token
      Then the searchset is not empty

  Rule: Includes bring the resources a claim points at in the same answer
    CARIN Blue Button 1.2.0 requires _include of the patient, provider, insurer,
    care team and coverage of an ExplanationOfBenefit, and of a Coverage's payor;
    included resources come back with search.mode "include".

    Scenario Outline: _include=ExplanationOfBenefit:<parameter> brings what her claims point at
      When the app searches "ExplanationOfBenefit?_include=ExplanationOfBenefit:<parameter>&_count=10" with its access token
      Then the FHIR API answers a searchset Bundle of "ExplanationOfBenefit"
      And the resources "ExplanationOfBenefit:<parameter>" point at are included in the searchset

      Examples:
        | parameter |
        | patient   |
        | provider  |
        | insurer   |
        | coverage  |
        | care-team |

    Scenario: _include=Coverage:payor brings the payer Organization
      When the app searches "Coverage?_include=Coverage:payor" with its access token
      Then the FHIR API answers a searchset Bundle of "Coverage"
      And the resources "Coverage:payor" point at are included in the searchset

    Scenario: Her coverage is paid by Organization/payer
      When the app searches "Coverage?payor=Organization/payer" with its access token
      Then the FHIR API answers a searchset Bundle of "Coverage"
      And the searchset is not empty
      And every match satisfies the search criteria

  Rule: Observations are searched by category, code and date
    US Core 3.1.1 Observation: patient+category, patient+code, patient+category+date.

    Scenario: Her laboratory results are found by category
      When the app searches "Observation?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory&_count=500" with its access token
      Then the FHIR API answers a searchset Bundle of "Observation"
      And the searchset is not empty
      And every match satisfies the search criteria

    Scenario: Her observations are found by the code of one of them
      Given the app noted a value of "code" from her "Observation" resources
      When the app searches "Observation?code={code}&_count=500" with its access token
      Then the FHIR API answers a searchset Bundle of "Observation"
      And the searchset is not empty
      And every match satisfies the search criteria

    Scenario: A code alone, without its system, finds the same observations
      Given the app noted a value of "code" from her "Observation" resources
      When the app searches "Observation?code={code:code}&_count=500" with its access token
      Then the searchset is not empty
      And every match satisfies the search criteria

    Scenario Outline: Her observations are found by date with the prefix <prefix>
      Given the app noted the middle value of "date" from her "Observation" resources
      When the app searches "Observation?date=<prefix>{date}&_count=500" with its access token
      Then the FHIR API answers a searchset Bundle of "Observation"
      And every match satisfies the search criteria

      Examples:
        | prefix |
        | ge     |
        | lt     |

    Scenario: Category and date together narrow the search
      Given the app noted the middle value of "date" from her "Observation" resources
      When the app searches "Observation?category=laboratory&date=ge{date}&_count=500" with its access token
      Then the FHIR API answers a searchset Bundle of "Observation"
      And every match satisfies the search criteria

  Rule: The other clinical categories are searched by their US Core parameters
    Scenario Outline: <type> is searchable by <parameter>
      Given the app noted a value of "<parameter>" from her "<type>" resources
      When the app searches "<type>?<parameter>=<prefix>{<parameter>}&_count=500" with its access token
      Then the FHIR API answers a searchset Bundle of "<type>"
      And the searchset is not empty
      And every match satisfies the search criteria

      Examples:
        | type             | parameter       | prefix |
        | Condition        | category        |        |
        | Condition        | clinical-status |        |
        | Condition        | code            |        |
        | Condition        | onset-date      | ge     |
        | Encounter        | class           |        |
        | Encounter        | type            |        |
        | Encounter        | date            | ge     |
        | Encounter        | status          |        |
        | Procedure        | code            |        |
        | Procedure        | date            | ge     |
        | Immunization     | vaccine-code    |        |
        | Immunization     | date            | ge     |
        | Immunization     | status          |        |
        | DiagnosticReport | category        |        |
        | DiagnosticReport | code            |        |
        | DiagnosticReport | date            | ge     |
        | ServiceRequest   | code            |        |
        | ServiceRequest   | authored        | ge     |
        | ServiceRequest   | status          |        |
        | Coverage         | status          |        |
        | Coverage         | type            |        |
        | Patient          | birthdate       |        |
        | Patient          | family          |        |
        | Patient          | gender          |        |
        | Patient          | identifier      |        |
