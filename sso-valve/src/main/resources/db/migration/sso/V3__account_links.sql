-- Which Mattermost account each signed-in identity logs in as. Portable SQL: H2 2.x and PostgreSQL 12+.

-- One Mattermost account per identity, and one identity per Mattermost account: the second unique key
-- stops two people (say one email at two IdPs) from sharing an account and its vaulted password.
CREATE TABLE sso_account_link (
    tenant             VARCHAR(64)   NOT NULL,
    idp                VARCHAR(64)   NOT NULL,
    subject            VARCHAR(1000) NOT NULL,
    mattermost_user_id VARCHAR(64)   NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sso_account_link_pk PRIMARY KEY (tenant, idp, subject),
    CONSTRAINT sso_account_link_user_uq UNIQUE (mattermost_user_id)
);

-- The provisioning claim: whoever inserts the row first creates or takes over the identity's account;
-- the others wait for its link. Committed at once (not held in an open transaction across the Mattermost
-- calls), so it works the same on both engines; expires_at frees the claim of a node that died mid-way.
CREATE TABLE sso_account_claim (
    tenant     VARCHAR(64)   NOT NULL,
    idp        VARCHAR(64)   NOT NULL,
    subject    VARCHAR(1000) NOT NULL,
    claim_id   VARCHAR(64)   NOT NULL,
    claimed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sso_account_claim_pk PRIMARY KEY (tenant, idp, subject)
);
CREATE INDEX sso_account_claim_expires_idx ON sso_account_claim (expires_at);
