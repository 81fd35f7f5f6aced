package io.ssogate.sso.mobile;

import io.ssogate.core.feature.RequestStep;
import io.ssogate.core.feature.StepChain;
import io.ssogate.core.mattermost.MattermostLogin;
import io.ssogate.sso.flow.SignInAttributes;
import io.ssogate.sso.flow.SsoEngine;
import io.ssogate.sso.login.MattermostLoginStep.LoginFailureResponder;
import io.ssogate.sso.login.MattermostSignIn;
import io.ssogate.sso.login.accounts.AccountUnavailableException;
import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.sso.session.GatewaySession;
import io.ssogate.sso.web.Pages;
import io.ssogate.sso.web.ReturnUrls;
import io.ssogate.sso.web.SignedInCheck;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Serves the mobile app's single sign-on entry, which Team Edition lacks: the app opens
 * {@code /login/sso/saml?action=mobile&redirect_to=mmauth://callback} (or
 * {@code /oauth/openid/mobile_login?redirect_to=…}) in an in-app browser. The identity step has already
 * sent that browser through the sign-in and back here; this step logs the person into Mattermost with a
 * session of the app's own (not a browser's) and hands its tokens to the app's callback.
 *
 * <p>Runs before the cookie step ({@code MattermostLoginStep}), which would otherwise give the in-app
 * browser a Mattermost session of its own first. With the login or the mobile sign-on off, the request
 * goes to Mattermost as before.
 */
public final class MobileSignInStep implements RequestStep {

    static final String SAML_PATH = "/login/sso/saml";
    static final String OPENID_PATH = "/oauth/openid/mobile_login";
    private static final Logger AUDIT = LoggerFactory.getLogger("io.ssogate.audit");

    private final Supplier<LoginConfig> login;
    private final MattermostSignIn signIn;
    private final LoginFailureResponder failures;
    private final SsoEngine engine;
    private final Pages pages;
    private final Supplier<URI> publicOrigin;

    /** @param publicOrigin the gateway's public URL (null when not configured), for the webapp's redirect_to */
    public MobileSignInStep(Supplier<LoginConfig> login, MattermostSignIn signIn, LoginFailureResponder failures,
                            SsoEngine engine, Pages pages, Supplier<URI> publicOrigin) {
        this.login = login;
        this.signIn = signIn;
        this.failures = failures;
        this.engine = engine;
        this.pages = pages;
        this.publicOrigin = publicOrigin;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, StepChain next)
            throws IOException, ServletException {
        String path = SignedInCheck.pathOf(request);
        boolean saml = path.equals(SAML_PATH);
        boolean openId = path.equals(OPENID_PATH);
        LoginConfig settings = login.get();
        if (!(saml || openId) || !settings.enabled() || !settings.mobile().enabled()
                || !"GET".equals(request.getMethod()) // a HEAD would open a session nobody receives
                || !(request.getAttribute(SignInAttributes.SESSION) instanceof GatewaySession session)) {
            next.proceed();
            return;
        }
        String redirectTo = request.getParameter("redirect_to");
        if (saml && !"mobile".equals(request.getParameter("action"))) {
            // The webapp's own SAML button: the person is signed in already, so on to where it pointed.
            response.setHeader("Cache-Control", "no-store");
            response.sendRedirect(request.getContextPath() + ReturnUrls.safe(redirectTo, publicOrigin.get()));
            return;
        }
        Optional<String> callback = MobileCallback.of(redirectTo, settings.mobile().urlSchemes());
        if (callback.isEmpty()) {
            AUDIT.warn("Refused the mobile sign-on of {}: redirect_to is not an app callback",
                    session.identity().email());
            pages.render(response, 400, pages.page(request, response, engine.current().sso().page())
                    .titled("mobile.title", "mobile.heading").withText("lead", "mobile.badCallback"));
            return;
        }
        MattermostLogin mattermost;
        try {
            mattermost = signIn.logIn(session, request.getRemoteAddr());
        } catch (AccountUnavailableException e) {
            AUDIT.warn("Could not log {} into Mattermost for the mobile app ({}): {}", session.identity().email(),
                    e.reason(), e.getMessage());
            failures.respond(request, response, e.reason());
            return;
        }
        if (mattermost.sessionToken() == null) {
            AUDIT.warn("Mattermost's login of {} for the mobile app gave no session token", session.identity().email());
            failures.respond(request, response, AccountUnavailableException.Reason.LOGIN_REFUSED);
            return;
        }
        AUDIT.info("Logged {} into Mattermost for the mobile app as user {}", session.identity().email(),
                mattermost.user() == null ? "?" : mattermost.user().id());
        MobileAuthCompletePage.render(response,
                MobileAuthCompletePage.target(callback.get(), mattermost.sessionToken(), mattermost.csrfToken()));
    }
}
