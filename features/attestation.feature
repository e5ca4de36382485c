@attestation @portal @sandbox
Feature: Security attestation and its review
  Every app needs a security attestation. Submitting one opens a help-desk ticket;
  the security team then approves it or raises an issue, which the developer is
  mailed about and answers by resubmitting (portal guide, section 3.3.3).

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "SecureApp"

  Rule: A submitted attestation waits for review and opens a help-desk ticket
    Submitting sends the answers to the security team and generates a ticket;
    the request shows as Pending under Attestation Requests (guide 3.3.3,
    steps 1 to 3).

    Scenario: A submitted attestation is pending and tracked by a ticket
      When she submits the security attestation of the app "SecureApp"
      Then the security attestation is pending review
      When she lists her attestation requests
      Then the attestation requests show the app "SecureApp" as "pending"
      When she lists her help-desk tickets
      Then an open ticket with a severity from 1 to 4 tracks the attestation of the app "SecureApp"
      When she opens the dashboard of the app "SecureApp"
      Then the dashboard shows the security attestation as "pending"

    Scenario: A second submission while one is pending is refused
      Given she submitted the security attestation of the app "SecureApp"
      When she submits the security attestation of the app "SecureApp"
      Then the submission is refused with status 409 "attestation already pending"

    Scenario: An attestation with a question unanswered is refused
      When she submits the security attestation of the app "SecureApp" with a question unanswered
      Then the submission is refused with status 422 "invalid request"
      And the problem names the rule "answers.missing"

  Rule: The security team approves an attestation or raises an issue, and the developer is mailed
    Approved means accepted; Issue means denied, with the reason mailed to the
    developer, who updates and resubmits (guide 3.3.3, step 4).

    @admin
    Scenario: The security team approves the attestation
      Given she submitted the security attestation of the app "SecureApp"
      When the security team approves the attestation of the app "SecureApp"
      Then the attestation is approved
      And she is mailed "Security attestation approved"
      When she lists her attestation requests
      Then the attestation requests show the app "SecureApp" as "approved"

    @admin
    Scenario: The security team raises an issue and the developer is told why
      Given she submitted the security attestation of the app "SecureApp"
      When the security team raises the issue "Multi-factor authentication is not described" on the attestation of the app "SecureApp"
      Then the attestation is marked as an issue
      And she is mailed "Security attestation needs changes" mentioning "Multi-factor authentication is not described"
      When she opens the dashboard of the app "SecureApp"
      Then the dashboard shows the security attestation as "issue" because "Multi-factor authentication is not described"

    @admin
    Scenario: An issue without a reason is refused
      Given she submitted the security attestation of the app "SecureApp"
      When the security team raises an issue without a reason on the attestation of the app "SecureApp"
      Then the review is refused with status 422 "invalid request"
      And the problem names the rule "reason.required"

    @admin
    Scenario: An attestation with an issue can be resubmitted
      Given she submitted the security attestation of the app "SecureApp"
      And the security team raised the issue "Encryption at rest is not described" on the attestation of the app "SecureApp"
      When she submits the security attestation of the app "SecureApp"
      Then the security attestation is pending review
      When she lists her attestation requests
      Then the attestation requests show the app "SecureApp" as "pending"

  Rule: Only the security team may review attestations
    A developer cannot approve her own attestation (guide 3.3.3: the MiHIN
    Security Team reviews).

    Scenario: A developer's own session cannot approve her attestation
      Given she submitted the security attestation of the app "SecureApp"
      When she tries to approve the attestation of the app "SecureApp" with her own session
      Then the review is refused with status 403 "admin token required"

    Scenario: A review without any token is refused
      Given she submitted the security attestation of the app "SecureApp"
      When someone tries to approve the attestation of the app "SecureApp" without a token
      Then the review is refused with status 401 "admin token required"
