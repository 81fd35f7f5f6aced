package io.ssogate.testkit.emulator.state;

import io.ssogate.testkit.emulator.EmulatorSettings;
import io.ssogate.testkit.emulator.http.ApiError;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** All users, with Mattermost's create-time normalising and validation ({@code PreSave}, {@code IsValid}). */
public final class UserDirectory {
    /** m-user {@code IsValidUsername}: 1-64 characters of this class. */
    private static final Pattern USERNAME = Pattern.compile("^[a-z0-9.\\-_]{1,64}$");
    /** m-user: names the server refuses outright. */
    private static final Set<String> RESERVED_USERNAMES = Set.of("all", "channel", "matterbot", "system");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]+@[^@\\s<>\"]+$");
    /** bcrypt's hard limit, doc section 7 "Password policy". */
    private static final int PASSWORD_MAX = 72;

    private final Map<String, UserAccount> byId = new LinkedHashMap<>();
    private final EmulatorSettings settings;

    public UserDirectory(EmulatorSettings settings) {
        this.settings = settings;
    }

    /** What a create request may set; null fields take Mattermost's defaults. */
    public static final class NewUser {
        public String username;
        public String email;
        public String password;
        public String authService;
        public String authData;
        public String nickname;
        public String firstName;
        public String lastName;
        public String position;
        public String locale;
        public boolean emailVerified;
        public boolean systemAdmin;
        public Map<String, Object> props;
        public Map<String, Object> notifyProps;
        public Map<String, Object> timezone;
    }

    public synchronized UserAccount create(NewUser n) {
        // PreSave lowercases username and email before IsValid runs; an empty username becomes an id.
        String username = n.username == null || n.username.isEmpty() ? Ids.newId() : n.username.toLowerCase(Locale.ROOT);
        String email = n.email == null ? "" : n.email.trim().toLowerCase(Locale.ROOT);
        String authService = n.authService == null ? "" : n.authService;
        String authData = n.authData == null ? "" : n.authData;
        validateUsername(username);
        validateEmail(email);
        if (authData.length() > 128) {
            throw invalid("auth_data", "Invalid auth data.");
        }
        if (!authData.isEmpty() && authService.isEmpty()) {
            throw invalid("auth_data_type", "Invalid user, auth data must be set with a type.");
        }
        if (!authData.isEmpty() && n.password != null && !n.password.isEmpty()) {
            throw invalid("auth_data_pwd", "Invalid user, password and auth data cannot both be set.");
        }
        if (authService.isEmpty()) {
            validatePassword(n.password);
        }
        for (UserAccount other : byId.values()) {
            // Uniqueness holds among all users, deactivated ones included (doc section 7).
            if (other.email.equals(email)) {
                throw new ApiError(400, "app.user.save.email_exists.app_error", "An account with that email already exists.");
            }
            if (other.username.equals(username)) {
                throw new ApiError(400, "app.user.save.username_exists.app_error", "An account with that username already exists.");
            }
        }
        long now = Clock.nowMillis();
        UserAccount u = new UserAccount(Ids.newId(), now);
        u.username = username;
        u.email = email;
        u.emailVerified = n.emailVerified;
        u.authService = authService;
        u.authData = authData;
        u.nickname = orEmpty(n.nickname);
        u.firstName = orEmpty(n.firstName);
        u.lastName = orEmpty(n.lastName);
        u.position = orEmpty(n.position);
        if (n.locale != null && !n.locale.isEmpty()) {
            u.locale = n.locale;
        }
        if (n.props != null) {
            u.props.putAll(n.props);
        }
        if (n.notifyProps != null) {
            u.notifyProps.putAll(n.notifyProps);
        }
        if (n.timezone != null) {
            u.timezone.putAll(n.timezone);
        }
        u.roles = n.systemAdmin ? "system_admin system_user" : "system_user";
        if (authService.isEmpty()) {
            u.setPassword(n.password, now);
        }
        byId.put(u.id, u);
        return u.copy();
    }

    public void validatePassword(String password) {
        int min = settings.passwordMinimumLength();
        if (password == null || password.length() < min || password.length() > PASSWORD_MAX) {
            throw new ApiError(400, "model.user.is_valid.pwd.app_error",
                    "Your password must contain at least " + min + " characters.");
        }
    }

    public synchronized Optional<UserAccount> byId(String id) {
        return Optional.ofNullable(byId.get(id)).map(UserAccount::copy);
    }

    public synchronized Optional<UserAccount> byUsername(String username) {
        String wanted = username.toLowerCase(Locale.ROOT);
        return byId.values().stream().filter(u -> u.username.equals(wanted)).findFirst().map(UserAccount::copy);
    }

    public synchronized Optional<UserAccount> byEmail(String email) {
        String wanted = email.toLowerCase(Locale.ROOT);
        return byId.values().stream().filter(u -> u.email.equals(wanted)).findFirst().map(UserAccount::copy);
    }

    public synchronized List<UserAccount> page(int page, int perPage) {
        List<UserAccount> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing(u -> u.username));
        int from = Math.min(all.size(), page * perPage);
        int to = Math.min(all.size(), from + perPage);
        return all.subList(from, to).stream().map(UserAccount::copy).toList();
    }

    /**
     * Applies a change under the lock and returns the updated copy; the change runs on the live record, so
     * it may validate (throwing {@link ApiError}) before it writes. {@code update_at} moves on every update.
     */
    public synchronized UserAccount update(String id, Consumer<UserAccount> change) {
        UserAccount u = byId.get(id);
        if (u == null) {
            throw ApiError.userNotFound();
        }
        UserAccount scratch = u.copy();
        change.accept(scratch);
        validateUsername(scratch.username);
        validateEmail(scratch.email);
        for (UserAccount other : byId.values()) {
            if (other != u && other.email.equals(scratch.email)) {
                throw new ApiError(400, "app.user.save.email_exists.app_error", "An account with that email already exists.");
            }
            if (other != u && other.username.equals(scratch.username)) {
                throw new ApiError(400, "app.user.save.username_exists.app_error", "An account with that username already exists.");
            }
        }
        scratch.updateAt = Clock.nowMillis();
        byId.put(id, scratch);
        return scratch.copy();
    }

    /** Permanent deletion (EnableAPIUserDeletion); the username and email become free again. */
    public synchronized void remove(String id) {
        byId.remove(id);
    }

    /** Login bookkeeping that must not move {@code update_at} in the emulator's eyes; Mattermost stores it apart. */
    public synchronized void recordLoginAttempt(String id, boolean success) {
        UserAccount u = byId.get(id);
        if (u != null) {
            u.failedAttempts = success ? 0 : u.failedAttempts + 1;
        }
    }

    private static void validateUsername(String username) {
        if (!USERNAME.matcher(username).matches() || RESERVED_USERNAMES.contains(username)) {
            throw invalid("username", "Username must begin with a letter, and contain between 1 to 64 lowercase characters made up of numbers, letters, and the symbols '.', '-', and '_'.");
        }
    }

    private static void validateEmail(String email) {
        if (email.isEmpty() || email.length() > 128 || !EMAIL.matcher(email).matches()) {
            throw invalid("email", "Invalid email.");
        }
    }

    private static ApiError invalid(String field, String message) {
        return new ApiError(400, "model.user.is_valid." + field + ".app_error", message);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
