package io.ssogate.proxy.headers;

import java.util.ArrayList;
import java.util.List;

/**
 * The client address behind a chain of trusted proxies, found as Tomcat's RemoteIpValve does: walk
 * {@code X-Forwarded-For} plus the direct peer from the right, skipping trusted proxies; the first
 * untrusted entry is the client.
 *
 * <p>The chain sent upstream starts at that client. Entries left of it were written by the client or
 * by hops nobody vouches for, and Mattermost takes the <em>left-most</em> X-Forwarded-For element as
 * the client IP ({@code GetIPAddress} in server/public/shared/... utils), so keeping them would let a
 * client choose its own audit-log address.
 */
record ForwardedChain(String clientAddress, String headerValue) {

    static ForwardedChain resolve(List<String> forwardedForValues, String peer, TrustedProxies trusted) {
        List<String> hops = new ArrayList<>();
        for (String value : forwardedForValues) {
            for (String element : value.split(",")) {
                String hop = element.trim();
                if (!hop.isEmpty()) {
                    hops.add(hop);
                }
            }
        }
        hops.add(peer);
        int client = 0;
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trusted.contains(hops.get(i))) {
                client = i;
                break;
            }
        }
        // When every hop is trusted the left-most one is the best we know (RemoteIpValve does the same).
        List<String> kept = hops.subList(client, hops.size());
        return new ForwardedChain(kept.get(0), String.join(", ", kept));
    }
}
