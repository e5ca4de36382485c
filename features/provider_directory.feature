@fhir @directory
Feature: Apps find providers through the open Provider Directory API
  Every tenant publishes its network at /{tenant}/fhir/<type> for eight types,
  without any token (portal guide, section 3.7.2.2), following Da Vinci PDex
  Plan-Net 1.1.0: its search parameters, _include and _revinclude, chains, and
  stable paging (FHIR R4 search.html). Values searched for are taken from the
  server's own data at run time, so these scenarios hold for any tenant and any
  server. Organizations are identified by OID; NPIs are optional (Appendix A, "Why
  don't all organization resources have Type 2 NPIs?").

  Rule: Each of the eight types is searchable without a token
    Scenario Outline: <type> answers a searchset without a token
      When an app searches "<type>" on "<tenant>" without a token
      Then the FHIR API answers a searchset Bundle of "<type>"
      And the searchset is not empty
      And every resource in the searchset is valid FHIR R4

      Examples: dev1
        | type                    | tenant |
        | Endpoint                | dev1   |
        | HealthcareService       | dev1   |
        | InsurancePlan           | dev1   |
        | Location                | dev1   |
        | OrganizationAffiliation | dev1   |
        | Organization            | dev1   |
        | PractitionerRole        | dev1   |
        | Practitioner            | dev1   |

      Examples: the production tenants
        | type             | tenant |
        | PractitionerRole | bcbsm  |
        | Location         | mhp    |
        | Organization     | mdw    |
        | InsurancePlan    | mdhhs  |

    Scenario: The payer Organization is read by id
      When an app reads "Organization/payer" on "dev1" without a token
      Then the FHIR API answers the resource "Organization/payer"

  Rule: Every Plan-Net search parameter finds what it names
    The value searched for is the first one found in the tenant's own resources;
    every match must satisfy the search when the harness checks it itself.

    Scenario Outline: <type> is searched by <parameter>
      Given an app noted a value of "<parameter>" from the "<type>" resources on "dev1"
      When an app searches "<type>?<parameter>={<parameter>}" on "dev1" without a token
      Then the FHIR API answers a searchset Bundle of "<type>"
      And the searchset is not empty
      And every match satisfies the search criteria

      Examples: PractitionerRole
        | type             | parameter    |
        | PractitionerRole | practitioner |
        | PractitionerRole | organization |
        | PractitionerRole | location     |
        | PractitionerRole | service      |
        | PractitionerRole | network      |
        | PractitionerRole | endpoint     |
        | PractitionerRole | role         |
        | PractitionerRole | specialty    |
        | PractitionerRole | _id          |

      Examples: Location
        | type     | parameter          |
        | Location | address            |
        | Location | address-city       |
        | Location | address-state      |
        | Location | address-postalcode |
        | Location | organization       |
        | Location | partof             |
        | Location | endpoint           |
        | Location | type               |
        | Location | name               |

      Examples: Organization
        | type         | parameter  |
        | Organization | name       |
        | Organization | address    |
        | Organization | partof     |
        | Organization | endpoint   |
        | Organization | type       |
        | Organization | identifier |

      Examples: Practitioner
        | type         | parameter  |
        | Practitioner | name       |
        | Practitioner | family     |
        | Practitioner | given      |
        | Practitioner | identifier |
        | Practitioner | gender     |

      Examples: HealthcareService
        | type              | parameter        |
        | HealthcareService | organization     |
        | HealthcareService | location         |
        | HealthcareService | coverage-area    |
        | HealthcareService | endpoint         |
        | HealthcareService | service-category |
        | HealthcareService | service-type     |
        | HealthcareService | specialty        |
        | HealthcareService | name             |

      Examples: InsurancePlan
        | type          | parameter       |
        | InsurancePlan | administered-by |
        | InsurancePlan | owned-by        |
        | InsurancePlan | coverage-area   |
        | InsurancePlan | network         |
        | InsurancePlan | identifier      |
        | InsurancePlan | plan-type       |
        | InsurancePlan | type            |
        | InsurancePlan | name            |

      Examples: OrganizationAffiliation
        | type                    | parameter                  |
        | OrganizationAffiliation | primary-organization       |
        | OrganizationAffiliation | participating-organization |
        | OrganizationAffiliation | location                   |
        | OrganizationAffiliation | service                    |
        | OrganizationAffiliation | network                    |
        | OrganizationAffiliation | endpoint                   |
        | OrganizationAffiliation | role                       |
        | OrganizationAffiliation | specialty                  |

      Examples: Endpoint
        | type     | parameter       |
        | Endpoint | organization    |
        | Endpoint | connection-type |
        | Endpoint | mime-type       |
        | Endpoint | payload-type    |
        | Endpoint | name            |

    Scenario Outline: <type> understands <parameter> even where the data has no such value
      Plan-Net marks these elements optional: when no resource of the type carries one,
      the search is made with a value taken from elsewhere, and whatever it finds must
      satisfy it.

      Given an app noted a value of "<source parameter>" from the "<source type>" resources on "dev1"
      When an app searches "<type>?<parameter>={<source parameter>}" on "dev1" without a token
      Then the FHIR API answers a searchset Bundle of "<type>"
      And every match satisfies the search criteria

      Examples:
        | type          | parameter  | source type  | source parameter |
        | InsurancePlan | endpoint   | Endpoint     | _id              |
        | Endpoint      | identifier | Organization | identifier       |

    Scenario: A reference parameter also takes the bare id
      Given an app noted a value of "organization" from the "PractitionerRole" resources on "dev1"
      When an app searches "PractitionerRole?organization={organization:id}" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria

    Scenario: Two values separated by a comma find either
      When an app searches "Practitioner?gender=female,male" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria

  Rule: Strings match the start of a word by default, ignoring case; :exact and :contains change that
    Scenario: The first letters of a family name in lower case find that family
      Given an app noted a value of "family" from the "Practitioner" resources on "dev1"
      When an app searches "Practitioner?family={family:start}" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria

    Scenario: :exact finds the name as written
      Given an app noted a value of "family" from the "Practitioner" resources on "dev1"
      When an app searches "Practitioner?family:exact={family}" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria

    Scenario: :exact does not ignore case
      Given an app noted a value of "family" from the "Practitioner" resources on "dev1"
      When an app searches "Practitioner?family:exact={family:upper}" on "dev1" without a token
      Then the FHIR API answers a searchset Bundle of "Practitioner"
      And every match satisfies the search criteria

    Scenario: :contains finds letters from inside the name
      Given an app noted a value of "name" from the "Organization" resources on "dev1"
      When an app searches "Organization?name:contains={name:middle}" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria

    Scenario: A city is found in lower case through address-city and address
      Given an app noted a value of "address-city" from the "Location" resources on "dev1"
      When an app searches "Location?address-city={address-city:lower}" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria
      When an app searches "Location?address={address-city:lower}" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria

  Rule: Tokens match code, system|code, |code and system|
    Scenario: A NUCC specialty is found by system and code, and by code alone
      Given an app noted a value of "specialty" with the system "http://nucc.org/provider-taxonomy" from the "PractitionerRole" resources on "dev1"
      When an app searches "PractitionerRole?specialty={specialty}" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria
      When an app searches "PractitionerRole?specialty={specialty:code}" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria

    Scenario: system| finds every role with a NUCC specialty
      Given an app noted a value of "specialty" with the system "http://nucc.org/provider-taxonomy" from the "PractitionerRole" resources on "dev1"
      When an app searches "PractitionerRole?specialty={specialty:system}|" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria

    Scenario: |code finds only codes without a system
      Given an app noted a value of "specialty" with the system "http://nucc.org/provider-taxonomy" from the "PractitionerRole" resources on "dev1"
      When an app searches "PractitionerRole?specialty=|{specialty:code}" on "dev1" without a token
      Then the FHIR API answers a searchset Bundle of "PractitionerRole"
      And every match satisfies the search criteria

  Rule: Organizations are found by their OID, practitioners by NPI
    Scenario: An Organization is found by its OID identifier
      Given an app noted a value of "identifier" with the system "urn:ietf:rfc:3986" from the "Organization" resources on "dev1"
      When an app searches "Organization?identifier={identifier}" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria
      And every match carries an identifier of the system "urn:ietf:rfc:3986" whose value starts with "urn:oid:"

    Scenario: Practitioners' NPIs are ten digits with a valid check digit
      When an app searches "Practitioner?_count=500" on "dev1" without a token
      Then the FHIR API answers a searchset Bundle of "Practitioner"
      And at least one match carries an NPI, and every NPI is ten digits with a valid check digit

    Scenario: A practitioner is found by NPI
      Given an app noted a value of "identifier" with the system "http://hl7.org/fhir/sid/us-npi" from the "Practitioner" resources on "dev1"
      When an app searches "Practitioner?identifier={identifier}" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria
      And at least one match carries an NPI, and every NPI is ten digits with a valid check digit

  Rule: Chains search through the resources a reference points at
    Scenario: PractitionerRole?practitioner.name finds the roles of practitioners of that name
      Given an app noted a value of "practitioner.name" from the "PractitionerRole" resources on "dev1"
      When an app searches "PractitionerRole?practitioner.name={practitioner.name}&_include=PractitionerRole:practitioner" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria

    Scenario: PractitionerRole?location.address-city finds the roles in that city
      Given an app noted a value of "location.address-city" from the "PractitionerRole" resources on "dev1"
      When an app searches "PractitionerRole?location.address-city={location.address-city}&_include=PractitionerRole:location&_count=50" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria

    Scenario: A chain through the organization finds roles by the organization's name
      Given an app noted a value of "organization.name" from the "PractitionerRole" resources on "dev1"
      When an app searches "PractitionerRole?organization.name={organization.name}&_include=PractitionerRole:organization&_count=50" on "dev1" without a token
      Then the searchset is not empty
      And every match satisfies the search criteria

  Rule: _include and _revinclude bring related resources in the same answer
    Scenario Outline: _include=PractitionerRole:<parameter> brings what the roles point at
      When an app searches "PractitionerRole?_include=PractitionerRole:<parameter>&_count=20" on "dev1" without a token
      Then the FHIR API answers a searchset Bundle of "PractitionerRole"
      And the resources "PractitionerRole:<parameter>" point at are included in the searchset

      Examples:
        | parameter    |
        | practitioner |
        | organization |
        | location     |

    Scenario: Two includes at once bring both
      When an app searches "PractitionerRole?_include=PractitionerRole:practitioner&_include=PractitionerRole:location&_count=10" on "dev1" without a token
      Then the resources "PractitionerRole:practitioner" point at are included in the searchset
      And the resources "PractitionerRole:location" point at are included in the searchset

    Scenario: Location?_revinclude=PractitionerRole:location brings the roles at those locations
      When an app searches "Location?_revinclude=PractitionerRole:location&_count=5" on "dev1" without a token
      Then the FHIR API answers a searchset Bundle of "Location"
      And the searchset includes the "PractitionerRole" resources whose "location" points at a match

    Scenario: Practitioner?_revinclude=PractitionerRole:practitioner brings their roles
      When an app searches "Practitioner?_revinclude=PractitionerRole:practitioner&_count=10" on "dev1" without a token
      Then the FHIR API answers a searchset Bundle of "Practitioner"
      And the searchset includes the "PractitionerRole" resources whose "practitioner" points at a match

  Rule: Paging is stable and complete
    A directory app pages with the Bundle's links as given (R4 http.html#paging);
    the pages together hold every match once, and previous links go back.

    Scenario: Paging PractitionerRole 50 at a time reaches every role exactly once
      When an app pages through "PractitionerRole?_count=50" on "dev1" without a token, following the next links
      Then the pages hold as many matches as the total, none of them twice
      And every page but the last holds 50 matches
      And the previous link of every page but the first leads back to the page before it
      And the last link of the first page leads to the last page

    Scenario: Paging a filtered search reaches each of its matches exactly once
      Given an app noted a value of "specialty" from the "PractitionerRole" resources on "dev1"
      When an app pages through "PractitionerRole?specialty={specialty:system}|&_count=25" on "dev1" without a token, following the next links
      Then the pages hold as many matches as the total, none of them twice

  Rule: A search may be posted as a form
    POST <type>/_search with the parameters in an application/x-www-form-urlencoded
    body works like GET (R4 http.html#search).

    Scenario: Posting a search finds what the same GET finds
      Given an app noted a value of "family" from the "Practitioner" resources on "dev1"
      When an app searches "Practitioner?family={family}" on "dev1" without a token
      And an app posts the search "Practitioner?family={family}" on "dev1" without a token
      Then the FHIR API answers a searchset Bundle of "Practitioner"
      And the searchset holds the same matches as the one before
