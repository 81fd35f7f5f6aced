/**
 * A real PostgreSQL for tests, started by the tests themselves: {@link io.ssogate.testkit.postgres.TestPostgres}.
 *
 * <p>Server choice, once per test JVM:
 * <ol>
 *   <li>{@code SSOGATE_TEST_POSTGRES_URL} (a {@code jdbc:postgresql://host:port/db} URL of a user with
 *       CREATEDB and CREATEROLE), with {@code SSOGATE_TEST_POSTGRES_USER} and
 *       {@code SSOGATE_TEST_POSTGRES_PASSWORD}; what the tests create is dropped at exit;</li>
 *   <li>otherwise zonky's embedded PostgreSQL (binaries from Maven Central), on 127.0.0.1 and a free port;</li>
 *   <li>as root, the same binaries run as {@code nobody} through util-linux {@code setpriv}.</li>
 * </ol>
 * Each test class gets a fresh database; the embedded server and its files go away at JVM exit.
 */
package io.ssogate.testkit.postgres;
