/**
 * Keeps Mattermost's own password sign-in, password change and reset to the break-glass accounts: everyone
 * else signs in through single sign-on, with a password only the gateway knows.
 */
package io.ssogate.sso.login.guard;
