package io.ssogate.sso.saml;

import com.onelogin.saml2.logout.LogoutResponse;
import com.onelogin.saml2.logout.LogoutResponseParams;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.util.Constants;
import java.util.function.Supplier;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.exception.TechnicalException;
import org.pac4j.core.exception.http.HttpAction;
import org.pac4j.core.logout.handler.SessionLogoutHandler;
import org.pac4j.core.logout.processor.LogoutProcessor;
import org.pac4j.core.util.HttpActionHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a validated logout message at the SLO URL does (pac4j's callback logic calls it for credentials that
 * are not for authentication):
 * <ul>
 *   <li>an IdP-initiated LogoutRequest ends the gateway sessions it names through the
 *       {@link SessionLogoutHandler} ({@code destroySession} with each key of
 *       {@link SamlLogoutRequestCredentials#sessionKeys()}), then answers the IdP with a LogoutResponse
 *       (Success; Responder when there is no handler to end sessions with), by the IdP's SLO binding,
 *       signed when signing is on, with the request's RelayState;</li>
 *   <li>a LogoutResponse to our own request sends the browser to the signed-out page.</li>
 * </ul>
 */
final class SamlLogoutProcessor implements LogoutProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(SamlLogoutProcessor.class);

    private final SamlClientSettings client;
    private final SamlToolkitSettings toolkit;
    private final Supplier<SessionLogoutHandler> sessionLogoutHandler;

    SamlLogoutProcessor(SamlClientSettings client, SamlToolkitSettings toolkit,
                        Supplier<SessionLogoutHandler> sessionLogoutHandler) {
        this.client = client;
        this.toolkit = toolkit;
        this.sessionLogoutHandler = sessionLogoutHandler;
    }

    @Override
    public HttpAction processLogout(CallContext ctx, Credentials credentials) {
        WebContext context = ctx.webContext();
        context.setResponseHeader("Cache-Control", "no-cache, no-store");
        context.setResponseHeader("Pragma", "no-cache");
        if (credentials instanceof SamlLogoutResponseCredentials response) {
            if (!Constants.STATUS_SUCCESS.equals(response.statusCode())) {
                LOG.warn("SAML IdP {} answered our logout with status {}: the IdP session may still be open",
                        client.idpName(), response.statusCode());
            }
            return HttpActionHelper.buildRedirectUrlAction(context, client.signedOutUrl());
        }
        if (credentials instanceof SamlLogoutRequestCredentials request) {
            return endSessionsAndAnswer(ctx, request);
        }
        throw new TechnicalException("not SAML logout credentials: " + credentials);
    }

    private HttpAction endSessionsAndAnswer(CallContext ctx, SamlLogoutRequestCredentials request) {
        SessionLogoutHandler handler = sessionLogoutHandler.get();
        String status = Constants.STATUS_SUCCESS;
        if (handler == null) {
            LOG.warn("SAML IdP {} asked to end a session, but no session logout handler is set: nothing was ended",
                    client.idpName());
            status = Constants.STATUS_RESPONDER;
        } else {
            request.sessionKeys().forEach(key -> handler.destroySession(ctx, key));
        }
        Saml2Settings settings = toolkit.current();
        if (settings.getIdpSingleLogoutServiceResponseUrl() == null) {
            // Nowhere to answer: the IdP's metadata has no SingleLogoutService.
            return HttpActionHelper.buildRedirectUrlAction(ctx.webContext(), client.signedOutUrl());
        }
        LogoutResponse response = new LogoutResponse(settings, new LogoutResponseParams(request.requestId(), status));
        return SamlBindings.send(ctx.webContext(), settings.getIdpSingleLogoutServiceBinding(),
                settings.getIdpSingleLogoutServiceResponseUrl().toString(), SamlBindings.SAML_RESPONSE,
                response.getLogoutResponseXml(), request.relayState(),
                toolkit.signs() ? toolkit.keys().orElseThrow() : null);
    }
}
