package io.ssogate.testkit.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the unpacked Keycloak distribution is. testkit's build unpacks it into
 * {@code testkit/target/keycloak/keycloak-<version>}; a test in another module runs with that module as
 * its working directory, so the distribution is looked for from the working directory upwards, as
 * {@code target/keycloak/…} (testkit itself) or {@code testkit/target/keycloak/…} (a sibling module).
 * The system property {@value #HOME_PROPERTY} names another unpacked distribution.
 */
public record KeycloakDistribution(Path home, String version) {

    /** An unpacked {@code keycloak-quarkus-dist} directory (the one holding {@code bin/kc.sh}). */
    public static final String HOME_PROPERTY = "ssogate.keycloak.home";

    private static final String VERSION_RESOURCE = "keycloak.properties";

    public Path kcSh() {
        return home.resolve("bin").resolve("kc.sh");
    }

    /** The distribution of the version this testkit was built for. */
    public static KeycloakDistribution locate() {
        String version = builtVersion();
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
                throw new IllegalStateException("-D" + HOME_PROPERTY + "=" + configured + ": no bin/kc.sh there");
            }
            return new KeycloakDistribution(home, version);
        }
        Path start = Path.of("").toAbsolutePath();
        Path relative = Path.of("target", "keycloak", "keycloak-" + version);
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve(relative), dir.resolve("testkit").resolve(relative)}) {
                if (Files.isRegularFile(candidate.resolve("bin/kc.sh"))) {
                    return new KeycloakDistribution(candidate, version);
                }
            }
        }
        throw new IllegalStateException("Keycloak " + version + " is not unpacked: no " + Path.of("testkit").resolve(relative)
                + "/bin/kc.sh in " + start + " or a parent. Build testkit first (./mvnw -pl testkit generate-test-resources"
                + " unpacks it), or set -D" + HOME_PROPERTY + "=<unpacked keycloak-quarkus-dist>");
    }

    private static String builtVersion() {
        Properties properties = new Properties();
        try (InputStream in = KeycloakDistribution.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(VERSION_RESOURCE + " is missing beside " + KeycloakDistribution.class.getName()
                        + " (written by testkit's build from the parent pom's keycloak.version)");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("keycloak.version");
    }
}
