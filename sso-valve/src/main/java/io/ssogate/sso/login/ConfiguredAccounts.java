package io.ssogate.sso.login;

import io.ssogate.core.accounts.CredentialVault;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.sso.identity.Identity;
import io.ssogate.sso.login.accounts.AccountLinks;
import io.ssogate.sso.login.accounts.AccountSettings;
import io.ssogate.sso.login.accounts.AccountUnavailableException;
import io.ssogate.core.accounts.ExternalAccountMapping;
import io.ssogate.sso.login.accounts.MattermostAccounts;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link MattermostAccounts} for the configuration in force: built again when the admin client or the
 * account policy changes (an admin turns JIT provisioning on), kept otherwise, so that what it remembers
 * (Mattermost's user limit) lasts.
 */
public final class ConfiguredAccounts implements AccountResolver {

    private final MattermostConnection connection;
    private final CredentialVault vault;
    private final AccountLinks links;
    private final Supplier<ExternalAccountMapping> mapping;
    private Built built;

    private record Built(MattermostClient client, AccountSettings settings, ExternalAccountMapping mapping,
                         MattermostAccounts accounts) {
    }

    /** @param mapping the SCIM mapping when SCIM is installed, else {@link ExternalAccountMapping#NONE} */
    public ConfiguredAccounts(MattermostConnection connection, CredentialVault vault, AccountLinks links,
                              Supplier<ExternalAccountMapping> mapping) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.links = Objects.requireNonNull(links, "links");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
    }

    @Override
    public String mattermostUserId(Identity identity) {
        return current().accountFor(identity);
    }

    @Override
    public boolean repairPassword(Identity identity, String mattermostUserId) {
        return current().repairPassword(identity, mattermostUserId);
    }

    private synchronized MattermostAccounts current() {
        if (!connection.settings().enabled()) {
            throw new AccountUnavailableException(AccountUnavailableException.Reason.MATTERMOST_REFUSED,
                    "login.adminToken is not set");
        }
        MattermostClient client = connection.client();
        AccountSettings settings = connection.settings().accountSettings();
        ExternalAccountMapping externalMapping = mapping.get();
        if (built == null || built.client() != client || !built.settings().equals(settings)
                || built.mapping() != externalMapping) {
            built = new Built(client, settings, externalMapping,
                    new MattermostAccounts(client, vault, links, externalMapping, settings));
        }
        return built.accounts();
    }
}
