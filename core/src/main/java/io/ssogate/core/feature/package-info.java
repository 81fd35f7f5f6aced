/**
 * The feature contract: how a capability (proxy, SSO, SCIM) plugs into the gateway. A
 * {@link io.ssogate.core.feature.GatewayFeature} declares its configuration sections and migrations and
 * installs servlets, filters, {@link io.ssogate.core.feature.RequestStep request steps} and services
 * through a {@link io.ssogate.core.feature.FeatureContext}. The webapp module assembles the features;
 * nothing here knows any one of them.
 */
package io.ssogate.core.feature;
