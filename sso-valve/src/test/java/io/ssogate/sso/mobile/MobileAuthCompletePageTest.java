package io.ssogate.sso.mobile;

import io.ssogate.sso.testing.CapturedBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.HttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The completion page sends the in-app browser on by script, refresh and link, under a policy that allows only that script. */
class MobileAuthCompletePageTest {

    @Test
    void thePagePolicyAllowsExactlyItsOwnScriptAndTheTargetIsEscaped() throws Exception {
        HttpServletResponse response = mock(HttpServletResponse.class);
        CapturedBody body = new CapturedBody();
        when(response.getOutputStream()).thenReturn(body);

        MobileAuthCompletePage.render(response, MobileAuthCompletePage.target("mmauth://callback", "tok\"en", "c<s"));

        String html = body.toString(StandardCharsets.UTF_8);
        assertTrue(html.contains("<script>" + MobileAuthCompletePage.SCRIPT + "</script>"), html);
        // The tokens URL-encoded, the URL HTML-escaped (jmustache's escaper also writes = as &#x3D;).
        assertTrue(html.contains("href=\"mmauth://callback?MMAUTHTOKEN&#x3D;tok%22en&amp;MMCSRF&#x3D;c%3Cs\""), html);
        ArgumentCaptor<String> policy = ArgumentCaptor.forClass(String.class);
        verify(response).setHeader(org.mockito.ArgumentMatchers.eq("Content-Security-Policy"), policy.capture());
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(MobileAuthCompletePage.SCRIPT.getBytes(StandardCharsets.UTF_8)));
        assertEquals("default-src 'none'; script-src 'sha256-" + hash + "'; frame-ancestors 'none'; base-uri 'none'",
                policy.getValue());
    }
}
