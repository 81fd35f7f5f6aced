/**
 * Logging people into Mattermost on their behalf (the next issue after single sign-on): the credential
 * vault and the Mattermost accounts the gateway links, creates or takes over. Not wired into the gateway
 * yet: the injection step comes with the rest of that issue.
 */
package io.ssogate.sso.login;
