package io.ssogate.sso.login.accounts;

import io.ssogate.core.config.Secret;
import io.ssogate.core.accounts.CredentialVault;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The vault's contract in memory, counting stores; every stored password goes to {@code onStore} first (a
 * {@link io.ssogate.testkit.logs.SecretLeakCheck}), so a test watches for exactly the passwords made.
 */
final class InMemoryVault implements CredentialVault {

    private final Map<String, Secret> passwords = new ConcurrentHashMap<>();
    private final AtomicInteger stores = new AtomicInteger();
    private final Consumer<String> onStore;

    InMemoryVault(Consumer<String> onStore) {
        this.onStore = onStore;
    }

    @Override
    public void store(String mattermostUserId, Secret password) {
        onStore.accept(password.reveal());
        stores.incrementAndGet();
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

    int stores() {
        return stores.get();
    }

    String reveal(String mattermostUserId) {
        return password(mattermostUserId).orElseThrow(() -> new AssertionError("no password vaulted for "
                + mattermostUserId)).reveal();
    }
}
