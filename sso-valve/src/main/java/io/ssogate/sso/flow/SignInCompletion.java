package io.ssogate.sso.flow;

import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.SsoConfig;
import io.ssogate.sso.config.TenantConfig;
import io.ssogate.sso.identity.GraphGroups;
import io.ssogate.sso.identity.Identity;
import io.ssogate.sso.identity.IdentityMapper;
import io.ssogate.sso.saml.SamlProfile;
import io.ssogate.sso.session.GatewaySessions;
import io.ssogate.sso.session.SessionCookie;
import io.ssogate.sso.session.SessionTokens;
import io.ssogate.sso.web.SignedOutMarker;

import org.pac4j.core.context.WebContext;
import org.pac4j.core.exception.TechnicalException;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.jee.context.JEEContext;
import org.pac4j.oidc.profile.OidcProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * What happens once pac4j has a verified profile: the identity is mapped and checked against the tenant
 * (which throws {@link io.ssogate.sso.identity.SignInRefusedException} when the IdP vouched for someone it
 * may not), a new gateway session is opened and its cookie set. A new session id at every sign-in: no
 * session fixation.
 */
final class SignInCompletion {

    private static final Logger AUDIT = LoggerFactory.getLogger("io.ssogate.audit");

    private final GatewaySessions sessions;
    private final SsoEngine engine;
    private final GraphGroups graph;

    SignInCompletion(GatewaySessions sessions, SsoEngine engine) {
        this(sessions, engine, new GraphGroups());
    }

    SignInCompletion(GatewaySessions sessions, SsoEngine engine, GraphGroups graph) {
        this.sessions = sessions;
        this.engine = engine;
        this.graph = graph;
    }

    void complete(WebContext context, UserProfile profile) {
        SsoEngine.Snapshot current = engine.current();
        SsoConfig sso = current.sso();
        IdpConfig idp = sso.idp(profile.getClientName())
                .orElseThrow(() -> new TechnicalException("no IdP named " + profile.getClientName() + " any more"));
        TenantConfig tenant = sso.tenantOf(idp).orElseThrow();
        Map<String, Object> claims = claims(idp, profile, graph);
        Identity identity = IdentityMapper.map(tenant, idp, profile.getId(), claims);
        String idpSessionId = null;
        String logoutHint = null;
        if (profile instanceof OidcProfile oidc) {
            Object sid = claims.get("sid");
            idpSessionId = sid == null ? null : sid.toString();
            logoutHint = oidc.getIdTokenString();
        } else if (profile instanceof SamlProfile saml) {
            idpSessionId = saml.sessionIndex();
            logoutHint = saml.nameIdFormat();
        }
        String token = sessions.create(identity, idpSessionId, logoutHint);
        JEEContext jee = (JEEContext) context;
        boolean secure = PublicOrigin.isHttps(current.publicUrl(), jee.getNativeRequest());
        jee.getNativeResponse().addCookie(SessionCookie.issue(sso.session().cookieName(), token,
                jee.getNativeRequest().getContextPath(), secure, sso.session().absoluteTimeout()));
        jee.getNativeResponse().addHeader("Set-Cookie",
                SignedOutMarker.clear(jee.getNativeRequest().getContextPath(), secure));
        context.setRequestAttribute(SignInAttributes.SIGNED_IN, identity);
        AUDIT.info("Signed in {} (tenant {}, IdP {}), session {}", identity.email(), tenant.name(), idp.name(),
                SessionTokens.hash(token).substring(0, 12));
    }

    /**
     * What the identity is mapped from: the profile's claims, and for an OIDC IdP with {@code groupsFromGraph}
     * whose token signalled group overage (or carried no groups), the groups read from Microsoft Graph with
     * the sign-in's access token. The groups then live in the session's database row like any others.
     */
    static Map<String, Object> claims(IdpConfig idp, UserProfile profile, GraphGroups graph) {
        Map<String, Object> claims = new HashMap<>(profile.getAttributes());
        if (profile instanceof OidcProfile oidc) {
            String accessToken = oidc.getAccessToken() == null ? null : oidc.getAccessToken().getValue();
            claims = graph.complete(idp, profile.getId(), claims, accessToken);
        }
        return claims;
    }
}
