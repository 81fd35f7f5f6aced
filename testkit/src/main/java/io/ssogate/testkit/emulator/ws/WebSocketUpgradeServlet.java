package io.ssogate.testkit.emulator.ws;

import io.ssogate.testkit.emulator.EmulatorSettings;
import io.ssogate.testkit.emulator.http.ApiError;
import io.ssogate.testkit.emulator.http.ApiResponses;
import io.ssogate.testkit.emulator.http.RequestAuthenticator;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code GET /api/v4/websocket} (and with a trailing slash): checks the Origin, takes the caller from the
 * usual cookie or header (a trust-requester handler: no CSRF check), then upgrades with a per-connection
 * endpoint through {@link ServerContainer#upgradeHttpToWebSocket}.
 */
public final class WebSocketUpgradeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient EmulatorSettings settings;
    private final transient WebSocketHub hub;
    private final transient RequestAuthenticator authenticator;
    private final transient ScheduledExecutorService timer;

    public WebSocketUpgradeServlet(EmulatorSettings settings, WebSocketHub hub, RequestAuthenticator authenticator,
                                   ScheduledExecutorService timer) {
        this.settings = settings;
        this.hub = hub;
        this.authenticator = authenticator;
        this.timer = timer;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String requestId = (String) request.getAttribute(ApiResponses.REQUEST_ID_ATTRIBUTE);
        // The caller first, as web/handlers.go does before any handler runs: an invalid token leaves the
        // connection anonymous (the challenge may still follow), a query-string session is refused.
        RequestAuthenticator.Caller caller = null;
        RequestAuthenticator.Token token = RequestAuthenticator.tokenOf(request);
        if (token.value() != null) {
            caller = authenticator.resolve(token.value()).orElse(null);
            if (caller != null && token.location() == RequestAuthenticator.TokenLocation.QUERY) {
                ApiResponses.writeError(response, requestId, ApiError.sessionTokenInQueryString());
                return;
            }
        }
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            ApiResponses.writeError(response, requestId, new ApiError(400, "api.web_socket.connect.upgrade.app_error", "Failed to upgrade websocket connection."));
            return;
        }
        if (!OriginPolicy.allows(request.getHeader("Origin"), settings.siteUrl(), request.getHeader("Host"))) {
            // The "403 on websocket" of Mattermost's NGINX FAQ (doc section 10).
            ApiResponses.writeError(response, requestId, new ApiError(403, "api.web_socket.connect.upgrade.app_error", "Failed to upgrade websocket connection: origin not allowed."));
            return;
        }
        EmulatorSocket endpoint = new EmulatorSocket(hub, authenticator, timer, settings.webSocketAuthTimeout().toMillis(), caller);
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(EmulatorSocket.class, "/api/v4/websocket")
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(endpoint);
                    }
                })
                .build();
        ServerContainer container = (ServerContainer) getServletContext().getAttribute(ServerContainer.class.getName());
        try {
            container.upgradeHttpToWebSocket(request, response, config, Map.of());
        } catch (DeploymentException e) {
            throw new ServletException("WebSocket upgrade failed", e);
        }
    }
}
