package io.ssogate.testkit.emulator.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One emulated Mattermost user. Mutable, guarded by the owning {@link UserDirectory}'s lock; callers outside
 * the directory see copies via {@link #copy()}. The password is kept only as a salted hash.
 */
public final class UserAccount {
    public final String id;
    public final long createAt;
    public long updateAt;
    public long deleteAt;
    public String username;
    public String email;
    public boolean emailVerified;
    public String authService = "";
    public String authData = "";
    public String nickname = "";
    public String firstName = "";
    public String lastName = "";
    public String position = "";
    public String roles = "system_user";
    public String locale = "en";
    public Map<String, Object> props = new LinkedHashMap<>();
    public Map<String, Object> notifyProps = defaultNotifyProps();
    public Map<String, Object> timezone = defaultTimezone();
    public int failedAttempts;
    public long lastPasswordUpdate;
    public boolean bot;
    private String salt = "";
    private byte[] passwordHash;

    public UserAccount(String id, long createAt) {
        this.id = id;
        this.createAt = createAt;
        this.updateAt = createAt;
    }

    public boolean isSystemAdmin() {
        return (" " + roles + " ").contains(" system_admin ");
    }

    public boolean isActive() {
        return deleteAt == 0;
    }

    public boolean hasPassword() {
        return passwordHash != null;
    }

    public void setPassword(String password, long now) {
        if (password == null) {
            passwordHash = null;
            return;
        }
        salt = Ids.newId();
        passwordHash = hash(salt, password);
        lastPasswordUpdate = now;
    }

    /** Constant-time comparison, so response timing does not reveal how much of a guess was right. */
    public boolean passwordMatches(String candidate) {
        return passwordHash != null && candidate != null && MessageDigest.isEqual(passwordHash, hash(salt, candidate));
    }

    public UserAccount copy() {
        UserAccount c = new UserAccount(id, createAt);
        c.updateAt = updateAt;
        c.deleteAt = deleteAt;
        c.username = username;
        c.email = email;
        c.emailVerified = emailVerified;
        c.authService = authService;
        c.authData = authData;
        c.nickname = nickname;
        c.firstName = firstName;
        c.lastName = lastName;
        c.position = position;
        c.roles = roles;
        c.locale = locale;
        c.props = new LinkedHashMap<>(props);
        c.notifyProps = new LinkedHashMap<>(notifyProps);
        c.timezone = new LinkedHashMap<>(timezone);
        c.failedAttempts = failedAttempts;
        c.lastPasswordUpdate = lastPasswordUpdate;
        c.bot = bot;
        c.salt = salt;
        c.passwordHash = passwordHash;
        return c;
    }

    private static byte[] hash(String salt, String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.UTF_8));
            return digest.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static Map<String, Object> defaultNotifyProps() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("channel", "true");
        p.put("comments", "never");
        p.put("desktop", "mention");
        p.put("desktop_sound", "true");
        p.put("email", "true");
        p.put("first_name", "false");
        p.put("mention_keys", "");
        p.put("push", "mention");
        p.put("push_status", "away");
        return p;
    }

    private static Map<String, Object> defaultTimezone() {
        Map<String, Object> tz = new LinkedHashMap<>();
        tz.put("automaticTimezone", "");
        tz.put("manualTimezone", "");
        tz.put("useAutomaticTimezone", "true");
        return tz;
    }

    @Override
    public String toString() {
        return "UserAccount[id=" + id + ", username=" + username + "]";
    }
}
