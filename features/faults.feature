@sandbox @serial @faults
Feature: Simulated faults let an app rehearse a payer's bad days
  A payer's servers are sometimes slow, overloaded, or cut off in the middle of an
  answer. An app that only ever met a healthy sandbox has never run its retry and
  error handling, and the first time it does is in production, with a member
  waiting. The sandbox breaks chosen routes on purpose: latency, an error status in
  the route's own error format, a body cut short, or a dropped connection, the next
  few times or on a share of the requests, until the fault is removed
  (`/_sandbox/faults`, or `conform serve --fault`; docs/faults.md). A fault touches
  every client of the sandbox, so these scenarios run alone.

  Background:
    Given the sandbox has no simulated faults

  Rule: An error status answers in the route's own format, and stops when the fault is spent

    Scenario: The token endpoint is unavailable twice, asks to retry later, then issues tokens
      An app that gives up on the first 503 leaves the member stuck after she
      authorized it; one that honours Retry-After gets its tokens on the third try.
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "RetryApp" as a "confidential-forms" client
      And the member authorized the app "RetryApp" on "dev1"
      And the sandbox fails "POST /dev1/oauth2/token" with status 503 asking to retry after 1 second, twice
      When the app exchanges the code for tokens
      Then the token endpoint is temporarily unavailable and asks to retry after 1 second
      When the app exchanges the code for tokens again
      Then the token endpoint is temporarily unavailable and asks to retry after 1 second
      When the app exchanges the code for tokens again
      Then the app receives tokens
      And the fault fired 2 times and is spent

    Scenario: An overloaded directory refuses exactly half of the requests, the same half every run
      A share is spread evenly and counted, not drawn at random, so a test of an
      app's back-off sees the same answers on every run.
      Given the sandbox fails "GET /dev1/fhir/Location" with status 429 for a share of 0.5 of the requests
      When an app fetches "/dev1/fhir/Location?_count=1" without a token 20 times
      Then exactly 10 of the 20 answers are 429 OperationOutcomes with the issue code "throttled", and the others searchsets

    Scenario: Removing a fault brings the normal answers back
      Given the sandbox fails "/dev1/fhir/metadata" with status 500
      When an app fetches "/dev1/fhir/metadata" without a token
      Then the answer is a 500 OperationOutcome naming the simulated fault
      When the fault is removed
      And an app fetches "/dev1/fhir/metadata" without a token
      Then the answer is the FHIR resource "CapabilityStatement"

  Rule: Slow, cut-short and dropped answers look like the network failures apps meet

    Scenario: A slow directory search still answers, only later
      An app with a one-second timeout on a 1.5 s answer shows the member an error
      for a search that would have worked; latency shows where the timeouts are.
      Given the sandbox delays "GET /dev1/fhir/Practitioner" by 400 milliseconds
      When an app fetches "/dev1/fhir/Practitioner?_count=1" without a token
      Then the answer took at least 400 milliseconds
      And the answer is the FHIR resource "Bundle"

    Scenario: Her Patient record arrives cut short, and the app must notice it is not JSON
      Given a verified developer "Alice" who accepted the terms
      And she registered the app "RecordsApp" with every Patient Access scope
      And the member authorized the app "RecordsApp" on "dev1"
      And the app exchanged the code for tokens
      And the sandbox cuts short the body of "GET /dev1/fhir/Patient/smart-15716", once
      When the app fetches "/dev1/fhir/Patient/smart-15716" with its access token
      Then the answer has status 200 and says it is "application/fhir+json", but its body is not JSON
      When the app fetches "/dev1/fhir/Patient/smart-15716" with its access token again
      Then the answer is the FHIR resource "Patient" "smart-15716"

    Scenario: The connection drops before any answer, and the request log says so
      Given the sandbox drops the connection of "GET /dev1/fhir/Organization", once
      When an app fetches "/dev1/fhir/Organization?_count=1" without a token
      Then no answer arrives because the connection was closed
      And the sandbox request log shows the request to "/dev1/fhir/Organization" dropped by the fault
      When an app fetches "/dev1/fhir/Organization?_count=1" without a token again
      Then the answer is the FHIR resource "Bundle"

  Rule: The control API itself is never faulted, so a fault can always be removed

    Scenario: A fault on every path leaves the control API reachable, and removing all of them restores everything
      Given the sandbox fails "/*" with status 503
      When an app fetches "/dev1/fhir/metadata" without a token
      Then the answer is a 503 OperationOutcome naming the simulated fault
      And the sandbox lists 1 fault
      When all simulated faults are removed
      Then the sandbox lists no faults
      When an app fetches "/dev1/fhir/metadata" without a token
      Then the answer is the FHIR resource "CapabilityStatement"

    Scenario: A fault rule with mistakes is refused, naming each field to fix
      When the sandbox is asked for the fault:
        | path   | /dev1/fhir/Patient |
        | kind   | status             |
        | status | 700                |
        | share  | 2                  |
        | colour | red                |
      Then the fault rule is refused with status 422
      And the problem names the field "status"
      And the problem names the field "share"
      And the problem names the field "colour"
      And the sandbox lists no faults
