package io.ssogate.proxy.websocket;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.apache.hc.core5.http.Header;

/** Which upstream response headers must not be copied to the client response. */
final class HopByHopHeaders {

    /**
     * RFC 9110 §7.6.1 connection-specific fields, plus the framing headers, which the container sets
     * for its own connection to the client.
     */
    private static final Set<String> ALWAYS = Set.of(
            "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "content-length");

    private final Set<String> dropped;

    private HopByHopHeaders(Set<String> dropped) {
        this.dropped = dropped;
    }

    /** RFC 9110 §7.6.1: a field named in Connection is hop-by-hop too. */
    static HopByHopHeaders of(Iterable<Header> headers) {
        Set<String> dropped = new HashSet<>(ALWAYS);
        for (Header header : headers) {
            if (header.getName().equalsIgnoreCase("Connection")) {
                for (String token : header.getValue().split(",")) {
                    dropped.add(token.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return new HopByHopHeaders(dropped);
    }

    boolean isHopByHop(String name) {
        return dropped.contains(name.toLowerCase(Locale.ROOT));
    }
}
