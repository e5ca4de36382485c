@tickets @portal @sandbox
Feature: Help-desk tickets
  A developer who cannot get credentials, cannot submit an attestation or sees
  tests failing contacts the help desk (portal guide, section 1.2). She opens a
  ticket with a subject, a description and a severity from 1 (critical impact,
  system down) to 4 (minimal impact), as in the help desk's severity table
  (portal guide, section 4), and follows it in her own ticket list.

  Rule: An opened ticket is listed as open with the severity the developer chose
    The ticket keeps what the developer wrote and the severity she picked, so
    the help desk answers within the time that severity promises (guide 1.2
    and 4).

    Scenario: A developer opens a help-desk ticket and sees it open with its severity
      Given a verified developer "Alice" who accepted the terms
      When she opens a help-desk ticket with severity 3:
        | subject     | Tests fail in the development environment                 |
        | description | The token endpoint of dev1 refuses our authorization code |
      Then the ticket "Tests fail in the development environment" is opened with severity 3
      When she lists her help-desk tickets
      Then her ticket "Tests fail in the development environment" is listed as open with severity 3

  Rule: The severity is one of the help desk's levels, 1 to 4
    Section 4 of the guide defines four severity levels; anything else cannot
    be routed and is refused, naming the severity (guide 4).

    Scenario Outline: A severity outside 1 to 4 is refused
      Given a verified developer "Alice" who accepted the terms
      When she opens a help-desk ticket "Cannot get credentials in development" with severity <severity>
      Then the ticket is refused with status 422 "invalid request"
      And the problem names only the rule "severity.invalid"
      When she lists her help-desk tickets
      Then the ticket list is empty

      Examples:
        | severity |
        | 0        |
        | 5        |

  Rule: A developer sees only her own tickets
    A ticket may describe an app's credentials or failures; no other developer
    may read it (guide 1.2).

    Scenario: One developer never sees another developer's tickets
      Given a verified developer "Alice" who accepted the terms
      And she opened a help-desk ticket "Cannot get credentials for production" with severity 2
      And a verified developer "Bob" who accepted the terms
      When "Bob" lists his help-desk tickets
      Then the ticket list does not include the ticket "Cannot get credentials for production"
      And the ticket list is empty
      When "Alice" lists her help-desk tickets
      Then her ticket "Cannot get credentials for production" is listed as open with severity 2
