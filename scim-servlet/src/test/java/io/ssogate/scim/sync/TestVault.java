package io.ssogate.scim.sync;

import io.ssogate.core.accounts.CredentialVault;
import io.ssogate.core.config.Secret;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The vault's contract in memory: the sync only stores and forgets. */
final class TestVault implements CredentialVault {

    final Map<String, Secret> passwords = new ConcurrentHashMap<>();

    @Override
    public void store(String mattermostUserId, Secret password) {
        passwords.put(mattermostUserId, password);
    }

    @Override
    public Optional<Secret> password(String mattermostUserId) {
        return Optional.ofNullable(passwords.get(mattermostUserId));
    }

    @Override
    public void remove(String mattermostUserId) {
        passwords.remove(mattermostUserId);
    }
}
