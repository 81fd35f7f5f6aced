package io.ssogate.testkit.oidc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who the demo OpenID provider says a person is, from nothing but the email typed on its sign-in page:
 * the claims a company IdP would send ({@code email}, {@code email_verified}, names, {@code preferred_username},
 * {@code groups}). Alice and Bob, the emulator's demo users, have fixed names and groups; anyone else gets
 * a name made from the address, so a newcomer can try any address without configuring anything.
 */
public final class DemoPeople {

    /** The email domain of the demo company. */
    public static final String DOMAIN = "demo.example";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private record Person(String givenName, String familyName, List<String> groups) {
    }

    private static final Map<String, Person> KNOWN = Map.of(
            "alice", new Person("Alice", "Adams", List.of("demo-staff", "engineering")),
            "bob", new Person("Bob", "Brown", List.of("demo-staff", "sales")));

    private DemoPeople() {
    }

    /**
     * The claims for {@code email}, or an empty map when it is not an email address: the provider then
     * signs in a subject without an email, which the gateway refuses, as it would a real IdP's.
     */
    public static Map<String, Object> claimsFor(String email) {
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(address).matches()) {
            return Map.of();
        }
        String localPart = address.substring(0, address.lastIndexOf('@'));
        Person person = DOMAIN.equals(address.substring(address.lastIndexOf('@') + 1)) && KNOWN.containsKey(localPart)
                ? KNOWN.get(localPart)
                : new Person(capitalized(localPart), "Demo", List.of("demo-staff"));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("email", address);
        claims.put("email_verified", true);
        claims.put("given_name", person.givenName());
        claims.put("family_name", person.familyName());
        claims.put("name", person.givenName() + " " + person.familyName());
        claims.put("preferred_username", localPart);
        claims.put("groups", person.groups());
        return claims;
    }

    private static String capitalized(String localPart) {
        // "carol.jones" -> "Carol.jones": a name good enough to recognise, not a parser of names.
        return localPart.isEmpty() ? localPart
                : localPart.substring(0, 1).toUpperCase(Locale.ROOT) + localPart.substring(1);
    }
}
