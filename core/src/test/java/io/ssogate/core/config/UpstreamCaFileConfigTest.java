package io.ssogate.core.config;

import io.ssogate.testkit.tls.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** proxy.upstreamCaFile is read when the configuration is, so a bad file stops the start with its key. */
class UpstreamCaFileConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    @Test
    void aPemFileOfCaCertificatesIsAcceptedAndKept(@TempDir Path dir) throws ConfigException {
        Path ca = TestPki.create("config test CA").writeCaPem(dir.resolve("ca.pem"));

        GatewayConfig config = loader.parse(yaml(ca), "conf/ssogate.yaml");

        assertEquals(ca, config.proxy().upstreamCaFile());
        assertEquals(ca.toString(), new ConfigWriter().toYaml(config).lines()
                .filter(line -> line.contains("upstreamCaFile")).findFirst().orElseThrow()
                .split(": ", 2)[1].replace("\"", ""), "written back as it was read");
    }

    @Test
    void noCaFileMeansTheJvmTrustStore() throws ConfigException {
        assertNull(loader.parse("proxy:\n  upstreamUrl: https://mm.internal\n", "c.yaml").proxy().upstreamCaFile());
    }

    @Test
    void aFileWithoutCertificatesStopsTheStartNamingTheKey(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");

        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml(notPem), "conf/ssogate.yaml"));

        assertEquals("proxy.upstreamCaFile", e.key());
        assertEquals(3, e.line());
    }

    private static String yaml(Path ca) {
        return """
                proxy:
                  upstreamUrl: https://mm.internal
                  upstreamCaFile: "%s"
                """.formatted(ca.toString().replace("\\", "\\\\"));
    }
}
