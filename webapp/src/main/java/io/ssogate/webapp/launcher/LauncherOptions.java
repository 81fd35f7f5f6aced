package io.ssogate.webapp.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * The launcher's command line, parsed. Unknown flags are errors, never ignored: a typo in a deployment
 * script must not silently start a gateway with defaults.
 */
record LauncherOptions(Path configFile, boolean demo, boolean checkConfig, boolean help, boolean version,
                       Integer port) {

    static final Path DEFAULT_CONFIG = Path.of("conf", "ssogate.yaml");

    static final String USAGE = """
            Usage: ssogate [--config FILE] [--port N] [--demo] [--check-config] [--help] [--version]

              --config FILE    configuration file (default conf/ssogate.yaml)
              --port N         listen on port N instead of server.port
              --demo           start the bundled Mattermost emulator and a gateway in front of it on
                               http://127.0.0.1:8080, with an embedded database under data/
              --check-config   validate the configuration file and exit (0 when valid)
              --help           show this help
              --version        show the version
            """;

    static LauncherOptions parse(List<String> args) {
        Path config = null;
        boolean demo = false;
        boolean check = false;
        boolean help = false;
        boolean version = false;
        Integer port = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--config" -> config = Path.of(valueOf(args, ++i, arg));
                case "--port" -> port = parsePort(valueOf(args, ++i, arg));
                case "--demo" -> demo = true;
                case "--check-config" -> check = true;
                case "--help", "-h" -> help = true;
                case "--version" -> version = true;
                default -> {
                    if (arg.startsWith("--config=")) {
                        config = Path.of(arg.substring("--config=".length()));
                    } else {
                        throw new IllegalArgumentException("unknown option [" + arg + "]");
                    }
                }
            }
        }
        return new LauncherOptions(config == null ? DEFAULT_CONFIG : config, demo, check, help, version, port);
    }

    private static String valueOf(List<String> args, int index, String flag) {
        if (index >= args.size() || args.get(index).startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(index);
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number from 1 to 65535, not [" + text + "]");
    }
}
