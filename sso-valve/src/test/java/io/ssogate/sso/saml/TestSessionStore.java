package io.ssogate.sso.saml;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.context.session.SessionStore;

/**
 * One browser session in a map; two stores over the same map stand for two gateway nodes sharing the
 * database-backed store. Setting null removes, as pac4j's stores do.
 */
final class TestSessionStore implements SessionStore {

    final Map<String, Object> values;

    TestSessionStore() {
        this(new ConcurrentHashMap<>());
    }

    TestSessionStore(Map<String, Object> values) {
        this.values = values;
    }

    @Override
    public Optional<String> getSessionId(WebContext context, boolean createSession) {
        return Optional.of("session-1");
    }

    @Override
    public Optional<Object> get(WebContext context, String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public void set(WebContext context, String key, Object value) {
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
    }

    @Override
    public boolean destroySession(WebContext context) {
        values.clear();
        return true;
    }

    @Override
    public Optional<Object> getTrackableSession(WebContext context) {
        return Optional.empty();
    }

    @Override
    public Optional<SessionStore> buildFromTrackableSession(WebContext context, Object trackableSession) {
        return Optional.empty();
    }

    @Override
    public boolean renewSession(WebContext context) {
        return false;
    }
}
