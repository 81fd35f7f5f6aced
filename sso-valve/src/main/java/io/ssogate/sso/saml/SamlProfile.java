package io.ssogate.sso.saml;

import java.io.Serial;
import java.util.List;
import org.pac4j.core.profile.CommonProfile;

/**
 * A person signed in through a SAML IdP. The id is the NameID; the attributes are every SAML attribute of
 * the assertion under its {@code Name} (one value: a String; several: a {@code List<String>}; none: an
 * empty list), plus the subject's details under the {@code saml.*} names below, which no SAML attribute
 * name of the usual shapes (URIs, OIDs, short names) collides with.
 */
public class SamlProfile extends CommonProfile {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The NameID value (also the profile id). */
    public static final String NAME_ID = "saml.nameId";
    /** The NameID's Format attribute, if the IdP sent one. */
    public static final String NAME_ID_FORMAT = "saml.nameIdFormat";
    /** The NameID's NameQualifier, if any: sent back in our LogoutRequest. */
    public static final String NAME_ID_NAME_QUALIFIER = "saml.nameIdNameQualifier";
    /** The NameID's SPNameQualifier, if any: sent back in our LogoutRequest. */
    public static final String NAME_ID_SP_NAME_QUALIFIER = "saml.nameIdSpNameQualifier";
    /** The AuthnStatement's SessionIndex, if any: names the IdP session in logout messages. */
    public static final String SESSION_INDEX = "saml.sessionIndex";
    /** The IdP's entity id (the assertion's Issuer). */
    public static final String IDP_ENTITY_ID = "saml.idpEntityId";

    /** For deserialization from a session store. */
    public SamlProfile() {
    }

    static SamlProfile of(ValidatedAssertion assertion) {
        SamlProfile profile = new SamlProfile();
        profile.setId(assertion.nameId());
        assertion.attributes().forEach((name, values) -> profile.addAttribute(name, valueOf(values)));
        profile.addAttribute(NAME_ID, assertion.nameId());
        putIfPresent(profile, NAME_ID_FORMAT, assertion.nameIdFormat());
        putIfPresent(profile, NAME_ID_NAME_QUALIFIER, assertion.nameQualifier());
        putIfPresent(profile, NAME_ID_SP_NAME_QUALIFIER, assertion.spNameQualifier());
        putIfPresent(profile, SESSION_INDEX, assertion.sessionIndex());
        profile.addAttribute(IDP_ENTITY_ID, assertion.issuer());
        return profile;
    }

    public String nameId() {
        return (String) getAttribute(NAME_ID);
    }

    public String nameIdFormat() {
        return (String) getAttribute(NAME_ID_FORMAT);
    }

    public String sessionIndex() {
        return (String) getAttribute(SESSION_INDEX);
    }

    public String idpEntityId() {
        return (String) getAttribute(IDP_ENTITY_ID);
    }

    String nameQualifier() {
        return (String) getAttribute(NAME_ID_NAME_QUALIFIER);
    }

    String spNameQualifier() {
        return (String) getAttribute(NAME_ID_SP_NAME_QUALIFIER);
    }

    private static Object valueOf(List<String> values) {
        return values.size() == 1 ? values.get(0) : List.copyOf(values);
    }

    private static void putIfPresent(SamlProfile profile, String name, String value) {
        if (value != null) {
            profile.addAttribute(name, value);
        }
    }
}
