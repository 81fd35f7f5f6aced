package io.ssogate.sso.login.config;

import io.ssogate.core.config.ConfigProblems;
import io.ssogate.core.config.ConfigSection;
import io.ssogate.core.config.Secret;
import io.ssogate.core.config.SectionBinding;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code login:} section as written in YAML:
 *
 * <pre>{@code
 * login:
 *   adminToken: ${file:/run/secrets/mattermost-admin-token}
 *   jitProvisioning: true
 *   takeover: false
 *   breakGlass: [sysadmin]
 *   maxConcurrentLogins: 16
 *   mobile:
 *     enabled: true
 *     buttonText: Sign in with Contoso
 *     urlSchemes: ["mmauth://", "mmauthbeta://"]
 *     preauthSecret: ${MM_PREAUTH_SECRET}
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoginSection(Secret adminToken, Boolean jitProvisioning, Boolean takeover, List<String> breakGlass,
                           Integer maxConcurrentLogins, MobileBinding mobile) implements SectionBinding<LoginConfig> {

    public static final String KEY = "login";

    public static final ConfigSection<LoginConfig> SECTION =
            ConfigSection.of(KEY, LoginConfig.class, LoginSection.class, LoginSection::from);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MobileBinding(Boolean enabled, String buttonText, List<String> urlSchemes, Secret preauthSecret) {
    }

    public static LoginSection from(LoginConfig config) {
        if (config == null) {
            return new LoginSection(null, null, null, null, null, null);
        }
        LoginConfig.Mobile m = config.mobile();
        return new LoginSection(config.adminToken(), config.jitProvisioning(), config.takeover(),
                config.breakGlass().isEmpty() ? null : new ArrayList<>(config.breakGlass()),
                config.maxConcurrentLogins(),
                new MobileBinding(m.enabled(), m.buttonText(), m.urlSchemes(), m.preauthSecret()));
    }

    @Override
    public LoginConfig toModel(ConfigProblems problems) {
        int max = maxConcurrentLogins == null ? LoginConfig.DEFAULT_MAX_CONCURRENT_LOGINS : maxConcurrentLogins;
        if (max < 1 || max > 1024) {
            problems.at("maxConcurrentLogins", "must be between 1 and 1024, the most login calls one node makes"
                    + " to Mattermost at once");
        }
        Set<String> accounts = new LinkedHashSet<>();
        if (breakGlass != null) {
            for (int i = 0; i < breakGlass.size(); i++) {
                String name = breakGlass.get(i);
                if (name == null || name.isBlank()) {
                    problems.at("breakGlass[" + i + "]", "a username or an email, not empty");
                } else {
                    accounts.add(name);
                }
            }
        }
        if (adminToken == null && (Boolean.TRUE.equals(jitProvisioning) || Boolean.TRUE.equals(takeover))) {
            problems.at("adminToken", "required when jitProvisioning or takeover is on: the gateway creates and"
                    + " changes accounts with a system admin's personal access token");
        }
        LoginConfig.Mobile mobileConfig = LoginConfig.Mobile.DEFAULT;
        if (mobile != null) {
            List<String> schemes = mobile.urlSchemes();
            if (schemes != null) {
                for (int i = 0; i < schemes.size(); i++) {
                    String scheme = schemes.get(i);
                    if (scheme == null || !scheme.matches("[a-z][a-z0-9+.-]*://")) {
                        problems.within("mobile").at("urlSchemes[" + i + "]",
                                "a custom URL scheme such as mmauth://, lower case, ending in ://");
                    }
                }
            }
            mobileConfig = new LoginConfig.Mobile(mobile.enabled() == null || mobile.enabled(), mobile.buttonText(),
                    schemes, mobile.preauthSecret());
        }
        if (problems.any()) {
            return null;
        }
        return new LoginConfig(adminToken, Boolean.TRUE.equals(jitProvisioning), Boolean.TRUE.equals(takeover),
                accounts, max, mobileConfig);
    }
}
