package io.ssogate.sso.mobile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.sso.login.config.LoginConfig;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which redirect_to may receive a Mattermost session of the mobile app's sign-on. */
class MobileCallbackTest {

    private static final List<String> DEFAULTS = LoginConfig.Mobile.DEFAULT_URL_SCHEMES;

    @ParameterizedTest
    @ValueSource(strings = {"mmauth://callback", "mmauthbeta://callback"})
    void theCallbackOfAConfiguredSchemeIsAccepted(String redirectTo) {
        assertEquals(Optional.of(redirectTo), MobileCallback.of(redirectTo, DEFAULTS));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "https://evil.example/callback", "mmauth://callback/x", "mmauth://callback?x=1",
            "mmauth://callback#x", "mmauth://callbackx", "mmauth://evil.example", "MMAUTH://callback",
            "mmauth:callback", " mmauth://callback", "mmauth://callback ", "other://callback",
            "mmauth://user@callback", "//callback", "/callback"})
    void anythingElseIsRefused(String redirectTo) {
        assertTrue(MobileCallback.of(redirectTo, DEFAULTS).isEmpty(), String.valueOf(redirectTo));
    }

    @Test
    void aSchemeConfiguredWithoutItsSlashesStillNamesTheApp() {
        assertEquals(Optional.of("corpchat://callback"), MobileCallback.of("corpchat://callback", List.of("corpchat")));
        assertTrue(MobileCallback.of("mmauth://callback", List.of("corpchat")).isEmpty(), "only configured schemes");
    }

    @Test
    void aWebSchemeIsNeverAnAppsEvenWhenConfigured() {
        assertTrue(MobileCallback.of("https://callback", List.of("https://")).isEmpty());
        assertTrue(MobileCallback.of("http://callback", List.of("http")).isEmpty());
    }
}
