package io.ssogate.sso.login.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.ssogate.core.mattermost.MattermostApiException;
import io.ssogate.core.mattermost.MattermostClient;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the guard's admin lookups make of Mattermost's refusals. */
class AccountLookupTest {

    private final MattermostClient admin = mock(MattermostClient.class);
    private final AccountLookup lookup = AccountLookup.through(() -> admin, () -> URI.create("http://127.0.0.1:1"));

    @Test
    void aNameMattermostCallsMalformedNamesNoAccountRatherThanFailingTheLookup() {
        MattermostApiException malformed = new MattermostApiException(400, "api.context.invalid_url_param.app_error",
                "Invalid or missing email parameter in request URL.", "r1");
        when(admin.findUserByEmail("not@an@email")).thenThrow(malformed);
        when(admin.findUserByUsername("bad name")).thenThrow(malformed);

        assertEquals(Optional.empty(), lookup.byEmail("not@an@email"));
        assertEquals(Optional.empty(), lookup.byLoginId("not@an@email"));
        assertEquals(Optional.empty(), lookup.byLoginId("bad name"));
    }

    @Test
    void mattermostFailingIsStillAFailureSoTheGuardRefusesWithA503() {
        when(admin.findUserByUsername("carol")).thenThrow(new MattermostApiException(502, "", "bad gateway", ""));

        assertThrows(MattermostApiException.class, () -> lookup.byLoginId("carol"));
    }

    @Test
    void anIdThatIsNotMattermostsShapeIsNotLookedUp() {
        assertEquals(Optional.empty(), lookup.byId("../../users/me"));
    }
}
