package io.ssogate.testkit.emulator.http;

import io.ssogate.testkit.emulator.state.UserAccount;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The User object as Mattermost sends it, sanitised for the viewer (m-user {@code Sanitize}): never a
 * password; {@code auth_data} only for admins; owners and admins see everything else.
 */
public final class UserJson {
    private UserJson() {
    }

    public enum Viewer { SELF, ADMIN, OTHER }

    public static Viewer viewerOf(Exchange ex, UserAccount subject) {
        if (ex.callerIsAdmin()) {
            return Viewer.ADMIN;
        }
        return ex.caller() != null && ex.caller().id.equals(subject.id) ? Viewer.SELF : Viewer.OTHER;
    }

    public static Map<String, Object> of(UserAccount u, Viewer viewer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id);
        m.put("create_at", u.createAt);
        m.put("update_at", u.updateAt);
        m.put("delete_at", u.deleteAt);
        m.put("username", u.username);
        // Login answers the owner with auth_data "" (doc section 4); only admins see the provider's id.
        m.put("auth_data", viewer == Viewer.ADMIN ? u.authData : "");
        m.put("auth_service", u.authService);
        m.put("email", u.email);
        m.put("email_verified", u.emailVerified);
        m.put("nickname", u.nickname);
        m.put("first_name", u.firstName);
        m.put("last_name", u.lastName);
        m.put("position", u.position);
        m.put("roles", u.roles);
        m.put("locale", u.locale);
        m.put("timezone", u.timezone);
        m.put("props", u.props);
        m.put("is_bot", u.bot);
        m.put("mfa_active", false);
        if (viewer != Viewer.OTHER) {
            m.put("notify_props", u.notifyProps);
            m.put("last_password_update", u.lastPasswordUpdate);
            m.put("failed_attempts", u.failedAttempts);
        }
        return m;
    }

    /** {@code User.Etag}: changes whenever the user is updated. */
    public static String etag(UserAccount u) {
        return io.ssogate.testkit.emulator.ServerVersion.VERSION + "." + u.updateAt + ".true.true";
    }
}
