package io.ssogate.sso.mobile;

import io.ssogate.sso.testing.CapturedBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.ssogate.proxy.hooks.UpstreamRequest;
import io.ssogate.proxy.hooks.UpstreamResponse;
import io.ssogate.sso.flow.SignInAttributes;
import io.ssogate.sso.session.GatewaySession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The config/client and license/client answers the mobile app reads before its sign-in. */
class SamlAdvertisementTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = "{\"SiteName\":\"Mattermost\",\"EnableSaml\":\"false\","
            + "\"SamlLoginButtonText\":\"\",\"EnableSignInWithEmail\":\"true\"}";
    private static final String LICENSE = "{\"IsLicensed\":\"false\"}";

    private boolean advertising = true;
    private final SamlAdvertisement advert = new SamlAdvertisement(
            () -> new SamlAdvertisement.Settings(advertising, "Corp sign-in"));

    @Test
    void configClientOfAnAppBeforeSignInAdvertisesSamlWithTheButtonText() throws IOException {
        Exchange exchange = new Exchange("/api/v4/config/client", 200, CONFIG.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json", "ETag", "\"abc\"", "X-Version-Id", "10.5.0.1.x.false",
                "Content-Length", String.valueOf(CONFIG.length()), "Cache-Control", "max-age=60");

        exchange.run(advert);

        assertTrue(exchange.upstream.answered());
        JsonNode config = JSON.readTree(exchange.body.toByteArray());
        assertEquals("true", config.get("EnableSaml").asText());
        assertEquals("Corp sign-in", config.get("SamlLoginButtonText").asText());
        assertEquals("Mattermost", config.get("SiteName").asText(), "the rest is Mattermost's");
        assertEquals("true", config.get("EnableSignInWithEmail").asText());
        assertEquals(200, exchange.status.get());
        assertEquals(exchange.body.size(), exchange.contentLength.get(), "the length is the new body's");
        assertEquals(List.of("no-store"), exchange.sent("Cache-Control"));
        assertEquals(List.of(), exchange.sent("ETag"), "the ETag described Mattermost's body");
        assertEquals(List.of("10.5.0.1.x.false"), exchange.sent("X-Version-Id"), "other fields are relayed");
    }

    @Test
    void licenseClientClaimsALicenceWithSaml() throws IOException {
        Exchange exchange = new Exchange("/api/v4/license/client", 200, LICENSE.getBytes(StandardCharsets.UTF_8));

        exchange.run(advert);

        JsonNode license = JSON.readTree(exchange.body.toByteArray());
        assertEquals("true", license.get("IsLicensed").asText());
        assertEquals("true", license.get("SAML").asText());
    }

    @Test
    void aGzippedAnswerIsDecodedAndSentPlain() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(CONFIG.getBytes(StandardCharsets.UTF_8));
        }
        Exchange exchange = new Exchange("/api/v4/config/client", 200, zipped.toByteArray(),
                "Content-Encoding", "gzip", "Vary", "Accept-Encoding");

        exchange.run(advert);

        assertEquals("true", JSON.readTree(exchange.body.toByteArray()).get("EnableSaml").asText());
        assertEquals(List.of(), exchange.sent("Content-Encoding"));
    }

    @Test
    void aSignedInBrowserGetsMattermostsOwnAnswer() throws IOException {
        Exchange exchange = new Exchange("/api/v4/license/client", 200, LICENSE.getBytes(StandardCharsets.UTF_8));
        when(exchange.request.getAttribute(SignInAttributes.SESSION)).thenReturn(mock(GatewaySession.class));

        exchange.run(advert);

        assertFalse(exchange.upstream.answered(), "no licence for the webapp");
    }

    @Test
    void errorsOtherPathsAndATurnedOffAdvertPassUnchanged() throws IOException {
        Exchange error = new Exchange("/api/v4/config/client", 501, "{}".getBytes(StandardCharsets.UTF_8));
        error.run(advert);
        assertFalse(error.upstream.answered(), "a 501 is Mattermost's to tell");

        Exchange other = new Exchange("/api/v4/config/clientx", 200, CONFIG.getBytes(StandardCharsets.UTF_8));
        other.run(advert);
        assertFalse(other.upstream.answered());

        advertising = false;
        Exchange off = new Exchange("/api/v4/config/client", 200, CONFIG.getBytes(StandardCharsets.UTF_8));
        off.run(advert);
        assertFalse(off.upstream.answered());
    }

    @Test
    void anAnswerTooLargeOrInAnotherEncodingIsRelayedUnchangedWhenTheHeadersSaySo() throws IOException {
        Exchange large = new Exchange("/api/v4/config/client", 200, new byte[0],
                "Content-Length", String.valueOf(SamlAdvertisement.MAX_BODY_BYTES + 1));
        large.run(advert);
        assertFalse(large.upstream.answered());
        assertEquals(0, large.upstream.bodyBytesRead(), "not a byte read");

        Exchange brotli = new Exchange("/api/v4/config/client", 200, new byte[] {1, 2, 3}, "Content-Encoding", "br");
        brotli.run(advert);
        assertFalse(brotli.upstream.answered());
    }

    @Test
    void aChunkedAnswerOverTheCapFailsRatherThanBeingHeldWhole() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                Arrays.fill(buffer, offset, offset + length, (byte) 'x');
                return length;
            }
        };
        Exchange exchange = new Exchange("/api/v4/config/client", 200, endless);

        IOException failure = assertThrows(IOException.class, () -> exchange.run(advert));

        assertTrue(failure.getMessage().contains("larger than"), failure.getMessage());
        assertTrue(exchange.upstream.bodyBytesRead() <= SamlAdvertisement.MAX_BODY_BYTES + 1,
                "read no further than the cap: " + exchange.upstream.bodyBytesRead());
        assertEquals(0, exchange.body.size(), "nothing half-written");
    }

    @Test
    void theAppsRequestAsksForAWholePlainAnswerAndOthersKeepTheirFields() throws IOException {
        List<String> asSent = List.of("Accept-Encoding", "If-None-Match", "Accept");
        assertEquals(List.of("Accept"), fieldsSent("/api/v4/config/client", null));
        assertEquals(List.of("Accept"), fieldsSent("/api/v4/license/client", null));
        assertEquals(asSent, fieldsSent("/api/v4/users/me", null));
        assertEquals(asSent, fieldsSent("/api/v4/config/client", mock(GatewaySession.class)));
        advertising = false;
        assertEquals(asSent, fieldsSent("/api/v4/config/client", null));
    }

    private List<String> fieldsSent(String path, GatewaySession session) throws IOException {
        HttpServletRequest request = request(path);
        when(request.getAttribute(SignInAttributes.SESSION)).thenReturn(session);
        UpstreamRequest upstream = new UpstreamRequest(request, "r1", false, new ArrayList<>(List.of(
                Map.entry("Accept-Encoding", "gzip"), Map.entry("If-None-Match", "\"abc\""),
                Map.entry("Accept", "application/json"))));
        advert.requestHook().beforeUpstream(upstream);
        return upstream.headers().asList().stream().map(Map.Entry::getKey).toList();
    }

    private static HttpServletRequest request(String path) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn("GET");
        when(request.getServletPath()).thenReturn(path);
        return request;
    }

    /** One proxied answer: Mattermost's side, and what the hook sent the client instead. */
    private static final class Exchange {
        final HttpServletRequest request;
        final UpstreamResponse upstream;
        final CapturedBody body = new CapturedBody();
        final AtomicInteger status = new AtomicInteger();
        final AtomicInteger contentLength = new AtomicInteger(-1);
        final Map<String, List<String>> headers = new LinkedHashMap<>();

        Exchange(String path, int status, byte[] body, String... fields) {
            this(path, status, new ByteArrayInputStream(body), fields);
        }

        Exchange(String path, int upstreamStatus, InputStream upstreamBody, String... fields) {
            request = request(path);
            List<Map.Entry<String, String>> relayed = new ArrayList<>();
            for (int i = 0; i < fields.length; i += 2) {
                relayed.add(Map.entry(fields[i], fields[i + 1]));
            }
            HttpServletResponse response = mock(HttpServletResponse.class);
            try {
                when(response.getOutputStream()).thenReturn(body);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            doAnswer(call -> {
                status.set(call.getArgument(0));
                return null;
            }).when(response).setStatus(anyInt());
            doAnswer(call -> {
                contentLength.set(call.getArgument(0));
                return null;
            }).when(response).setContentLength(anyInt());
            doAnswer(call -> {
                headers.put(((String) call.getArgument(0)).toLowerCase(), new ArrayList<>(List.of((String) call.getArgument(1))));
                return null;
            }).when(response).setHeader(anyString(), anyString());
            doAnswer(call -> {
                headers.computeIfAbsent(((String) call.getArgument(0)).toLowerCase(), k -> new ArrayList<>())
                        .add(call.getArgument(1));
                return null;
            }).when(response).addHeader(anyString(), anyString());
            upstream = new UpstreamResponse(request, "r1", false, upstreamStatus, relayed, () -> upstreamBody,
                    response, () -> { });
        }

        void run(SamlAdvertisement advert) throws IOException {
            advert.responseHook().onUpstreamResponse(upstream);
        }

        List<String> sent(String name) {
            return headers.getOrDefault(name.toLowerCase(), List.of());
        }
    }
}
