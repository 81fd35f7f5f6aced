package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.message.BasicLineParser;
import org.apache.hc.core5.http.message.StatusLine;
import org.apache.hc.core5.util.CharArrayBuffer;

import io.ssogate.proxy.headers.HopByHopHeaders;

/**
 * The upstream's answer to the upgrade request: status, headers, and the bytes that followed the head
 * in the same reads (after a 101 these are the first frames, which the client must get first).
 *
 * @param status   the status code
 * @param headers  the response headers, in order
 * @param leftover bytes received after the blank line ending the head, ready to be read
 */
record UpstreamResponseHead(int status, List<Header> headers, ByteBuffer leftover) {

    /** Upper bound for the status line plus headers; a Mattermost 101 head is a few hundred bytes. */
    static final int MAX_HEAD_BYTES = 16 * 1024;

    String firstHeader(String name) {
        for (Header header : headers) {
            if (header.getName().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /**
     * The headers that go on to the client, in a new mutable list for the proxy's response hooks: hop-by-hop ones dropped by the proxy's one rule (RFC 9110
     * §7.6.1, {@link HopByHopHeaders}), and Content-Length too, since the framing towards the client is
     * set by whoever writes it: the container for a 101 (RFC 9110 §8.6: none in a 1xx), and
     * {@link UpgradeRefusalRelay} for a refusal's body.
     */
    List<Map.Entry<String, String>> endToEndHeaders() {
        HopByHopHeaders hopByHop = HopByHopHeaders.forHeaders(headers);
        List<Map.Entry<String, String>> endToEnd = new ArrayList<>(headers.size());
        for (Header header : headers) {
            if (!hopByHop.contains(header.getName()) && !header.getName().equalsIgnoreCase("Content-Length")) {
                endToEnd.add(Map.entry(header.getName(), header.getValue() == null ? "" : header.getValue()));
            }
        }
        return endToEnd;
    }

    /**
     * Reads until the end of the head (CRLF CRLF, RFC 9112 §2.1) or until {@link #MAX_HEAD_BYTES}.
     *
     * @throws UpstreamTimeoutException when the deadline passes first
     * @throws InvalidUpstreamResponseException when the head is too large, truncated or malformed
     */
    static UpstreamResponseHead read(AsynchronousByteChannel upstream, long deadlineNanos) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_HEAD_BYTES);
        int headEnd = -1;
        int scanFrom = 0;
        while (headEnd < 0) {
            if (!buffer.hasRemaining()) {
                throw new InvalidUpstreamResponseException(
                        "upstream response head exceeds " + MAX_HEAD_BYTES + " bytes");
            }
            if (BlockingChannelIo.read(upstream, buffer, deadlineNanos) < 0) {
                throw new InvalidUpstreamResponseException("upstream closed the connection before answering");
            }
            headEnd = indexOfBlankLine(buffer.array(), scanFrom, buffer.position());
            scanFrom = Math.max(0, buffer.position() - 3);
        }
        UpstreamResponseHead head = parse(buffer.array(), headEnd);
        buffer.flip();
        buffer.position(headEnd + 4);
        // Copied, so an open tunnel does not keep the whole 16 KiB head buffer alive.
        ByteBuffer leftover = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
        return new UpstreamResponseHead(head.status, head.headers, leftover);
    }

    private static int indexOfBlankLine(byte[] bytes, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Line splitting is ours, since only we know where the head ends; the grammar is HttpCore's. */
    private static UpstreamResponseHead parse(byte[] bytes, int headEnd) throws InvalidUpstreamResponseException {
        List<CharArrayBuffer> lines = new ArrayList<>();
        int lineStart = 0;
        for (int i = 0; i <= headEnd; i++) {
            if (i == headEnd || (bytes[i] == '\r' && bytes[i + 1] == '\n')) {
                CharArrayBuffer line = new CharArrayBuffer(i - lineStart);
                for (int j = lineStart; j < i; j++) {
                    line.append((char) (bytes[j] & 0xFF)); // ISO-8859-1, RFC 9112 §2.2
                }
                lines.add(line);
                lineStart = i + 2;
                i++;
            }
        }
        try {
            StatusLine statusLine = BasicLineParser.INSTANCE.parseStatusLine(lines.get(0));
            List<Header> headers = new ArrayList<>(lines.size() - 1);
            for (CharArrayBuffer line : lines.subList(1, lines.size())) {
                if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                    // RFC 9112 §5.2: obsolete line folding in a response may be rejected.
                    throw new InvalidUpstreamResponseException("upstream response uses obsolete line folding");
                }
                headers.add(BasicLineParser.INSTANCE.parseHeader(line));
            }
            return new UpstreamResponseHead(statusLine.getStatusCode(), List.copyOf(headers), null);
        } catch (ParseException e) {
            throw new InvalidUpstreamResponseException("malformed upstream response head: " + e.getMessage());
        }
    }

    /** The upstream answered something that is not an HTTP/1.1 response head; 502. */
    static final class InvalidUpstreamResponseException extends IOException {
        InvalidUpstreamResponseException(String message) {
            super(message);
        }
    }
}
