package io.ssogate.testkit.postgres;

/** A PostgreSQL server this JVM can use; {@link #stop()} is called once, from the shutdown hook. */
interface RunningPostgres {

    PostgresEndpoint endpoint();

    /** Told about every database and role the tests create; a server we did not start drops them at exit. */
    default void created(String database, String role) {
    }

    /** Stops the server and deletes its files; a no-op for a server we did not start. */
    void stop();
}
