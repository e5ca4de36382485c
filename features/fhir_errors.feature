@fhir @errors
Feature: The FHIR APIs refuse what they cannot answer, and say why
  An app developer debugging a query needs the refusal to name what to fix. Every
  refusal of the tenant FHIR APIs is an OperationOutcome (FHIR R4 http.html#errors)
  with the right status: 400 for a malformed search (naming the parameter in
  issue.expression), 404 for a type or resource the server does not have, 405 for
  a write on these read-only APIs, 406 for a format other than JSON. Parameters the
  server does not know are ignored and reported in the searchset, or refused under
  Prefer: handling=strict (R4 search.html#errors). Bulk data is not offered (portal
  guide, Appendix A: "Does MiHIN support Bulk API Queries?").

  Rule: A malformed search value is refused with 400, naming the parameter
    Scenario Outline: <query> is refused naming <parameter>
      When an app searches "<query>" on "dev1" without a token
      Then the FHIR API refuses with status 400 naming the parameter "<parameter>"

      Examples: page sizes
        | query                     | parameter |
        | Practitioner?_count=0      | _count    |
        | Practitioner?_count=-1     | _count    |
        | Practitioner?_count=100000 | _count    |
        | Practitioner?_count=abc    | _count    |

      Examples: values of the wrong shape
        | query                                               | parameter    |
        | Practitioner?_id=bad$id                             | _id          |
        | PractitionerRole?organization=Foo/1                 | organization |
        | Practitioner?name:sounds=x                          | name         |
        | Practitioner?_lastUpdated=yesterday                 | _lastUpdated |
        | Location?_lastUpdated=2020-13-45                    | _lastUpdated |
        | PractitionerRole?_include=PractitionerRole:nonsense | _include     |

  Rule: Patient Access searches check their values the same way
    Background:
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "RecordsApp" with every Patient Access scope
      And the member authorized the app "RecordsApp" on "dev1"
      And the app exchanged the code for tokens

    Scenario Outline: <query> is refused naming <parameter>
      When the app searches "<query>" with its access token
      Then the FHIR API refuses with status 400 naming the parameter "<parameter>"

      Examples:
        | query                                          | parameter    |
        | Patient?birthdate=yesterday                    | birthdate    |
        | Observation?date=2020-13-01                    | date         |
        | ExplanationOfBenefit?service-date=xx2020-01-01 | service-date |
        | Observation?_count=0                           | _count       |
        | Coverage?payor=Foo/1                           | payor        |

    Scenario: One of her resources that does not exist is not found
      When the app reads "Observation/no-such-observation" with its access token
      Then the FHIR API refuses with status 404 and the issue code "not-found"

  Rule: Unknown types and resources are not found; impossible ids are malformed
    Scenario: A resource type the server does not have is 404
      When an app searches "Foo" on "dev1" without a token
      Then the FHIR API refuses with status 404

    Scenario: A practitioner that does not exist is 404 not-found
      When an app reads "Practitioner/no-such-practitioner" on "dev1" without a token
      Then the FHIR API refuses with status 404 and the issue code "not-found"

    Scenario Outline: The id <id> cannot be a FHIR id and is refused with 400
      When an app reads "Practitioner/<id>" on "dev1" without a token
      Then the FHIR API refuses with status 400

      Examples:
        | id                                                                 |
        | not_valid                                                          |
        | bad$id                                                             |
        | an-id-of-sixty-five-characters-is-one-more-than-fhir-allows-00001 |

  Rule: Unknown parameters are reported, or refused when the app asks for strictness
    Scenario: An unknown parameter is ignored and reported in an outcome entry
      When an app searches "Practitioner?favourite-colour=teal&_count=5" on "dev1" without a token
      Then the FHIR API answers a searchset Bundle of "Practitioner"
      And the searchset is not empty
      And the searchset reports the ignored parameter "favourite-colour" in an outcome entry

    Scenario: Under Prefer: handling=strict an unknown parameter is refused
      When an app searches "Practitioner?favourite-colour=teal" on "dev1" without a token, sending the header "Prefer: handling=strict"
      Then the FHIR API refuses with status 400 naming the parameter "favourite-colour"

    Scenario: Under Prefer: handling=strict known parameters still work
      When an app searches "Practitioner?gender=female&_count=5" on "dev1" without a token, sending the header "Prefer: handling=strict"
      Then the FHIR API answers a searchset Bundle of "Practitioner"
      And every match satisfies the search criteria

  Rule: The APIs speak JSON only
    Scenario: _format=xml is refused with 406
      When an app searches "Practitioner?_format=xml" on "dev1" without a token
      Then the FHIR API refuses with status 406

    Scenario: Accept: application/fhir+xml is refused with 406
      When an app reads "Organization/payer" on "dev1" without a token, sending the header "Accept: application/fhir+xml"
      Then the FHIR API refuses with status 406

    Scenario: Accept: application/fhir+json is served
      When an app reads "Organization/payer" on "dev1" without a token, sending the header "Accept: application/fhir+json"
      Then the FHIR API answers the resource "Organization/payer"

    Scenario: _format=json is served
      When an app searches "Organization?_format=json&_count=1" on "dev1" without a token
      Then the FHIR API answers a searchset Bundle of "Organization"

  Rule: Bulk data export is not offered, and says so
    Scenario Outline: GET <operation> is refused as not supported
      When an app asks for "<operation>" on "dev1" without a token
      Then the FHIR API refuses with status 400 and the issue code "not-supported"
      And the OperationOutcome explains "bulk"

      Examples:
        | operation         |
        | $export           |
        | Patient/$export   |
        | Group/all/$export |

  Rule: The APIs are read-only
    Scenario Outline: A <method> to <path> is refused with 405
      When an app sends a <method> to "<path>" on "dev1" without a token
      Then the FHIR API refuses with status 405

      Examples:
        | method | path                |
        | POST   | Practitioner        |
        | PUT    | Practitioner/pract-1 |
        | DELETE | Practitioner/pract-1 |
        | PATCH  | Organization/payer  |
        | POST   | Patient             |
        | DELETE | Patient/smart-15716 |

  Rule: Page tokens are the server's; a changed one is refused
    Scenario: A tampered page token is refused with 400
      When an app searches "PractitionerRole?_count=10" on "dev1" without a token
      Then the FHIR API answers a searchset Bundle of "PractitionerRole"
      When the app follows the "next" link with a tampered page token
      Then the FHIR API refuses with status 400

    Scenario: The untouched next link works
      When an app searches "PractitionerRole?_count=10" on "dev1" without a token
      And the app follows the "next" link
      Then the FHIR API answers a searchset Bundle of "PractitionerRole"
      And the searchset is not empty
