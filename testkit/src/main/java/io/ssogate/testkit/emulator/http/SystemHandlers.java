package io.ssogate.testkit.emulator.http;

import io.ssogate.testkit.emulator.ServerVersion;
import io.ssogate.testkit.emulator.state.EmulatorState;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** Ping, client config and client licence: the unauthenticated system endpoints (doc sections 11 and 12). */
public final class SystemHandlers {
    private final EmulatorState state;

    public SystemHandlers(EmulatorState state) {
        this.state = state;
    }

    public void ping(Exchange ex) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "OK");
        body.put("AndroidLatestVersion", "");
        body.put("AndroidMinVersion", "");
        body.put("IosLatestVersion", "");
        body.put("IosMinVersion", "");
        body.put("ActiveSearchBackend", "database");
        if ("true".equals(ex.query("get_server_status"))) {
            // Also sent as response headers by the server.
            body.put("database_status", "OK");
            body.put("filestore_status", "OK");
            ex.response.setHeader("database_status", "OK");
            ex.response.setHeader("filestore_status", "OK");
        }
        ex.json(200, body);
    }

    /** The limited client config; every value is a string (cfg-cl {@code GenerateLimitedClientConfig}). */
    public void clientConfig(Exchange ex) throws IOException {
        requireOldFormat(ex);
        URI site = state.settings.siteUrl();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("Version", ServerVersion.VERSION);
        c.put("BuildNumber", ServerVersion.BUILD_NUMBER);
        c.put("BuildHash", ServerVersion.CONFIG_HASH);
        c.put("BuildEnterpriseReady", "false");
        c.put("SiteURL", site == null ? "" : site.toString());
        c.put("SiteName", "Mattermost");
        c.put("WebsocketURL", "");
        c.put("EnableSignInWithEmail", Boolean.toString(state.settings.enableSignInWithEmail()));
        c.put("EnableSignInWithUsername", Boolean.toString(state.settings.enableSignInWithUsername()));
        c.put("EnableSignUpWithEmail", "true");
        c.put("EnableUserCreation", "true");
        c.put("EnableOpenServer", "false");
        c.put("EnableSignUpWithGitLab", "false");
        c.put("GitLabButtonText", "");
        c.put("GitLabButtonColor", "");
        // SAML, Google, Office 365, OpenID and LDAP need a licence; Team Edition reports them off.
        c.put("EnableSaml", "false");
        c.put("SamlLoginButtonText", "");
        c.put("SamlLoginButtonColor", "");
        c.put("SamlLoginButtonBorderColor", "");
        c.put("SamlLoginButtonTextColor", "");
        c.put("EnableSignUpWithGoogle", "false");
        c.put("EnableSignUpWithOffice365", "false");
        c.put("EnableSignUpWithOpenId", "false");
        c.put("OpenIdButtonText", "");
        c.put("OpenIdButtonColor", "");
        c.put("EnableLdap", "false");
        c.put("LdapLoginFieldName", "");
        c.put("PasswordMinimumLength", Integer.toString(state.settings.passwordMinimumLength()));
        c.put("PasswordRequireLowercase", "false");
        c.put("PasswordRequireUppercase", "false");
        c.put("PasswordRequireNumber", "false");
        c.put("PasswordRequireSymbol", "false");
        c.put("MobileExternalBrowser", "false");
        if (ex.caller() != null) {
            // A signed-in user gets the larger set (doc section 12).
            c.put("EnableUserAccessTokens", Boolean.toString(state.settings.enableUserAccessTokens()));
            c.put("MaxFileSize", "104857600");
        }
        ex.json(200, c);
    }

    /** Team Edition: unlicensed, so {@code IsLicensed} is "false" and no feature flags follow. */
    public void clientLicense(Exchange ex) throws IOException {
        requireOldFormat(ex);
        ex.json(200, Map.of("IsLicensed", "false"));
    }

    private static void requireOldFormat(Exchange ex) {
        // Only format=old exists (api-sys getClientConfig): no format is 501 "not supported yet", another is 400.
        String format = ex.query("format");
        if (format == null || format.isEmpty()) {
            throw new ApiError(501, "api.config.client.old_format.app_error", "New format for the client configuration is not supported yet. Please specify format=old in the query string.");
        }
        if (!"old".equals(format)) {
            throw ApiError.invalidParam("format");
        }
    }
}
