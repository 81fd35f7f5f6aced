package io.ssogate.sso.flow;

import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.LiveConfig;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.SsoConfig;
import io.ssogate.sso.config.SsoSection;
import io.ssogate.sso.session.GatewaySessions;

import org.pac4j.core.client.Client;
import org.pac4j.core.client.Clients;
import org.pac4j.core.config.Config;
import org.pac4j.core.http.callback.QueryParameterCallbackUrlResolver;
import org.pac4j.core.http.url.DefaultUrlResolver;
import org.pac4j.jee.context.JEEContextFactory;
import org.pac4j.jee.http.adapter.JEEHttpActionAdapter;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pac4j side of single sign-on, for the configuration in force: one pac4j {@link Config} with a client
 * per IdP, the shared login-state store and the profile manager that opens gateway sessions. A change of
 * the {@code sso:} section or of {@code server.publicUrl} builds a new one, so an added or changed IdP applies
 * without a restart; sign-ins already under way finish with the clients they started with only if the IdP
 * is unchanged, since their state is in the database, not in the clients.
 */
public final class SsoEngine {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SsoEngine.class);

    public static final String CALLBACK_PATH = "/sso/callback";

    private final LiveConfig config;
    private final LoginStateStore loginStates;
    private final SignInCompletion completion;
    private final IdpSessionLogout idpLogout;
    private final Function<SamlClientRequest, Client> samlClients;
    private volatile Snapshot snapshot;

    /** What a SAML client is made from; the SAML package builds it (see {@code SsoFeature}). */
    public record SamlClientRequest(IdpConfig idp, SsoConfig sso, URI publicUrl, String callbackUrl) {
    }

    /** The pac4j configuration of one configuration version. */
    public record Snapshot(SsoConfig sso, URI publicUrl, Config pac4j) {

        /**
         * The client of IdP {@code name}, initialised (see {@link ReadyClients}); empty when there is none.
         *
         * @throws org.pac4j.core.exception.TechnicalException when it could not be set up
         */
        public Optional<Client> client(String name) {
            return pac4j.getClients().findClient(name).map(ReadyClients::ready);
        }
    }

    public SsoEngine(LiveConfig config, LoginStateStore loginStates, GatewaySessions sessions,
                     Function<SamlClientRequest, Client> samlClients) {
        this.config = config;
        this.loginStates = loginStates;
        this.samlClients = samlClients;
        this.completion = new SignInCompletion(sessions, this);
        this.idpLogout = new IdpSessionLogout(sessions);
    }

    /** The pac4j configuration for the configuration in force, built anew when that changed. */
    public Snapshot current() {
        GatewayConfig gateway = config.current();
        SsoConfig sso = gateway.section(SsoSection.SECTION);
        URI publicUrl = gateway.server().publicUrl();
        Snapshot built = snapshot;
        // Every proxied request asks: the live configuration hands out the same objects until it changes, so
        // identity answers almost always, and the deep comparison runs only after an update.
        if (built != null && built.sso() == sso && built.publicUrl() == publicUrl) {
            return built;
        }
        synchronized (this) {
            if (snapshot == null || !snapshot.sso().equals(sso) || !Objects.equals(snapshot.publicUrl(), publicUrl)) {
                snapshot = new Snapshot(sso, publicUrl, build(sso, publicUrl));
            } else if (snapshot.sso() != sso || snapshot.publicUrl() != publicUrl) {
                // An update that changed nothing here keeps the clients, under the new objects.
                snapshot = new Snapshot(sso, publicUrl, snapshot.pac4j());
            }
            return snapshot;
        }
    }

    public LoginStateStore loginStates() {
        return loginStates;
    }

    /** What the SAML client of {@code idp} is made from, in the configuration of {@code snapshot}. */
    public static SamlClientRequest samlRequest(Snapshot snapshot, IdpConfig idp) {
        return new SamlClientRequest(idp, snapshot.sso(), snapshot.publicUrl(), callbackUrl(snapshot.publicUrl()));
    }

    private static String callbackUrl(URI publicUrl) {
        return publicUrl == null ? CALLBACK_PATH : stripSlash(publicUrl.toString()) + CALLBACK_PATH;
    }

    private Config build(SsoConfig sso, URI publicUrl) {
        String callbackUrl = callbackUrl(publicUrl);
        List<Client> clients = new ArrayList<>();
        for (IdpConfig idp : sso.idps()) {
            // One IdP that cannot be set up (a SAML IdP without server.publicUrl) must not take the others,
            // or every request's identity check, down with it: it is left out, and signing in there says
            // the service is not available.
            try {
                clients.add(switch (idp.protocol()) {
                    case OIDC -> OidcClients.build(idp, sso.clockSkew());
                    case SAML -> samlClients.apply(new SamlClientRequest(idp, sso, publicUrl, callbackUrl));
                });
            } catch (RuntimeException e) {
                LOG.warn("Identity provider {} is not available: {}", idp.name(), e.getMessage());
            }
        }
        Clients pac4jClients = new Clients(callbackUrl, clients);
        pac4jClients.setCallbackUrlResolver(new QueryParameterCallbackUrlResolver());
        // Without a configured public URL, the callback is completed from each request's scheme and Host.
        pac4jClients.setUrlResolver(new DefaultUrlResolver(true));
        Config pac4j = new Config(pac4jClients);
        pac4j.setSessionStoreFactory(parameters -> loginStates);
        pac4j.setWebContextFactory(JEEContextFactory.INSTANCE);
        pac4j.setHttpActionAdapter(JEEHttpActionAdapter.INSTANCE);
        pac4j.setProfileManagerFactory((context, store) -> new SessionOpeningProfileManager(context, store, completion));
        pac4j.setSessionLogoutHandler(idpLogout);
        return pac4j;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
