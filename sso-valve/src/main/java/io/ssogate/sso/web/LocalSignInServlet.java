package io.ssogate.sso.web;

import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.sso.session.SessionCookie;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code GET /sso/local}: the way to Mattermost's own login form for a break-glass administrator. Without a
 * gateway session every page load goes to the single sign-on page, so this sets {@link #COOKIE}, with which
 * {@link SignedInCheck} lets the browser reach Mattermost, and sends it to {@code /login}. Mattermost then
 * authenticates it, and the password guard keeps its password login to break-glass accounts. Only there when
 * break-glass accounts are configured (and the login is on); otherwise 404.
 */
public final class LocalSignInServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    public static final String PATH = "/sso/local";
    /** A browser session cookie: it only opens the way to Mattermost's own authentication, nothing more. */
    public static final String COOKIE = "SSOGATE_LOCAL";

    private final transient Supplier<LoginConfig> login;
    private final transient Predicate<HttpServletRequest> secure;

    /** @param secure whether a request's public URL is https (the cookie then gets {@code Secure}) */
    public LocalSignInServlet(Supplier<LoginConfig> login, Predicate<HttpServletRequest> secure) {
        this.login = login;
        this.secure = secure;
    }

    /** Whether break-glass accounts may come through {@code /sso/local}. */
    public static boolean available(LoginConfig login) {
        return login.enabled() && !login.breakGlass().isEmpty();
    }

    /** Whether {@code request} holds the cookie and it still opens the way. */
    static boolean holds(HttpServletRequest request, LoginConfig login) {
        return available(login) && "1".equals(SessionCookie.valueIn(request, COOKIE));
    }

    /** For the sign-in page: whether to offer the administrator link. */
    public static BooleanSupplier offered(Supplier<LoginConfig> login) {
        return () -> available(login.get());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!available(login.get())) {
            response.sendError(404);
            return;
        }
        String path = request.getContextPath().isEmpty() ? "/" : request.getContextPath();
        response.addHeader("Set-Cookie", COOKIE + "=1; Path=" + path + "; HttpOnly; SameSite=Lax"
                + (secure.test(request) ? "; Secure" : ""));
        response.setHeader("Cache-Control", "no-store");
        response.sendRedirect(request.getContextPath() + "/login");
    }
}
