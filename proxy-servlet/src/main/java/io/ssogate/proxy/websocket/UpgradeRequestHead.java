package io.ssogate.proxy.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ssogate.proxy.headers.FieldSyntax;

/**
 * Encodes the HTTP/1.1 upgrade request the gateway sends upstream. The header list comes from the
 * HTTP proxy (end-to-end headers with our X-Forwarded-* already set); this class adds back the two
 * hop-by-hop headers an upgrade needs and the client's Host.
 */
final class UpgradeRequestHead {

    private static final Logger log = LoggerFactory.getLogger(UpgradeRequestHead.class);

    /**
     * Headers this class writes itself, or that must not appear on a bodiless upgrade request; a copy in
     * the supplied list is dropped rather than sent twice.
     */
    private static final Set<String> WRITTEN_HERE = Set.of(
            "host", "upgrade", "connection", "content-length", "transfer-encoding");

    private UpgradeRequestHead() {
    }

    static ByteBuffer encode(String method, String requestTarget, String host, String upgrade,
                             List<Map.Entry<String, String>> headers) {
        StringBuilder head = new StringBuilder(1024);
        head.append(method).append(' ').append(requestTarget).append(" HTTP/1.1\r\n");
        // Host passes through as the client sent it: Mattermost compares Origin with it when SiteURL is
        // empty (mattermost-api.md §10 "Origin check"; NGINX guide: proxy_set_header Host $http_host).
        appendHeader(head, "Host", host);
        for (Map.Entry<String, String> header : headers) {
            if (!WRITTEN_HERE.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                appendHeader(head, header.getKey(), header.getValue());
            }
        }
        // RFC 9110 §7.8: Upgrade is hop-by-hop, so it is only sent when listed in Connection.
        appendHeader(head, "Upgrade", upgrade);
        appendHeader(head, "Connection", "Upgrade");
        head.append("\r\n");
        // Tomcat decodes header bytes as ISO-8859-1, so encoding them back the same way is lossless.
        return ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void appendHeader(StringBuilder head, String name, String value) {
        if (!FieldSyntax.isToken(name) || !FieldSyntax.isFieldValue(value)) {
            // RFC 9110 §5.5: CR, LF and NUL are never valid in a field value; sending one would let a
            // client inject headers upstream. The container normally rejects them first.
            log.debug("Dropping malformed header [{}] from upgrade request", name);
            return;
        }
        head.append(name).append(": ").append(value).append("\r\n");
    }
}
