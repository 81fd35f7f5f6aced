package io.ssogate.sso.login.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ssogate.core.feature.RequestStep;
import io.ssogate.core.feature.StepChain;
import io.ssogate.core.mattermost.MattermostUser;
import io.ssogate.proxy.hooks.BufferedRequestBody;
import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.sso.session.SessionCookie;
import io.ssogate.sso.web.SignedInCheck;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps Mattermost's password sign-in, password change and password reset to the break-glass accounts
 * ({@code login.breakGlass}). Everyone else signs in through single sign-on: their Mattermost password is one
 * the gateway generated and keeps in its vault, and a password login of theirs through the gateway would
 * either be a guess at it or, after a reset, take the account out of the gateway's hands.
 *
 * <ul>
 *   <li>{@code POST users/login} and {@code users/login/switch}: the JSON body (at most
 *       {@value #MAX_BODY_BYTES} bytes) names the account by {@code id}, {@code login_id} (username or email)
 *       or {@code email}; it goes on only when that account's username or email is break-glass, and then
 *       Mattermost gets the very bytes read here ({@link BufferedRequestBody}).</li>
 *   <li>{@code PUT users/{user_id}/password}: only for a break-glass account; {@code me} is whoever the
 *       caller's own Mattermost token belongs to, as Mattermost itself will read it.</li>
 *   <li>{@code PUT users/{user_id}/patch} with a {@code password} field: as a password change; a patch
 *       without one goes on.</li>
 *   <li>{@code POST users/password/reset/send}: only for a break-glass account's email. The reset itself
 *       ({@code password/reset} with the mailed code) passes: no code is sent for anyone else.</li>
 * </ul>
 * A refusal is the same 403 whether or not the account exists, so the answer tells nobody which accounts
 * there are. Runs for requests with and without a gateway session; with the login off it lets all by.
 */
public final class PasswordGuard implements RequestStep {

    /** The largest login or reset body read; Mattermost's own are a few hundred bytes. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    static final String LOGIN_REFUSED = "ssogate.login.sso_only.app_error";
    static final String PASSWORD_REFUSED = "ssogate.password.sso_only.app_error";

    private static final Logger LOG = LoggerFactory.getLogger(PasswordGuard.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("io.ssogate.audit");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOGIN = "/api/v4/users/login";
    private static final String LOGIN_SWITCH = "/api/v4/users/login/switch";
    private static final String RESET_SEND = "/api/v4/users/password/reset/send";
    private static final Pattern PASSWORD_CHANGE = Pattern.compile("/api/v4/users/([^/]+)/password");
    /** A profile patch, which also takes a {@code password} field (API notes, "Update endpoints"). */
    private static final Pattern PROFILE_PATCH = Pattern.compile("/api/v4/users/([^/]+)/patch");
    private static final String SSO_ONLY_LOGIN = "Sign in with your company's single sign-on: password sign-in"
            + " is only for administrator accounts.";
    private static final String SSO_ONLY_PASSWORD = "Your password is managed by single sign-on and cannot be"
            + " changed or reset here.";

    private final Supplier<LoginConfig> settings;
    private final AccountLookup accounts;

    public PasswordGuard(Supplier<LoginConfig> settings, AccountLookup accounts) {
        this.settings = settings;
        this.accounts = accounts;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, StepChain next)
            throws IOException, ServletException {
        LoginConfig login = settings.get();
        if (!login.enabled()) {
            next.proceed();
            return;
        }
        String method = request.getMethod();
        String path = SignedInCheck.pathOf(request);
        if ("POST".equals(method) && (path.equals(LOGIN) || path.equals(LOGIN_SWITCH))) {
            judgeBody(request, response, next, login, true);
        } else if ("POST".equals(method) && path.equals(RESET_SEND)) {
            judgeBody(request, response, next, login, false);
        } else if ("PUT".equals(method) && PASSWORD_CHANGE.matcher(path).matches()) {
            judgePasswordChange(request, response, next, login, PASSWORD_CHANGE.matcher(path));
        } else if ("PUT".equals(method) && PROFILE_PATCH.matcher(path).matches()) {
            judgeProfilePatch(request, response, next, login, PROFILE_PATCH.matcher(path));
        } else {
            next.proceed();
        }
    }

    /** A login (by id, login id or email) or a reset mail (by email), judged by the account its body names. */
    private void judgeBody(HttpServletRequest request, HttpServletResponse response, StepChain next,
                           LoginConfig login, boolean isLogin) throws IOException, ServletException {
        byte[] body = readBody(request);
        if (body == null) {
            MattermostErrors.send(response, 413, "ssogate.request.too_large.app_error",
                    "The request is too large.");
            return;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            MattermostErrors.send(response, 400, "api.context.invalid_body_param.app_error",
                    "Invalid or missing " + (isLogin ? "login" : "email") + " in request body.");
            return;
        }
        String named = isLogin ? firstText(json, "id", "login_id", "email") : firstText(json, "email");
        Optional<MattermostUser> account;
        try {
            account = named == null ? Optional.empty() : isLogin ? accountNamed(json) : accounts.byEmail(named);
        } catch (RuntimeException e) {
            unavailable(response, e);
            return;
        }
        if (account.filter(user -> isBreakGlass(login, user)).isPresent()) {
            AUDIT.info("Let a break-glass {} for [{}] through from {}", isLogin ? "password sign-in" : "password reset",
                    account.get().username(), request.getRemoteAddr());
            BufferedRequestBody.attach(request, body);
            next.proceed();
            return;
        }
        AUDIT.warn("Refused a {} for [{}] from {}: only break-glass accounts may use a password",
                isLogin ? "password sign-in" : "password reset mail", printable(named), request.getRemoteAddr());
        if (isLogin) {
            MattermostErrors.send(response, 403, LOGIN_REFUSED, SSO_ONLY_LOGIN);
        } else {
            MattermostErrors.send(response, 403, PASSWORD_REFUSED, SSO_ONLY_PASSWORD);
        }
    }

    /** As Mattermost's login reads it: {@code id} when given, else {@code login_id}; the switch sends {@code email}. */
    private Optional<MattermostUser> accountNamed(JsonNode json) {
        String id = firstText(json, "id");
        if (id != null) {
            return accounts.byId(id);
        }
        String loginId = firstText(json, "login_id");
        return loginId != null ? accounts.byLoginId(loginId) : accounts.byEmail(firstText(json, "email"));
    }

    /**
     * A profile patch goes on as it is, unless it carries a password: then it is a password change, judged as
     * one. Its body is read (bounded) to know, and passed on byte for byte.
     */
    private void judgeProfilePatch(HttpServletRequest request, HttpServletResponse response, StepChain next,
                                   LoginConfig login, Matcher target) throws IOException, ServletException {
        byte[] body = readBody(request);
        if (body == null) {
            MattermostErrors.send(response, 413, "ssogate.request.too_large.app_error", "The request is too large.");
            return;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            json = null;
        }
        BufferedRequestBody.attach(request, body);
        if (json == null || !json.isObject() || !json.hasNonNull("password")) {
            next.proceed(); // not a password change; a malformed patch is Mattermost's to refuse
            return;
        }
        judgePasswordChange(request, response, next, login, target);
    }

    private void judgePasswordChange(HttpServletRequest request, HttpServletResponse response, StepChain next,
                                     LoginConfig login, Matcher matcher) throws IOException, ServletException {
        matcher.matches();
        String target = matcher.group(1);
        Optional<MattermostUser> account;
        try {
            if ("me".equals(target)) {
                String token = callerToken(request);
                account = token == null ? Optional.empty() : accounts.ownerOf(token);
            } else {
                account = accounts.byId(target);
            }
        } catch (RuntimeException e) {
            unavailable(response, e);
            return;
        }
        if (account.filter(user -> isBreakGlass(login, user)).isPresent()) {
            next.proceed();
            return;
        }
        AUDIT.warn("Refused a password change for user [{}] from {}: only break-glass accounts keep a password",
                printable(account.map(MattermostUser::username).orElse(target)), request.getRemoteAddr());
        MattermostErrors.send(response, 403, PASSWORD_REFUSED, SSO_ONLY_PASSWORD);
    }

    private static boolean isBreakGlass(LoginConfig login, MattermostUser user) {
        return login.isBreakGlass(user.username()) || login.isBreakGlass(user.email());
    }

    /** The whole body, or null when it is over {@link #MAX_BODY_BYTES} (declared or as it streams). */
    private static byte[] readBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            return null;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    /**
     * The token Mattermost will authenticate the request with, in Mattermost's own order: its cookie beats
     * the Authorization header (API notes section 2), so the guard judges the account Mattermost will act for.
     */
    private static String callerToken(HttpServletRequest request) {
        String cookie = SessionCookie.valueIn(request, "MMAUTHTOKEN");
        if (cookie != null) {
            return cookie;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            String[] parts = authorization.strip().split("\\s+", 2);
            String scheme = parts[0].toLowerCase(Locale.ROOT);
            if (parts.length == 2 && (scheme.equals("bearer") || scheme.equals("token"))) {
                return parts[1];
            }
        }
        return null;
    }

    /** The first of {@code fields} that is a non-empty string. */
    private static String firstText(JsonNode json, String... fields) {
        for (String field : fields) {
            JsonNode value = json.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }

    /** Fails closed: without the admin API the guard cannot tell a break-glass account from another. */
    private static void unavailable(HttpServletResponse response, RuntimeException e) throws IOException {
        LOG.warn("Could not look up the account of a password request: {}", e.toString());
        MattermostErrors.send(response, 503, "ssogate.login.lookup_failed.app_error",
                "The server could not check this account right now. Please try again in a moment.");
    }

    /** A name as sent, fit for a log line: printable characters only, and not too long. */
    private static String printable(String value) {
        if (value == null) {
            return "";
        }
        String clean = value.replaceAll("[^\\p{Print}\\p{L}]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "…" : clean;
    }
}
