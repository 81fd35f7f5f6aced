package io.ssogate.proxy.hooks;

import io.ssogate.proxy.headers.FieldSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cookies of an upstream request, read and changed in its {@code Cookie} fields (RFC 6265 §4.2):
 * {@code name=value} pairs separated by {@code ;}. A request may carry several Cookie fields (an HTTP/2
 * hop in front of the gateway splits them, RFC 9113 §8.2.3); each is handled where it stands.
 *
 * <p>Only a field that holds the named cookie is rewritten, and then every other pair in it is kept
 * byte for byte, quotes included; the pairs are joined with {@code "; "} as RFC 6265 §4.2.1 writes them.
 * Pairs are split at every {@code ;}, as Mattermost's Go server reads them ({@code net/http readCookies}),
 * so both sides agree on where a cookie ends. Cookie names are case-sensitive (RFC 6265 §5.3).
 */
public final class RequestCookies {

    private static final String COOKIE = "Cookie";

    private final HeaderFields headers;

    public RequestCookies(HeaderFields headers) {
        this.headers = headers;
    }

    /** The value of the first cookie called {@code name}, as sent (a quoted value keeps its quotes). */
    public Optional<String> get(String name) {
        for (int i = 0; i < headers.size(); i++) {
            if (isCookieField(i)) {
                for (String pair : pairs(headers.valueAt(i))) {
                    if (name.equals(nameOf(pair))) {
                        return Optional.of(valueOf(pair));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Removes every cookie called {@code name}; a Cookie field left empty goes. Returns whether there was one. */
    public boolean remove(String name) {
        boolean removed = false;
        for (int i = 0; i < headers.size(); i++) {
            if (!isCookieField(i)) {
                continue;
            }
            List<String> pairs = pairs(headers.valueAt(i));
            if (pairs.removeIf(pair -> name.equals(nameOf(pair)))) {
                removed = true;
                if (pairs.isEmpty()) {
                    headers.removeAt(i--);
                } else {
                    headers.replaceValueAt(i, String.join("; ", pairs));
                }
            }
        }
        return removed;
    }

    /**
     * Gives the cookie {@code name} the value {@code value}: the first such cookie is replaced where it
     * stands and any others removed; without one, the cookie is added to the last Cookie field, or in a
     * new one.
     *
     * @throws IllegalArgumentException when {@code name} is not a token or {@code value} not a
     *                                  cookie-value (RFC 6265 §4.1.1); the value is not repeated
     */
    public void set(String name, String value) {
        if (!FieldSyntax.isToken(name)) {
            throw new IllegalArgumentException("not a cookie name: [" + name + "]");
        }
        if (!isCookieValue(value)) {
            throw new IllegalArgumentException("the value for cookie " + name + " is not an RFC 6265 cookie-value");
        }
        String newPair = name + "=" + value;
        boolean placed = false;
        int lastCookieField = -1;
        for (int i = 0; i < headers.size(); i++) {
            if (!isCookieField(i)) {
                continue;
            }
            List<String> pairs = pairs(headers.valueAt(i));
            boolean changed = false;
            for (int p = 0; p < pairs.size(); p++) {
                if (!name.equals(nameOf(pairs.get(p)))) {
                    continue;
                }
                changed = true;
                if (placed) {
                    pairs.remove(p--);
                } else {
                    pairs.set(p, newPair);
                    placed = true;
                }
            }
            if (changed && pairs.isEmpty()) {
                headers.removeAt(i--);
                continue;
            }
            if (changed) {
                headers.replaceValueAt(i, String.join("; ", pairs));
            }
            lastCookieField = i;
        }
        if (placed) {
            return;
        }
        if (lastCookieField >= 0) {
            String existing = headers.valueAt(lastCookieField);
            headers.replaceValueAt(lastCookieField, existing.isBlank() ? newPair : existing + "; " + newPair);
        } else {
            headers.add(COOKIE, newPair);
        }
    }

    private boolean isCookieField(int index) {
        return headers.nameAt(index).equalsIgnoreCase(COOKIE);
    }

    /** The pairs of one cookie-string, without the optional whitespace around them, empty ones dropped. */
    private static List<String> pairs(String cookieString) {
        List<String> pairs = new ArrayList<>();
        int start = 0;
        while (start <= cookieString.length()) {
            int end = cookieString.indexOf(';', start);
            if (end < 0) {
                end = cookieString.length();
            }
            String pair = trimOws(cookieString.substring(start, end));
            if (!pair.isEmpty()) {
                pairs.add(pair);
            }
            start = end + 1;
        }
        return pairs;
    }

    /** The name of a pair; a pair without {@code =} is all name, as Go's net/http reads it. */
    private static String nameOf(String pair) {
        int equals = pair.indexOf('=');
        return equals < 0 ? pair : trimOws(pair.substring(0, equals));
    }

    private static String valueOf(String pair) {
        int equals = pair.indexOf('=');
        return equals < 0 ? "" : trimOws(pair.substring(equals + 1));
    }

    /** RFC 9110 §5.6.3 OWS: spaces and horizontal tabs. */
    private static String trimOws(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && (text.charAt(from) == ' ' || text.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (text.charAt(to - 1) == ' ' || text.charAt(to - 1) == '\t')) {
            to--;
        }
        return text.substring(from, to);
    }

    /** RFC 6265 §4.1.1: {@code *cookie-octet / ( DQUOTE *cookie-octet DQUOTE )}. */
    private static boolean isCookieValue(String value) {
        if (value == null) {
            return false;
        }
        String octets = value;
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            octets = value.substring(1, value.length() - 1);
        }
        for (int i = 0; i < octets.length(); i++) {
            if (!isCookieOctet(octets.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** US-ASCII visible characters but DQUOTE, comma, semicolon and backslash. */
    private static boolean isCookieOctet(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B)
                || (c >= 0x5D && c <= 0x7E);
    }
}
