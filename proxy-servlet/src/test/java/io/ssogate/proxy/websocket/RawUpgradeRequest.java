package io.ssogate.proxy.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends one WebSocket upgrade request over a plain socket and reads the response, for the failure
 * cases where the test needs the body, which java.net.http's WebSocket builder does not expose.
 */
final class RawUpgradeRequest {

    record Response(int status, String head, String body) {
    }

    private RawUpgradeRequest() {
    }

    static Response send(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            sendRequest(socket.getOutputStream(), port, path);
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int status = Integer.parseInt(head.substring(9, 12));
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Response(status, head, body);
        }
    }

    /**
     * A WebSocket through the gateway on a raw channel, returned (blocking) once the 101 head is read, for
     * tests that need a client which does something a WebSocket library won't, like never reading.
     */
    static SocketChannel openTunnel(int port, String path) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        try {
            channel.socket().setSoTimeout(20_000);
            sendRequest(channel.socket().getOutputStream(), port, path);
            String head = readHead(channel.socket().getInputStream());
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("not upgraded: " + head);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    static void sendRequest(OutputStream out, int port, String path) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads a request or response head byte by byte up to the blank line; not a byte after it is consumed. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("response head truncated: " + headBytes);
            }
            headBytes.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return headBytes.toString(StandardCharsets.ISO_8859_1);
    }
}
