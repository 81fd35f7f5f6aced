package io.ssogate.sso.login.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.ConfigException;
import io.ssogate.core.config.ConfigLoader;
import io.ssogate.core.config.ConfigWriter;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.testkit.logs.SecretLeakCheck;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code login:} section: defaults, every setting, its checks, and the admin token kept a reference. */
class LoginSectionTest {

    private static final String TOKEN = "admintoken0123456789abcdef";
    private static final String PREAUTH = "preauth-secret-0123456789";

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(TOKEN, PREAUTH);

    private static final String PROXY = """
            proxy:
              upstreamUrl: http://127.0.0.1:8065
            """;

    private final ConfigLoader loader = new ConfigLoader(List.of(LoginSection.SECTION),
            Map.of("MM_TOKEN", TOKEN, "PREAUTH", PREAUTH)::get);

    @Test
    void withoutTheSectionTheGatewayLogsNobodyIntoMattermost() throws ConfigException {
        LoginConfig login = loader.parse(PROXY, "ssogate.yaml").section(LoginSection.SECTION);

        assertFalse(login.enabled());
        assertFalse(login.jitProvisioning());
        assertFalse(login.takeover());
        assertEquals(Set.of(), login.breakGlass());
        assertEquals(16, login.maxConcurrentLogins());
        assertTrue(login.mobile().enabled());
        assertEquals(List.of("mmauth://", "mmauthbeta://"), login.mobile().urlSchemes());
        assertNull(login.mobile().preauthSecret());
    }

    @Test
    void everySettingBindsAndBreakGlassNamesMatchWhateverTheirCase() throws ConfigException {
        LoginConfig login = loader.parse(PROXY + """
                login:
                  adminToken: ${MM_TOKEN}
                  jitProvisioning: true
                  takeover: true
                  breakGlass: [SysAdmin, root@Corp.example]
                  maxConcurrentLogins: 4
                  mobile:
                    enabled: false
                    buttonText: Sign in with Corp
                    urlSchemes: ["corpchat://"]
                    preauthSecret: ${PREAUTH}
                """, "ssogate.yaml").section(LoginSection.SECTION);

        assertTrue(login.enabled());
        assertEquals(TOKEN, login.adminToken().reveal());
        assertTrue(login.jitProvisioning() && login.takeover());
        assertTrue(login.isBreakGlass("sysadmin") && login.isBreakGlass("ROOT@corp.example"));
        assertFalse(login.isBreakGlass("alice"));
        assertEquals(4, login.maxConcurrentLogins());
        assertFalse(login.mobile().enabled());
        assertEquals("Sign in with Corp", login.mobile().buttonText());
        assertEquals(List.of("corpchat://"), login.mobile().urlSchemes());
        assertEquals(PREAUTH, login.mobile().preauthSecret().reveal());
    }

    @Test
    void eachMistakeIsNamedByItsKeyAndAllAreReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(PROXY + """
                login:
                  jitProvisioning: true
                  breakGlass: [""]
                  maxConcurrentLogins: 0
                  mobile:
                    urlSchemes: ["https://evil.example/"]
                """, "ssogate.yaml"));

        assertEquals(List.of("login.adminToken", "login.breakGlass[0]", "login.maxConcurrentLogins",
                        "login.mobile.urlSchemes[0]"),
                e.problems().stream().map(p -> p.key()).toList(), e.getMessage());
    }

    @Test
    void theAdminTokenIsWrittenBackAsItsReferenceNeverItsValue() throws ConfigException {
        GatewayConfig config = loader.parse(PROXY + """
                login:
                  adminToken: ${MM_TOKEN}
                """, "ssogate.yaml");

        String yaml = new ConfigWriter().toYaml(config);

        assertTrue(yaml.contains("${MM_TOKEN}"), yaml);
        assertFalse(yaml.contains(TOKEN), yaml);
    }
}
