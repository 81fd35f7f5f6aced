package io.ssogate.scim.sync;

import io.ssogate.core.accounts.CredentialVault;
import io.ssogate.core.accounts.ExternalAccountMapping;
import io.ssogate.core.accounts.SessionTermination;
import io.ssogate.core.accounts.TenantDirectory;
import io.ssogate.core.mattermost.MattermostAdmin;
import io.ssogate.core.mattermost.PasswordGenerator;
import io.ssogate.scim.config.ScimConfig;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The sync's parts wired together, for the feature to install: the queue the protocol writes to (it wakes the
 * worker), the worker, and the account mapping the sign-in consults.
 *
 * <pre>{@code
 * ScimSync sync = new ScimSync(context.database().dataSource(),
 *         () -> context.config().current().section(ScimSection.SECTION),
 *         services.require(TenantDirectory.class), services.require(MattermostAdmin.class),
 *         services.require(CredentialVault.class), services.require(SessionTermination.class),
 *         nodeId, Clock.systemUTC()).start();
 * context.closeOnStop(sync);
 * // protocol: sync.queue().enqueue(connection, tenant, userId, now) in each write's transaction
 * // publish:  sync.accountMapping() as ExternalAccountMapping
 * }</pre>
 */
public final class ScimSync implements AutoCloseable {

    private final OutboxWorker worker;
    private final SyncQueue queue;
    private final ScimAccountMapping accountMapping;

    /**
     * @param config   the live {@code scim:} section: mappings, deleteMode and retry bounds apply from the next sync
     * @param workerId this node's name in the outbox's claims (1 to 64 characters, unique among running nodes)
     */
    public ScimSync(DataSource db, Supplier<ScimConfig> config, TenantDirectory tenants, MattermostAdmin admin,
                    CredentialVault vault, SessionTermination sessions, String workerId, Clock clock) {
        UserReconciler reconciler = new UserReconciler(db, config, tenants, admin, vault, sessions,
                new PasswordGenerator(), clock);
        this.worker = new OutboxWorker(db, reconciler, config, workerId, OutboxWorker.Settings.DEFAULT, clock);
        this.queue = new SyncQueue(worker::wake);
        this.accountMapping = new ScimAccountMapping(db);
    }

    public ScimSync start() {
        worker.start();
        return this;
    }

    /** Where every SCIM write queues its users, in its own transaction. */
    public SyncQueue queue() {
        return queue;
    }

    public OutboxWorker worker() {
        return worker;
    }

    public ExternalAccountMapping accountMapping() {
        return accountMapping;
    }

    @Override
    public void close() {
        worker.close();
    }
}
