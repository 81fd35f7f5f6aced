package io.ssogate.sso;

import io.ssogate.proxy.hooks.UpstreamRequest;
import io.ssogate.proxy.hooks.UpstreamRequestHook;
import io.ssogate.sso.config.SessionConfig;
import io.ssogate.sso.flow.LoginStateStore;
import io.ssogate.sso.web.CsrfTokens;
import io.ssogate.sso.web.LocalSignInServlet;
import io.ssogate.sso.web.Pages;
import io.ssogate.sso.web.SignedOutMarker;
import io.ssogate.sso.login.MattermostRelogin;

import java.util.List;
import java.util.function.Supplier;

/**
 * The gateway's cookies are the gateway's: its session cookie (named in the configuration), the sign-in
 * round trip's, the forms' CSRF cookie, the language choice, the signed-out marker and the re-login guard never
 * reach Mattermost. Every other cookie, Mattermost's own included, goes on byte for byte.
 */
final class GatewayCookiesHook implements UpstreamRequestHook {

    static final List<String> FIXED_NAMES = List.of(LoginStateStore.COOKIE_NAME, CsrfTokens.COOKIE,
            Pages.LANGUAGE_COOKIE, SignedOutMarker.NAME, MattermostRelogin.GUARD_COOKIE, LocalSignInServlet.COOKIE);

    private final Supplier<SessionConfig> session;

    GatewayCookiesHook(Supplier<SessionConfig> session) {
        this.session = session;
    }

    @Override
    public void beforeUpstream(UpstreamRequest request) {
        request.cookies().remove(session.get().cookieName());
        FIXED_NAMES.forEach(request.cookies()::remove);
    }
}
