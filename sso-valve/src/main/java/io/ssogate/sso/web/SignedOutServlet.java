package io.ssogate.sso.web;

import io.ssogate.sso.flow.IdpLogout;
import io.ssogate.sso.flow.PublicOrigin;
import io.ssogate.sso.flow.SsoEngine;
import io.ssogate.sso.session.GatewaySession;
import io.ssogate.sso.session.GatewaySessions;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code /sso/signed-out}: the end of every sign-out, with a way back in; never redirects anywhere itself,
 * except once after a Mattermost logout: the {@link SignedOutMarker} names the session that ended, and the
 * browser is sent on to the IdP's logout (which comes back here), as {@link SignOutServlet} does for the
 * gateway's own sign-out. The marker goes then, so the way back lands on the page.
 */
public final class SignedOutServlet extends HttpServlet {

    public static final String PATH = "/sso/signed-out";

    private final SsoEngine engine;
    private final GatewaySessions sessions;
    private final IdpLogout idpLogout;
    private final Pages pages;

    public SignedOutServlet(SsoEngine engine, GatewaySessions sessions, IdpLogout idpLogout, Pages pages) {
        this.engine = engine;
        this.sessions = sessions;
        this.idpLogout = idpLogout;
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SsoEngine.Snapshot current = engine.current();
        String endedToken = SignedOutMarker.endedToken(request);
        Optional<GatewaySession> ended = endedToken == null ? Optional.empty()
                : sessions.endedWithin(endedToken, SignedOutMarker.MAX_AGE);
        if (ended.isPresent()) {
            String here = PublicOrigin.of(current.publicUrl(), request) + request.getContextPath() + PATH;
            response.addHeader("Set-Cookie", SignedOutMarker.clear(request.getContextPath(),
                    PublicOrigin.isHttps(current.publicUrl(), request)));
            if (idpLogout.redirect(request, response, current, ended.get(), here)) {
                return;
            }
        }
        Pages.Page page = pages.page(request, response, current.sso().page())
                .titled("signedout.title", "signedout.heading").withText("lead", "signedout.lead")
                .action(request.getContextPath() + SignInServlet.PATH, "signedout.again");
        pages.render(response, 200, page);
    }
}
