package io.ssogate.core.config;

/**
 * A configuration that cannot be used: an unknown key, a value of the wrong type or shape, a missing
 * required key, or a secret that could not be substituted. Start-up stops on it, and the message is one
 * line an operator can act on: {@code conf/ssogate.yaml:12: proxy.conectTimeout: unknown key (did you
 * mean connectTimeout?)}.
 *
 * <p>Checked, because every caller (the launcher, {@code --check-config}, the admin console) has to decide
 * how to show it. The message never contains a configured value, so a secret cannot reach a log through
 * it; it names the key and the line instead.
 */
public final class ConfigException extends Exception {

    private final String file;
    private final int line;
    private final String key;
    private final String problem;

    /**
     * @param file    where the configuration came from (a path or a name such as {@code admin-console})
     * @param line    1-based line of the offending key or value; 0 when no line applies (an unreadable file)
     * @param key     dotted key path such as {@code proxy.upstreamUrl} or {@code proxy.trustedProxies[1]};
     *                empty when the problem is with the whole document
     * @param problem what is wrong, without the offending value
     */
    public ConfigException(String file, int line, String key, String problem) {
        this(file, line, key, problem, null);
    }

    public ConfigException(String file, int line, String key, String problem, Throwable cause) {
        super(format(file, line, key, problem), cause);
        this.file = file == null ? "" : file;
        this.line = Math.max(line, 0);
        this.key = key == null ? "" : key;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    /** 1-based line number, or 0 if the problem has no line. */
    public int line() {
        return line;
    }

    /** Dotted key path, or an empty string if the problem concerns the whole document. */
    public String key() {
        return key;
    }

    /** The problem alone, without file, line and key. */
    public String problem() {
        return problem;
    }

    private static String format(String file, int line, String key, String problem) {
        StringBuilder message = new StringBuilder(file == null || file.isEmpty() ? "<config>" : file);
        if (line > 0) {
            message.append(':').append(line);
        }
        message.append(": ");
        if (key != null && !key.isEmpty()) {
            message.append(key).append(": ");
        }
        return message.append(problem).toString();
    }
}
