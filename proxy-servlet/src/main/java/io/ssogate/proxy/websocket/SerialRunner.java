package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a step on whichever thread asks, never on two at once, without a lock: a thread that finds
 * the step running only records the request, and the running thread repeats the step for it. No lock
 * is held while the step calls into the container, so none can be taken in the opposite order.
 */
final class SerialRunner {

    interface Step {
        void run() throws IOException;
    }

    private final AtomicInteger requests = new AtomicInteger();

    void run(Step step) throws IOException {
        if (requests.getAndIncrement() != 0) {
            return; // the running thread will repeat the step
        }
        try {
            do {
                step.run();
            } while (requests.decrementAndGet() != 0);
        } catch (IOException | RuntimeException e) {
            requests.set(0); // the tunnel closes on this failure; don't wedge the runner
            throw e;
        }
    }
}
