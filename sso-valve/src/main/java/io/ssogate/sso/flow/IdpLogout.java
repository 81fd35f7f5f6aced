package io.ssogate.sso.flow;

import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.saml.SamlProfile;
import io.ssogate.sso.session.GatewaySession;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.pac4j.core.client.Client;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.exception.http.HttpAction;
import org.pac4j.core.exception.http.RedirectionAction;
import org.pac4j.core.profile.CommonProfile;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.jee.context.JEEContext;
import org.pac4j.jee.http.adapter.JEEHttpActionAdapter;
import org.pac4j.oidc.profile.OidcProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Sends a signed-out browser on to its IdP's logout, through pac4j's logout action builders: OIDC
 * RP-initiated logout with the ID token as {@code id_token_hint}; SAML SLO with the NameID and SessionIndex.
 * The gateway session is already gone when this runs; the IdP returns to {@code targetUrl}.
 */
public final class IdpLogout {

    private static final Logger LOG = LoggerFactory.getLogger(IdpLogout.class);

    private final SsoEngine engine;

    public IdpLogout(SsoEngine engine) {
        this.engine = engine;
    }

    /** @return whether a redirection to the IdP was written */
    public boolean redirect(HttpServletRequest request, HttpServletResponse response, SsoEngine.Snapshot current,
                            GatewaySession session, String targetUrl) {
        Optional<IdpConfig> idp = current.sso().idp(session.identity().idp());
        Optional<Client> client = idp.flatMap(i -> current.client(i.name()));
        if (client.isEmpty()) {
            return false;
        }
        JEEContext context = new JEEContext(request, response);
        try {
            Optional<RedirectionAction> action = client.get().getLogoutAction(
                    new CallContext(context, engine.loginStates()), profileOf(idp.get(), session), targetUrl);
            if (action.isEmpty()) {
                return false;
            }
            JEEHttpActionAdapter.INSTANCE.adapt(action.get(), context);
            return true;
        } catch (HttpAction action) {
            JEEHttpActionAdapter.INSTANCE.adapt(action, context);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Could not send a sign-out on to IdP {}; signed out at the gateway only: {}", idp.get().name(),
                    e.toString());
            return false;
        }
    }

    private static UserProfile profileOf(IdpConfig idp, GatewaySession session) {
        CommonProfile profile;
        if (idp.protocol() == IdpConfig.Protocol.OIDC) {
            OidcProfile oidc = new OidcProfile();
            oidc.setIdTokenString(session.logoutHint());
            profile = oidc;
        } else {
            profile = new SamlProfile();
            profile.addAttribute(SamlProfile.NAME_ID, session.identity().subject());
            if (session.logoutHint() != null) {
                profile.addAttribute(SamlProfile.NAME_ID_FORMAT, session.logoutHint());
            }
            if (session.idpSessionId() != null) {
                profile.addAttribute(SamlProfile.SESSION_INDEX, session.idpSessionId());
            }
        }
        profile.setId(session.identity().subject());
        profile.setClientName(idp.name());
        return profile;
    }
}
