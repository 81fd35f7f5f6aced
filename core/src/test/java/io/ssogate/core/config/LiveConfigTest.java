package io.ssogate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A change reaches every listener, or none: checked by all before any applies it. */
class LiveConfigTest {

    private static final GatewayConfig INITIAL = new GatewayConfig(null, ProxyConfig.of(URI.create("http://127.0.0.1:8065")), null);
    private static final URI CHANGED_UPSTREAM = URI.create("http://127.0.0.1:9065");

    private final LiveConfig live = new LiveConfig(INITIAL);
    private final List<String> events = new ArrayList<>();

    @Test
    void aChangeRefusedByOneListenerIsPublishedToNoneAndReadersKeepTheOldSettings() {
        live.addListener(recording("first", false));
        live.addListener(recording("refuses", true));
        live.addListener(recording("third", false));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> live.update(c -> c.withProxy(c.proxy().withUpstreamUrl(CHANGED_UPSTREAM))));

        assertEquals("refuses cannot use " + CHANGED_UPSTREAM, refused.getMessage());
        assertSame(INITIAL, live.current());
        assertEquals(List.of("first checked", "refuses checked"), events, "nobody applied anything");
    }

    @Test
    void everyListenerChecksBeforeAnyApplies() {
        live.addListener(recording("a", false));
        live.addListener(recording("b", false));

        GatewayConfig updated = live.update(c -> c.withProxy(c.proxy().withUpstreamUrl(CHANGED_UPSTREAM)));

        assertSame(updated, live.current());
        assertEquals(List.of("a checked", "b checked", "a applied", "b applied"), events);
    }

    @Test
    void aListenerFailingToApplyDoesNotSkipTheOthers() {
        live.addListener(changed -> {
            throw new IllegalStateException("defect in a listener");
        });
        live.addListener(recording("after", false));

        live.update(c -> c.withProxy(c.proxy().withUpstreamUrl(CHANGED_UPSTREAM)));

        assertEquals(CHANGED_UPSTREAM, live.current().proxy().upstreamUrl());
        assertEquals(List.of("after checked", "after applied"), events);
    }

    @Test
    void aRemovedListenerHearsNoMoreChanges() {
        ConfigListener listener = recording("gone", false);
        live.addListener(listener);
        live.removeListener(listener);

        live.update(c -> c.withProxy(c.proxy().withUpstreamUrl(CHANGED_UPSTREAM)));

        assertEquals(List.of(), events);
    }

    private ConfigListener recording(String name, boolean refuse) {
        return new ConfigListener() {
            @Override
            public void check(GatewayConfig candidate) {
                events.add(name + " checked");
                if (refuse) {
                    throw new IllegalArgumentException(name + " cannot use " + candidate.proxy().upstreamUrl());
                }
            }

            @Override
            public void apply(GatewayConfig changed) {
                events.add(name + " applied");
            }
        };
    }
}
