package io.ssogate.testkit.postgres;

/** A PostgreSQL server this JVM can use; {@link #stop()} is called once, from the shutdown hook. */
interface RunningPostgres {

    PostgresEndpoint endpoint();

    /** Stops the server and deletes its files; a no-op for a server we did not start. */
    void stop();
}
