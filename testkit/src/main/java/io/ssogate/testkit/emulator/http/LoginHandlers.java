package io.ssogate.testkit.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssogate.testkit.emulator.EmulatorSettings;
import io.ssogate.testkit.emulator.state.EmulatorState;
import io.ssogate.testkit.emulator.state.Session;
import io.ssogate.testkit.emulator.state.UserAccount;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** {@code POST /users/login} and {@code POST /users/logout} (doc sections 4 and 5). */
public final class LoginHandlers {
    private final EmulatorState state;
    private final SessionCookies cookies;

    public LoginHandlers(EmulatorState state, SessionCookies cookies) {
        this.state = state;
        this.cookies = cookies;
    }

    public void login(Exchange ex) throws IOException {
        Map<String, String> props = stringMap(ex.body("login"));
        String password = props.getOrDefault("password", "");
        String deviceId = props.getOrDefault("device_id", "");
        if (password.isEmpty()) {
            throw new ApiError(400, "api.user.login.blank_pwd.app_error", "Password field must not be blank");
        }
        // Checks in app-login order: find, bot, inactive, locked out, password, email verified.
        UserAccount user = findUser(props).orElseThrow(this::maskedFailure);
        if (user.bot) {
            throw new ApiError(401, "api.user.login.bot_login_forbidden.app_error", "Bot login is forbidden.");
        }
        if (!user.isActive()) {
            throw new ApiError(401, "api.user.login.inactive.app_error",
                    "Login failed because your account has been deactivated. Please contact an administrator.");
        }
        if (user.failedAttempts >= state.settings.maximumLoginAttempts()) {
            throw new ApiError(401, "api.user.check_user_login_attempts.too_many.app_error",
                    "Your account is locked because of too many failed password attempts. Please reset your password.");
        }
        // An SSO user may not use a password; that failure is masked like a wrong password.
        if (!user.authService.isEmpty() || !user.passwordMatches(password)) {
            state.users.recordLoginAttempt(user.id, false);
            throw maskedFailure();
        }
        if (state.settings.requireEmailVerification() && !user.emailVerified) {
            throw new ApiError(401, "api.user.login.not_verified.app_error", "Login failed because email address has not been verified.");
        }
        state.users.recordLoginAttempt(user.id, true);
        if (!deviceId.isEmpty()) {
            state.sessions.revokeDevice(user.id, deviceId);
        }
        long hours = deviceId.isEmpty() ? state.settings.sessionLengthWebInHours() : state.settings.sessionLengthMobileInHours();
        Session session = state.sessions.createLogin(user.id, hours * 3_600_000L, deviceId);
        ex.response.setHeader("Token", session.token());
        // AttachSessionCookies runs only for XMLHttpRequest callers (api-user login).
        if ("XMLHttpRequest".equals(ex.request.getHeader("X-Requested-With"))) {
            cookies.attach(ex.response, session, ex.isSecure());
        }
        UserAccount fresh = state.users.byId(user.id).orElse(user);
        // 200, not the spec's 201: the handler never sets a status (doc section 4).
        ex.json(200, UserJson.of(fresh, UserJson.Viewer.SELF));
    }

    /** Always 200 OK; revokes the current session if any and deletes only MMAUTHTOKEN (doc section 5). */
    public void logout(Exchange ex) throws IOException {
        RequestAuthenticator.Token token = RequestAuthenticator.tokenOf(ex.request);
        if (ex.session() != null) {
            state.sessions.revoke(ex.session().token());
        } else if (token.value() != null) {
            state.sessions.revoke(token.value());
        }
        cookies.delete(ex.response);
        ex.ok();
    }

    private Optional<UserAccount> findUser(Map<String, String> props) {
        String id = props.getOrDefault("id", "");
        if (!id.isEmpty()) {
            return state.users.byId(id);
        }
        String loginId = props.getOrDefault("login_id", "");
        if (loginId.isEmpty()) {
            return Optional.empty();
        }
        EmulatorSettings s = state.settings;
        Optional<UserAccount> found = s.enableSignInWithUsername() ? state.users.byUsername(loginId) : Optional.empty();
        if (found.isEmpty() && s.enableSignInWithEmail()) {
            found = state.users.byEmail(loginId);
        }
        return found;
    }

    /** The one 401 that reveals nothing; its id follows the sign-in settings (doc section 4, "The masked 401"). */
    private ApiError maskedFailure() {
        EmulatorSettings s = state.settings;
        String id;
        if (s.anySsoEnabled()) {
            id = "api.user.login.invalid_credentials_sso";
        } else if (s.enableSignInWithEmail() && s.enableSignInWithUsername()) {
            id = "api.user.login.invalid_credentials_email_username";
        } else if (s.enableSignInWithEmail()) {
            id = "api.user.login.invalid_credentials_email";
        } else {
            id = "api.user.login.invalid_credentials_username";
        }
        return new ApiError(401, id, "Enter a valid email or username and/or password.");
    }

    /** The server decodes the body as a map of strings, so any other value type is a bad body. */
    private static Map<String, String> stringMap(JsonNode body) {
        Map<String, String> m = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw ApiError.invalidBodyParam("login");
            }
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }
}
