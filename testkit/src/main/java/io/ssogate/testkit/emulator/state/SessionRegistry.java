package io.ssogate.testkit.emulator.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions and personal access tokens, by token. Revocation deletes at once (no session cache to clear). */
public final class SessionRegistry {
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();

    public Session createLogin(String userId, long lifetimeMillis, String deviceId) {
        long now = Clock.nowMillis();
        Session s = new Session(Ids.newId(), Ids.newId(), userId, Ids.newId(), now, now + lifetimeMillis,
                deviceId == null ? "" : deviceId, false, "");
        byToken.put(s.token(), s);
        return s;
    }

    /** A personal access token; {@code token} may be fixed (the emulator's admin token) or null for a new one. */
    public Session createAccessToken(String userId, String token, String description) {
        Session s = new Session(Ids.newId(), token == null ? Ids.newId() : token, userId, "", Clock.nowMillis(), 0, "",
                true, description == null ? "" : description);
        byToken.put(s.token(), s);
        return s;
    }

    /** The session for a token if it exists and has not expired. */
    public Optional<Session> findValid(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        Session s = byToken.get(token);
        return s == null || s.isExpired(System.currentTimeMillis()) ? Optional.empty() : Optional.of(s);
    }

    public boolean isValid(String token) {
        return findValid(token).isPresent();
    }

    public void revoke(String token) {
        if (token != null) {
            byToken.remove(token);
        }
    }

    /** Revokes the user's login sessions; personal access tokens are separate objects and survive. */
    public void revokeAllLoginSessions(String userId) {
        byToken.values().removeIf(s -> s.userId().equals(userId) && !s.accessToken());
    }

    /** A new mobile login revokes the user's other sessions with the same device id (doc section 4). */
    public void revokeDevice(String userId, String deviceId) {
        byToken.values().removeIf(s -> s.userId().equals(userId) && deviceId.equals(s.deviceId()));
    }

    public List<Session> loginSessionsOf(String userId) {
        return byToken.values().stream().filter(s -> s.userId().equals(userId) && !s.accessToken()).toList();
    }

    /** Test control: makes a session expired without revoking it, as if its time ran out. */
    public boolean expire(String token) {
        long past = System.currentTimeMillis() - 1;
        return byToken.computeIfPresent(token, (k, s) -> s.withExpiresAt(past)) != null;
    }

    public int expireAllOf(String userId) {
        long past = System.currentTimeMillis() - 1;
        int[] n = {0};
        byToken.replaceAll((k, s) -> {
            if (s.userId().equals(userId) && !s.accessToken()) {
                n[0]++;
                return s.withExpiresAt(past);
            }
            return s;
        });
        return n[0];
    }
}
