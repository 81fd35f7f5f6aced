package io.ssogate.sso.mobile;

import io.ssogate.proxy.hooks.UpstreamRequestHook;
import io.ssogate.proxy.hooks.UpstreamResponse;
import io.ssogate.proxy.hooks.UpstreamResponseHook;
import io.ssogate.sso.flow.SignInAttributes;
import io.ssogate.sso.web.SignedInCheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * Makes the mobile app show a SAML button on a Team Edition server: the app shows one only when
 * {@code config/client} says {@code EnableSaml} and {@code license/client} says {@code IsLicensed} and
 * {@code SAML} (mattermost-api.md §12), and the gateway serves the entry it then opens
 * ({@link MobileSignInStep}).
 *
 * <p>Only answers to requests without a gateway session are rewritten: those are the apps before their
 * sign-in. A signed-in browser gets Mattermost's own, since a claimed licence would unlock enterprise
 * screens in the webapp that the server cannot serve. Mattermost's answer is replaced by a rewritten copy
 * (no ETag, not cached, its length recounted); the request hook asks Mattermost for it uncompressed, and a
 * gzip answer is decoded all the same. A body that cannot be rewritten (too large, another encoding) is
 * relayed unchanged when that is known before reading it.
 */
public final class SamlAdvertisement {

    static final String CONFIG_PATH = "/api/v4/config/client";
    static final String LICENSE_PATH = "/api/v4/license/client";
    /** These answers are a few kilobytes; more is not one of them, and is never held in memory whole. */
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(SamlAdvertisement.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields of Mattermost's answer that describe its body or its caching, not the rewritten one. */
    private static final Set<String> REPLACED = Set.of("content-length", "content-encoding", "content-type", "etag",
            "last-modified", "cache-control", "expires", "pragma");

    /** Whether the apps are told about SAML now, and the button's label. */
    public record Settings(boolean advertising, String buttonText) {
    }

    private final Supplier<Settings> settings;

    public SamlAdvertisement(Supplier<Settings> settings) {
        this.settings = settings;
    }

    /**
     * Asks Mattermost for the two answers whole and uncompressed, so they can be rewritten as they are: a
     * 304 to a validator of Mattermost's own answer would leave the app with the unrewritten one.
     */
    public UpstreamRequestHook requestHook() {
        return request -> {
            if (!request.isUpgrade() && applies(request.clientRequest()) && settings.get().advertising()) {
                request.headers().remove("Accept-Encoding");
                request.headers().remove("If-None-Match");
                request.headers().remove("If-Modified-Since");
            }
        };
    }

    /** Replaces Mattermost's 200 answer with one that advertises SAML. */
    public UpstreamResponseHook responseHook() {
        return this::rewrite;
    }

    private void rewrite(UpstreamResponse response) throws IOException {
        HttpServletRequest request = response.clientRequest();
        if (response.isUpgrade() || response.status() != 200 || !applies(request)) {
            return;
        }
        Settings now = settings.get();
        if (!now.advertising()) {
            return;
        }
        String encoding = response.headers().first("Content-Encoding")
                .map(value -> value.strip().toLowerCase(Locale.ROOT)).orElse("identity");
        boolean gzip = encoding.equals("gzip") || encoding.equals("x-gzip");
        if (!gzip && !encoding.equals("identity")) {
            LOG.warn("Mattermost answered {} in {} encoding, which the gateway cannot rewrite: the mobile app"
                    + " will not show the single sign-on button", SignedInCheck.pathOf(request), encoding);
            return;
        }
        long length = response.headers().first("Content-Length").map(SamlAdvertisement::parseLength).orElse(-1L);
        if (length > MAX_BODY_BYTES) {
            LOG.warn("Mattermost's {} answer is {} bytes, more than the {} the gateway rewrites: relayed unchanged",
                    SignedInCheck.pathOf(request), length, MAX_BODY_BYTES);
            return;
        }
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        for (Map.Entry<String, String> field : response.headers().asList()) {
            if (!REPLACED.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                kept.add(field);
            }
        }
        HttpServletResponse answer = response.answerInstead();
        InputStream body = gzip ? new GZIPInputStream(response.body()) : response.body();
        byte[] rewritten = rewritten(readAtMost(body, MAX_BODY_BYTES), overrides(SignedInCheck.pathOf(request), now));
        answer.setStatus(200);
        for (Map.Entry<String, String> field : kept) {
            answer.addHeader(field.getKey(), field.getValue());
        }
        answer.setContentType("application/json");
        answer.setHeader("Cache-Control", "no-store");
        answer.setContentLength(rewritten.length);
        answer.getOutputStream().write(rewritten);
    }

    /** Only GETs of the two paths, and only for callers without a gateway session. */
    private static boolean applies(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || request.getAttribute(SignInAttributes.SESSION) != null) {
            return false;
        }
        String path = SignedInCheck.pathOf(request);
        return path.equals(CONFIG_PATH) || path.equals(LICENSE_PATH);
    }

    static Map<String, String> overrides(String path, Settings settings) {
        if (path.equals(CONFIG_PATH)) {
            return Map.of("EnableSaml", "true", "SamlLoginButtonText", settings.buttonText());
        }
        return Map.of("IsLicensed", "true", "SAML", "true");
    }

    /**
     * {@code json} with {@code overrides} set (Mattermost's values are all strings).
     *
     * @throws IOException when {@code json} is not a JSON object
     */
    static byte[] rewritten(byte[] json, Map<String, String> overrides) throws IOException {
        JsonNode tree = JSON.readTree(json);
        if (!(tree instanceof ObjectNode object)) {
            throw new IOException("Mattermost's client configuration is not a JSON object");
        }
        overrides.forEach(object::put);
        return JSON.writeValueAsBytes(object);
    }

    /** Reads {@code in} to its end, failing once it holds more than {@code limit} bytes. */
    static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new IOException("Mattermost's client configuration is larger than " + limit
                    + " bytes; not rewritten");
        }
        return bytes;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
