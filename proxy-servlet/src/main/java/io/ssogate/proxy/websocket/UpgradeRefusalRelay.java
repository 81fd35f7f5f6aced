package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.AsynchronousByteChannel;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.impl.io.ChunkedInputStream;
import org.apache.hc.core5.http.impl.io.ContentLengthInputStream;
import org.apache.hc.core5.http.impl.io.SessionInputBufferImpl;

/**
 * Passes an upstream's non-101 answer (e.g. Mattermost's 403/400 for a bad Origin, 401 for a missing
 * session) to the client as an ordinary response, so the client sees the real reason.
 */
final class UpgradeRefusalRelay {

    private static final int BODY_BUFFER_BYTES = 8 * 1024;

    private UpgradeRefusalRelay() {
    }

    static void relay(UpstreamResponseHead serverResponse, AsynchronousByteChannel upstream,
                      HttpServletResponse proxyResponse, long readTimeoutNanos) throws IOException {
        proxyResponse.setStatus(serverResponse.status());
        for (Header header : serverResponse.endToEndHeaders()) {
            proxyResponse.addHeader(header.getName(), header.getValue());
        }
        InputStream raw = new TimedChannelInputStream(serverResponse.leftover(), upstream, readTimeoutNanos);
        InputStream body = body(serverResponse, raw, proxyResponse);
        if (body != null) {
            // transferTo streams through one small buffer; the body is never held whole.
            body.transferTo(proxyResponse.getOutputStream());
        }
    }

    /** RFC 9112 §6.3: how the length of a response body is determined. */
    private static InputStream body(UpstreamResponseHead serverResponse, InputStream raw,
                                    HttpServletResponse proxyResponse) throws IOException {
        int status = serverResponse.status();
        if (status < 200 || status == 204 || status == 304) {
            return null;
        }
        String transferEncoding = serverResponse.firstHeader("Transfer-Encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new ChunkedInputStream(new SessionInputBufferImpl(BODY_BUFFER_BYTES), raw);
        }
        String contentLength = serverResponse.firstHeader("Content-Length");
        if (contentLength != null) {
            long length;
            try {
                length = Long.parseLong(contentLength.trim());
            } catch (NumberFormatException e) {
                throw new UpstreamResponseHead.InvalidUpstreamResponseException(
                        "invalid Content-Length [" + contentLength + "]");
            }
            proxyResponse.setContentLengthLong(length);
            return new ContentLengthInputStream(new SessionInputBufferImpl(BODY_BUFFER_BYTES), raw, length);
        }
        return raw; // delimited by the upstream closing the connection
    }
}
