@oauth @authorize
Feature: Authorizing an app as a member
  The member follows the app's authorization link, signs in, accepts the
  Interoperability Disclaimer and the HIPAA Authorization, and is sent back to the
  app with an authorization code (portal guide, section 3.4 steps 1 to 5, and the
  example link of Appendix B). The harness walks these pages like a browser: it
  keeps the cookie, submits the forms it is shown and follows the redirects.

  Background:
    Given a verified developer "Alice" who accepted the terms
    And she registered the app "PortalApp" as a "confidential-basic" client

  @login-pages
  Rule: The member signs in and accepts two pages before the app gets a code
    In development the login page comes prefilled with the test member Rose
    Tammy Beltran; the two pop-ups follow; the code and the unchanged state go
    back to the redirect URI (guide 3.4 steps 3 to 5).

    Scenario: The dev1 login page comes prefilled with the test member Rose
      When the member opens the authorization link of the app "PortalApp" on "dev1"
      Then the member sees the login page prefilled with the member "rose"

    Scenario: Rose authorizes the app and it receives a code with its state
      When the member opens the authorization link of the app "PortalApp" on "dev1"
      And the member signs in with the prefilled credentials
      Then the member sees the Interoperability Disclaimer
      When the member agrees to the Interoperability Disclaimer
      Then the member sees the HIPAA Authorization
      And the HIPAA Authorization lists the scopes "openid patient/Patient.read"
      When the member agrees to the HIPAA Authorization
      Then the browser is sent back to the app with a code and the state

    Scenario: A wrong password keeps the member on the login page
      When the member opens the authorization link of the app "PortalApp" on "dev1"
      And the member signs in as "rose" with the password "not-her-password"
      Then the member stays on the login page, told the username or password is wrong

    @seeded
    Scenario: A generated member signs in with the documented credentials pattern
      When the member opens the authorization link of the app "PortalApp" on "dev1"
      And the member signs in as "member42" with the password "Member42-pass!"
      Then the member sees the Interoperability Disclaimer

  @login-pages
  Rule: A member who declines either page shares nothing
    Declining the Interoperability Disclaimer or the HIPAA Authorization sends
    the member back to the app with access_denied and no code (guide 3.4 step 4;
    RFC 6749 4.1.2.1).

    Scenario: Declining the Interoperability Disclaimer ends in access_denied
      When the member opens the authorization link of the app "PortalApp" on "dev1"
      And the member signs in with the prefilled credentials
      And the member declines the Interoperability Disclaimer
      Then the browser is sent back to the app with the error "access_denied" and the state

    Scenario: Declining the HIPAA Authorization ends in access_denied
      When the member opens the authorization link of the app "PortalApp" on "dev1"
      And the member signs in with the prefilled credentials
      And the member agrees to the Interoperability Disclaimer
      And the member declines the HIPAA Authorization
      Then the browser is sent back to the app with the error "access_denied" and the state

  @login-pages
  Rule: The code can come back as a query, a form post, or to the debug page
    The guide asks for response_mode=query (3.4 h, Appendix A); form_post is
    offered too. The guide validates the connection with the OAuth 2.0 debugger;
    the sandbox has its own debug page for that (3.4 b and step 5).

    Scenario: With response_mode=form_post the browser posts the code and the state to the app
      When the member opens the authorization link of the app "PortalApp" on "dev1" with the response mode "form_post"
      And the member signs in with the prefilled credentials
      And the member agrees to the Interoperability Disclaimer
      And the member agrees to the HIPAA Authorization
      Then the browser is handed a form that posts the code and the state to the app

    Scenario: The sandbox debug page shows the code, as the OAuth 2.0 debugger does
      Given she registered the app "DebugApp" with the sandbox debug page as a redirect URI
      When the member opens the authorization link of the app "DebugApp" on "dev1" with the sandbox debug page as the redirect URI
      And the member signs in with the prefilled credentials
      And the member agrees to the Interoperability Disclaimer
      And the member agrees to the HIPAA Authorization
      Then the debug page shows the code and the state

  @login-pages
  Rule: A request that does not identify the app gets an error page, never a redirect
    Until the client and its exact redirect URI are known, the server cannot
    know where the app lives, so it tells the developer on a page and sends the
    browser nowhere (RFC 6749 4.1.2.1; guide 3.4 b and c).

    Scenario: An unknown client id gets an error page
      When the member opens the authorization link of the app "PortalApp" on "dev1" with the client id "no-such-client"
      Then the member sees the error page "Unknown client" and is not sent back to the app

    Scenario: A redirect URI with a trailing slash is not the registered one
      When the member opens the authorization link of the app "PortalApp" on "dev1" with the redirect URI "https://app.example.test/callback/"
      Then the member sees the error page "Unregistered redirect URI" and is not sent back to the app
      And the error page explains "trailing slash"

  Rule: Other mistakes in the request go back to the app as OAuth errors
    State and nonce cannot be left blank and a nonce is never reused (guide 3.4
    e and f, Appendix A); only the code flow is offered; only scopes registered
    for the app can be asked for (guide 3.4 d). The app hears of each mistake
    with the RFC 6749 error code and its state.

    @portal-rules
    Scenario: A request without a state is sent back with invalid_request
      When the member opens the authorization link of the app "PortalApp" on "dev1" without the state
      Then the browser is sent back to the app with the error "invalid_request" and no state

    @portal-rules
    Scenario: A request without a nonce is sent back with invalid_request
      When the member opens the authorization link of the app "PortalApp" on "dev1" without the nonce
      Then the browser is sent back to the app with the error "invalid_request" and the state

    @portal-rules
    Scenario: A nonce used before is sent back with invalid_request
      Given the member authorized the app "PortalApp" on "dev1"
      When the member opens the authorization link of the app "PortalApp" on "dev1" reusing the nonce of the previous request
      Then the browser is sent back to the app with the error "invalid_request" and the state

    Scenario: The implicit flow (response_type=token) is not offered
      When the member opens the authorization link of the app "PortalApp" on "dev1" with the response type "token"
      Then the browser is sent back to the app with the error "unsupported_response_type" and the state

    # Which scopes are "not registered" is known only for an app the scenario registered.
    @portal
    Scenario: A scope not registered for the app is sent back with invalid_scope
      When the member opens the authorization link of the app "PortalApp" on "dev1" with the scope "openid patient/Observation.read"
      Then the browser is sent back to the app with the error "invalid_scope" and the state

  @production @admin @login-pages
  Rule: Production tenants prefill their synthetic test member
    In production the login page of every payer tenant comes prefilled with the
    synthetic user MarianBenton (guide 3.4 step 3 and 3.7.2.1); only a
    production client reaches it.

    Scenario: The bcbsm login page comes prefilled with MarianBenton
      Given the app "PortalApp" is ready for production
      And she registered the app "PortalApp" in production
      When the member opens the authorization link of the production app "PortalApp" on "bcbsm"
      Then the member sees the login page prefilled with the member "MarianBenton"
