package io.ssogate.bench.login;

import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One person's cookies at the gateway, as a browser keeps them for one site: every {@code Set-Cookie} of its
 * answers by name, sent back on the next request. Paths and expiry are ignored (every cookie the gateway and
 * Mattermost set here is for the whole site and outlives a sign-in), except that an empty value or
 * {@code Max-Age=0} deletes one. Used by one thread at a time.
 */
final class CookieJar {

    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** Takes the {@code Set-Cookie} headers of an answer. */
    void absorb(HttpHeaders headers) {
        for (String header : headers.allValues("set-cookie")) {
            absorb(header);
        }
    }

    void absorb(String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = parts[0].substring(0, eq).strip();
        String value = parts[0].substring(eq + 1).strip();
        boolean expired = value.isEmpty();
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].strip().toLowerCase(java.util.Locale.ROOT);
            if (attribute.equals("max-age=0") || attribute.startsWith("max-age=-")) {
                expired = true;
            }
        }
        if (expired) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    /** The {@code Cookie} header's value for all cookies, or empty when there are none. */
    Optional<String> header() {
        return header(List.copyOf(cookies.keySet()));
    }

    /** The {@code Cookie} header's value for {@code names} that the jar has, in that order. */
    Optional<String> header(List<String> names) {
        String value = names.stream().filter(cookies::containsKey).map(n -> n + "=" + cookies.get(n))
                .collect(Collectors.joining("; "));
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
