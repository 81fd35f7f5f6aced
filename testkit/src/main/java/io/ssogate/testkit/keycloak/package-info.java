/**
 * A real Keycloak for single sign-on integration tests: the distribution the build unpacks into
 * {@code testkit/target/keycloak}, started in dev mode on loopback with the realms {@code corp} and
 * {@code partner} imported at every start ({@link io.ssogate.testkit.keycloak.KeycloakFixture}).
 */
package io.ssogate.testkit.keycloak;
