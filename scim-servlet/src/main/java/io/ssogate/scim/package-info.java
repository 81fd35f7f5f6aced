/**
 * SCIM 2.0 provisioning at {@code /scim/v2}, with a durable outbox to Mattermost's API. Arrives with
 * the SCIM issue; it will share the Mattermost client and storage from {@code core}.
 */
package io.ssogate.scim;
