package io.ssogate.core.config;

/**
 * One thing wrong with a configuration, as an operator reads it: {@code conf/ssogate.yaml:12:
 * proxy.conectTimeout: unknown key (did you mean connectTimeout?)}.
 *
 * @param file    where the configuration came from (a path or a name such as {@code admin-console})
 * @param line    1-based line of the offending key or value; 0 when no line applies (a missing section)
 * @param key     dotted key path such as {@code proxy.upstreamUrl} or {@code proxy.trustedProxies[1]};
 *                empty when the problem is with the whole document
 * @param problem what is wrong, without the offending value
 */
public record ConfigProblem(String file, int line, String key, String problem) {

    public ConfigProblem {
        file = file == null ? "" : file;
        line = Math.max(line, 0);
        key = key == null ? "" : key;
        problem = problem == null ? "invalid value" : problem;
    }

    /** {@code file:line: key: problem}, leaving out the line and the key when there is none. */
    @Override
    public String toString() {
        StringBuilder message = new StringBuilder(file.isEmpty() ? "<config>" : file);
        if (line > 0) {
            message.append(':').append(line);
        }
        message.append(": ");
        if (!key.isEmpty()) {
            message.append(key).append(": ");
        }
        return message.append(problem).toString();
    }
}
