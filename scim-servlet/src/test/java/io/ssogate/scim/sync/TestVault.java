package io.ssogate.scim.sync;

import io.ssogate.core.accounts.CredentialVault;
import io.ssogate.core.config.Secret;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The vault's contract in memory: the sync only stores and forgets. */
final class TestVault implements CredentialVault {

    final Map<String, Secret> passwords = new ConcurrentHashMap<>();
    private final Consumer<String> onStore;

    /** @param onStore told each stored password, e.g. to watch for it in the logs */
    TestVault(Consumer<String> onStore) {
        this.onStore = onStore;
    }

    @Override
    public void store(String mattermostUserId, Secret password) {
        onStore.accept(password.reveal());
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
