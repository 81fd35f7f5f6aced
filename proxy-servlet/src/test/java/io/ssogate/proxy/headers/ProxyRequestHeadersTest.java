package io.ssogate.proxy.headers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.ssogate.core.config.ProxyConfig;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyRequestHeadersTest {

    private static final ProxyConfig UNTRUSTING = ProxyConfig.of(URI.create("http://mm:8065"));

    /** A request from {@code peer} with the given headers (name -> comma-free single values, in order). */
    private static HttpServletRequest request(String peer, String... nameValues) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.computeIfAbsent(nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
        }
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getRemoteAddr()).thenReturn(peer);
        when(request.getScheme()).thenReturn("http");
        when(request.getProtocol()).thenReturn("HTTP/1.1");
        when(request.getHeaderNames()).thenAnswer(i -> Collections.enumeration(headers.keySet()));
        when(request.getHeaders(org.mockito.ArgumentMatchers.anyString())).thenAnswer(i -> {
            String name = i.getArgument(0);
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return Collections.enumeration(e.getValue());
                }
            }
            return Collections.emptyEnumeration();
        });
        when(request.getHeader(org.mockito.ArgumentMatchers.anyString())).thenAnswer(i -> {
            String name = i.getArgument(0);
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        });
        return request;
    }

    private static String value(List<Map.Entry<String, String>> headers, String name) {
        List<String> values = headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).toList();
        return values.isEmpty() ? null : String.join(" | ", values);
    }

    @Test
    void endToEndHeadersKeepTheirOrderAndForwardingHeadersComeLast() {
        List<Map.Entry<String, String>> headers = ProxyRequestHeaders.forUpstream(request("192.0.2.1",
                "Host", "chat.example.com", "Accept", "a", "Cookie", "c=1", "Accept-Language", "de",
                "Content-Length", "5", "Transfer-Encoding", "chunked", "Expect", "100-continue"), UNTRUSTING);
        assertEquals(List.of("Host", "Accept", "Cookie", "Accept-Language", "Via", "X-Forwarded-For",
                "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-IP"), headers.stream().map(Map.Entry::getKey).toList(),
                "framing and Expect are this hop's; Via and forwarding headers are ours");
    }

    @ParameterizedTest(name = "trusted {0}, XFF [{1}] -> [{2}] real {3}")
    @CsvSource(delimiter = '|', value = {
            // RemoteIpValve's walk: the right-most entry that is not a trusted proxy is the client.
            "10.0.0.0/8                | 198.51.100.7             | 198.51.100.7, 10.0.0.9              | 198.51.100.7",
            "10.0.0.0/8                | 6.6.6.6, 198.51.100.7    | 198.51.100.7, 10.0.0.9              | 198.51.100.7",
            "10.0.0.0/8                | 198.51.100.7, 10.0.0.3   | 198.51.100.7, 10.0.0.3, 10.0.0.9    | 198.51.100.7",
            "10.0.0.9                  | 10.0.0.3                 | 10.0.0.3, 10.0.0.9                  | 10.0.0.3",
            "10.0.0.0/8                | 10.0.0.1, 10.0.0.2       | 10.0.0.1, 10.0.0.2, 10.0.0.9        | 10.0.0.1",
            "10.0.0.0/8                | unknown                  | unknown, 10.0.0.9                   | unknown",
            "10.0.0.0/8                | ''                       | 10.0.0.9                            | 10.0.0.9",
    })
    void aTrustedPeersChainIsKeptFromTheClientOnwards(String trusted, String forwardedFor, String expectedChain,
            String expectedClient) {
        ProxyConfig config = UNTRUSTING.withTrustedProxies(List.of(trusted.split(",")));
        HttpServletRequest request = forwardedFor.isEmpty()
                ? request("10.0.0.9", "Host", "internal")
                : request("10.0.0.9", "Host", "internal", "X-Forwarded-For", forwardedFor);
        List<Map.Entry<String, String>> headers = ProxyRequestHeaders.forUpstream(request, config);
        assertEquals(expectedChain, value(headers, "X-Forwarded-For"));
        assertEquals(expectedClient, value(headers, "X-Real-IP"));
    }

    @Test
    void anUntrustedPeersClaimsAreAllReplaced() {
        ProxyConfig config = UNTRUSTING.withTrustedProxies(List.of("10.0.0.0/8"));
        List<Map.Entry<String, String>> headers = ProxyRequestHeaders.forUpstream(request("192.0.2.1",
                "Host", "chat.example.com", "X-Forwarded-For", "10.0.0.1", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "evil", "X-Forwarded-Port", "443", "Forwarded", "for=10.0.0.1",
                "X-Real-IP", "10.0.0.1"), config);
        assertEquals("192.0.2.1", value(headers, "X-Forwarded-For"));
        assertEquals("192.0.2.1", value(headers, "X-Real-IP"));
        assertEquals("http", value(headers, "X-Forwarded-Proto"));
        assertEquals("chat.example.com", value(headers, "X-Forwarded-Host"));
        assertEquals(null, value(headers, "X-Forwarded-Port"));
        assertEquals(null, value(headers, "Forwarded"));
    }

    @Test
    void aTrustedPeersProtoHostAndPortAreKept() {
        ProxyConfig config = UNTRUSTING.withTrustedProxies(List.of("10.0.0.9"));
        List<Map.Entry<String, String>> headers = ProxyRequestHeaders.forUpstream(request("10.0.0.9",
                "Host", "internal:8080", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "chat.example.com",
                "X-Forwarded-Port", "443", "Forwarded", "for=1.2.3.4"), config);
        assertEquals("https", value(headers, "X-Forwarded-Proto"));
        assertEquals("chat.example.com", value(headers, "X-Forwarded-Host"));
        assertEquals("443", value(headers, "X-Forwarded-Port"));
        assertEquals(null, value(headers, "Forwarded"), "not parsed, so not passed on");
        assertEquals("internal:8080", value(headers, "Host"));
    }

    @Test
    void aBadTrustedProxyEntryIsNamedInTheError() {
        ProxyConfig config = UNTRUSTING.withTrustedProxies(List.of("10.0.0.0/8", "proxy.example.com"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProxyRequestHeaders.forUpstream(request("10.0.0.9"), config));
        assertTrue(e.getMessage().contains("proxy.trustedProxies") && e.getMessage().contains("[proxy.example.com]"),
                e.getMessage());
    }
}
