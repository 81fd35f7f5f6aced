package io.ssogate.sso.mobile;

import java.util.List;
import java.util.Optional;

/**
 * Where the mobile app wants its tokens: the {@code redirect_to} of its single sign-on, checked as
 * Mattermost checks it (web/saml.go): exactly {@code <scheme>callback} for one of the configured app
 * schemes ({@code NativeAppSettings.AppCustomURLSchemes}), with no path, query or fragment. Anything else
 * could hand a fresh Mattermost session to whoever wrote the link.
 */
public final class MobileCallback {

    private MobileCallback() {
    }

    /**
     * @param redirectTo the decoded {@code redirect_to} parameter; null when missing
     * @param schemes    the configured schemes, each {@code mmauth://} or {@code mmauth}
     * @return the callback URL, when {@code redirectTo} is one
     */
    public static Optional<String> of(String redirectTo, List<String> schemes) {
        if (redirectTo == null) {
            return Optional.empty();
        }
        for (String scheme : schemes) {
            if (scheme == null || scheme.isBlank()) {
                continue;
            }
            String prefix = scheme.strip();
            if (!prefix.endsWith("://")) {
                prefix = prefix + "://";
            }
            // http(s) is never an app's scheme: a misconfiguration must not open a redirect to the web.
            String name = prefix.substring(0, prefix.length() - 3);
            if (name.equalsIgnoreCase("http") || name.equalsIgnoreCase("https") || name.isEmpty()) {
                continue;
            }
            if (redirectTo.equals(prefix + "callback")) {
                return Optional.of(redirectTo);
            }
        }
        return Optional.empty();
    }
}
