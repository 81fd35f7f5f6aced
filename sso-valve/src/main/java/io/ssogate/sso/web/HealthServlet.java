package io.ssogate.sso.web;

import io.ssogate.sso.login.MattermostConnection;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /sso/health}: whether the gateway can log people into Mattermost, for a monitor or a load
 * balancer. 200 when the admin token works (or the login is off), 503 with the reason otherwise. It says
 * nothing about who is signed in and needs no session.
 */
public final class HealthServlet extends HttpServlet {

    public static final String PATH = "/sso/health";
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient MattermostConnection mattermost;

    public HealthServlet(MattermostConnection mattermost) {
        this.mattermost = mattermost;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        MattermostConnection.Status login = mattermost.lastStatus();
        boolean healthy = login == MattermostConnection.Status.OK || login == MattermostConnection.Status.OFF;
        response.setStatus(healthy ? 200 : 503);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        JSON.writeValue(response.getOutputStream(), Map.of("status", healthy ? "ok" : "degraded",
                "mattermostLogin", login.name()));
    }
}
