@accounts @portal
Feature: Developer accounts
  A third-party developer needs an account before using any InterOp Station tool:
  she signs up, verifies her email from the mail the portal sends, signs in and
  accepts the terms of service (portal guide, section 2). Help-desk staff use
  these scenarios to tell a portal fault from a sign-up mistake.

  Rule: A new account is verified by mail, then signed in and bound to the terms
    Sign-up takes an email, a username, a password typed twice and the ticked
    terms box; a Verify Email link is mailed; after following it the developer
    signs in and clicks I Accept (guide 2.1, steps 3 to 7).

    @sandbox
    Scenario: A new developer signs up, verifies her email, signs in and accepts the terms
      Given a new developer "Alice"
      When she signs up with a valid password and the terms accepted
      Then the account is created unverified and without accepted terms
      And a verification mail is waiting for her in the outbox
      When she follows the verification link in the mail
      Then her email is verified
      When she signs in
      Then she receives a session token
      When she looks at her account
      Then the account shows the terms not accepted
      When she accepts the terms of service
      Then the terms are recorded as accepted
      When she lists her apps
      Then the list is empty

  Rule: The verification link keeps working, and only a token the portal sent verifies
    Clicking the Verify Email link leads to a page confirming the account is
    verified (guide 2.1, step 5): clicking it again confirms it again, while a
    link with a token the portal never sent verifies nobody.

    @sandbox
    Scenario: Opening the verification link a second time still answers verified
      Given a verified developer "Alice"
      When she follows the verification link in the mail
      Then her email is verified
      When she signs in
      Then she receives a session token

    Scenario: An unknown verification token is not found
      When someone opens a verification link with the unknown token "no-such-verification-token"
      Then the verification is refused with status 404 "not found"

  Rule: A password has at least 10 characters with a digit, an upper-case, a lower-case and a special character
    Each broken rule is named on its own so the developer knows what to fix
    (guide 2.1, step 3).

    Scenario Outline: A password breaking one rule is refused and that rule is named
      Given a new developer "Alice"
      When she signs up with the password "<password>"
      Then the sign-up is refused with status 422 "invalid request"
      And the problem names only the rule "<rule>"

      Examples:
        | password        | rule                     |
        | Sh0rt!pw        | password.too_short       |
        | No-Digits-Here! | password.missing_digit   |
        | lower-only-42!  | password.missing_upper   |
        | UPPER-ONLY-42!  | password.missing_lower   |
        | NoSpecials12345 | password.missing_special |

    Scenario: A password breaking several rules has each rule named
      Given a new developer "Alice"
      When she signs up with the password "short"
      Then the sign-up is refused with status 422 "invalid request"
      And the problem names the rule "password.too_short"
      And the problem names the rule "password.missing_digit"
      And the problem names the rule "password.missing_upper"
      And the problem names the rule "password.missing_special"

    Scenario: A confirmation that differs from the password is refused
      Given a new developer "Alice"
      When she signs up with the password "Conform-Pass-2024!" confirmed as "Conform-Pass-2025!"
      Then the sign-up is refused with status 422 "invalid request"
      And the problem names only the rule "confirm_password.mismatch"

  Rule: The terms of service box must be ticked to create an account
    The Create My Account button only works with I accept the Terms of Service
    ticked (guide 2.1, step 4).

    Scenario: Signing up without accepting the terms is refused
      Given a new developer "Alice"
      When she signs up without accepting the terms
      Then the sign-up is refused with status 422 "invalid request"
      And the problem names only the rule "accept_terms.required"

  Rule: A username and an email belong to one account only
    Both are unique, and an email differing only in letter case is the same
    email (guide 2.1, step 3).

    Scenario: A username that is already taken is refused
      Given a developer "Alice" who signed up
      And a new developer "Bob"
      When "Bob" signs up with the username of "Alice"
      Then the sign-up is refused with status 409 "username taken"

    Scenario: An email already used, even in other letter case, is refused
      Given a developer "Alice" who signed up
      And a new developer "Bob"
      When "Bob" signs up with the email of "Alice" in upper case
      Then the sign-up is refused with status 409 "email taken"

  Rule: Only a verified account may sign in, and only with the right password
    The account is usable once the Verify Email link was followed (guide 2.1,
    steps 5 and 6); failing sign-ins go to the help desk (guide 2.2).

    Scenario: Signing in before verifying the email is refused
      Given a developer "Alice" who signed up
      When she signs in
      Then the sign-in is refused with status 403 "email not verified"

    @sandbox
    Scenario: Signing in with a wrong password is refused
      Given a verified developer "Alice"
      When she signs in with a wrong password
      Then the sign-in is refused with status 401 "invalid credentials"

  Rule: Five failed sign-ins lock the account for 15 minutes
    A lock protects the developer against password guessing; while it holds
    even the right password is refused, and it says when to retry (guide 2.2).

    @sandbox
    Scenario: Five wrong passwords lock the account, even against the right password
      Given a verified developer "Alice"
      When she signs in with a wrong password 5 times
      Then the first 4 attempts are refused as invalid credentials and the next locks the account
      When she signs in
      Then the sign-in is refused with status 429 "account locked"
      And the answer says to retry after at most 15 minutes

    @serial @sandbox
    Scenario: A locked account opens again once the lock has expired
      Given a verified developer "Alice"
      And she failed to sign in with a wrong password 5 times
      When the sandbox clock moves 16 minutes forward
      And she signs in
      Then she receives a session token

  Rule: Every portal call needs a live session
    Tools open only to a signed-in developer; signing out ends the session
    (guide 2.1, step 6).

    Scenario: A call without a session is refused
      When someone lists the apps without signing in
      Then the request is refused with status 401 "not signed in"
      And the answer asks for a bearer token

    @sandbox
    Scenario: A session no longer works once signed out
      Given a verified developer "Alice" who accepted the terms
      When she signs out
      Then the sign-out is accepted
      When she lists her apps
      Then the request is refused with status 401 "not signed in"

  Rule: Nothing but the terms can be used before they are accepted
    Signing in leads to the terms of service first; declining them leaves the
    portal closed (guide 2.1, step 7).

    @sandbox
    Scenario: Portal tools are closed until the terms are accepted
      Given a verified developer "Alice" who signed in but has not accepted the terms
      When she lists her apps
      Then the request is refused with status 403 "terms not accepted"
      When she registers the app "TooEarly" as a "confidential-basic" client
      Then the registration is refused with status 403 "terms not accepted"
