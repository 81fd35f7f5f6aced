-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+. Timestamps are TIMESTAMP WITH TIME ZONE,
-- written by the application in UTC (JDBC 4.2 OffsetDateTime on both databases).
-- Column names avoid KEY and VALUE, which H2 2.x reserves.

-- Settings the admin console edits. "version" drives optimistic concurrency: every write must name the
-- version it read, and bumps it by one.
CREATE TABLE setting (
    setting_key   VARCHAR(200)     NOT NULL,
    setting_value VARCHAR(1000000) NOT NULL,
    version       BIGINT           NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by    VARCHAR(200)     NOT NULL,
    CONSTRAINT setting_pk PRIMARY KEY (setting_key),
    CONSTRAINT setting_version_positive CHECK (version > 0)
);

-- Gateway nodes sharing this database, each refreshing last_seen_at with a heartbeat.
CREATE TABLE gateway_node (
    node_id      VARCHAR(100) NOT NULL,
    host_name    VARCHAR(255) NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT gateway_node_pk PRIMARY KEY (node_id)
);

CREATE INDEX gateway_node_last_seen_idx ON gateway_node (last_seen_at);
