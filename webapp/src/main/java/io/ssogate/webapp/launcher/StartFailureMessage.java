package io.ssogate.webapp.launcher;

import io.ssogate.core.config.ServerConfig;
import io.ssogate.webapp.FeatureInstallException;
import java.io.IOException;
import java.net.BindException;
import org.apache.catalina.LifecycleException;

/**
 * Why the embedded gateway could not start, as the one line the launcher prints: a busy port said as
 * such, anything else with the listener it was for.
 */
final class StartFailureMessage {

    private StartFailureMessage() {
    }

    static String of(ServerConfig server, Throwable failure) {
        BindException bind = causeOfType(failure, BindException.class);
        // "Address already in use" on Linux and macOS, "Address already in use: bind" on Windows.
        if (bind != null && String.valueOf(bind.getMessage()).contains("already in use")) {
            return "port " + server.port() + " on " + server.bindAddress() + " is already in use";
        }
        String listener = server.bindAddress() + ":" + server.port();
        if (bind != null) {
            return "cannot listen on " + listener + ": " + bind.getMessage();
        }
        return oneLine("could not start the gateway on " + listener + ": " + reason(failure));
    }

    /**
     * Tomcat wraps the cause in layers of "failed to start component", so its root says what happened;
     * storage and our own exceptions say it at the top, already stripped of secrets, while their causes
     * (a driver's message) may not be.
     */
    private static String reason(Throwable failure) {
        FeatureInstallException feature = causeOfType(failure, FeatureInstallException.class);
        if (feature != null) {
            return feature.getMessage(); // names the feature; its cause alone would not
        }
        Throwable shown = failure instanceof LifecycleException ? root(failure) : failure;
        if (shown instanceof IOException || shown.getMessage() == null) {
            // An IOException's message is often only a path; its type says what went wrong with it.
            return shown.getClass().getSimpleName() + (shown.getMessage() == null ? "" : ": " + shown.getMessage());
        }
        return shown.getMessage();
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
