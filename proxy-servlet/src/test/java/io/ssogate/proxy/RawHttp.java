package io.ssogate.proxy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client over a raw socket, for what java.net.http refuses to send: spoofed
 * forwarding headers, hop-by-hop fields, Expect, hand-made chunked bodies.
 */
final class RawHttp implements AutoCloseable {

    record Response(int status, List<String[]> headers, byte[] body) {
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    values.add(h[1]);
                }
            }
            return values;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    final Socket socket;
    final InputStream in;
    final OutputStream out;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void send(String head) throws IOException {
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a whole request (head with CRLFs, blank line) and reads one response. */
    static Response exchange(int port, String request) throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            http.send(request);
            return http.readResponse(false);
        }
    }

    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new EOFException("connection closed");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads status line and headers only. */
    Response readHead() throws IOException {
        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        List<String[]> headers = new ArrayList<>();
        String line;
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
        }
        return new Response(status, headers, new byte[0]);
    }

    Response readResponse(boolean head) throws IOException {
        Response response = readHead();
        if (head || response.status() == 204 || response.status() == 304 || response.status() / 100 == 1) {
            return response;
        }
        String length = response.header("Content-Length");
        String encoding = response.header("Transfer-Encoding");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            for (byte[] chunk = readChunk(); chunk != null; chunk = readChunk()) {
                body.write(chunk);
            }
        } else if (length != null) {
            byte[] bytes = in.readNBytes(Integer.parseInt(length));
            if (bytes.length != Integer.parseInt(length)) {
                throw new EOFException("body cut short at " + bytes.length);
            }
            body.write(bytes);
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(response.status(), response.headers(), body.toByteArray());
    }

    /** The next chunk of a chunked body (RFC 9112 §7.1), or null after the last chunk and its trailers. */
    byte[] readChunk() throws IOException {
        int size = Integer.parseInt(readLine().split(";")[0].trim(), 16);
        if (size == 0) {
            while (!readLine().isEmpty()) {
                // trailers
            }
            return null;
        }
        byte[] chunk = in.readNBytes(size);
        if (chunk.length != size || !readLine().isEmpty()) {
            throw new IOException("bad chunk framing");
        }
        return chunk;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
