package io.ssogate.proxy.websocket;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/** Client-side WebSocket listener that collects whole messages and how the connection ended. */
final class RecordingListener implements WebSocket.Listener {

    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    /** The close code the peer sent. */
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    /** Completes when the connection ends in any way: close frame, error, or connection loss. */
    final CompletableFuture<String> ended = new CompletableFuture<>();

    private final StringBuilder partialText = new StringBuilder();
    private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            texts.add(partialText.toString());
            partialText.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partialBinary.writeBytes(chunk);
        if (last) {
            binaries.add(partialBinary.toByteArray());
            partialBinary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        ended.complete("close " + statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended.complete("error " + error);
    }
}
