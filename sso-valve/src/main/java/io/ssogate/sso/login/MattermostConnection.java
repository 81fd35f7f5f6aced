package io.ssogate.sso.login;

import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.core.mattermost.MattermostApiException;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.mattermost.MattermostUser;
import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.sso.login.config.LoginSection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's own connection to Mattermost's API, with the admin token of the {@code login:} section, kept
 * in step with the live configuration (a new token or upstream URL gets a new client, the old one is closed).
 *
 * <p>{@link #check()} tells an admin at start, and a monitor later, whether the token works: Mattermost
 * reachable, the token accepted, its owner a system admin. A wrong or revoked token is one clear log line
 * and a status, not a failed sign-in page for every person.
 */
public final class MattermostConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MattermostConnection.class);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What {@link #check()} found. */
    public enum Status {
        /** The token belongs to a system admin and Mattermost answered. */
        OK,
        /** No admin token is configured: the gateway logs nobody into Mattermost. */
        OFF,
        /** Mattermost refused the token (wrong, revoked, personal access tokens disabled). */
        TOKEN_REFUSED,
        /** The token works but its owner is not a system admin. */
        NOT_ADMIN,
        /** Mattermost did not answer. */
        UNREACHABLE
    }

    private final LiveConfig config;
    private Client client;
    private volatile Status lastStatus = Status.OFF;

    private record Client(URI upstream, Secret token, MattermostClient api) {
    }

    public MattermostConnection(LiveConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The login settings in force. */
    public LoginConfig settings() {
        return config.current().section(LoginSection.SECTION);
    }

    /**
     * The admin client for the configuration in force.
     *
     * @throws IllegalStateException when no admin token is configured
     */
    public synchronized MattermostClient client() {
        GatewayConfig current = config.current();
        Secret token = current.section(LoginSection.SECTION).adminToken();
        if (token == null) {
            throw new IllegalStateException("login.adminToken is not set");
        }
        URI upstream = current.proxy().upstreamUrl();
        if (client == null || !client.upstream().equals(upstream) || !client.token().equals(token)) {
            if (client != null) {
                client.api().close();
            }
            client = new Client(upstream, token, new MattermostClient(upstream, token.reveal(), TIMEOUT));
        }
        return client.api();
    }

    /** Asks Mattermost who the admin token belongs to; logs what is wrong once per change of status. */
    public Status check() {
        Status status;
        String detail = "";
        if (!settings().enabled()) {
            status = Status.OFF;
        } else {
            try {
                Optional<MattermostUser> owner = client().findUser("users/me");
                if (owner.isEmpty()) {
                    status = Status.TOKEN_REFUSED;
                } else if (owner.get().roles() == null || !owner.get().roles().contains("system_admin")) {
                    status = Status.NOT_ADMIN;
                    detail = " (it belongs to [" + owner.get().username() + "], roles [" + owner.get().roles() + "])";
                } else {
                    status = Status.OK;
                }
            } catch (MattermostApiException e) {
                status = e.statusCode() == 401 || e.statusCode() == 403 ? Status.TOKEN_REFUSED : Status.UNREACHABLE;
                detail = " (" + e.statusCode() + " " + e.errorId() + ")";
            } catch (RuntimeException e) {
                status = Status.UNREACHABLE;
                detail = " (" + e.getClass().getSimpleName() + ")";
            }
        }
        if (status != lastStatus) {
            switch (status) {
                case OK -> LOG.info("Mattermost accepts the gateway's admin token (login.adminToken)");
                case OFF -> LOG.info("login.adminToken is not set: people who sign in log into Mattermost themselves");
                case TOKEN_REFUSED -> LOG.error("Mattermost refuses login.adminToken{}: create a personal access token"
                        + " of a system admin (README, \"The admin token\") and set it; until then nobody is logged"
                        + " into Mattermost", detail);
                case NOT_ADMIN -> LOG.error("login.adminToken is not a system admin's{}: the gateway cannot create"
                        + " accounts or set passwords with it", detail);
                case UNREACHABLE -> LOG.warn("Mattermost did not answer the admin token check{}; will try again", detail);
            }
        }
        lastStatus = status;
        return status;
    }

    /** The status of the last {@link #check()}. */
    public Status lastStatus() {
        return lastStatus;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.api().close();
            client = null;
        }
    }
}
