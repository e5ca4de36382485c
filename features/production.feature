@production @portal @sandbox @admin
Feature: Registering an app in production
  Once the privacy policy is submitted and the security attestation approved, the
  developer registers her app in production with its production redirect URIs and
  receives a separate production client (portal guide, section 3.7.1).

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "ProdApp"

  Rule: Production needs a submitted privacy policy and an approved security attestation
    Register in Production is open once the security attestation and the privacy
    policy are done; until then the portal says what is missing (guide 3.7.1).

    Scenario: Registering before the privacy policy is submitted is refused
      Given the app "ProdApp" has an approved security attestation
      When she registers the app "ProdApp" in production
      Then the production registration is refused because the "privacy_policy" is not ready
      And the problem does not name the field "security_attestation"

    Scenario: Registering before the security attestation is approved is refused
      Given the app "ProdApp" has a submitted privacy policy
      And the app "ProdApp" has a pending security attestation
      When she registers the app "ProdApp" in production
      Then the production registration is refused because the "security_attestation" is not ready
      And the problem does not name the field "privacy_policy"

    Scenario: An app with nothing done is told both are missing
      When she registers the app "ProdApp" in production
      Then the production registration is refused because the "privacy_policy" is not ready
      And the problem names the field "security_attestation"

    Scenario: A ready app receives a production client of its own
      Given the app "ProdApp" is ready for production
      When she registers the app "ProdApp" in production
      Then the app is registered in production with a client of its own
      When she opens the dashboard of the app "ProdApp"
      Then the dashboard shows both the development and the production client

    Scenario: Registering in production twice is refused
      Given the app "ProdApp" is ready for production
      And she registered the app "ProdApp" in production
      When she registers the app "ProdApp" in production
      Then the registration is refused with status 409 "already in production"

  Rule: Production redirect URIs are typed in full, with their scheme
    The Register Your Application in Production form takes the Callback URLs /
    Redirect URIs typed by hand (guide 3.7.1, step 2, Figure 35). An entry
    without its scheme, like the figure's www.SMARTonFHIR.com, is relative and
    cannot be matched at the authorization server, so it is refused with the
    full URI suggested.

    Scenario: A production redirect URI written without its scheme is refused with the full URI suggested
      Given the app "ProdApp" is ready for production
      When she registers the app "ProdApp" in production with the redirect URI "www.SMARTonFHIR.com"
      Then the registration is refused with status 422 "invalid request"
      And the problem names the rule "redirect_uris.relative"
      And the problem suggests "https://www.SMARTonFHIR.com"
      When she opens the dashboard of the app "ProdApp"
      Then the dashboard shows the development client alone

  Rule: The production client can be removed on its own
    Production clients are managed apart from development clients in OAuth
    Management (guide 3.7.1, step 4).

    Scenario: Removing the production client leaves the development client alone
      Given the app "ProdApp" is ready for production
      And she registered the app "ProdApp" in production
      When she removes the production client of the app "ProdApp"
      Then the production client is removed
      When she opens the dashboard of the app "ProdApp"
      Then the dashboard shows the development client alone
