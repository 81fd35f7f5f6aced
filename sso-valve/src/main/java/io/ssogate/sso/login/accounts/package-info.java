/**
 * The Mattermost account each signed-in identity logs in as: {@link io.ssogate.sso.login.accounts.MattermostAccounts}
 * finds, links, creates or takes it over under a provisioning claim in the shared database
 * ({@link io.ssogate.sso.login.accounts.AccountLinks}), names new accounts by
 * {@link io.ssogate.core.mattermost.UsernameRules} and gives them passwords from
 * {@link io.ssogate.core.mattermost.PasswordGenerator}, kept in the
 * {@link io.ssogate.core.accounts.CredentialVault}. Not wired into the gateway yet: the Mattermost login step and
 * the {@code sso:} settings for {@link io.ssogate.sso.login.accounts.AccountSettings} come with it.
 */
package io.ssogate.sso.login.accounts;
