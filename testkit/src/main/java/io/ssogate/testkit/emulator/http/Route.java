package io.ssogate.testkit.emulator.http;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One implemented Mattermost API operation. Besides dispatching, it documents itself for the contract test:
 * the statuses the emulator can answer and the request-body properties it accepts.
 */
public final class Route {
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    private final String method;
    private final String template;
    private final List<String> segments;
    private final boolean requiresSession;
    private final Set<Integer> statuses;
    private final Set<String> bodyFields;
    private final Handler handler;

    public Route(String method, String template, boolean requiresSession, Set<Integer> statuses, Set<String> bodyFields,
                 Handler handler) {
        this.method = method;
        this.template = template;
        this.segments = List.of(template.substring(1).split("/"));
        this.requiresSession = requiresSession;
        this.statuses = Set.copyOf(statuses);
        this.bodyFields = Set.copyOf(bodyFields);
        this.handler = handler;
    }

    public String method() {
        return method;
    }

    /** The OpenAPI path, e.g. {@code /api/v4/users/{user_id}}. */
    public String template() {
        return template;
    }

    public boolean requiresSession() {
        return requiresSession;
    }

    public Set<Integer> statuses() {
        return statuses;
    }

    public Set<String> bodyFields() {
        return bodyFields;
    }

    Handler handler() {
        return handler;
    }

    /** Path parameters if the raw path fits the template, else null. Segments are matched still URL-encoded. */
    Map<String, String> match(String[] pathSegments) {
        if (pathSegments.length != segments.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pathSegments.length; i++) {
            String t = segments.get(i);
            if (t.startsWith("{")) {
                if (pathSegments[i].isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1),
                        java.net.URLDecoder.decode(pathSegments[i].replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
            } else if (!t.equals(pathSegments[i])) {
                return null;
            }
        }
        return params;
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}
