package io.ssogate.sso.web;

import io.ssogate.sso.config.SsoConfig;
import io.ssogate.sso.flow.IdpLogout;
import io.ssogate.sso.flow.PublicOrigin;
import io.ssogate.sso.flow.SsoEngine;
import io.ssogate.sso.session.GatewaySession;
import io.ssogate.sso.session.GatewaySessions;
import io.ssogate.sso.session.SessionCookie;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code /sso/logout}: a GET asks (so a link or an image on another site cannot sign anyone out), the
 * POST with the CSRF token ends the gateway session on every node, then sends the browser on to the IdP's
 * logout (OIDC RP-initiated logout, SAML SLO) when it has one, which comes back to {@code /sso/signed-out}.
 */
public final class SignOutServlet extends HttpServlet {

    public static final String PATH = "/sso/logout";
    private static final Logger AUDIT = LoggerFactory.getLogger("io.ssogate.audit");

    private final SsoEngine engine;
    private final GatewaySessions sessions;
    private final IdpLogout idpLogout;
    private final Pages pages;

    public SignOutServlet(SsoEngine engine, GatewaySessions sessions, IdpLogout idpLogout, Pages pages) {
        this.engine = engine;
        this.sessions = sessions;
        this.idpLogout = idpLogout;
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SsoEngine.Snapshot current = engine.current();
        String token = SessionCookie.valueIn(request, current.sso().session().cookieName());
        if (token == null || sessions.find(token).isEmpty()) {
            response.sendRedirect(request.getContextPath() + SignedOutServlet.PATH);
            return;
        }
        Pages.Page page = pages.page(request, response, current.sso().page()).titled("signout.title", "signout.heading")
                .with("signOutForm", true).withText("signOutLabel", "signout.button")
                .with("csrf", CsrfTokens.issue(request, response, PublicOrigin.isHttps(current.publicUrl(), request)));
        pages.render(response, 200, page);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SsoEngine.Snapshot current = engine.current();
        SsoConfig sso = current.sso();
        if (!CsrfTokens.valid(request)) {
            doGet(request, response);
            return;
        }
        String token = SessionCookie.valueIn(request, sso.session().cookieName());
        Optional<GatewaySession> ended = token == null ? Optional.empty() : sessions.revoke(token);
        response.addCookie(SessionCookie.clear(sso.session().cookieName(), request.getContextPath(),
                PublicOrigin.isHttps(current.publicUrl(), request)));
        String signedOut = PublicOrigin.of(current.publicUrl(), request) + request.getContextPath() + SignedOutServlet.PATH;
        if (ended.isPresent()) {
            AUDIT.info("Signed out {} (IdP {})", ended.get().identity().email(), ended.get().identity().idp());
            if (idpLogout.redirect(request, response, current, ended.get(), signedOut)) {
                return;
            }
        }
        response.sendRedirect(signedOut);
    }
}
