package io.ssogate.proxy.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A socket-level upstream for behaviour a real WebSocket server won't produce on demand: answering
 * the 101 and the first frame in one write, dying without a close frame, or never answering.
 */
final class RawUpstream implements AutoCloseable {

    enum Behaviour {
        /** 101 plus an unmasked text frame {@link #FIRST_FRAME_TEXT} in the same write, then wait. */
        SWITCH_AND_SEND_FIRST_FRAME,
        /** 101, then, once the client's first 8-byte frame arrives, drop the connection with no close frame. */
        SWITCH_THEN_DIE,
        /** Read the request and never answer. */
        NEVER_ANSWER,
        /** 101, then end the connection at once, with no close frame. */
        SWITCH_THEN_CLOSE,
        /** 101, then never read again, with a small receive buffer: an upstream that stopped taking bytes. */
        SWITCH_THEN_STOP_READING,
        /** 101, then send frame bytes as fast as the connection takes them, until it fails. */
        SWITCH_THEN_FLOOD
    }

    /** The receive buffer of a {@link Behaviour#SWITCH_THEN_STOP_READING} upstream, so a stall comes soon. */
    static final int SMALL_RECEIVE_BUFFER = 4096;

    static final String FIRST_FRAME_TEXT = "{\"event\":\"hello\",\"seq\":0}";

    private final ServerSocket serverSocket;
    private final Behaviour behaviour;
    private final CopyOnWriteArrayList<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    /** Completes when a flood write fails: the gateway closed the connection. */
    final java.util.concurrent.CompletableFuture<IOException> floodEnded = new java.util.concurrent.CompletableFuture<>();

    RawUpstream(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.serverSocket = new ServerSocket();
        if (behaviour == Behaviour.SWITCH_THEN_STOP_READING) {
            serverSocket.setReceiveBufferSize(SMALL_RECEIVE_BUFFER); // before bind: accepted sockets inherit it
        }
        serverSocket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 250);
        this.acceptor = new Thread(this::acceptLoop, "raw-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort());
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                accepted.add(socket);
                handle(socket);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket socket) throws IOException {
        String head = RawUpgradeRequest.readHead(socket.getInputStream());
        if (behaviour == Behaviour.NEVER_ANSWER) {
            return;
        }
        String key = headerValue(head, "Sec-WebSocket-Key");
        byte[] payload = FIRST_FRAME_TEXT.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.writeBytes(("HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + acceptFor(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        if (behaviour == Behaviour.SWITCH_AND_SEND_FIRST_FRAME) {
            answer.write(0x81); // FIN + text, RFC 6455 §5.2
            answer.write(payload.length); // < 126, so a 7-bit length, server frames unmasked (§5.1)
            answer.writeBytes(payload);
        }
        OutputStream out = socket.getOutputStream();
        out.write(answer.toByteArray());
        out.flush();
        if (behaviour == Behaviour.SWITCH_THEN_DIE) {
            // The tunnel is fully open once a client frame arrives; a 2-byte text is 2+4+2 bytes (§5.2).
            socket.getInputStream().readNBytes(8);
            // Like a killed process: the OS ends the stream with no WebSocket close frame. (Not an RST,
            // which would make the gateway's kernel discard the frame before it is relayed.)
            socket.close();
        }
        if (behaviour == Behaviour.SWITCH_THEN_CLOSE) {
            socket.close();
        }
        if (behaviour == Behaviour.SWITCH_THEN_FLOOD) {
            Thread flood = new Thread(() -> flood(out), "raw-upstream-flood");
            flood.setDaemon(true);
            flood.start();
        }
    }

    /** Unmasked 125-byte binary frames (RFC 6455 §5.2), so the client side sees valid WebSocket traffic. */
    private void flood(OutputStream out) {
        byte[] frame = new byte[127];
        frame[0] = (byte) 0x82;
        frame[1] = 125;
        try {
            while (true) {
                out.write(frame);
            }
        } catch (IOException e) {
            floodEnded.complete(e);
        }
    }

    private static String headerValue(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new IllegalStateException("no " + name + " in " + head);
    }

    /** RFC 6455 §4.2.2: base64(SHA-1(key + GUID)). */
    private static String acceptFor(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
