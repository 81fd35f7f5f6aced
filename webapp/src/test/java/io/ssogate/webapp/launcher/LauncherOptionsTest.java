package io.ssogate.webapp.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

    @Test
    void defaultsToConfSsogateYaml() {
        LauncherOptions options = LauncherOptions.parse(List.of());
        assertEquals(Path.of("conf/ssogate.yaml"), options.configFile());
        assertFalse(options.demo());
        assertFalse(options.checkConfig());
    }

    @Test
    void readsEveryFlag() {
        LauncherOptions options = LauncherOptions.parse(
                List.of("--config", "/etc/ssogate.yaml", "--demo", "--check-config", "--port", "9090"));
        assertEquals(Path.of("/etc/ssogate.yaml"), options.configFile());
        assertTrue(options.demo());
        assertTrue(options.checkConfig());
        assertEquals(9090, options.port());
        assertEquals(Path.of("x.yaml"), LauncherOptions.parse(List.of("--config=x.yaml")).configFile());
    }

    @Test
    void unknownFlagIsAnErrorNotIgnored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LauncherOptions.parse(List.of("--cofnig", "x")));
        assertEquals("unknown option [--cofnig]", e.getMessage());
    }

    @Test
    void flagWithoutItsValueIsAnError() {
        assertEquals("--config needs a value",
                assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(List.of("--config"))).getMessage());
        assertEquals("--port must be a number from 1 to 65535, not [http]",
                assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(List.of("--port", "http"))).getMessage());
    }
}
