package io.ssogate.sso.web;

import io.ssogate.sso.flow.SsoEngine;
import io.ssogate.sso.identity.Identity;
import io.ssogate.sso.session.GatewaySession;
import io.ssogate.sso.session.GatewaySessions;
import io.ssogate.sso.session.SessionCookie;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /sso/me}: who is signed in at the gateway, as JSON (401 when nobody is). For the demo and for
 * scripts checking a sign-in; groups are left out, as they can be long and are nobody else's business.
 */
public final class WhoAmIServlet extends HttpServlet {

    public static final String PATH = "/sso/me";
    private final SsoEngine engine;
    private final GatewaySessions sessions;
    private final ObjectMapper json = new ObjectMapper();

    public WhoAmIServlet(SsoEngine engine, GatewaySessions sessions) {
        this.engine = engine;
        this.sessions = sessions;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = SessionCookie.valueIn(request, engine.current().sso().session().cookieName());
        Optional<GatewaySession> session = token == null ? Optional.empty() : sessions.find(token);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        if (session.isEmpty()) {
            response.setStatus(401);
            json.writeValue(response.getOutputStream(), Map.of("signedIn", false));
            return;
        }
        Identity identity = session.get().identity();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("signedIn", true);
        body.put("email", identity.email());
        body.put("displayName", identity.displayName());
        body.put("givenName", identity.givenName());
        body.put("familyName", identity.familyName());
        body.put("username", identity.username());
        body.put("tenant", identity.tenant());
        body.put("idp", identity.idp());
        body.put("signedInAt", session.get().createdAt().toString());
        body.put("expiresAt", session.get().expiresAt().toString());
        json.writeValue(response.getOutputStream(), body);
    }
}
