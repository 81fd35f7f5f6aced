package io.ssogate.testkit.keycloak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process and everything it started. {@code kc.sh} runs Keycloak's JVM as its child and forwards
 * TERM to it; should kc.sh die first (or be killed), the JVM would be left running, so its descendants
 * are taken before the signal and killed too if they outlive the grace period.
 */
final class ProcessTree {

    private ProcessTree() {
    }

    /** TERM to the root, then KILL to whatever of the tree still runs after {@code grace}. */
    static void stop(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        root.destroy();
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return;
        } catch (TimeoutException | ExecutionException e) {
            // fall through to the kill
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            CompletableFuture.allOf(exits).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // a process that survives SIGKILL is beyond our reach; nothing more to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
