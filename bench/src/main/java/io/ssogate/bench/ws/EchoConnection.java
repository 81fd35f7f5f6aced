package io.ssogate.bench.ws;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client connection of the echo load: sends a small text frame, waits for the echo, records the
 * round trip, and sends the next until the deadline. {@link #finished()} completes after the last
 * echo, or on the first error (a mismatched echo counts as one).
 */
final class EchoConnection implements WebSocket.Listener {

    private final String payload;
    private final LatencySamples samples = new LatencySamples();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final AtomicLong errors;
    private final AtomicReference<String> firstError;
    private final StringBuilder partial = new StringBuilder();

    private volatile long deadlineNanos;
    private volatile long sentAtNanos;
    /**
     * What the round still waits for: its send to complete and its echo to arrive, in either order.
     * java.net.http allows one outstanding send, and on loopback the echo often arrives before the
     * send's future completes; the next send starts only when both have happened.
     */
    private final AtomicInteger roundSteps = new AtomicInteger();

    EchoConnection(String payload, AtomicLong errors, AtomicReference<String> firstError) {
        this.payload = payload;
        this.errors = errors;
        this.firstError = firstError;
    }

    /** Starts the send/echo loop on an open socket; it runs until {@code deadlineNanos}. */
    void start(WebSocket webSocket, long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        send(webSocket);
    }

    LatencySamples samples() {
        return samples;
    }

    CompletableFuture<Void> finished() {
        return finished;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        partial.append(data);
        webSocket.request(1);
        if (!last) {
            return null;
        }
        String echo = partial.toString();
        partial.setLength(0);
        if (!payload.equals(echo)) {
            fail("echo differs from the message sent: [" + echo + "]");
            return null;
        }
        samples.add(now - sentAtNanos);
        if (now - deadlineNanos < 0) {
            stepDone(webSocket);
        } else {
            finished.complete(null);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!finished.isDone()) {
            fail("closed by the server before the run ended: " + statusCode + " [" + reason + "]");
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        fail("socket error: " + error);
    }

    private void send(WebSocket webSocket) {
        roundSteps.set(2);
        sentAtNanos = System.nanoTime();
        webSocket.sendText(payload, true).whenComplete((ignored, e) -> {
            if (e != null) {
                fail("send failed: " + e);
            } else {
                stepDone(webSocket);
            }
        });
    }

    private void stepDone(WebSocket webSocket) {
        if (roundSteps.decrementAndGet() == 0) {
            send(webSocket);
        }
    }

    /** Counts the failure once per connection and ends its loop; the first reason is kept for the report. */
    private void fail(String reason) {
        if (finished.complete(null)) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, reason);
        }
    }
}
