package io.ssogate.sso.flow;

import io.ssogate.sso.session.SessionTokens;

import org.pac4j.core.context.Cookie;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.context.session.SessionStore;
import org.pac4j.core.util.serializer.JavaSerializer;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * pac4j's session store for the sign-in round trip (state, nonce, PKCE verifier, SAML request id, the
 * return URL), in the shared database under the hash of a short-lived cookie, so a callback that lands on
 * another node finds what the start left. It is not the gateway session: that is made afresh after the
 * callback, with its own cookie.
 *
 * <p>The cookie is scoped to {@code /sso/}. Over https it is {@code SameSite=None; Secure}, because a SAML
 * response arrives as a cross-site POST from the IdP; its value only points at server-side state that the
 * callback checks (state, InResponseTo), which is what defends against login CSRF.
 */
public final class LoginStateStore implements SessionStore {

    public static final String COOKIE_NAME = "SSOGATE_LOGIN";
    static final Duration LIFETIME = Duration.ofMinutes(15);
    private static final String COOKIE_PATH = "/sso/";
    /** Where a token made during this request is kept, as the response cookie is not readable yet. */
    private static final String CURRENT = LoginStateStore.class.getName() + ".token";

    private final LoginStateRepository repository;
    private final Predicate<WebContext> secure;
    private final Clock clock;
    private final JavaSerializer serializer = new JavaSerializer();

    /**
     * @param secure whether a request's public URL is https (its cookies must then be {@code Secure})
     */
    public LoginStateStore(LoginStateRepository repository, Predicate<WebContext> secure, Clock clock) {
        this.repository = repository;
        this.secure = secure;
        this.clock = clock;
    }

    @Override
    public Optional<String> getSessionId(WebContext context, boolean createSession) {
        Optional<String> token = token(context);
        if (token.isPresent() || !createSession) {
            return token.map(SessionTokens::hash);
        }
        String fresh = SessionTokens.newToken();
        context.setRequestAttribute(CURRENT, fresh);
        context.addResponseCookie(cookie(context, fresh, (int) LIFETIME.toSeconds()));
        return Optional.of(SessionTokens.hash(fresh));
    }

    @Override
    public Optional<Object> get(WebContext context, String key) {
        return getSessionId(context, false)
                .flatMap(id -> repository.find(id, key, clock.instant()))
                .map(serializer::deserializeFromString);
    }

    @Override
    public void set(WebContext context, String key, Object value) {
        if (value == null) {
            getSessionId(context, false).ifPresent(id -> repository.remove(id, key));
            return;
        }
        String id = getSessionId(context, true).orElseThrow();
        repository.put(id, key, serializer.serializeToString(value), clock.instant().plus(LIFETIME));
    }

    @Override
    public boolean destroySession(WebContext context) {
        Optional<String> id = getSessionId(context, false);
        id.ifPresent(repository::removeAll);
        context.addResponseCookie(cookie(context, "", 0));
        return id.isPresent();
    }

    @Override
    public Optional<Object> getTrackableSession(WebContext context) {
        return Optional.empty();
    }

    @Override
    public Optional<SessionStore> buildFromTrackableSession(WebContext context, Object trackableSession) {
        return Optional.empty();
    }

    /** The gateway session is new after every sign-in, so there is nothing to renew here. */
    @Override
    public boolean renewSession(WebContext context) {
        return false;
    }

    private Optional<String> token(WebContext context) {
        Optional<String> current = context.getRequestAttribute(CURRENT, String.class);
        if (current.isPresent()) {
            return current;
        }
        return context.getRequestCookies().stream()
                .filter(c -> COOKIE_NAME.equals(c.getName()) && SessionTokens.wellFormed(c.getValue()))
                .map(Cookie::getValue).findFirst();
    }

    private Cookie cookie(WebContext context, String value, int maxAge) {
        Cookie cookie = new Cookie(COOKIE_NAME, value);
        cookie.setPath(COOKIE_PATH);
        cookie.setHttpOnly(true);
        cookie.setMaxAge(maxAge);
        if (secure.test(context)) {
            cookie.setSecure(true);
            cookie.setSameSitePolicy("None");
        }
        return cookie;
    }
}
