package io.ssogate.scim.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * One {@code scim_user} row as the sync reads it: the resource as the client wrote it, and where its account
 * stands. Reads the few SCIM attributes the Mattermost account mirrors (RFC 7643 §4.1).
 *
 * @param version            the row's version when read: what a successful sync records as synced
 * @param deleted            a tombstone: SCIM deleted the user, the account is to be deactivated or deleted
 * @param mattermostUserId   the linked account, null until the sync has made or found one
 */
record ScimUserRecord(String id, String tenant, String userName, String emailKey, boolean active, ObjectNode resource,
                      long version, String mattermostUserId, String mattermostUsername, boolean deleted) {

    /**
     * The address the account gets: the primary email, else the first (as {@code email_key}); an IdP that
     * sends none (userName as a UPN only) gets its userName if that is an address.
     */
    String email() {
        JsonNode emails = resource.path("emails");
        String first = null;
        if (emails.isArray()) {
            for (JsonNode e : emails) {
                String value = e.path("value").asText(null);
                if (value == null || value.isBlank()) {
                    continue;
                }
                if (e.path("primary").asBoolean(false)) {
                    return value.strip();
                }
                if (first == null) {
                    first = value.strip();
                }
            }
        }
        if (first != null) {
            return first;
        }
        if (emailKey != null && !emailKey.isBlank()) {
            return emailKey;
        }
        return userName != null && userName.indexOf('@') > 0 ? userName.strip() : null;
    }

    /** The address as Mattermost stores it: it lower-cases emails. */
    String emailLower() {
        String email = email();
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    String givenName() {
        return text(resource.path("name").path("givenName"));
    }

    String familyName() {
        return text(resource.path("name").path("familyName"));
    }

    String displayName() {
        return text(resource.path("displayName"));
    }

    String title() {
        return text(resource.path("title"));
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
