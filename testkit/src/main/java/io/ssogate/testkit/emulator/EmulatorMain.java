package io.ssogate.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssogate.testkit.emulator.http.ApiResponses;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone:
 * {@code java -jar mattermost-emulator.jar --port 8065 --seed-users demo [--bind A] [--admin-token T]
 * [--site-url URL] [--port-file FILE]}. Prints one "listening" line when ready; stops on SIGTERM or Ctrl-C.
 * {@code --help} prints the usage and exits 0; a bad option prints it on stderr and exits 2.
 */
public final class EmulatorMain {
    static final String USAGE = """
            usage: java -jar mattermost-emulator.jar [options]
              --port N            listen on port N (default 0: a free port)
              --bind ADDR         listen address (default 127.0.0.1)
              --admin-token T     the seeded system admin's personal access token (default: random)
              --seed-users demo   add alice and bob, password Passw0rd!
              --seed-users FILE   add the users of a JSON array [{"username","email","password","admin"}]
              --site-url URL      ServiceSettings.SiteURL (cookie path, WebSocket Origin check)
              --port-file FILE    write the bound port to FILE once listening
              --help              print this and exit
            """;

    private EmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(USAGE);
            System.out.flush();
            return;
        }
        MattermostEmulator emulator;
        Path portFile;
        try {
            Options o = Options.parse(args);
            emulator = o.builder.build();
            portFile = o.portFile;
        } catch (IllegalArgumentException e) {
            System.err.println("mattermost-emulator: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        emulator.start();
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "emulator-shutdown"));
        if (portFile != null) {
            // Write then rename, so a script polling for the file never reads a half-written port.
            Path tmp = Files.createTempFile(portFile.toAbsolutePath().getParent(), ".port", ".tmp");
            Files.writeString(tmp, Integer.toString(emulator.port()), StandardCharsets.UTF_8);
            Files.move(tmp, portFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println("Mattermost emulator listening on " + emulator.baseUri());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    static final class Options {
        final MattermostEmulator.Builder builder = MattermostEmulator.builder();
        Path portFile;

        static Options parse(String[] args) throws IOException {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                String value = args[++i];
                switch (name) {
                    case "--port" -> o.builder.port(parsePort(value));
                    case "--bind" -> o.builder.bind(value);
                    case "--admin-token" -> o.builder.adminToken(value);
                    case "--site-url" -> o.builder.siteUrl(URI.create(value));
                    case "--port-file" -> o.portFile = Path.of(value);
                    case "--seed-users" -> seed(o.builder, value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            return o;
        }

        private static int parsePort(String value) {
            try {
                int p = Integer.parseInt(value);
                if (p < 0 || p > 65535) {
                    throw new IllegalArgumentException("--port must be 0-65535, not [" + value + "]");
                }
                return p;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port must be a number, not [" + value + "]");
            }
        }

        /** {@code demo}, or a JSON file: {@code [{"username","email","password","admin":false}, ...]}. */
        private static void seed(MattermostEmulator.Builder builder, String value) throws IOException {
            if ("demo".equals(value)) {
                builder.seedDemoUsers();
                return;
            }
            Path file = Path.of(value);
            JsonNode users;
            try {
                users = ApiResponses.JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException("--seed-users " + file + ": " + e.getMessage());
            }
            if (users == null || !users.isArray()) {
                throw new IllegalArgumentException("--seed-users " + file + ": expected a JSON array of users");
            }
            for (JsonNode u : users) {
                if (!u.path("username").isTextual() || !u.path("email").isTextual() || !u.path("password").isTextual()) {
                    throw new IllegalArgumentException("--seed-users " + file + ": each user needs username, email and password strings");
                }
                builder.seedUser(new MattermostEmulator.SeedUser(u.get("username").asText(), u.get("email").asText(),
                        u.get("password").asText(), u.path("admin").asBoolean(false)));
            }
        }
    }
}
