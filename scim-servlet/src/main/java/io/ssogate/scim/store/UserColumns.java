package io.ssogate.scim.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The searchable copies of a user resource kept in columns: userName (as sent and lower-cased, since it is
 * caseExact=false), externalId, active, and every email lower-cased with the primary one (else the first)
 * singled out.
 */
record UserColumns(String userName, String userNameKey, String externalId, boolean active, String emailKey,
                   Set<String> emailKeys) {

    static UserColumns of(ObjectNode resource) {
        String userName = text(resource.get("userName"));
        if (userName == null) {
            throw new IllegalArgumentException("a user resource without userName reached storage");
        }
        JsonNode active = resource.get("active");
        // RFC 7643 gives active no default; a user nobody deactivated is active.
        boolean isActive = active == null || active.isNull() || active.asBoolean(true);
        Set<String> emails = new LinkedHashSet<>();
        String primary = null;
        JsonNode list = resource.get("emails");
        if (list != null && list.isArray()) {
            for (JsonNode email : list) {
                String value = text(email.get("value"));
                if (value == null || value.isBlank()) {
                    continue;
                }
                String key = value.toLowerCase(Locale.ROOT);
                emails.add(key);
                JsonNode isPrimary = email.get("primary");
                if (primary == null && isPrimary != null && isPrimary.asBoolean(false)) {
                    primary = key;
                }
            }
        }
        if (primary == null && !emails.isEmpty()) {
            primary = emails.iterator().next();
        }
        return new UserColumns(userName, userName.toLowerCase(Locale.ROOT), text(resource.get("externalId")),
                isActive, primary, emails);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
