package io.ssogate.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;

import io.ssogate.proxy.hooks.UpstreamRequest;
import io.ssogate.sso.config.SessionConfig;

import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What of a browser's cookies goes on to Mattermost. */
class GatewayCookiesHookTest {

    @Test
    void theGatewaysCookiesStayBehindAndMattermostsGoOn() {
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(
                Map.entry("Cookie", "MMAUTHTOKEN=mm-token; SSOGATE_SESSION=gw-token; MMUSERID=u1"),
                Map.entry("Cookie", "SSOGATE_LOGIN=state; SSOGATE_CSRF=c; SSOGATE_LANG=ja; other=1")));
        UpstreamRequest upstream = new UpstreamRequest(mock(HttpServletRequest.class), "r1", false, headers);

        new GatewayCookiesHook(SessionConfig::defaults).beforeUpstream(upstream);

        assertEquals(List.of("MMAUTHTOKEN=mm-token; MMUSERID=u1", "other=1"), upstream.headers().all("Cookie"));
    }

    @Test
    void aRenamedSessionCookieIsTheOneKeptBack() {
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(
                Map.entry("Cookie", "CORP_GW=gw-token; SSOGATE_SESSION=not-ours-any-more")));
        UpstreamRequest upstream = new UpstreamRequest(mock(HttpServletRequest.class), "r1", false, headers);

        new GatewayCookiesHook(() -> new SessionConfig("CORP_GW", null, null)).beforeUpstream(upstream);

        assertEquals(List.of("SSOGATE_SESSION=not-ours-any-more"), upstream.headers().all("Cookie"));
    }
}
