package io.ssogate.proxy.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry: order, names, failures, and a response hook taking the answer over. */
class ProxyHooksTest {

    private final ProxyHooks hooks = new ProxyHooks();
    private final HttpServletRequest clientRequest = mock(HttpServletRequest.class);
    private final HttpServletResponse clientResponse = mock(HttpServletResponse.class);

    private UpstreamResponse response(int status, String body, Runnable clear) {
        return new UpstreamResponse(clientRequest, "id", false, status, new ArrayList<>(),
                () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), clientResponse, clear);
    }

    @Test
    void requestHooksRunInRegistrationOrderOnTheProxysList() throws Exception {
        hooks.addRequestHook("first", request -> request.headers().add("X-Order", "1"));
        hooks.addRequestHook("second", request -> request.headers().set("X-Order",
                request.headers().first("X-Order").orElseThrow() + ",2"));
        List<Map.Entry<String, String>> upstream = new ArrayList<>();

        hooks.beforeUpstream(clientRequest, "id", false, upstream);

        assertEquals(List.of(Map.entry("X-Order", "1,2")), upstream);
    }

    @Test
    void withoutHooksNothingRunsAndNothingIsBuilt() throws Exception {
        assertFalse(hooks.hasRequestHooks());
        assertFalse(hooks.hasResponseHooks());
        hooks.beforeUpstream(clientRequest, "id", false, List.of()); // an immutable list: untouched
    }

    @Test
    void aSecondHookWithTheSameNameIsAWiringMistake() {
        hooks.addResponseHook("mattermost-login", response -> { });
        assertThrows(IllegalArgumentException.class, () -> hooks.addResponseHook("mattermost-login", response -> { }));
        assertThrows(IllegalArgumentException.class, () -> hooks.addRequestHook(" ", request -> { }));
    }

    @Test
    void aFailingHookIsNamedAndStopsTheHooksAfterIt() {
        List<String> ran = new ArrayList<>();
        hooks.addRequestHook("ok", request -> ran.add("ok"));
        hooks.addRequestHook("broken", request -> {
            throw new IllegalStateException("boom");
        });
        hooks.addRequestHook("later", request -> ran.add("later"));

        HookFailedException failure = assertThrows(HookFailedException.class,
                () -> hooks.beforeUpstream(clientRequest, "id", false, new ArrayList<>()));

        assertEquals("broken", failure.hookName());
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertEquals(List.of("ok"), ran);
    }

    @Test
    void aHookAnsweringInsteadClearsTheUpstreamAnswerAndStopsLaterHooks() throws Exception {
        List<String> cleared = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        hooks.addResponseHook("replace-401", response -> {
            if (response.status() == 401) {
                assertSame(clientResponse, response.answerInstead());
                ran.add(new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
        });
        hooks.addResponseHook("later", response -> ran.add("later"));
        UpstreamResponse response = response(401, "{\"id\":\"api.context.session_expired.app_error\"}",
                () -> cleared.add("cleared"));

        hooks.afterUpstream(response);

        assertTrue(response.answered());
        assertTrue(response.bodyReadToEnd());
        assertEquals(List.of("cleared"), cleared, "the client response was cleared once");
        assertEquals(List.of("{\"id\":\"api.context.session_expired.app_error\"}"), ran);
    }

    @Test
    void theBodyIsOnlyForAHookThatAnswersInsteadAndClosingItDoesNotDrainIt() throws Exception {
        UpstreamResponse response = response(200, "0123456789", () -> { });
        assertThrows(IllegalStateException.class, response::body, "a body read by a hook could not be relayed");

        response.answerInstead();
        response.body().read(new byte[4]);
        response.body().close();

        assertEquals(4, response.bodyBytesRead());
        assertFalse(response.bodyReadToEnd(), "the proxy, not the hook, decides what happens to the rest");
        verify(clientResponse).isCommitted();
    }
}
