package io.ssogate.sso.saml;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.logout.handler.SessionLogoutHandler;

/** Records what the client asks of the gateway's session logout handler. */
final class RecordingLogoutHandler implements SessionLogoutHandler {

    final List<String> recorded = new CopyOnWriteArrayList<>();
    final List<String> destroyed = new CopyOnWriteArrayList<>();

    @Override
    public void recordSession(CallContext ctx, String key) {
        recorded.add(key);
    }

    @Override
    public void destroySession(CallContext ctx, String key) {
        destroyed.add(key);
    }

    @Override
    public void renewSession(CallContext ctx, String oldSessionId) {
    }

    @Override
    public Optional<String> cleanRecord(String sessionId) {
        return Optional.empty();
    }
}
