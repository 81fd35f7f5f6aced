-- The credential vault: the Mattermost passwords the gateway generated, encrypted with AES-256-GCM.
-- Portable SQL: H2 2.x and PostgreSQL 12+ (see common/V1 for the conventions).
--
-- nonce and ciphertext are base64 text (no BLOB/BYTEA: the two engines spell binary differently). The
-- ciphertext ends with GCM's 16-byte tag; the Mattermost user id is the authenticated data, so a row
-- copied onto another user does not decrypt. key_id names the vault key it is encrypted with, so keys can
-- be rotated row by row; version makes every update conditional (WHERE version = ?), so a rotation never
-- overwrites a password a gateway stored meanwhile.
CREATE TABLE sso_credential (
    mattermost_user_id VARCHAR(64)   NOT NULL,
    key_id             VARCHAR(32)   NOT NULL,
    nonce              VARCHAR(24)   NOT NULL,
    ciphertext         VARCHAR(2000) NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    version            BIGINT        NOT NULL,
    CONSTRAINT sso_credential_pk PRIMARY KEY (mattermost_user_id)
);
-- The rotation looks for the rows not under the current key.
CREATE INDEX sso_credential_key_id_idx ON sso_credential (key_id);
