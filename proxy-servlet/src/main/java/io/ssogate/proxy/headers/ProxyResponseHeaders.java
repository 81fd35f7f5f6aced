package io.ssogate.proxy.headers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The header fields a response carries from Mattermost to the client: hop-by-hop fields removed
 * (RFC 9110 §7.6.1 applies to responses as much as to requests), and URLs naming the upstream rewritten
 * to the public address.
 *
 * <p>{@code Content-Length} is kept: the body is relayed byte for byte, so the length stays true, and a
 * HEAD or 304 answer must still state it (RFC 9110 §8.6).
 */
public final class ProxyResponseHeaders {

    private ProxyResponseHeaders() {
    }

    public static List<Map.Entry<String, String>> forClient(List<Map.Entry<String, String>> serverHeaders,
            PublicUrlRewriter rewriter) {
        List<String> connectionValues = new ArrayList<>();
        for (Map.Entry<String, String> header : serverHeaders) {
            if (header.getKey().equalsIgnoreCase("Connection")) {
                connectionValues.add(header.getValue());
            }
        }
        HopByHopHeaders hopByHop = HopByHopHeaders.forConnectionValues(connectionValues);
        List<Map.Entry<String, String>> proxyHeaders = new ArrayList<>(serverHeaders.size());
        for (Map.Entry<String, String> header : serverHeaders) {
            String value = filterHeader(header.getKey(), header.getValue(), hopByHop, rewriter);
            if (value != null) {
                proxyHeaders.add(Map.entry(header.getKey(), value));
            }
        }
        return proxyHeaders;
    }

    /** The value to relay for one server header, or {@code null} to drop it. */
    static String filterHeader(String name, String value, HopByHopHeaders hopByHop, PublicUrlRewriter rewriter) {
        if (hopByHop.contains(name)) {
            return null;
        }
        if (name.equalsIgnoreCase("Location") || name.equalsIgnoreCase("Content-Location")) {
            return rewriter.rewriteLocation(value);
        }
        if (name.equalsIgnoreCase("Set-Cookie")) {
            return rewriter.rewriteSetCookie(value);
        }
        return value;
    }
}
