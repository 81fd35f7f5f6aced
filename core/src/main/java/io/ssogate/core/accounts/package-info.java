/**
 * What the identity features share about people and their Mattermost accounts: the tenants, the vault of
 * generated passwords, which account a person has, and ending a person's sessions. Single sign-on
 * publishes most of them as services; SCIM provisioning uses them and publishes the account mapping.
 */
package io.ssogate.core.accounts;
