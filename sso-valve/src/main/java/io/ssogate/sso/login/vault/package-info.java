/**
 * The credential vault: {@link io.ssogate.sso.login.vault.AesGcmCredentialVault} keeps the generated
 * Mattermost passwords in {@code sso_credential}, AES-256-GCM-encrypted under
 * {@link io.ssogate.sso.login.vault.VaultKeys}, each row bound to its Mattermost user id;
 * {@link io.ssogate.sso.login.vault.VaultKeyRotation} moves the rows onto a new key while gateways run.
 * Only the JDK's {@code javax.crypto} does cryptography here. Not wired into the gateway yet.
 */
package io.ssogate.sso.login.vault;
