/**
 * The gateway's database. {@link io.ssogate.core.storage.GatewayDatabase#start} opens the pool and migrates
 * the schema; repositories ({@link io.ssogate.core.storage.SettingsRepository},
 * {@link io.ssogate.core.storage.NodeRegistry}) take its {@code DataSource} and use plain JDBC.
 *
 * <p>To grow: add {@code db/migration/common/V<n>__<what>.sql} in SQL that both H2 2.x and PostgreSQL accept
 * (avoid upserts, {@code SERIAL}, {@code TEXT}-vs-{@code CLOB} surprises and H2 reserved words such as
 * {@code KEY} and {@code VALUE}), then a repository class here, and add its tests to
 * {@code StorageContractTest} so they run on both databases.
 */
package io.ssogate.core.storage;
