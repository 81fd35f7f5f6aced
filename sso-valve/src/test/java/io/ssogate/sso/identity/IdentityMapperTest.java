package io.ssogate.sso.identity;

import io.ssogate.sso.config.ClaimMapping;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.TenantConfig;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the IdPs we meet actually send becomes one {@link Identity}; what a tenant may not sign in is
 * refused with the reason the person is shown.
 */
class IdentityMapperTest {

    private static final String XMLSOAP = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/";

    private static final IdpConfig OIDC = idp("corp-oidc", IdpConfig.Protocol.OIDC, false, null);
    private static final IdpConfig SAML = idp("corp-saml", IdpConfig.Protocol.SAML, false, null);
    private static final TenantConfig CORP = new TenantConfig("corp", List.of("corp.example", "Corp-JP.example"),
            List.of(OIDC, SAML));

    private static IdpConfig idp(String name, IdpConfig.Protocol protocol, boolean trustUnverified,
                                 ClaimMapping mapping) {
        return new IdpConfig(name, null, protocol, true, trustUnverified, mapping, null, null);
    }

    private static Identity map(IdpConfig idp, String subject, Map<String, Object> claims) {
        return IdentityMapper.map(CORP, idp, subject, claims);
    }

    private static SignInRefusedException.Reason refusal(IdpConfig idp, String subject, Map<String, Object> claims) {
        return assertThrows(SignInRefusedException.class, () -> map(idp, subject, claims)).reason();
    }

    @Test
    void keycloakOidcClaims() {
        Identity identity = map(OIDC, "f2a1c0de-kc-sub", Map.of(
                "sub", "f2a1c0de-kc-sub",
                "email", "alice@corp.example",
                "email_verified", true,
                "preferred_username", "alice",
                "given_name", "Alice",
                "family_name", "Liddell",
                "name", "Alice Liddell",
                "groups", List.of("/staff", "/staff/dev")));

        assertEquals(new Identity("corp", "corp-oidc", "f2a1c0de-kc-sub", "alice@corp.example", "Alice", "Liddell",
                "Alice Liddell", "alice", List.of("/staff", "/staff/dev")), identity);
    }

    @Test
    void entraIdSamlClaimUrisGiveTheDisplayNameNotTheUpn() {
        // Entra's default SAML claims: .../claims/name carries the UPN, the display name has its own URI.
        Identity identity = map(SAML, "AAAAAAAAAAAAAAAAAAAAAKqwNameIdPersistent", Map.of(
                XMLSOAP + "emailaddress", "Alice.Liddell@corp.example",
                XMLSOAP + "givenname", "Alice",
                XMLSOAP + "surname", "Liddell",
                XMLSOAP + "name", "alice@corp.example",
                "http://schemas.microsoft.com/identity/claims/displayname", "Alice P. Liddell",
                "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
                List.of("9b1f-group-id", "c2d4-group-id")));

        assertEquals(new Identity("corp", "corp-saml", "AAAAAAAAAAAAAAAAAAAAAKqwNameIdPersistent",
                "alice.liddell@corp.example", "Alice", "Liddell", "Alice P. Liddell", "",
                List.of("9b1f-group-id", "c2d4-group-id")), identity);
    }

    @Test
    void entraIdSamlWithoutTheDisplayNameClaimShowsTheNamesNotTheUpn() {
        Identity identity = map(SAML, "nameid", Map.of(
                XMLSOAP + "emailaddress", "alice@corp.example",
                XMLSOAP + "givenname", "Alice",
                XMLSOAP + "surname", "Liddell",
                XMLSOAP + "name", "alice.upn@corp.example"));

        assertEquals("Alice Liddell", identity.displayName());
    }

    @Test
    void entraIdOidcWithoutAnEmailClaimSignsInByUpn() {
        // Accounts without a mailbox have no email claim; the UPN is the sign-in address.
        Identity identity = map(OIDC, "entra-oid", Map.of(
                "upn", "Bob@Corp.Example",
                "name", "Bob Builder",
                "groups", List.of("g1")));

        assertEquals("bob@corp.example", identity.email());
        assertEquals("Bob", identity.givenName());
        assertEquals("Builder", identity.familyName());
        assertEquals(List.of("g1"), identity.groups());
    }

    @Test
    void oktaAndGoogleShapes() {
        Identity okta = map(OIDC, "00u1okta", Map.of(
                "email", "carol@corp.example",
                "email_verified", true,
                "preferred_username", "carol@corp.example",
                "name", "Carol Danvers",
                "given_name", "Carol",
                "family_name", "Danvers",
                "groups", List.of("Everyone", "Engineering")));
        Identity google = map(OIDC, "1098765432101234", Map.of(
                "email", "dave@corp.example",
                "email_verified", "true",
                "hd", "corp.example",
                "name", "Dave Lister",
                "given_name", "Dave",
                "family_name", "Lister",
                "picture", "https://lh3.example/a.jpg"));

        assertEquals(new Identity("corp", "corp-oidc", "00u1okta", "carol@corp.example", "Carol", "Danvers",
                "Carol Danvers", "carol@corp.example", List.of("Everyone", "Engineering")), okta);
        assertEquals(new Identity("corp", "corp-oidc", "1098765432101234", "dave@corp.example", "Dave", "Lister",
                "Dave Lister", "", List.of()), google);
    }

    @Test
    void gmoTrustLoginSamlAttributes() {
        Identity identity = map(SAML, "taro@corp-jp.example", Map.of(
                "mail", List.of("Taro.Yamada@Corp-JP.example"),
                "givenName", List.of("Taro"),
                "sn", List.of("Yamada")));

        assertEquals(new Identity("corp", "corp-saml", "taro@corp-jp.example", "taro.yamada@corp-jp.example",
                "Taro", "Yamada", "Taro Yamada", "", List.of()), identity);
    }

    @Test
    void theNameIdIsTheEmailWhenNoAttributeIsOne() {
        Identity identity = map(SAML, "Erin@Corp.Example", Map.of("uid", "erin"));

        assertEquals("erin@corp.example", identity.email());
        assertEquals("erin@corp.example", identity.displayName(), "no name at all: the email is shown");
        assertEquals("erin", identity.username());
    }

    @Test
    void namesAreSplitFromTheFullNameAtItsLastSpaceWhenNoPartsAreSent() {
        Identity identity = map(OIDC, "s", Map.of("email", "f@corp.example", "name", "  Frida van Berg  "));

        assertEquals("Frida van", identity.givenName());
        assertEquals("Berg", identity.familyName());
        assertEquals("Frida van Berg", identity.displayName());
    }

    @Test
    void aPerIdpMappingNamesTheOneClaimToUse() {
        IdpConfig mapped = idp("custom", IdpConfig.Protocol.OIDC, false,
                new ClaimMapping("work_mail", "first", "last", "full", "login", "roles"));
        TenantConfig tenant = new TenantConfig("corp", List.of("corp.example"), List.of(mapped));

        Identity identity = IdentityMapper.map(tenant, mapped, "s", Map.of(
                "email", "private@other.example",
                "work_mail", "grace@corp.example",
                "given_name", "ignored",
                "first", "Grace", "last", "Hopper", "full", "Rear Admiral Hopper",
                "login", "ghopper", "groups", List.of("ignored"), "roles", List.of("admin")));

        assertEquals(new Identity("corp", "custom", "s", "grace@corp.example", "Grace", "Hopper",
                "Rear Admiral Hopper", "ghopper", List.of("admin")), identity);
    }

    @Test
    void aMappedEmailClaimThatIsMissingDoesNotFallBackToOthers() {
        // The operator named the claim because the default ones hold something else (a private address).
        IdpConfig mapped = idp("custom", IdpConfig.Protocol.OIDC, false,
                new ClaimMapping("work_mail", null, null, null, null, null));

        assertEquals(SignInRefusedException.Reason.NO_EMAIL,
                refusal(mapped, "h@corp.example", Map.of("email", "h@corp.example")));
    }

    @Test
    void theEmailIsCaseFolded() {
        assertEquals("ivy@corp.example", map(OIDC, "s", Map.of("email", " IVY@CORP.EXAMPLE ")).email());
    }

    @Test
    void anotherTenantsDomainAndSubdomainTricksAreRefused() {
        for (String email : List.of("alice@other.example", "alice@corp.example.evil.example",
                "alice@evil.corp.example", "alice@evilcorp.example", "alice@corp.example@evil.example")) {
            SignInRefusedException.Reason reason = refusal(OIDC, "s", Map.of("email", email));
            // "a@b@c" is not an address at all; every other one is a real address outside the tenant
            assertEquals(email.indexOf('@') != email.lastIndexOf('@') ? SignInRefusedException.Reason.NO_EMAIL
                    : SignInRefusedException.Reason.OTHER_TENANT, reason, email);
        }
    }

    @Test
    void noEmailAnywhereIsRefused() {
        assertEquals(SignInRefusedException.Reason.NO_EMAIL,
                refusal(OIDC, "opaque-sub", Map.of("preferred_username", "alice", "name", "Alice")));
        assertEquals(SignInRefusedException.Reason.NO_EMAIL, refusal(SAML, "opaque-name-id", Map.of()));
        assertEquals(SignInRefusedException.Reason.NO_EMAIL,
                refusal(OIDC, "s", Map.of("email", "not an address")));
    }

    @Test
    void anUnverifiedEmailIsRefusedWhetherSentAsBooleanOrString() {
        assertEquals(SignInRefusedException.Reason.UNVERIFIED_EMAIL,
                refusal(OIDC, "s", Map.of("email", "j@corp.example", "email_verified", false)));
        assertEquals(SignInRefusedException.Reason.UNVERIFIED_EMAIL,
                refusal(OIDC, "s", Map.of("email", "j@corp.example", "email_verified", "false")));
        assertEquals(SignInRefusedException.Reason.UNVERIFIED_EMAIL,
                refusal(OIDC, "s", Map.of("email", "j@corp.example", "email_verified", "FALSE")));
    }

    @Test
    void anUnverifiedEmailIsAcceptedWhenTheIdpIsTrustedForIt() {
        IdpConfig trusting = idp("trusting", IdpConfig.Protocol.OIDC, true, null);

        assertEquals("j@corp.example", IdentityMapper.map(CORP, trusting, "s",
                Map.of("email", "j@corp.example", "email_verified", false)).email());
    }

    @Test
    void samlIdpsAreNotSubjectToEmailVerified() {
        // SAML has no email_verified; an attribute of that name from a SAML IdP is no OIDC statement.
        Map<String, Object> claims = new HashMap<>(Map.of("mail", "k@corp.example", "email_verified", "false"));

        assertEquals("k@corp.example", map(SAML, "s", claims).email());
    }

    @Test
    void anotherTenantsDomainIsRefusedEvenWhenItIsUnverified() {
        // The tenant check comes first: the audit says the IdP overstepped, which is the graver finding.
        assertEquals(SignInRefusedException.Reason.OTHER_TENANT,
                refusal(OIDC, "s", Map.of("email", "m@other.example", "email_verified", false)));
    }
}
