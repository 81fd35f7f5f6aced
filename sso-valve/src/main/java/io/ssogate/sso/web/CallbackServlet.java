package io.ssogate.sso.web;

import io.ssogate.sso.flow.FrontChannelLogouts;
import io.ssogate.sso.flow.ReturnAfterSignIn;
import io.ssogate.sso.flow.SsoEngine;
import io.ssogate.sso.identity.SignInRefusedException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.pac4j.core.engine.DefaultCallbackLogic;
import org.pac4j.jee.context.JEEFrameworkParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.UUID;

/**
 * {@code /sso/callback?client_name=IDP}: pac4j's callback logic checks the IdP's answer (OIDC code, state,
 * nonce, PKCE and ID token; SAML response), the profile manager opens the gateway session, and the person
 * goes back to the page they asked for. IdP-started logouts (OIDC back-channel and front-channel, SAML
 * SLO) arrive here too. A refusal or a failure gets a page that says so, with a reference for the log; it
 * never redirects, so it cannot loop.
 */
public final class CallbackServlet extends HttpServlet {

    public static final String PATH = SsoEngine.CALLBACK_PATH;
    private static final Logger AUDIT = LoggerFactory.getLogger("io.ssogate.audit");

    private final SsoEngine engine;
    private final Pages pages;
    private final DefaultCallbackLogic logic = new DefaultCallbackLogic();

    public CallbackServlet(SsoEngine engine, Pages pages) {
        this.engine = engine;
        this.pages = pages;
        logic.setSavedRequestHandler(new ReturnAfterSignIn());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        callback(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        callback(request, response);
    }

    private void callback(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SsoEngine.Snapshot current = engine.current();
        String idp = String.valueOf(request.getParameter("client_name"));
        try {
            current.client(idp); // initialised before pac4j's callback logic uses it, one thread at a time
            if (FrontChannelLogouts.isFrontChannelLogout(request)
                    && !FrontChannelLogouts.fromItsIdp(request, current.client(idp))) {
                AUDIT.warn("Refused a front-channel logout for IdP {}: its iss is missing or another issuer's", idp);
                response.setHeader("Cache-Control", "no-store");
                response.setStatus(400);
                return;
            }
            logic.perform(current.pac4j(), "/", false, null, new JEEFrameworkParameters(request, response));
        } catch (SignInRefusedException e) {
            String reference = reference();
            AUDIT.warn("Refused a sign-in through IdP {} [{}]: {}", idp, reference, e.getMessage());
            render(request, response, current, 403, "refused.title", "refused.heading", "refused." + e.reason().name(),
                    reference);
        } catch (RuntimeException e) {
            String reference = reference();
            if (request.getParameter("logout_token") != null) {
                // OpenID Connect Back-Channel Logout 1.0, 2.8: a logout the RP could not do is a 400, to the OP.
                AUDIT.warn("Refused a back-channel logout from IdP {} [{}]: {}", idp, reference, describe(e));
                if (!response.isCommitted()) {
                    response.reset();
                    response.setHeader("Cache-Control", "no-store");
                    response.setStatus(400);
                }
                return;
            }
            AUDIT.warn("Failed a sign-in through IdP {} [{}]: {}", idp, reference, describe(e));
            render(request, response, current, 401, "failed.title", "failed.heading", "failed.lead", reference);
        }
    }

    private void render(HttpServletRequest request, HttpServletResponse response, SsoEngine.Snapshot current,
                        int status, String title, String heading, String lead, String reference) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        Pages.Page page = pages.page(request, response, current.sso().page()).titled(title, heading)
                .withText("lead", lead).with("reference", reference)
                .action(request.getContextPath() + SignInServlet.PATH, "failed.again");
        pages.render(response, status, page);
    }

    private static String reference() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** The exception and its causes' messages: what the IdP or the check said, never tokens. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return text.toString();
    }
}
