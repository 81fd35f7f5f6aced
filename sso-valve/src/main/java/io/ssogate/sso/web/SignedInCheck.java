package io.ssogate.sso.web;

import io.ssogate.core.config.Secret;
import io.ssogate.core.feature.RequestStep;
import io.ssogate.core.feature.StepChain;
import io.ssogate.sso.config.SsoConfig;
import io.ssogate.sso.flow.SignInAttributes;
import io.ssogate.sso.flow.SsoEngine;
import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.sso.session.GatewaySession;
import io.ssogate.sso.session.GatewaySessions;
import io.ssogate.sso.session.SessionCookie;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The identity step in front of everything proxied to Mattermost: a request goes on only with a live
 * gateway session, which it then carries as the request attribute {@link SignInAttributes#SESSION}.
 *
 * <p>Open without a session: the sign-in endpoints and their assets ({@code /sso/}) and SCIM
 * ({@code /scim/v2}, which authenticates its callers itself); and what {@link AnonymousPassage} lets the
 * apps and integrations send for Mattermost to authenticate. Otherwise, a request without a session gets:
 * <ul>
 *   <li>401 for a WebSocket handshake (a browser cannot follow a redirect there);</li>
 *   <li>401 JSON in Mattermost's error shape for {@code /api/} calls, so the web app, the desktop and
 *       mobile apps see an expired session rather than an IdP's HTML;</li>
 *   <li>a redirect to the sign-in page for a page load ({@code GET}/{@code HEAD}), which brings the person
 *       back to the same URL afterwards; to the signed-out page instead right after a logout
 *       ({@link SignedOutMarker});</li>
 *   <li>401 for anything else (a form POST cannot be replayed after a sign-in).</li>
 * </ul>
 * With the Mattermost login on ({@code login.adminToken}), two more rules:
 * <ul>
 *   <li>when {@code login.mobile.preauthSecret} is set, what passes by {@link AnonymousPassage} (webhooks
 *       aside) must carry it as {@code X-Mattermost-Preauth-Secret}, or gets 403 with
 *       {@code X-Reject-Reason: pre-auth}, which the apps (Mattermost 10.12+) explain to their user;</li>
 *   <li>a browser holding {@link LocalSignInServlet#COOKIE} (break-glass accounts configured) reaches
 *       Mattermost, whose own login then asks it for a password.</li>
 * </ul>
 * With single sign-on off (no tenant configured), every request goes on, as before.
 */
public final class SignedInCheck implements RequestStep {

    private static final byte[] API_UNAUTHORIZED = ("{\"id\":\"api.context.session_expired.app_error\","
            + "\"message\":\"Invalid or expired session, please login again.\",\"detailed_error\":\"\","
            + "\"request_id\":\"\",\"status_code\":401}").getBytes(StandardCharsets.UTF_8);

    /** The header the apps send the pre-authentication secret in, and the one a refusal names its reason in. */
    public static final String PREAUTH_HEADER = "X-Mattermost-Preauth-Secret";
    public static final String REJECT_REASON_HEADER = "X-Reject-Reason";

    private final SsoEngine engine;
    private final GatewaySessions sessions;
    private final Supplier<LoginConfig> login;

    /** Without the Mattermost login's rules (no pre-auth secret, no break-glass way in). */
    public SignedInCheck(SsoEngine engine, GatewaySessions sessions) {
        this(engine, sessions, () -> LoginConfig.OFF);
    }

    public SignedInCheck(SsoEngine engine, GatewaySessions sessions, Supplier<LoginConfig> login) {
        this.engine = engine;
        this.sessions = sessions;
        this.login = login;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, StepChain next)
            throws IOException, ServletException {
        SsoConfig sso = engine.current().sso();
        if (!sso.enabled()) {
            next.proceed();
            return;
        }
        String path = pathOf(request);
        if (isOpen(path)) {
            next.proceed();
            return;
        }
        String token = SessionCookie.valueIn(request, sso.session().cookieName());
        Optional<GatewaySession> session = token == null ? Optional.empty() : sessions.find(token);
        if (session.isPresent()) {
            request.setAttribute(SignInAttributes.SESSION, session.get());
            next.proceed();
            return;
        }
        LoginConfig loginConfig = login.get();
        if (AnonymousPassage.allows(request, path)) {
            if (lacksPreauthSecret(request, path, loginConfig)) {
                // Checked before the break-glass cookie, which anyone can get: it must not open a way around.
                response.setHeader(REJECT_REASON_HEADER, "pre-auth");
                response.setHeader("Cache-Control", "no-store");
                response.sendError(403);
                return;
            }
            next.proceed();
            return;
        }
        if (LocalSignInServlet.holds(request, loginConfig)) {
            next.proceed();
            return;
        }
        refuse(request, response);
    }


    /** Webhooks carry their secret in the URL and come from servers, not the apps: they need none. */
    private static boolean lacksPreauthSecret(HttpServletRequest request, String path, LoginConfig login) {
        Secret secret = login.mobile().preauthSecret();
        if (!login.enabled() || secret == null || path.startsWith("/hooks/")) {
            return false;
        }
        return !secret.matches(request.getHeader(PREAUTH_HEADER));
    }

    static boolean isOpen(String path) {
        return path.startsWith("/sso/") || path.equals("/sso") || path.equals("/scim/v2") || path.startsWith("/scim/v2/");
    }

    /** Only a WebSocket: HTTP clients also send {@code Upgrade: h2c}, and a page load of theirs is a page load. */
    private static boolean isWebSocketHandshake(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket");
    }

    /**
     * The request's path inside the web application, decoded and with dot segments resolved, as Tomcat
     * mapped it: the raw URI would let {@code /sso/../api/v4/users} pass as an open path while the
     * container serves {@code /api/v4/users}.
     */
    public static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        if (servletPath == null) {
            servletPath = "";
        }
        String pathInfo = request.getPathInfo();
        String path = pathInfo == null ? servletPath : servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String path = pathOf(request);
        if (isWebSocketHandshake(request)) {
            response.setStatus(401);
            response.setContentLength(0);
            return;
        }
        if (path.startsWith("/api/")) {
            response.setStatus(401);
            response.setContentType("application/json");
            response.setContentLength(API_UNAUTHORIZED.length);
            response.getOutputStream().write(API_UNAUTHORIZED);
            return;
        }
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            if (SignedOutMarker.isIn(request)) {
                // Just logged out of Mattermost: a sign-in now would be completed by the IdP at once.
                response.sendRedirect(request.getContextPath() + SignedOutServlet.PATH);
                return;
            }
            String query = request.getQueryString();
            response.sendRedirect(SignInServlet.location(request.getContextPath(), query == null ? path : path + "?" + query));
            return;
        }
        response.sendError(401);
    }
}
