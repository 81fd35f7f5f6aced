package io.ssogate.webapp.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.webapp.support.FreePort;
import io.ssogate.webapp.InstalledFeatures;
import java.net.InetAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EmbeddedGateway#start} fails as a whole: no gateway without storage, no listener left behind. */
class EmbeddedGatewayStartFailureTest {

    @TempDir
    Path temp;

    @Test
    void storageThatCannotOpenFailsTheStartWithItsMessageAndFreesThePort() throws Exception {
        int port = FreePort.pick();
        // Storage opens in parallel with Tomcat, which is listening by the time this URL is refused.
        GatewayConfig config = new GatewayConfig(ServerConfig.defaults().withPort(port).withDataDir(temp),
                ProxyConfig.of(URI.create("http://127.0.0.1:9")), new DatabaseConfig("jdbc:sqlite:x.db", null, null, 0));

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> EmbeddedGateway.start(config));

        assertEquals("could not start the gateway on 127.0.0.1:" + port + ": database.url: only jdbc:postgresql://…"
                + " and jdbc:h2:… URLs are supported, got [jdbc:sqlite:x.db]", failure.getMessage());
        // Binding the port again fails (BindException) if the failed start left Tomcat listening.
        new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
    }

    @Test
    void aFeatureThatFailsToInstallFailsTheStartNamingItAndReleasesPortAndDatabase() throws Exception {
        int port = FreePort.pick();
        GatewayConfig config = new GatewayConfig(ServerConfig.defaults().withPort(port).withDataDir(temp),
                ProxyConfig.of(URI.create("http://127.0.0.1:9")), DatabaseConfig.embedded());
        Path services = Files.createDirectories(temp.resolve("feature-jar/META-INF/services"));
        Files.writeString(services.resolve("io.ssogate.core.feature.GatewayFeature"), FailingFeature.class.getName());

        try (URLClassLoader withFailingFeature = new URLClassLoader(
                new URL[] {temp.resolve("feature-jar").toUri().toURL()}, getClass().getClassLoader())) {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> EmbeddedGateway.start(config, InstalledFeatures.discover(withFailingFeature)));

            assertEquals("could not start the gateway on 127.0.0.1:" + port + ": feature [failing] failed to install:"
                    + " no identity provider answers at the configured URL", failure.getMessage());
        }
        new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
        // H2 holds a file lock while open: only a closed database lets another process take it.
        try (FileChannel file = FileChannel.open(temp.resolve("ssogate.mv.db"), StandardOpenOption.WRITE);
             FileLock lock = file.tryLock()) {
            assertNotNull(lock, "the failed start closed the database");
        }
    }
}
