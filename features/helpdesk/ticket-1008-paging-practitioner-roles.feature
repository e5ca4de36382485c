@helpdesk @ticket-1008 @fhir @directory
Feature: Ticket 1008 — paging PractitionerRole 50 at a time: are roles missing?
  Reported: a provider-search app loads the directory with
  `PractitionerRole?_count=50` and follows the `next` links. Its count of roles
  differs from the Bundle's `total`, and the developer suspects that pages overlap
  or skip roles.

  Cause, when there is one: an app that builds the next URL itself (offset
  arithmetic, or dropping the server's page token) pages through another search.
  The server's `next` link is the only way to the next page (FHIR R4 search.html
  "Paging"); pages are stable and the total is the count of matches.

  Fix: follow the `link` with relation `next` as given, until there is none.

  Scenario: Paging PractitionerRole 50 at a time reaches every role exactly once
    When an app pages through "PractitionerRole?_count=50" on "dev1" without a token, following the next links
    Then the pages hold as many matches as the total, none of them twice
    And every page but the last holds 50 matches
    And the previous link of every page but the first leads back to the page before it

  Scenario: A page token changed by the app is refused instead of paging something else
    When an app searches "PractitionerRole?_count=50" on "dev1" without a token
    And the app follows the "next" link with a tampered page token
    Then the FHIR API refuses with status 400
