package io.ssogate.proxy;

import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.feature.FeatureContext;
import io.ssogate.core.feature.GatewayFeature;
import io.ssogate.proxy.headers.ProxyRequestHeaders;
import io.ssogate.proxy.hooks.ProxyHooks;
import io.ssogate.proxy.websocket.WebSocketTunnel;

/**
 * The reverse proxy as a feature: the proxy servlet on the default mapping, with the WebSocket tunnel
 * for upgrades. It is installed through the same contract as every other feature; the later ones
 * register more specific mappings and request steps in front of it without the proxy knowing.
 */
public final class ProxyFeature implements GatewayFeature {

    public static final String NAME = "proxy";
    public static final String SERVLET_NAME = "ssogate-proxy";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return ORDER_PROXY;
    }

    @Override
    public void install(FeatureContext context) {
        LiveConfig config = context.config();
        // Later features (SSO, the Mattermost login) register their hooks here while they install.
        ProxyHooks hooks = new ProxyHooks();
        context.services().publish(ProxyHooks.class, hooks);
        WebSocketTunnel tunnel = new WebSocketTunnel(() -> config.current().proxy(),
                clientRequest -> ProxyRequestHeaders.forUpstream(clientRequest, config.current().proxy()),
                new ProxyErrorResponder(), hooks);
        context.closeOnStop(tunnel);
        ProxyServlet servlet = new ProxyServlet(config, tunnel::relay, hooks);
        // "/" is the default mapping; the *.jsp mappings override the JSP servlet that a stock Tomcat's
        // conf/web.xml declares, so no Mattermost URL is ever answered by the container itself.
        // The terminal servlet: where the gateway's valve runs the steps, it calls the proxy itself.
        context.addTerminalServlet(SERVLET_NAME, servlet, "/", "*.jsp", "*.jspx");
        context.services().publish(WebSocketTunnel.class, tunnel);
    }
}
