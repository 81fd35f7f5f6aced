package io.ssogate.proxy.headers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.HashSet;

import org.apache.hc.core5.http.Header;

/**
 * Which header fields belong to one connection and must not be relayed (RFC 9110 §7.6.1). The set is
 * the fixed list plus every field name listed in {@code Connection}, computed per message.
 */
public final class HopByHopHeaders {

    /**
     * The fixed list. RFC 9110 §7.6.1 names Connection, Proxy-Connection, Keep-Alive, TE,
     * Transfer-Encoding and Upgrade; Trailer (§6.6.2) describes this hop's chunked framing;
     * Proxy-Authenticate/-Authorization (§11.7) are addressed to us, never to Mattermost.
     * Expect (§10.1.1) is answered by the gateway's own container when the body is read, so it is not
     * forwarded either: the upstream must not wait to send a 100 we would swallow.
     */
    private static final Set<String> ALWAYS = Set.of(
            "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade", "expect");

    /** The common case, a message whose Connection field lists nothing else: shared, no copy per request. */
    private static final HopByHopHeaders FIXED_ONLY = new HopByHopHeaders(ALWAYS);

    private final Set<String> names;

    private HopByHopHeaders(Set<String> names) {
        this.names = names;
    }

    /**
     * The hop-by-hop names for one message, given the values of its {@code Connection} fields.
     * RFC 9110 §7.6.1: "a proxy or gateway MUST parse a received Connection header field before a
     * message is forwarded and, for each connection-option in this field, remove any header or trailer
     * field(s) from the message with the same name as the connection-option".
     */
    public static HopByHopHeaders forConnectionValues(Iterable<String> connectionValues) {
        Set<String> names = null;
        if (connectionValues != null) {
            for (String value : connectionValues) {
                if (value == null) {
                    continue;
                }
                for (String token : value.split(",")) {
                    String name = token.trim().toLowerCase(Locale.ROOT);
                    if (!name.isEmpty() && !ALWAYS.contains(name)) {
                        if (names == null) {
                            names = new HashSet<>(ALWAYS);
                        }
                        names.add(name);
                    }
                }
            }
        }
        return names == null ? FIXED_ONLY : new HopByHopHeaders(names);
    }

    /**
     * The hop-by-hop names for a message parsed by HttpCore (the WebSocket tunnel reads the upstream's
     * answer to an upgrade that way): the same rule, fed with the values of its {@code Connection} fields.
     */
    public static HopByHopHeaders forHeaders(Iterable<? extends Header> headers) {
        List<String> connectionValues = new ArrayList<>();
        for (Header header : headers) {
            if (header.getName().equalsIgnoreCase("Connection")) {
                connectionValues.add(header.getValue());
            }
        }
        return forConnectionValues(connectionValues);
    }

    public boolean contains(String headerName) {
        return names.contains(headerName.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code headerName} is on the fixed list, whatever a Connection field says. */
    public static boolean isAlwaysHopByHop(String headerName) {
        return ALWAYS.contains(headerName.toLowerCase(Locale.ROOT));
    }
}
