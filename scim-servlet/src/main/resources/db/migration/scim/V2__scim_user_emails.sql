-- Indexes for the SCIM protocol's lookups: every email of a user, and the stored order of list pages.

-- Every email of a SCIM user, lower-cased, so "emails.value eq x" (and emails[value eq x]) finds a user by
-- any of its addresses through an index, not only by the primary one kept in scim_user.email_key.
-- Rewritten with the user's row on every change; goes with the row (tombstones keep none).
CREATE TABLE scim_user_email (
    tenant    VARCHAR(64)   NOT NULL,
    user_id   VARCHAR(36)   NOT NULL,
    email_key VARCHAR(1000) NOT NULL,
    CONSTRAINT scim_user_email_pk PRIMARY KEY (user_id, email_key),
    CONSTRAINT scim_user_email_user_fk FOREIGN KEY (user_id) REFERENCES scim_user (id) ON DELETE CASCADE
);
CREATE INDEX scim_user_email_key_idx ON scim_user_email (tenant, email_key);

-- The stored order of list pages without filter or sort (oldest first), so walking a large tenant page by
-- page (Okta's import, Entra's first cycle) reads a page, not the whole tenant sorted, per request.
CREATE INDEX scim_user_created_idx ON scim_user (tenant, created_at, id);
CREATE INDEX scim_group_created_idx ON scim_group (tenant, created_at, id);
