package io.ssogate.webapp.launcher;

import io.ssogate.core.config.Secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The demo's secrets: a fresh admin token for the emulator at every start, and a vault key kept in the data
 * directory ({@code demo-vault.key}, owner-only), so passwords vaulted by one demo run still open in the next.
 */
final class DemoSecrets {

    static final String VAULT_KEY_ID = "demo";
    private static final SecureRandom RANDOM = new SecureRandom();

    private DemoSecrets() {
    }

    /** 26 lower-case hex characters, the length of Mattermost's tokens. */
    static String newToken() {
        byte[] bytes = new byte[13];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static Secret vaultKey(Path dataDir) throws IOException {
        Path file = dataDir.resolve("demo-vault.key");
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            Path tmp = Files.createTempFile(dataDir, ".vault", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own permissions must do
            }
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
            Files.move(tmp, file);
        }
        return Secret.of(Files.readString(file, StandardCharsets.US_ASCII).strip());
    }
}
