package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.AsynchronousByteChannel;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

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

    /** @param clientHeaders the upstream's end-to-end headers as the proxy's response hooks left them */
    static void relay(UpstreamResponseHead serverResponse, List<Map.Entry<String, String>> clientHeaders,
                      AsynchronousByteChannel upstream, HttpServletResponse proxyResponse, long readTimeoutNanos)
            throws IOException {
        proxyResponse.setStatus(serverResponse.status());
        for (Map.Entry<String, String> header : clientHeaders) {
            proxyResponse.addHeader(header.getKey(), header.getValue());
        }
        InputStream body = body(serverResponse, upstream, readTimeoutNanos);
        if (hasBody(serverResponse) && !isChunked(serverResponse) && contentLength(serverResponse) >= 0) {
            proxyResponse.setContentLengthLong(contentLength(serverResponse));
        }
        // transferTo streams through one small buffer; the body is never held whole.
        body.transferTo(proxyResponse.getOutputStream());
    }

    /** The refusal's body, de-chunked; empty when it has none. RFC 9112 §6.3: how its length is determined. */
    static InputStream body(UpstreamResponseHead serverResponse, AsynchronousByteChannel upstream,
                            long readTimeoutNanos) throws IOException {
        if (!hasBody(serverResponse)) {
            return InputStream.nullInputStream();
        }
        InputStream raw = new TimedChannelInputStream(serverResponse.leftover(), upstream, readTimeoutNanos);
        if (isChunked(serverResponse)) {
            return new ChunkedInputStream(new SessionInputBufferImpl(BODY_BUFFER_BYTES), raw);
        }
        long length = contentLength(serverResponse);
        if (length >= 0) {
            return new ContentLengthInputStream(new SessionInputBufferImpl(BODY_BUFFER_BYTES), raw, length);
        }
        return raw; // delimited by the upstream closing the connection
    }

    private static boolean hasBody(UpstreamResponseHead serverResponse) {
        int status = serverResponse.status();
        return status >= 200 && status != 204 && status != 304;
    }

    private static boolean isChunked(UpstreamResponseHead serverResponse) {
        String transferEncoding = serverResponse.firstHeader("Transfer-Encoding");
        return transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    /** The declared Content-Length, or -1 when there is none. */
    private static long contentLength(UpstreamResponseHead serverResponse) throws IOException {
        String contentLength = serverResponse.firstHeader("Content-Length");
        if (contentLength == null) {
            return -1;
        }
        long length;
        try {
            length = Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0) {
            throw new UpstreamResponseHead.InvalidUpstreamResponseException(
                    "invalid Content-Length [" + contentLength + "]");
        }
        return length;
    }
}
