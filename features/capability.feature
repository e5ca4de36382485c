@fhir @capability
Feature: Each tenant describes its FHIR API in its CapabilityStatement
  The resource types a tenant serves are in the metadata of its FHIR base,
  GET /{tenant}/fhir/metadata (portal guide, Appendix A: "What is a Capability
  Statement?"). Apps and SMART client libraries read it to learn the FHIR version,
  where the authorization server is (the SMART oauth-uris extension, SMART App
  Launch 2.0 "conformance"), which scopes to ask for, and which types, search
  parameters and includes they can use (FHIR R4 capabilitystatement.html). What it
  says must be what the server does.

  Rule: The statement says FHIR R4 and points at the tenant's SMART authorization server
    The oauth-uris extension must carry the same endpoints as the tenant's
    .well-known/smart-configuration: a client that reads only one of them must end
    up at the same authorization server.

    Scenario Outline: <tenant> describes a FHIR 4.0.1 server secured by SMART-on-FHIR
      When an app reads the CapabilityStatement of "<tenant>"
      Then the CapabilityStatement says FHIR version "4.0.1"
      And the CapabilityStatement's security names the service "SMART-on-FHIR"
      And the CapabilityStatement's OAuth URIs and SMART capabilities are those of the SMART configuration of "<tenant>"

      Examples:
        | tenant |
        | dev1   |
        | bcbsm  |
        | mhp    |
        | mdw    |
        | mdhhs  |

  Rule: The statement lists the scopes an app may register and ask for
    The guide's Appendix B example asks for openid, profile and a read scope per
    Patient Access type; SMART apps also use fhirUser, launch/patient and
    offline_access.

    Scenario Outline: <tenant> lists the SMART scopes and a read scope per Patient Access type
      When an app reads the CapabilityStatement of "<tenant>"
      Then the CapabilityStatement lists the scopes "openid profile fhirUser launch/patient offline_access"
      And the CapabilityStatement lists a read scope for every Patient Access type

      Examples:
        | tenant |
        | dev1   |
        | bcbsm  |
        | mhp    |
        | mdw    |
        | mdhhs  |

  Rule: Every Patient Access and Provider Directory type can be read and searched
    The ten Patient Access types of the guide's Appendix B and the eight Provider
    Directory types of section 3.7.2.2.

    Scenario Outline: <tenant> serves read and search of all eighteen types
      When an app reads the CapabilityStatement of "<tenant>"
      Then the CapabilityStatement lists every Patient Access and Provider Directory type with the interactions read and search-type

      Examples:
        | tenant |
        | dev1   |
        | bcbsm  |
        | mhp    |
        | mdw    |
        | mdhhs  |

  Rule: Each type lists the search parameters its implementation guide requires
    US Core 3.1.1 and CARIN Blue Button 1.2.0 for Patient Access, Da Vinci PDex
    Plan-Net 1.1.0 for the directory; every type also has _id and _lastUpdated.
    Each parameter says its type and the SearchParameter it implements.

    Scenario Outline: <type> lists its search parameters
      When an app reads the CapabilityStatement of "dev1"
      Then the CapabilityStatement lists the search parameters "<parameters>" of "<type>"

      Examples: Patient Access
        | type                 | parameters                                                                                     |
        | Patient              | _id _lastUpdated identifier name family given birthdate gender                                 |
        | Coverage             | _id _lastUpdated patient beneficiary subscriber payor identifier status type                   |
        | ExplanationOfBenefit | _id _lastUpdated patient identifier type service-date status created provider insurer coverage care-team |
        | Encounter            | _id _lastUpdated patient date class type status identifier                                     |
        | Condition            | _id _lastUpdated patient category clinical-status code onset-date                              |
        | Observation          | _id _lastUpdated patient category code date status                                             |
        | Procedure            | _id _lastUpdated patient date code status                                                      |
        | Immunization         | _id _lastUpdated patient date status vaccine-code                                              |
        | DiagnosticReport     | _id _lastUpdated patient category code date status result                                      |
        | ServiceRequest       | _id _lastUpdated patient code category authored status requester                               |

      Examples: Provider Directory
        | type                    | parameters                                                                                            |
        | PractitionerRole        | _id _lastUpdated practitioner organization location service network endpoint role specialty          |
        | Location                | _id _lastUpdated address address-city address-state address-postalcode organization partof endpoint type name |
        | Organization            | _id _lastUpdated name address partof endpoint type identifier                                        |
        | Practitioner            | _id _lastUpdated name family given identifier gender                                                 |
        | HealthcareService       | _id _lastUpdated organization location coverage-area endpoint service-category service-type specialty name |
        | InsurancePlan           | _id _lastUpdated administered-by owned-by coverage-area endpoint network identifier plan-type type name |
        | OrganizationAffiliation | _id _lastUpdated primary-organization participating-organization location service network endpoint role specialty |
        | Endpoint                | _id _lastUpdated organization connection-type identifier mime-type payload-type name                 |

  Rule: The includes apps use are declared
    searchInclude and searchRevInclude list what _include and _revinclude accept
    (FHIR R4 search.html#include).

    Scenario Outline: <type> declares the <which>s "<includes>"
      When an app reads the CapabilityStatement of "dev1"
      Then the CapabilityStatement lets "<type>" <which> "<includes>"

      Examples:
        | type                 | which      | includes                                                                                                                                          |
        | ExplanationOfBenefit | include    | ExplanationOfBenefit:patient ExplanationOfBenefit:provider ExplanationOfBenefit:insurer ExplanationOfBenefit:coverage ExplanationOfBenefit:care-team |
        | Coverage             | include    | Coverage:payor                                                                                                                                    |
        | PractitionerRole     | include    | PractitionerRole:practitioner PractitionerRole:organization PractitionerRole:location                                                             |
        | Location             | revinclude | PractitionerRole:location                                                                                                                         |
        | Practitioner         | revinclude | PractitionerRole:practitioner                                                                                                                     |
