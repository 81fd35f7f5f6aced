package io.ssogate.sso.login.guard;

import io.ssogate.core.mattermost.MattermostApiException;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.mattermost.MattermostUser;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Finds the Mattermost account a password request names, for {@link PasswordGuard}: by user id, by login id
 * (a username or an email) or by email, through the admin API; and the owner of a caller's own token, for
 * {@code users/me}.
 */
public interface AccountLookup {

    Optional<MattermostUser> byId(String userId);

    /** A username or an email, as Mattermost's login takes it. */
    Optional<MattermostUser> byLoginId(String loginId);

    Optional<MattermostUser> byEmail(String email);

    /** The account {@code sessionToken} belongs to, as Mattermost sees it; empty for a dead token. */
    Optional<MattermostUser> ownerOf(String sessionToken);

    /** The lookups through the gateway's admin client; {@code ownerOf} asks with the caller's token. */
    static AccountLookup through(Supplier<MattermostClient> admin, Supplier<URI> upstream) {
        return new AdminApiLookup(admin, upstream);
    }

    /** The admin API behind {@link #through}. */
    final class AdminApiLookup implements AccountLookup {

        private static final Duration OWN_TOKEN_TIMEOUT = Duration.ofSeconds(10);
        /** Mattermost's ids are 26 characters of base32; anything else names no account. */
        private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{26}");
        /** Longer than any username or email Mattermost accepts. */
        private static final int MAX_LOGIN_ID = 256;

        private final Supplier<MattermostClient> admin;
        private final Supplier<URI> upstream;

        AdminApiLookup(Supplier<MattermostClient> admin, Supplier<URI> upstream) {
            this.admin = admin;
            this.upstream = upstream;
        }

        @Override
        public Optional<MattermostUser> byId(String userId) {
            return ID.matcher(userId).matches() ? admin.get().findUser("users/" + userId) : Optional.empty();
        }

        @Override
        public Optional<MattermostUser> byLoginId(String loginId) {
            if (loginId.isBlank() || loginId.length() > MAX_LOGIN_ID) {
                return Optional.empty();
            }
            // Mattermost usernames hold no '@'; its login tries the username first, then the email.
            return namedNobody(() -> loginId.contains("@") ? admin.get().findUserByEmail(loginId)
                    : admin.get().findUserByUsername(loginId));
        }

        @Override
        public Optional<MattermostUser> byEmail(String email) {
            return email.contains("@") && email.length() <= MAX_LOGIN_ID
                    ? namedNobody(() -> admin.get().findUserByEmail(email)) : Optional.empty();
        }

        /**
         * Mattermost answers 400 ({@code invalid_url_param}) for a name it could never hold, an email it finds
         * malformed: that names no account, as a 404 does, and is not the lookup failing.
         */
        private static Optional<MattermostUser> namedNobody(Supplier<Optional<MattermostUser>> lookup) {
            try {
                return lookup.get();
            } catch (MattermostApiException e) {
                if (e.statusCode() == 400) {
                    return Optional.empty();
                }
                throw e;
            }
        }

        @Override
        public Optional<MattermostUser> ownerOf(String sessionToken) {
            // Rare (a password change for "me"): a short-lived client with the caller's own token.
            try (MattermostClient own = new MattermostClient(upstream.get(), sessionToken, OWN_TOKEN_TIMEOUT)) {
                return own.findUser("users/me");
            } catch (MattermostApiException e) {
                if (e.statusCode() == 401 || e.statusCode() == 403) {
                    return Optional.empty();
                }
                throw e;
            }
        }
    }
}
