package io.ssogate.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used: unknown keys, values of the wrong type or shape, missing required
 * keys, secrets that could not be substituted. Start-up stops on it, and the message has one line an
 * operator can act on per problem, in the order of the file: {@code conf/ssogate.yaml:12:
 * proxy.conectTimeout: unknown key (did you mean connectTimeout?)}.
 *
 * <p>Checked, because every caller (the launcher, {@code --check-config}, the admin console) has to decide
 * how to show it. The message never contains a configured value, so a secret cannot reach a log through
 * it; it names the key and the line instead.
 */
public final class ConfigException extends Exception {

    private final List<ConfigProblem> problems;

    /**
     * One problem.
     *
     * @param file    where the configuration came from (a path or a name such as {@code admin-console})
     * @param line    1-based line of the offending key or value; 0 when no line applies (an unreadable file)
     * @param key     dotted key path such as {@code proxy.upstreamUrl} or {@code proxy.trustedProxies[1]};
     *                empty when the problem is with the whole document
     * @param problem what is wrong, without the offending value
     */
    public ConfigException(String file, int line, String key, String problem) {
        this(List.of(new ConfigProblem(file, line, key, problem)));
    }

    /** @param problems every problem found, in the order to show them; at least one */
    public ConfigException(List<ConfigProblem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in line order (problems without a line last). */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** The first problem's file. */
    public String file() {
        return problems.get(0).file();
    }

    /** The first problem's 1-based line number, or 0 if it has no line. */
    public int line() {
        return problems.get(0).line();
    }

    /** The first problem's dotted key path, or an empty string if it concerns the whole document. */
    public String key() {
        return problems.get(0).key();
    }

    /** The first problem alone, without file, line and key. */
    public String problem() {
        return problems.get(0).problem();
    }

    private static String format(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }
}
