package io.ssogate.testkit.emulator.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything under {@code /api/v4/}: route, authenticate, check CSRF, run the handler, write any error.
 * The order of the checks is {@code web/handlers.go ServeHTTP}'s.
 */
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient List<Route> routes;
    private final transient RequestAuthenticator authenticator;
    private final transient SessionCookies cookies;

    public ApiServlet(List<Route> routes, RequestAuthenticator authenticator, SessionCookies cookies) {
        this.routes = routes;
        this.authenticator = authenticator;
        this.cookies = cookies;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requestId = (String) request.getAttribute(ApiResponses.REQUEST_ID_ATTRIBUTE);
        try {
            dispatch(request, response);
        } catch (ApiError e) {
            if (!response.isCommitted()) {
                response.resetBuffer();
                ApiResponses.writeError(response, requestId, e);
            }
        } catch (RuntimeException e) {
            LOG.warn("Emulator handler failed for [{} {}] request [{}]", request.getMethod(), request.getRequestURI(), requestId, e);
            if (!response.isCommitted()) {
                response.resetBuffer();
                // No exception text to the client; the log has it under the request id.
                ApiResponses.writeError(response, requestId,
                        new ApiError(500, "api.context.500.app_error", "An internal error occurred."));
            }
        }
    }

    private void dispatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String rawPath = request.getRequestURI().substring(request.getContextPath().length());
        String[] segments = rawPath.substring(1).split("/", -1);
        Route route = null;
        Map<String, String> params = null;
        for (Route r : routes) {
            if (r.method().equals(request.getMethod())) {
                params = r.match(segments);
                if (params != null) {
                    route = r;
                    break;
                }
            }
        }
        if (route == null) {
            throw new ApiError(404, "api.context.404.app_error", "Sorry, we could not find the page.");
        }
        RequestAuthenticator.Token token = RequestAuthenticator.tokenOf(request);
        RequestAuthenticator.Caller caller = null;
        if (token.value() != null) {
            Optional<RequestAuthenticator.Caller> found = authenticator.resolve(token.value());
            if (found.isEmpty() && route.requiresSession()) {
                // An unknown, expired or revoked token: delete the cookie and ask for a new login.
                cookies.delete(response);
                throw ApiError.sessionExpired();
            }
            if (found.isPresent()) {
                if (token.location() == RequestAuthenticator.TokenLocation.QUERY) {
                    throw ApiError.sessionTokenInQueryString();
                }
                if (!authenticator.csrfPasses(request, token, found.get().session())) {
                    LOG.debug("CSRF check failed for [{} {}]", request.getMethod(), rawPath);
                    throw ApiError.sessionExpired();
                }
                caller = found.get();
            }
        }
        if (caller == null && route.requiresSession()) {
            throw ApiError.sessionExpired();
        }
        route.handler().handle(new Exchange(request, response, params,
                caller == null ? null : caller.session(), caller == null ? null : caller.user()));
    }
}
