package io.ssogate.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One IP address or CIDR block (RFC 4632 for IPv4, RFC 4291 §2.3 for IPv6), such as {@code 10.0.0.0/8},
 * {@code 192.168.1.7} or {@code fd00::/8}. Parsing accepts address literals only and never asks DNS:
 * a trusted-proxy list that resolved names would change meaning with DNS and stall start-up.
 */
public final class IpRange {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** Hex digits, colons and (for an embedded IPv4 tail, RFC 4291 §2.2 form 3) dots; nothing a resolver would take. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private IpRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses {@code address} or {@code address/prefix}.
     *
     * @throws IllegalArgumentException naming the text when it is not an IPv4/IPv6 literal or CIDR block
     */
    public static IpRange parse(String addressOrCidr) {
        if (addressOrCidr == null || addressOrCidr.isBlank()) {
            throw new IllegalArgumentException("Not an IP address or CIDR range: [" + addressOrCidr + "]");
        }
        String trimmed = addressOrCidr.trim();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = parseLiteralBytes(addressText, addressOrCidr);
        int maxBits = address.length * 8;
        int prefix = maxBits;
        if (slash >= 0) {
            String prefixText = trimmed.substring(slash + 1);
            if (!prefixText.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("Bad CIDR prefix length in [" + addressOrCidr + "]");
            }
            prefix = Integer.parseInt(prefixText);
            if (prefix > maxBits) {
                throw new IllegalArgumentException(
                        "CIDR prefix length above " + maxBits + " in [" + addressOrCidr + "]");
            }
        }
        return new IpRange(mask(address, prefix), prefix, trimmed);
    }

    /**
     * Parses one address literal without DNS, as {@link jakarta.servlet.ServletRequest#getRemoteAddr()}
     * or an {@code X-Forwarded-For} entry gives it.
     *
     * @throws IllegalArgumentException naming the text when it is not an IPv4 or IPv6 literal
     */
    public static InetAddress parseAddress(String literal) {
        String trimmed = literal == null ? null : literal.trim();
        byte[] bytes = parseLiteralBytes(trimmed, literal);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an IP address: [" + literal + "]", e);
        }
    }

    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(candidate, prefixLength), network);
    }

    @Override
    public String toString() {
        return text;
    }

    private static byte[] parseLiteralBytes(String text, String original) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("Not an IP address: [" + original + "]");
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        Matcher v4 = IPV4.matcher(bare);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    throw new IllegalArgumentException("Not an IP address: [" + original + "]");
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        // Only text containing ':' and nothing but hex digits, colons and dots reaches InetAddress:
        // the JDK parses such text as an IPv6 literal and rejects it without a lookup.
        if (bare.indexOf(':') >= 0 && IPV6.matcher(bare).matches()) {
            try {
                // An IPv4-mapped literal (::ffff:a.b.c.d) comes back as the 4-byte IPv4 address, so it
                // matches IPv4 ranges as the same host should.
                return InetAddress.getByName(bare).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("Not an IP address: [" + original + "]", e);
            }
        }
        throw new IllegalArgumentException("Not an IP address: [" + original + "]");
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] = (byte) (masked[i] & (0xFF << (8 - bitsHere)));
        }
        return masked;
    }
}
