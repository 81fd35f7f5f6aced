package io.ssogate.sso.login.config;

import io.ssogate.core.config.Secret;
import io.ssogate.sso.login.accounts.AccountSettings;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the gateway logs signed-in people into Mattermost: the admin token its own calls use, what it may do
 * with accounts it does not yet know, the local accounts that keep their passwords, and the mobile app.
 * Without an admin token the gateway only signs people in and Mattermost asks them for its own login, as
 * before this feature.
 *
 * @param adminToken          a personal access token of a system admin (or of a bot with that role); null: off
 * @param jitProvisioning     create an account for a person Mattermost does not know
 * @param takeover            give an existing account without a vaulted password a new one (see
 *                            {@link AccountSettings#takeover()} for what that ends)
 * @param breakGlass          usernames or emails (lower case) of local accounts that may still sign in with a
 *                            password: the only ones Mattermost's password login, change and reset stay open to
 * @param maxConcurrentLogins the most login calls one node makes to Mattermost at once
 * @param mobile              the mobile app's single sign-on
 */
public record LoginConfig(Secret adminToken, boolean jitProvisioning, boolean takeover, Set<String> breakGlass,
                          int maxConcurrentLogins, Mobile mobile) {

    public static final int DEFAULT_MAX_CONCURRENT_LOGINS = 16;

    public LoginConfig {
        breakGlass = breakGlass == null ? Set.of() : breakGlass.stream()
                .map(name -> name.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        mobile = mobile == null ? Mobile.DEFAULT : mobile;
        if (maxConcurrentLogins < 1) {
            throw new IllegalArgumentException("maxConcurrentLogins must be at least 1");
        }
    }

    /** No admin token: the gateway does not log anyone into Mattermost. */
    public static final LoginConfig OFF = new LoginConfig(null, false, false, Set.of(), DEFAULT_MAX_CONCURRENT_LOGINS,
            Mobile.DEFAULT);

    public boolean enabled() {
        return adminToken != null;
    }

    public AccountSettings accountSettings() {
        return AccountSettings.of(jitProvisioning, takeover);
    }

    /** Whether {@code usernameOrEmail} names a break-glass account (case-insensitive). */
    public boolean isBreakGlass(String usernameOrEmail) {
        return usernameOrEmail != null && breakGlass.contains(usernameOrEmail.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * The mobile app's single sign-on: Mattermost's client configuration advertises a SAML button (the app
     * opens {@code /login/sso/saml?action=mobile}, which the gateway serves).
     *
     * @param enabled       rewrite {@code config/client} and {@code license/client}, serve the entry URL
     * @param buttonText    the button's label in the app
     * @param urlSchemes    the app's callback schemes ({@code NativeAppSettings.AppCustomURLSchemes})
     * @param preauthSecret when set, requests that come without a gateway session (the apps) must carry it as
     *                      {@code X-Mattermost-Preauth-Secret}, or get 403 with {@code X-Reject-Reason: pre-auth}
     */
    public record Mobile(boolean enabled, String buttonText, List<String> urlSchemes, Secret preauthSecret) {

        public static final List<String> DEFAULT_URL_SCHEMES = List.of("mmauth://", "mmauthbeta://");
        public static final String DEFAULT_BUTTON_TEXT = "Single sign-on";
        public static final Mobile DEFAULT = new Mobile(true, DEFAULT_BUTTON_TEXT, DEFAULT_URL_SCHEMES, null);

        public Mobile {
            buttonText = buttonText == null || buttonText.isBlank() ? DEFAULT_BUTTON_TEXT : buttonText;
            urlSchemes = urlSchemes == null || urlSchemes.isEmpty() ? DEFAULT_URL_SCHEMES : List.copyOf(urlSchemes);
        }
    }

    @Override
    public String toString() {
        return "LoginConfig[adminToken=" + Objects.toString(adminToken) + ", jitProvisioning=" + jitProvisioning
                + ", takeover=" + takeover + ", breakGlass=" + breakGlass + ", maxConcurrentLogins="
                + maxConcurrentLogins + ", mobile=" + mobile + "]";
    }
}
