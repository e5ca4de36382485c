@privacy_policy @portal @sandbox
Feature: Privacy policy and privacy attestation
  Before going to production an app needs its privacy policy, a PDF uploaded to
  the Application Dashboard and then submitted, and a privacy attestation
  (portal guide, sections 3.3.1 and 3.3.2).

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "PolicyApp"

  Rule: A PDF policy can be uploaded, viewed and removed until it is submitted
    After a successful upload the tile offers View and Remove; Submit completes
    the upload (guide 3.3.1, steps 1 to 4).

    Scenario: An uploaded policy can be viewed back unchanged
      When she uploads the privacy policy "privacy-policy.pdf" for the app "PolicyApp"
      Then the privacy policy "privacy-policy.pdf" is stored as uploaded
      When she views the privacy policy of the app "PolicyApp"
      Then she receives the PDF she uploaded, byte for byte
      When she opens the dashboard of the app "PolicyApp"
      Then the dashboard shows the privacy policy as "uploaded"

    Scenario: A removed policy is gone
      Given she uploaded the privacy policy "privacy-policy.pdf" for the app "PolicyApp"
      When she removes the privacy policy of the app "PolicyApp"
      Then the privacy policy is removed
      When she views the privacy policy of the app "PolicyApp"
      Then the request is refused with status 404 "not found"
      When she opens the dashboard of the app "PolicyApp"
      Then the dashboard shows the privacy policy as "not_uploaded"

    Scenario: An uploaded policy is submitted
      Given she uploaded the privacy policy "privacy-policy.pdf" for the app "PolicyApp"
      When she submits the privacy policy of the app "PolicyApp"
      Then the privacy policy is submitted
      When she opens the dashboard of the app "PolicyApp"
      Then the dashboard shows the privacy policy as "submitted"
      And the dashboard says the app is missing the "security_attestation" for production

    Scenario: Submitting with no policy uploaded is refused
      When she submits the privacy policy of the app "PolicyApp"
      Then the submission is refused with status 409 "no privacy policy uploaded"

  Rule: Only PDF files are accepted as a privacy policy
    The policy must be in PDF format (guide 3.3.1): another file type is refused
    as such, and a file that merely claims to be a PDF is refused for its content.

    Scenario: A text file is refused as the wrong type
      When she uploads the file "not-a-policy.txt" as "text/plain" for the app "PolicyApp"
      Then the upload is refused with status 415 "unsupported media type"

    Scenario: A file that only claims to be a PDF is refused
      When she uploads the file "fake-policy.pdf" as "application/pdf" for the app "PolicyApp"
      Then the upload is refused with status 422 "invalid request"
      And the problem names the rule "body.not_pdf"

    Scenario: A PDF cut short is refused
      When she uploads the file "truncated-policy.pdf" as "application/pdf" for the app "PolicyApp"
      Then the upload is refused with status 422 "invalid request"
      And the problem names the rule "body.truncated_pdf"

  Rule: A privacy policy is at most 10 MiB
    A policy that does not upload is a reason to contact the help desk (guide
    3.3.1); one over the portal's 10 MiB limit is refused as too large, and
    nothing of it is kept.

    Scenario: A policy larger than 10 MiB is refused as too large
      When she uploads a PDF of 10 MiB and 1 byte as the privacy policy of the app "PolicyApp"
      Then the upload is refused with status 413 "payload too large"
      When she opens the dashboard of the app "PolicyApp"
      Then the dashboard shows the privacy policy as "not_uploaded"

  Rule: The privacy attestation needs every question answered, whatever the answers
    How the questions are answered does not affect acceptance (guide 3.3.2).

    Scenario: Answering yes to every question is accepted
      When she answers "yes" to every privacy attestation question of the app "PolicyApp"
      Then the privacy attestation is recorded as submitted
      When she opens the dashboard of the app "PolicyApp"
      Then the dashboard shows the privacy attestation as "submitted"

    Scenario: Answering no to every question is still accepted
      When she answers "no" to every privacy attestation question of the app "PolicyApp"
      Then the privacy attestation is recorded as submitted

    Scenario: Leaving a question unanswered is refused
      When she submits the privacy attestation of the app "PolicyApp" with a question unanswered
      Then the submission is refused with status 422 "invalid request"
      And the problem names the rule "answers.missing"
