package io.ssogate.sso.web;

import io.ssogate.sso.flow.SsoEngine;
import io.ssogate.sso.login.MattermostLoginStep;
import io.ssogate.sso.login.accounts.AccountUnavailableException.Reason;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * What a signed-in person sees when the gateway cannot log them into Mattermost: a page that says why and
 * what to do (never a redirect, so nothing loops), JSON in Mattermost's error shape under {@code /api/}, an
 * empty refusal for a WebSocket handshake. Passing troubles (Mattermost down, busy) are 503 with
 * {@code Retry-After} and a "try again" link; the others are 403 with a "sign out" link.
 */
public final class MattermostUnavailablePage implements MattermostLoginStep.LoginFailureResponder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Reason> PASSING = Set.of(Reason.MATTERMOST_DOWN, Reason.BUSY);

    private final SsoEngine engine;
    private final Pages pages;

    public MattermostUnavailablePage(SsoEngine engine, Pages pages) {
        this.engine = engine;
        this.pages = pages;
    }

    @Override
    public void respond(HttpServletRequest request, HttpServletResponse response, Reason reason) throws IOException {
        boolean passing = PASSING.contains(reason);
        int status = passing ? 503 : 403;
        response.setHeader("Cache-Control", "no-store");
        if (passing) {
            response.setHeader("Retry-After", "5");
        }
        String upgrade = request.getHeader("Upgrade");
        if (upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
            response.setStatus(status);
            response.setContentLength(0);
            return;
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        Pages.Page page = pages.page(request, response, engine.current().sso().page())
                .titled("mattermost.title", "mattermost.heading")
                .withText("lead", "mattermost." + reason.name()).with("reference", reference);
        if (SignedInCheck.pathOf(request).startsWith("/api/")) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("id", "ssogate.login." + reason.name().toLowerCase(Locale.ROOT) + ".app_error");
            error.put("message", page.text("mattermost." + reason.name()));
            error.put("detailed_error", "");
            error.put("request_id", reference);
            error.put("status_code", status);
            byte[] json = JSON.writeValueAsBytes(error);
            response.setStatus(status);
            response.setContentType("application/json");
            response.setContentLength(json.length);
            response.getOutputStream().write(json);
            return;
        }
        if (passing) {
            String again = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            page.action(again, "mattermost.again"); // the path this very request asked for: this origin
        } else {
            page.action(request.getContextPath() + SignOutServlet.PATH, "mattermost.signout");
        }
        pages.render(response, status, page);
    }
}
