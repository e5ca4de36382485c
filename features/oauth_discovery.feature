@oauth @discovery
Feature: Finding a tenant's authorization server
  Before an app can send a member to sign in, it needs the tenant's authorization,
  token and key endpoints. The portal's document library lists the OAuth URL of each
  environment (portal guide, section 3.4 a); SMART apps read the same facts from the
  tenant's published configuration, and check token signatures with its keys.

  Rule: Each tenant publishes a SMART configuration pointing to its own endpoints
    The authorize URI of a tenant is `/{tenant}/oauth2/authorize`, as in the
    guide's example link (guide Appendix B); the token endpoint is its sibling
    (guide 3.5).

    Scenario Outline: The SMART configuration of <tenant> points to the endpoints of <tenant>
      When an app reads the SMART configuration of "<tenant>"
      Then the SMART configuration points to the endpoints of "<tenant>"

      Examples:
        | tenant |
        | dev1   |
        | bcbsm  |
        | mhp    |
        | mdw    |
        | mdhhs  |

    Scenario: The SMART configuration offers what the guide's flow needs
      When an app reads the SMART configuration of "dev1"
      Then the SMART configuration lists the grant types "authorization_code refresh_token"
      And the SMART configuration lists the response modes "query form_post"
      And the SMART configuration lists the client authentication methods "client_secret_basic client_secret_post none"
      And the SMART configuration lists the capabilities "launch-standalone client-public client-confidential-symmetric context-standalone-patient permission-offline sso-openid-connect"
      And the SMART configuration lists the scopes "openid profile fhirUser launch/patient offline_access patient/Patient.read patient/Patient.rs"

    Scenario: Only the S256 code challenge method is offered
      When an app reads the SMART configuration of "dev1"
      Then the SMART configuration offers exactly the code challenge methods "S256"

    Scenario: A tenant that does not exist has no configuration
      When an app reads the SMART configuration of "nowhere"
      Then the discovery is refused with status 404

  Rule: OpenID Connect discovery agrees with the SMART configuration
    Apps that sign members in with OpenID Connect read the OpenID configuration;
    it must name the same issuer and endpoints.

    Scenario: The OpenID configuration names the same issuer and endpoints
      When an app reads the OpenID configuration of "dev1"
      Then the OpenID configuration agrees with the SMART configuration of "dev1"

  Rule: The signing keys are published
    Access tokens and ID tokens are RS256 JWTs; the key set lets an app check them.

    Scenario: The key set holds an RS256 public key for signatures
      When an app reads the signing keys of "dev1"
      Then the signing keys include an RS256 public key for signatures
