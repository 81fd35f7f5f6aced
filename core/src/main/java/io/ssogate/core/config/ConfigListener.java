package io.ssogate.core.config;

/**
 * Something that follows the live configuration (the proxy's pool, the WebSocket tunnel, later the IdP
 * registry). A change reaches listeners in two passes: every listener {@linkplain #check checks} it
 * first, and only when none refuses is it published and {@linkplain #apply applied} by all of them. So a
 * change is taken by every part of the gateway or by none.
 */
public interface ConfigListener {

    /**
     * Refuses a change this listener could not apply, before anything is published. Must not change
     * state: another listener may still refuse.
     *
     * @throws IllegalArgumentException naming the setting and why it cannot be used
     */
    default void check(GatewayConfig candidate) {
    }

    /**
     * Takes a change that every listener accepted. Failing here is a defect, not a refusal: it is logged
     * and the remaining listeners still apply the change.
     */
    void apply(GatewayConfig changed);
}
