package io.ssogate.bench.scim;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few messages ScimLoad sends and the one number it reads back, by hand: the bench jar has no JSON library (it
 * must stay a bare client), and the bodies are small and fixed in shape.
 */
final class ScimMessages {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    /** The gateway's read-only extension that tells a user's sync state (SCIM-DESIGN.md). */
    static final String SYNC_STATE = "urn:ssogate:params:scim:schemas:extension:mattermost:2.0:User:syncState";
    static final String SCIM_JSON = "application/scim+json";

    private static final Pattern TOTAL_RESULTS = Pattern.compile("\"totalResults\"\\s*:\\s*(\\d+)");
    private static final Pattern SYNC_STATE_VALUE = Pattern.compile("\"syncState\"\\s*:\\s*\"([A-Z_]+)\"");

    private ScimMessages() {
    }

    /** The address of bench user {@code n}: {@code bench00042@demo.example}, five digits and more past 99,999. */
    static String address(String prefix, int n, String domain) {
        return String.format(Locale.ROOT, "%s%05d@%s", prefix, n, domain);
    }

    /** A new user as an IdP creates one: userName the address, a name, a display name, the work email primary, active. */
    static String scimUser(String prefix, int n, String domain) {
        String address = address(prefix, n, domain);
        String given = "Bench";
        String family = String.format(Locale.ROOT, "User%05d", n);
        return "{\"schemas\":[" + quote(USER_SCHEMA) + "],"
                + "\"userName\":" + quote(address) + ","
                + "\"name\":{\"givenName\":" + quote(given) + ",\"familyName\":" + quote(family)
                + ",\"formatted\":" + quote(given + " " + family) + "},"
                + "\"displayName\":" + quote(given + " " + family) + ","
                + "\"emails\":[{\"value\":" + quote(address) + ",\"type\":\"work\",\"primary\":true}],"
                + "\"active\":true}";
    }

    /** The same user made directly at Mattermost's {@code POST /api/v4/users}, as the sync would make it. */
    static String mattermostUser(String prefix, int n, String domain, String password) {
        return "{\"username\":" + quote(String.format(Locale.ROOT, "%s%05d", prefix, n)) + ","
                + "\"email\":" + quote(address(prefix, n, domain)) + ","
                + "\"password\":" + quote(password) + ","
                + "\"first_name\":\"Bench\",\"last_name\":" + quote(String.format(Locale.ROOT, "User%05d", n)) + ","
                + "\"nickname\":" + quote(String.format(Locale.ROOT, "Bench User%05d", n)) + "}";
    }

    /** {@code filter=ATTRIBUTE eq "VALUE"}, URL-encoded, for a query string. */
    static String eqFilter(String attribute, String value) {
        return "filter=" + URLEncoder.encode(attribute + " eq " + quote(value), StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    /** A list answer's {@code totalResults}, or empty when the body has none (an error, another answer). */
    static OptionalLong totalResults(String body) {
        Matcher m = TOTAL_RESULTS.matcher(body == null ? "" : body);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** The first {@code syncState} in a body (a user, or a list of one), or empty. */
    static Optional<String> syncState(String body) {
        Matcher m = SYNC_STATE_VALUE.matcher(body == null ? "" : body);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** A JSON string literal. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
