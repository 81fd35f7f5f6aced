package io.ssogate.testkit.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssogate.testkit.emulator.state.Clock;
import io.ssogate.testkit.emulator.state.EmulatorState;
import io.ssogate.testkit.emulator.state.Session;
import io.ssogate.testkit.emulator.state.UserAccount;
import io.ssogate.testkit.emulator.state.UserDirectory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The user endpoints a provisioning gateway calls (doc section 7). */
public final class UserHandlers {
    private final EmulatorState state;
    private final EventPublisher events;

    public UserHandlers(EmulatorState state, EventPublisher events) {
        this.state = state;
        this.events = events;
    }

    public void create(Exchange ex) throws IOException {
        if (!ex.callerIsAdmin()) {
            // EnableOpenServer is false by default, so only an admin (or an invite) may create users.
            throw new ApiError(403, "api.user.create_user.no_open_server", "This server does not allow open signups. Please speak with your Administrator to receive an invitation.");
        }
        JsonNode b = ex.body("user");
        UserDirectory.NewUser n = new UserDirectory.NewUser();
        n.email = text(b, "email");
        n.username = text(b, "username");
        n.password = text(b, "password");
        n.firstName = text(b, "first_name");
        n.lastName = text(b, "last_name");
        n.nickname = text(b, "nickname");
        n.position = text(b, "position");
        n.locale = text(b, "locale");
        n.props = map(b, "props");
        n.notifyProps = map(b, "notify_props");
        n.timezone = map(b, "timezone");
        // SanitizeInput keeps these only for admins; this endpoint already requires one.
        n.authService = text(b, "auth_service");
        n.authData = text(b, "auth_data");
        n.emailVerified = bool(b, "email_verified");
        UserAccount created = state.users.create(n);
        ex.json(201, UserJson.of(created, UserJson.Viewer.ADMIN));
    }

    /** {@code GET /users/{user_id}} and {@code /users/me}, with the ETag / If-None-Match 304 of api-user. */
    public void get(Exchange ex) throws IOException {
        UserAccount u = state.users.byId(ex.resolveUserId(ex.path("user_id"))).orElseThrow(ApiError::userNotFound);
        writeUserWithEtag(ex, u);
    }

    public void byUsername(Exchange ex) throws IOException {
        UserAccount u = state.users.byUsername(ex.path("username")).orElseThrow(ApiError::userNotFound);
        writeUserWithEtag(ex, u);
    }

    public void byEmail(Exchange ex) throws IOException {
        // PrivacySettings.ShowEmailAddress is true by default, so any signed-in user may look up by email.
        UserAccount u = state.users.byEmail(ex.path("email")).orElseThrow(ApiError::userNotFound);
        writeUserWithEtag(ex, u);
    }

    public void list(Exchange ex) throws IOException {
        int page = intParam(ex, "page", 0);
        // per_page defaults to 60 and is capped at 200 (doc section 7, "Lookups").
        int perPage = Math.min(200, intParam(ex, "per_page", 60));
        List<Map<String, Object>> out = state.users.page(page, perPage).stream()
                .map(u -> UserJson.of(u, UserJson.viewerOf(ex, u))).toList();
        ex.json(200, out);
    }

    public void patch(Exchange ex) throws IOException {
        String id = ex.requireSelfOrAdmin(ex.path("user_id"));
        JsonNode b = ex.body("user");
        UserAccount updated = state.users.update(id, u -> {
            if (u.isSystemAdmin() && !ex.callerIsAdmin()) {
                throw ApiError.forbidden();
            }
            u.username = orElse(text(b, "username"), u.username).toLowerCase(java.util.Locale.ROOT);
            u.email = orElse(text(b, "email"), u.email).toLowerCase(java.util.Locale.ROOT);
            u.nickname = orElse(text(b, "nickname"), u.nickname);
            u.firstName = orElse(text(b, "first_name"), u.firstName);
            u.lastName = orElse(text(b, "last_name"), u.lastName);
            u.position = orElse(text(b, "position"), u.position);
            u.locale = orElse(text(b, "locale"), u.locale);
            Map<String, Object> props = map(b, "props");
            if (props != null) {
                u.props = props;
            }
            Map<String, Object> notify = map(b, "notify_props");
            if (notify != null) {
                u.notifyProps.putAll(notify);
            }
            Map<String, Object> tz = map(b, "timezone");
            if (tz != null) {
                u.timezone = tz;
            }
        });
        ex.json(200, UserJson.of(updated, UserJson.viewerOf(ex, updated)));
    }

    public void updateActive(Exchange ex) throws IOException {
        ex.requireAdmin();
        String id = ex.resolveUserId(ex.path("user_id"));
        JsonNode active = ex.body("active").get("active");
        if (active == null || !active.isBoolean()) {
            // The value must be a JSON boolean (doc section 7).
            throw ApiError.invalidBodyParam("active");
        }
        setActive(id, active.booleanValue());
        ex.ok();
    }

    /** DELETE deactivates; {@code ?permanent=true} needs EnableAPIUserDeletion (doc section 7). */
    public void delete(Exchange ex) throws IOException {
        ex.requireAdmin();
        String id = ex.resolveUserId(ex.path("user_id"));
        state.users.byId(id).orElseThrow(ApiError::userNotFound);
        if ("true".equals(ex.query("permanent")) && !state.settings.enableApiUserDeletion()) {
            // The caller is a system admin here, so the server picks the ".for_admin" variant of the id.
            throw new ApiError(401, "api.user.delete_user.not_enabled.for_admin.app_error",
                    "Permanent user deletion feature is not enabled. Please contact your System Administrator.");
        }
        if ("true".equals(ex.query("permanent"))) {
            state.sessions.revokeAllLoginSessions(id);
            state.users.remove(id);
            ex.ok();
            return;
        }
        setActive(id, false);
        ex.ok();
    }

    public void setActive(String id, boolean active) {
        state.users.update(id, u -> u.deleteAt = active ? 0 : Clock.nowMillis());
        if (!active) {
            // Deactivation revokes every session and tells connected clients (api-user updateUserActive).
            state.sessions.revokeAllLoginSessions(id);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user_id", id);
        data.put("active", active);
        events.publishToAll("user_activation_status_change", data);
    }

    public void updatePassword(Exchange ex) throws IOException {
        String id = ex.resolveUserId(ex.path("user_id"));
        JsonNode b = ex.body("password");
        String newPassword = text(b, "new_password");
        UserAccount target = state.users.byId(id).orElseThrow(ApiError::userNotFound);
        boolean self = ex.caller().id.equals(id);
        if (self) {
            String current = text(b, "current_password");
            if (current == null || current.isEmpty()) {
                throw ApiError.invalidParam("current_password");
            }
            if (!target.authData.isEmpty()) {
                throw new ApiError(400, "api.user.update_password.oauth.app_error", "Update password failed because the user is logged in through an OAuth service.");
            }
            if (!target.passwordMatches(current)) {
                throw new ApiError(400, "api.user.update_password.incorrect.app_error", "The \"Current Password\" you entered is incorrect. Please check that Caps Lock is off and try again.");
            }
        } else if (!ex.callerIsAdmin()) {
            throw new ApiError(403, "api.user.update_password.context.app_error", "Update password failed because context user_id did not match props user_id.");
        }
        state.users.validatePassword(newPassword);
        state.users.update(id, u -> {
            u.setPassword(newPassword, Clock.nowMillis());
            // The store's UpdatePassword also clears the SSO binding and the failed-attempt count (doc section 7, UNCERTAIN).
            u.authService = "";
            u.authData = "";
            u.failedAttempts = 0;
        });
        if (state.settings.terminateSessionsOnPasswordChange()) {
            // The caller's own session is spared when users change their own password (doc section 18 lists this as open).
            String keep = self && ex.session() != null ? ex.session().token() : null;
            for (Session s : state.sessions.loginSessionsOf(id)) {
                if (!s.token().equals(keep)) {
                    state.sessions.revoke(s.token());
                }
            }
        }
        ex.ok();
    }

    public void sessions(Exchange ex) throws IOException {
        String id = ex.requireSelfOrAdmin(ex.path("user_id"));
        List<Map<String, Object>> out = state.sessions.loginSessionsOf(id).stream().map(UserHandlers::sessionJson).toList();
        ex.json(200, out);
    }

    public void revokeAllSessions(Exchange ex) throws IOException {
        String id = ex.requireSelfOrAdmin(ex.path("user_id"));
        state.sessions.revokeAllLoginSessions(id);
        ex.ok();
    }

    /** {@code POST /users/{user_id}/tokens}: 200 (the spec says 201); the token appears only here (doc section 9). */
    public void createToken(Exchange ex) throws IOException {
        if (!state.settings.enableUserAccessTokens()) {
            throw new ApiError(501, "api.user.user_access_token.disabled.app_error", "Personal access tokens are disabled on this server. Please contact your system administrator for details.");
        }
        String id = ex.requireSelfOrAdmin(ex.path("user_id"));
        if (!ex.callerIsAdmin()) {
            // Non-admins also need the system_user_access_token role, which the emulator never grants.
            throw ApiError.forbidden();
        }
        String description = text(ex.body("token"), "description");
        if (description == null || description.isBlank()) {
            throw new ApiError(400, "model.user_access_token.is_valid.description.app_error", "Invalid description, must be 255 or less characters.");
        }
        state.users.byId(id).orElseThrow(ApiError::userNotFound);
        Session token = state.sessions.createAccessToken(id, null, description);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", token.id());
        out.put("token", token.token());
        out.put("user_id", id);
        out.put("description", description);
        out.put("is_active", true);
        ex.json(200, out);
    }

    private void writeUserWithEtag(Exchange ex, UserAccount u) throws IOException {
        String etag = UserJson.etag(u);
        String ifNoneMatch = ex.request.getHeader("If-None-Match");
        ex.response.setHeader("ETag", etag);
        if (ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.equals("\"" + etag + "\""))) {
            ex.response.setStatus(304);
            return;
        }
        ex.json(200, UserJson.of(u, UserJson.viewerOf(ex, u)));
    }

    private static Map<String, Object> sessionJson(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        // Session.Sanitize blanks the token; the CSRF secret is not exposed either.
        m.put("token", "");
        m.put("create_at", s.createAt());
        m.put("expires_at", s.expiresAt());
        m.put("last_activity_at", s.createAt());
        m.put("user_id", s.userId());
        m.put("device_id", s.deviceId());
        m.put("roles", "system_user");
        m.put("is_oauth", false);
        m.put("props", Map.of("platform", s.isMobile() ? "mobile" : "web"));
        return m;
    }

    private static int intParam(Exchange ex, String name, int dflt) {
        String v = ex.query(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw ApiError.invalidParam(name);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.invalidParam(name);
        }
    }

    static String text(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiError.invalidBodyParam(field);
        }
        return v.asText();
    }

    private static boolean bool(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw ApiError.invalidBodyParam(field);
        }
        return v.booleanValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw ApiError.invalidBodyParam(field);
        }
        return new LinkedHashMap<>(ApiResponses.JSON.convertValue(v, Map.class));
    }

    private static String orElse(String v, String dflt) {
        return v == null ? dflt : v;
    }
}
