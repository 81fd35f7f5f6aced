package io.ssogate.proxy.hooks;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Mattermost's answer as an {@link UpstreamResponseHook} sees it, before the proxy relays it: the
 * status, the header fields that will go to the client (hop-by-hop fields already dropped, upstream URLs
 * already rewritten to the public address), which the hook may change, and the choice to answer the
 * client itself instead.
 *
 * <p>A hook that answers instead gets the client's response, cleared of everything but what steps in
 * front of the proxy set on it (a session cookie, say), and may then read Mattermost's body through
 * {@link #body()} and stream its own: the proxy relays nothing of Mattermost's answer. Whatever of the
 * body the hook leaves unread, the proxy discards when the hook returns.
 */
public final class UpstreamResponse {

    /** Opens Mattermost's response body; called at most once, and only for a hook answering instead. */
    @FunctionalInterface
    public interface BodySource {
        InputStream open() throws IOException;
    }

    private final HttpServletRequest clientRequest;
    private final String requestId;
    private final boolean upgrade;
    private final int status;
    private final HeaderFields headers;
    private final BodySource bodySource;
    private final HttpServletResponse clientResponse;
    private final Runnable clearUpstreamAnswer;
    private boolean answered;
    private TrackedBody body;

    /**
     * @param clientHeaders       the proxy's mutable list of the fields it will relay; hooks change it in place
     * @param bodySource          Mattermost's body; an empty stream when the answer has none (HEAD, 204, a 101)
     * @param clearUpstreamAnswer returns the client response to what it was before Mattermost's answer
     *                            was copied onto it (run when a hook answers instead)
     */
    public UpstreamResponse(HttpServletRequest clientRequest, String requestId, boolean upgrade, int status,
            List<Map.Entry<String, String>> clientHeaders, BodySource bodySource,
            HttpServletResponse clientResponse, Runnable clearUpstreamAnswer) {
        this.clientRequest = clientRequest;
        this.requestId = requestId;
        this.upgrade = upgrade;
        this.status = status;
        this.headers = new HeaderFields(clientHeaders);
        this.bodySource = bodySource;
        this.clientResponse = clientResponse;
        this.clearUpstreamAnswer = clearUpstreamAnswer;
    }

    public HttpServletRequest clientRequest() {
        return clientRequest;
    }

    public String requestId() {
        return requestId;
    }

    /** True for the answer to a WebSocket (or other upgrade) handshake: a 101 switches unless a hook answers. */
    public boolean isUpgrade() {
        return upgrade;
    }

    /** Mattermost's status code. */
    public int status() {
        return status;
    }

    /** The fields the proxy will relay to the client; ignored once a hook {@linkplain #answerInstead() answers}. */
    public HeaderFields headers() {
        return headers;
    }

    /**
     * Takes the answer over: the proxy will relay nothing of Mattermost's (status, fields, body), and
     * later hooks do not run. The returned response is clear of Mattermost's answer; what the hook writes
     * to it is the client's answer. Calling it again returns the same response.
     */
    public HttpServletResponse answerInstead() {
        if (!answered) {
            answered = true;
            if (!clientResponse.isCommitted()) {
                clearUpstreamAnswer.run();
            }
        }
        return clientResponse;
    }

    /** Whether a hook took the answer over. */
    public boolean answered() {
        return answered;
    }

    /**
     * Mattermost's response body (already de-chunked, still in its Content-Encoding), to read while
     * writing an answer of one's own; streaming, never buffered. Closing it is not needed: the proxy ends
     * the upstream exchange when the hooks return.
     *
     * @throws IllegalStateException unless this hook {@linkplain #answerInstead() answers instead}: a body
     *                               read by a hook could no longer be relayed
     */
    public InputStream body() throws IOException {
        if (!answered) {
            throw new IllegalStateException("call answerInstead() before reading the upstream body");
        }
        if (body == null) {
            body = new TrackedBody(bodySource.open());
        }
        return body;
    }

    /** Whether a hook read the body to its end, so the upstream connection can be reused as it is. */
    public boolean bodyReadToEnd() {
        return body != null && body.atEnd;
    }

    /** Bytes of the body a hook read. */
    public long bodyBytesRead() {
        return body == null ? 0 : body.count;
    }

    /**
     * Counts what is read and notes the end. Close does nothing: closing HttpClient's stream reads the
     * rest of the body, which for a large one is the proxy's call, not a hook's.
     */
    private static final class TrackedBody extends FilterInputStream {
        private long count;
        private boolean atEnd;

        TrackedBody(InputStream upstream) {
            super(upstream);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                atEnd = true;
            } else {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                atEnd = true;
            } else {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }

        @Override
        public void close() {
            // the proxy ends the exchange: drain a small rest, or discard the connection
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
