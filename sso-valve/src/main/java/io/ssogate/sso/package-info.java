/**
 * Single sign-on in front of the proxy: the pac4j SAML/OIDC filter and the Tomcat valve that logs a
 * signed-in person into Mattermost with gateway-held credentials. Arrives with the SSO issue; the
 * request path (filters and a valve ahead of the proxy servlet) is already shaped for it.
 */
package io.ssogate.sso;
