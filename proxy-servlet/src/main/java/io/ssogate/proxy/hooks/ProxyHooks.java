package io.ssogate.proxy.hooks;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The hooks the proxy runs on every request it sends to Mattermost and every answer it relays, for
 * plain HTTP and the WebSocket handshake alike. Features register theirs while they install (the
 * gateway publishes one instance as a service); the proxy knows nothing of what they do.
 *
 * <p>Hooks run in the order they were registered, so in the order the features install. Registration
 * is thread-safe and copies the list; the per-request path reads one volatile field, and when no hook
 * is registered it allocates nothing.
 */
public final class ProxyHooks {

    private record Named<H>(String name, H hook) {
    }

    /**
     * A copy-on-write list per kind: registering copies it, a request reads it by index (no iterator,
     * nothing allocated).
     */
    private volatile List<Named<UpstreamRequestHook>> requestHooks = List.of();
    private volatile List<Named<UpstreamResponseHook>> responseHooks = List.of();

    /**
     * @param name names the hook in log lines and errors; unique among request hooks
     * @throws IllegalArgumentException when a request hook of that name is already registered
     */
    public synchronized void addRequestHook(String name, UpstreamRequestHook hook) {
        requestHooks = with(requestHooks, name, hook);
    }

    /**
     * @param name names the hook in log lines and errors; unique among response hooks
     * @throws IllegalArgumentException when a response hook of that name is already registered
     */
    public synchronized void addResponseHook(String name, UpstreamResponseHook hook) {
        responseHooks = with(responseHooks, name, hook);
    }

    private static <H> List<Named<H>> with(List<Named<H>> registered, String name, H hook) {
        Objects.requireNonNull(hook, "hook");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a proxy hook needs a name");
        }
        if (registered.stream().anyMatch(named -> named.name().equals(name))) {
            throw new IllegalArgumentException("a proxy hook named [" + name + "] is already registered");
        }
        List<Named<H>> grown = new ArrayList<>(registered);
        grown.add(new Named<>(name, hook));
        return List.copyOf(grown);
    }

    public boolean hasRequestHooks() {
        return !requestHooks.isEmpty();
    }

    public boolean hasResponseHooks() {
        return !responseHooks.isEmpty();
    }

    /**
     * Runs the request hooks on the fields the proxy is about to send upstream (changed in place). Called
     * by the proxy; it checks {@link #hasRequestHooks()} first, so a gateway without hooks builds no view.
     *
     * @throws HookFailedException naming the first hook that threw; later hooks do not run
     */
    public void beforeUpstream(HttpServletRequest clientRequest, String requestId, boolean upgrade,
            List<Map.Entry<String, String>> upstreamHeaders) throws HookFailedException {
        List<Named<UpstreamRequestHook>> hooks = requestHooks;
        if (hooks.isEmpty()) {
            return;
        }
        UpstreamRequest request = new UpstreamRequest(clientRequest, requestId, upgrade, upstreamHeaders);
        for (int i = 0; i < hooks.size(); i++) {
            Named<UpstreamRequestHook> named = hooks.get(i);
            try {
                named.hook().beforeUpstream(request);
            } catch (Exception e) {
                throw new HookFailedException(named.name(), e);
            }
        }
    }

    /**
     * Runs the response hooks on Mattermost's answer until one {@linkplain UpstreamResponse#answered()
     * answers instead}. Called by the proxy, after {@link #hasResponseHooks()}.
     *
     * @throws HookFailedException naming the hook that threw; later hooks do not run
     */
    public void afterUpstream(UpstreamResponse response) throws HookFailedException {
        List<Named<UpstreamResponseHook>> hooks = responseHooks;
        for (int i = 0; i < hooks.size(); i++) {
            Named<UpstreamResponseHook> named = hooks.get(i);
            try {
                named.hook().onUpstreamResponse(response);
            } catch (Exception e) {
                throw new HookFailedException(named.name(), e);
            }
            if (response.answered()) {
                return;
            }
        }
    }
}
