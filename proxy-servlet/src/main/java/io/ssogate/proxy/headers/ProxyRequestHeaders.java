package io.ssogate.proxy.headers;

import io.ssogate.core.config.ProxyConfig;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The header fields a request carries from the gateway to Mattermost, built as a fresh list: the
 * client's end-to-end fields, minus hop-by-hop ones and minus the client's own forwarding/identity
 * claims, plus the gateway's {@code X-Forwarded-*} fields.
 *
 * <p>Framing is not copied: {@code Content-Length} and {@code Transfer-Encoding} describe the client's
 * hop, and the upstream request states its own from its body. An upgrade tunnel that needs
 * {@code Connection}/{@code Upgrade} upstream adds them itself; they are hop-by-hop here.
 */
public final class ProxyRequestHeaders {

    public static final String X_FORWARDED_FOR = "X-Forwarded-For";
    public static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    public static final String X_FORWARDED_HOST = "X-Forwarded-Host";
    public static final String X_FORWARDED_PORT = "X-Forwarded-Port";
    public static final String X_REAL_IP = "X-Real-IP";

    /**
     * Client claims about who it is or how it arrived; a client could forge any of them, so the
     * gateway removes them before adding its own (only a trusted proxy's Proto/Host/Port are kept).
     */
    private static final Set<String> FORWARDING = Set.of(
            "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "forwarded",
            "x-real-ip");

    /** The client hop's message framing (RFC 9112 §6); the upstream request frames its own body. */
    private static final Set<String> FRAMING = Set.of("content-length");

    static final String VIA_PSEUDONYM = "ssogate";

    private ProxyRequestHeaders() {
    }

    /** "HTTP/1.1" becomes "1.1" (RFC 9110 §7.6.3: the protocol name is omitted for HTTP). */
    private static String protocolVersion(String protocol) {
        if (protocol != null && protocol.startsWith("HTTP/")) {
            return protocol.substring("HTTP/".length());
        }
        return protocol == null || protocol.isBlank() ? "1.1" : protocol;
    }

    /**
     * The end-to-end headers to send upstream, in client order, then the forwarding headers.
     *
     * @throws IllegalArgumentException if {@code config.trustedProxies()} holds an entry that is not an
     *                                  address or CIDR block
     */
    public static List<Map.Entry<String, String>> forUpstream(HttpServletRequest clientRequest, ProxyConfig config) {
        HopByHopHeaders hopByHop = HopByHopHeaders.forConnectionValues(
                Collections.list(clientRequest.getHeaders("Connection")));
        List<Map.Entry<String, String>> proxyHeaders = new ArrayList<>();
        for (String name : Collections.list(clientRequest.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (hopByHop.contains(lower) || FORWARDING.contains(lower) || FRAMING.contains(lower)) {
                continue;
            }
            for (String value : Collections.list(clientRequest.getHeaders(name))) {
                proxyHeaders.add(Map.entry(name, value));
            }
        }
        // RFC 9110 §7.6.3: "An HTTP-to-HTTP gateway MUST send an appropriate Via header field in each
        // inbound request message"; a pseudonym, not our host name, as the RFC allows.
        proxyHeaders.add(Map.entry("Via", protocolVersion(clientRequest.getProtocol()) + " " + VIA_PSEUDONYM));
        addForwardingHeaders(clientRequest, TrustedProxies.of(config.trustedProxies()), proxyHeaders);
        return proxyHeaders;
    }

    private static void addForwardingHeaders(HttpServletRequest clientRequest, TrustedProxies trusted,
            List<Map.Entry<String, String>> proxyHeaders) {
        String peer = clientRequest.getRemoteAddr();
        String host = clientRequest.getHeader("Host");
        if (!trusted.contains(peer)) {
            // An untrusted peer is the client; anything it says about other hops is ignored.
            proxyHeaders.add(Map.entry(X_FORWARDED_FOR, peer));
            proxyHeaders.add(Map.entry(X_FORWARDED_PROTO, clientRequest.getScheme()));
            if (host != null) {
                proxyHeaders.add(Map.entry(X_FORWARDED_HOST, host));
            }
            proxyHeaders.add(Map.entry(X_REAL_IP, peer));
            return;
        }
        ForwardedChain chain = ForwardedChain.resolve(
                Collections.list(clientRequest.getHeaders(X_FORWARDED_FOR)), peer, trusted);
        proxyHeaders.add(Map.entry(X_FORWARDED_FOR, chain.headerValue()));
        proxyHeaders.add(Map.entry(X_FORWARDED_PROTO,
                firstOr(clientRequest.getHeader(X_FORWARDED_PROTO), clientRequest.getScheme())));
        String forwardedHost = firstOr(clientRequest.getHeader(X_FORWARDED_HOST), host);
        if (forwardedHost != null) {
            proxyHeaders.add(Map.entry(X_FORWARDED_HOST, forwardedHost));
        }
        String forwardedPort = clientRequest.getHeader(X_FORWARDED_PORT);
        if (forwardedPort != null && !forwardedPort.isBlank()) {
            proxyHeaders.add(Map.entry(X_FORWARDED_PORT, forwardedPort.trim()));
        }
        proxyHeaders.add(Map.entry(X_REAL_IP, chain.clientAddress()));
    }

    /** The first comma-separated element of a trusted proxy's value, or {@code fallback} when absent. */
    private static String firstOr(String value, String fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int comma = value.indexOf(',');
        return (comma < 0 ? value : value.substring(0, comma)).trim();
    }
}
