package io.ssogate.sso.identity;

import io.ssogate.sso.config.ClaimMapping;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.TenantConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns what an IdP asserted (OIDC claims or SAML attributes, by name) into an {@link Identity}, and
 * refuses what the tenant may not sign in.
 *
 * <p>The default search order covers what Keycloak, Entra ID, Okta, Google and GMO Trust Login send;
 * a per-IdP {@link ClaimMapping} names the one claim to use instead:
 * <ul>
 *   <li>email: the first of {@code email}, Entra's {@code …/claims/emailaddress}, SAML's {@code mail} and
 *       its OID, {@code upn} and its claim URI, {@code preferred_username} that is an email, else the subject
 *       (NameID) when it is an email;</li>
 *   <li>names: {@code given_name}/{@code family_name}, SAML {@code givenName}/{@code surname} or {@code sn},
 *       Entra's claim URIs; else the display name split at its last space; a display name that is an email
 *       address (Entra's {@code …/claims/name} is the UPN) is passed over;</li>
 *   <li>groups: {@code groups}, Entra's {@code …/claims/groups}, SAML {@code memberOf}.</li>
 * </ul>
 */
public final class IdentityMapper {

    private static final String XMLSOAP = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/";
    private static final String MICROSOFT = "http://schemas.microsoft.com/identity/claims/";
    private static final String MICROSOFT_WS = "http://schemas.microsoft.com/ws/2008/06/identity/claims/";

    private static final List<String> EMAIL = List.of("email", XMLSOAP + "emailaddress", "mail",
            "urn:oid:0.9.2342.19200300.100.1.3", "upn", XMLSOAP + "upn", "preferred_username");
    private static final List<String> GIVEN_NAME = List.of("given_name", "givenName", "firstName", "first_name",
            XMLSOAP + "givenname", "urn:oid:2.5.4.42");
    private static final List<String> FAMILY_NAME = List.of("family_name", "surname", "sn", "lastName", "last_name",
            XMLSOAP + "surname", "urn:oid:2.5.4.4");
    /** Entra's {@code …/claims/name} carries the UPN, so its display-name URI goes first (and emails are skipped). */
    private static final List<String> DISPLAY_NAME = List.of("name", "displayName", "displayname",
            MICROSOFT + "displayname", XMLSOAP + "name", "cn", "urn:oid:2.16.840.1.113730.3.1.241");
    private static final List<String> USERNAME = List.of("preferred_username", "username", "uid", "nickname",
            "urn:oid:0.9.2342.19200300.100.1.1");
    private static final List<String> GROUPS = List.of("groups", MICROSOFT_WS + "groups", MICROSOFT + "groups",
            "memberOf", "urn:oid:1.3.6.1.4.1.5923.1.5.1.1");

    /** A pragmatic address check: one @, something on both sides, a dot in the domain, no spaces. */
    private static final Pattern EMAIL_SHAPE = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private IdentityMapper() {
    }

    /**
     * @param claims  claims or attributes by name; values are strings, booleans or collections of them
     * @param subject the IdP's id for the person (OIDC {@code sub}, SAML NameID)
     * @throws SignInRefusedException when the email is missing, unverified or outside the tenant
     */
    public static Identity map(TenantConfig tenant, IdpConfig idp, String subject, Map<String, Object> claims) {
        ClaimMapping mapping = idp.mapping();
        String email = mapping.email() != null ? first(claims, mapping.email()).orElse(null)
                : EMAIL.stream().map(name -> first(claims, name).orElse(null))
                        .filter(IdentityMapper::isEmail).findFirst()
                        .orElse(isEmail(subject) ? subject : null);
        if (email == null || !isEmail(email)) {
            throw new SignInRefusedException(SignInRefusedException.Reason.NO_EMAIL,
                    "IdP " + idp.name() + " sent no email address for subject " + subject);
        }
        email = email.strip().toLowerCase(Locale.ROOT);
        if (!tenant.ownsEmail(email)) {
            throw new SignInRefusedException(SignInRefusedException.Reason.OTHER_TENANT, "IdP " + idp.name()
                    + " of tenant " + tenant.name() + " asserted " + email + ", outside the tenant's domains "
                    + tenant.domains());
        }
        if (idp.protocol() == IdpConfig.Protocol.OIDC && !idp.trustUnverifiedEmail()
                && Boolean.FALSE.equals(bool(claims.get("email_verified")))) {
            throw new SignInRefusedException(SignInRefusedException.Reason.UNVERIFIED_EMAIL, "IdP " + idp.name()
                    + " says " + email + " is not verified (email_verified: false)");
        }
        // A default display-name claim holding an address (Entra's .../claims/name is the UPN) is no name:
        // the given and family names, or the email itself, make a better one.
        String display = mapping.displayName() != null ? first(claims, mapping.displayName()).orElse(null)
                : DISPLAY_NAME.stream().map(name -> first(claims, name).orElse(null))
                        .filter(v -> v != null && !isEmail(v)).findFirst().orElse(null);
        String given = pick(claims, mapping.givenName(), GIVEN_NAME);
        String family = pick(claims, mapping.familyName(), FAMILY_NAME);
        if (given == null && family == null && display != null && display.strip().contains(" ")) {
            String name = display.strip();
            int space = name.lastIndexOf(' ');
            given = name.substring(0, space).strip();
            family = name.substring(space + 1);
        }
        String username = pick(claims, mapping.username(), USERNAME);
        List<String> groups = groups(mapping, claims);
        return new Identity(tenant.name(), idp.name(), subject, email, given, family, display, username, groups);
    }

    /** The groups {@link #map} would take from {@code claims}: the mapped claim's values, or the first default's. */
    static List<String> groups(ClaimMapping mapping, Map<String, Object> claims) {
        return mapping.groups() != null ? all(claims, mapping.groups())
                : GROUPS.stream().map(name -> all(claims, name)).filter(g -> !g.isEmpty()).findFirst()
                        .orElse(List.of());
    }

    private static String pick(Map<String, Object> claims, String override, List<String> defaults) {
        if (override != null) {
            return first(claims, override).orElse(null);
        }
        return defaults.stream().map(name -> first(claims, name).orElse(null)).filter(v -> v != null)
                .findFirst().orElse(null);
    }

    private static Optional<String> first(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value instanceof Collection<?> values) {
            value = values.stream().filter(v -> v != null && !v.toString().isBlank()).findFirst().orElse(null);
        }
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().strip());
    }

    private static List<String> all(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        List<String> values = new ArrayList<>();
        if (value instanceof Collection<?> many) {
            many.stream().filter(v -> v != null && !v.toString().isBlank()).forEach(v -> values.add(v.toString()));
        } else if (value != null && !value.toString().isBlank()) {
            values.add(value.toString());
        }
        return values;
    }

    private static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        return value == null ? null : Boolean.valueOf(value.toString().strip());
    }

    private static boolean isEmail(String text) {
        return text != null && EMAIL_SHAPE.matcher(text.strip()).matches();
    }
}
