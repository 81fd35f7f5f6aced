package io.ssogate.proxy.headers;

import io.ssogate.core.net.IpRange;
import java.net.InetAddress;
import java.util.List;

/**
 * The parsed {@code trustedProxies} setting: peers whose {@code X-Forwarded-*} headers are believed.
 * Empty (nobody) is the safe default.
 */
public final class TrustedProxies {

    /** One-entry cache: the setting changes when an admin saves, not per request. */
    private static volatile TrustedProxies last = new TrustedProxies(List.of(), List.of());

    private final List<String> configured;
    private final List<IpRange> ranges;

    private TrustedProxies(List<String> configured, List<IpRange> ranges) {
        this.configured = configured;
        this.ranges = ranges;
    }

    /**
     * Parses the configured addresses and CIDR blocks.
     *
     * @throws IllegalArgumentException naming the {@code proxy.trustedProxies} entry that is not one
     */
    public static TrustedProxies of(List<String> configured) {
        TrustedProxies cached = last;
        if (cached.configured.equals(configured)) {
            return cached;
        }
        List<IpRange> ranges;
        try {
            ranges = configured.stream().map(IpRange::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("proxy.trustedProxies: " + e.getMessage(), e);
        }
        TrustedProxies parsed = new TrustedProxies(List.copyOf(configured), ranges);
        last = parsed;
        return parsed;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code addressLiteral} is a trusted proxy; text that is not an IP literal never is. */
    public boolean contains(String addressLiteral) {
        if (ranges.isEmpty() || addressLiteral == null) {
            return false;
        }
        InetAddress address;
        try {
            address = IpRange.parseAddress(addressLiteral);
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
        for (IpRange range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "TrustedProxies" + configured;
    }
}
