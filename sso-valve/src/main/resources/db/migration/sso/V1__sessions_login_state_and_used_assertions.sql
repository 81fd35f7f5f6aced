-- Single sign-on's tables. Portable SQL: H2 2.x and PostgreSQL 12+ (see common/V1 for the conventions).

-- Gateway sessions. The cookie carries a random token; only its SHA-256 is stored, so a copy of the
-- database signs nobody in. revoked_at is what other nodes poll to drop a session from their caches.
CREATE TABLE sso_session (
    token_hash     VARCHAR(64)     NOT NULL,
    tenant         VARCHAR(64)     NOT NULL,
    idp            VARCHAR(64)     NOT NULL,
    subject        VARCHAR(1000)   NOT NULL,
    idp_session_id VARCHAR(1000),
    email          VARCHAR(320)    NOT NULL,
    identity_json  VARCHAR(100000) NOT NULL,
    logout_hint    VARCHAR(20000),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT sso_session_pk PRIMARY KEY (token_hash)
);
CREATE INDEX sso_session_idp_session_idx ON sso_session (idp, idp_session_id);
CREATE INDEX sso_session_subject_idx ON sso_session (idp, subject);
CREATE INDEX sso_session_revoked_idx ON sso_session (revoked_at);
CREATE INDEX sso_session_expires_idx ON sso_session (expires_at);

-- pac4j's session store during a sign-in round trip (OIDC state, nonce and PKCE verifier, the SAML
-- request id, the return URL), keyed by the hash of a short-lived cookie. In the database rather than
-- one JVM, so a callback landing on another node finds them.
CREATE TABLE sso_login_state (
    state_hash      VARCHAR(64)     NOT NULL,
    attribute_name  VARCHAR(200)    NOT NULL,
    attribute_value VARCHAR(100000) NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sso_login_state_pk PRIMARY KEY (state_hash, attribute_name)
);
CREATE INDEX sso_login_state_expires_idx ON sso_login_state (expires_at);

-- SAML assertion ids already used, until their validity ends: a replay is refused on every node.
CREATE TABLE sso_used_assertion (
    idp          VARCHAR(64)  NOT NULL,
    assertion_id VARCHAR(512) NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sso_used_assertion_pk PRIMARY KEY (idp, assertion_id)
);
CREATE INDEX sso_used_assertion_expires_idx ON sso_used_assertion (expires_at);
