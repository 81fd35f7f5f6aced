package io.ssogate.sso.identity;

import io.ssogate.core.mattermost.UsernameRules;

import java.util.Arrays;
import java.util.List;

/**
 * Who signed in, as the gateway understands it, whichever protocol and IdP said so. This is what a
 * gateway session carries and what the Mattermost login will be made from.
 *
 * @param tenant      the tenant whose IdP signed the person in
 * @param idp         that IdP's name
 * @param subject     the IdP's stable id for the person (OIDC {@code sub}, SAML NameID)
 * @param email       lower-cased, always in one of the tenant's domains
 * @param givenName   may be empty
 * @param familyName  may be empty
 * @param displayName never empty: falls back to the names, then the email
 * @param username    a login name suggested by the IdP, may be empty
 * @param groups      group names, possibly empty; never carried in a cookie
 */
public record Identity(String tenant, String idp, String subject, String email, String givenName,
                       String familyName, String displayName, String username, List<String> groups)
        implements UsernameRules.NameSource {

    public Identity {
        givenName = givenName == null ? "" : givenName;
        familyName = familyName == null ? "" : familyName;
        username = username == null ? "" : username;
        groups = groups == null ? List.of() : List.copyOf(groups);
        if (displayName == null || displayName.isBlank()) {
            String joined = (givenName + " " + familyName).strip();
            displayName = joined.isEmpty() ? email : joined;
        }
    }

    /** The IdP's username, the email, the names: the order a new account's name is looked for in. */
    @Override
    public List<String> nameCandidates() {
        return Arrays.asList(username, email, givenName + "." + familyName, displayName);
    }

    /** Tenant, IdP and subject: who the person is for good, whatever their names become. */
    @Override
    public List<String> stableKey() {
        return List.of(tenant, idp, subject);
    }
}
