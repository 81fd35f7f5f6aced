package io.ssogate.core.config;

import io.ssogate.testkit.logs.SecretLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** <code>${NAME}</code>, <code>${file:...}</code> and <code>$${</code>: where they apply and what they never do. */
class ConfigSubstitutionTest {

    private static final String PASSWORD = "hunter2-very-secret";
    private static final String SECRET_WITH_YAML_SYNTAX = "p: w # not a comment\nmaxPoolSize: 99";
    private static final String SECRET_FROM_FILE = "s3cret: #1";

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(PASSWORD, SECRET_WITH_YAML_SYNTAX, SECRET_FROM_FILE);

    private static final String PROXY = """
            proxy:
              upstreamUrl: http://127.0.0.1:8065
            """;

    @TempDir
    Path dir;

    @Test
    void environmentVariableIsExpandedInsideLongerText() throws ConfigException {
        GatewayConfig config = loader(Map.of("DB_HOST", "db.internal:5432")).parse(PROXY + """
                database:
                  url: jdbc:postgresql://${DB_HOST}/ssogate?ssl=${DB_HOST}
                """, "test.yaml");

        assertEquals("jdbc:postgresql://db.internal:5432/ssogate?ssl=db.internal:5432", config.database().url());
    }

    @Test
    void doubledDollarIsALiteralAndLooksNothingUp() throws ConfigException {
        List<String> lookedUp = new ArrayList<>();
        Function<String, String> env = name -> {
            lookedUp.add(name);
            return "from-env";
        };
        GatewayConfig config = new ConfigLoader(env).parse(PROXY + """
                database:
                  url: jdbc:h2:mem:test
                  password: "a$${NOT_A_VAR}b"
                """, "test.yaml");

        assertEquals("a${NOT_A_VAR}b", config.database().password().reveal());
        assertEquals(List.of(), lookedUp, "an escaped reference must not be looked up");
    }

    @Test
    void secretContainingYamlSyntaxStaysOneValue() throws ConfigException {
        // If substitution happened on the text before YAML parsing, this value would end the password
        // early at "#" and add a maxPoolSize key.
        String secret = SECRET_WITH_YAML_SYNTAX;
        GatewayConfig config = loader(Map.of("DB_PASSWORD", secret)).parse(PROXY + """
                database:
                  url: jdbc:h2:mem:test
                  password: ${DB_PASSWORD}
                """, "test.yaml");

        assertEquals(secret, config.database().password().reveal());
        assertEquals(DatabaseConfig.DEFAULT_MAX_POOL_SIZE, config.database().maxPoolSize());
    }

    @Test
    void substitutedTextIsNotExpandedAgain() throws ConfigException {
        GatewayConfig config = loader(Map.of("DB_PASSWORD", "x${OTHER}y")).parse(PROXY + """
                database:
                  password: ${DB_PASSWORD}
                """, "test.yaml");

        assertEquals("x${OTHER}y", config.database().password().reveal());
    }

    @Test
    void numbersAndUrlsCanComeFromTheEnvironment() throws ConfigException {
        GatewayConfig config = loader(Map.of("PORT", "9090", "MM", "http://127.0.0.1:8065")).parse("""
                server:
                  port: ${PORT}
                proxy:
                  upstreamUrl: ${MM}/
                """, "test.yaml");

        assertEquals(9090, config.server().port());
        assertEquals(URI.create("http://127.0.0.1:8065/"), config.proxy().upstreamUrl());
    }

    @Test
    void relativeSecretFileIsReadFromTheConfigDirectoryWithoutTrailingNewline() throws Exception {
        Files.writeString(dir.resolve("db-password"), SECRET_FROM_FILE + "\n");
        Path file = write("ssogate.yaml", PROXY + """
                database:
                  password: ${file:db-password}
                """);

        GatewayConfig config = loader(Map.of()).load(file);

        assertEquals(SECRET_FROM_FILE, config.database().password().reveal());
    }

    @Test
    void absoluteSecretFilePathIsUsedAsIs() throws Exception {
        Path secret = Files.writeString(dir.resolve("abs-secret"), "abc\r\n");
        Path file = write("ssogate.yaml", PROXY + "database:\n  password: ${file:" + secret + "}\n");

        assertEquals("abc", loader(Map.of()).load(file).database().password().reveal());
    }

    @Test
    void unreadableSecretFileNamesKeyLineAndPath() throws IOException {
        Path file = write("ssogate.yaml", PROXY + """
                database:
                  password: ${file:missing-secret}
                """);

        ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).load(file));

        assertEquals(file + ":4: database.password: cannot read secret file "
                + dir.toAbsolutePath().resolve("missing-secret") + " (NoSuchFileException)", e.getMessage());
        assertEquals("database.password", e.key());
        assertEquals(4, e.line());
        assertEquals(file.toString(), e.file());
    }

    @Test
    void missingConfigurationFileIsAClearError() {
        Path file = dir.resolve("nope.yaml");

        ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).load(file));

        assertEquals(file + ": cannot read the configuration file (NoSuchFileException)", e.getMessage());
    }

    @Test
    void passwordNeverAppearsInMessagesOrToString() throws ConfigException {
        String password = PASSWORD;
        ConfigLoader loader = loader(Map.of("DB_PASSWORD", password));
        List<String> badDocuments = List.of(
                // an error after the password was substituted
                PROXY + "database:\n  password: ${DB_PASSWORD}\n  maxPoolSize: many\n",
                // the password key itself with the wrong shape
                PROXY + "database:\n  password: [" + password + "]\n",
                // a YAML syntax error right next to a literal password
                PROXY + "database:\n  password: " + password + "\n   url: [\n",
                // the password smuggled into a URL
                "proxy:\n  upstreamUrl: http://127.0.0.1:8065/${DB_PASSWORD}?x\n",
                "proxy:\n  upstreamUrl: http://127.0.0.1:8065\ndatabase:\n  url: jdbc:mysql://h/?password=${DB_PASSWORD}\n");
        for (String yaml : badDocuments) {
            ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml, "test.yaml"), yaml);
            assertFalse(e.getMessage().contains(password), () -> "secret leaked: " + e.getMessage());
        }

        GatewayConfig config = loader.parse(PROXY + "database:\n  password: ${DB_PASSWORD}\n", "test.yaml");
        assertEquals(password, config.database().password().reveal());
        assertFalse(config.toString().contains(password), config::toString);
        assertFalse(config.database().toString().contains(password));
        assertFalse(new ConfigWriter().toYaml(config).contains(password));
        assertFalse(new ConfigWriter().toJson(config.database()).contains(password));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static ConfigLoader loader(Map<String, String> env) {
        return new ConfigLoader(env::get);
    }
}
