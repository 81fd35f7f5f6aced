package io.ssogate.testkit.keycloak;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a start that goes wrong is reported, with a stand-in kc.sh instead of Keycloak (no 30 s start). */
class KeycloakFixtureFailureTest {

    @TempDir
    Path dir;

    @Test
    void aKeycloakThatExitsFailsTheStartWithItsLogTail() throws IOException {
        KeycloakDistribution dist = fakeDistribution(
                "echo \"state dir $PWD\"\necho \"ERROR: Failed to import realm corp\"\nexit 1\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeycloakFixture.builder().distribution(dist).start());

        assertTrue(e.getMessage().contains("exited with status 1"), e.getMessage());
        assertTrue(e.getMessage().contains("ERROR: Failed to import realm corp"), e.getMessage());
        Matcher stateDir = Pattern.compile("state dir (\\S+)").matcher(e.getMessage());
        assertTrue(stateDir.find(), e.getMessage());
        assertFalse(Files.exists(Path.of(stateDir.group(1))), "a failed start left its state dir behind");
    }

    @Test
    void aKeycloakThatNeverAnswersIsStoppedAtTheDeadline() throws IOException {
        KeycloakDistribution dist = fakeDistribution("echo \"child pid $$\"\nexec sleep 600\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeycloakFixture.builder().distribution(dist).startTimeout(Duration.ofSeconds(2)).start());

        assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
        Matcher pid = Pattern.compile("child pid (\\d+)").matcher(e.getMessage());
        assertTrue(pid.find(), e.getMessage());
        assertFalse(ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessHandle::isAlive).orElse(false),
                "the stand-in Keycloak still runs after the failed start");
    }

    @Test
    void keycloakGetsTheBuildersEnvironmentAndNotTheCallersJavaSettings() throws IOException {
        KeycloakDistribution dist = fakeDistribution(
                "echo \"value=$SSOGATE_SAML_ACS_URL java=$JAVA admin=$KC_BOOTSTRAP_ADMIN_USERNAME args=$*\"\nexit 3\n");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeycloakFixture.builder()
                .distribution(dist).env("SSOGATE_SAML_ACS_URL", "http://127.0.0.1:9/acs").start());

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertTrue(e.getMessage().contains("value=http://127.0.0.1:9/acs java=" + java + " admin=admin"), e.getMessage());
        assertTrue(e.getMessage().contains("args=start-dev --http-host=127.0.0.1 --http-port="), e.getMessage());
        assertTrue(e.getMessage().contains("--hostname=http://127.0.0.1:"), e.getMessage());
    }

    private KeycloakDistribution fakeDistribution(String script) throws IOException {
        Path home = dir.resolve("keycloak-fake");
        Path kcSh = Files.createDirectories(home.resolve("bin")).resolve("kc.sh");
        Files.writeString(kcSh, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(kcSh, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new KeycloakDistribution(home, "fake");
    }
}
