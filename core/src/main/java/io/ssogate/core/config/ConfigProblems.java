package io.ssogate.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects what is wrong with one configuration source, so the operator sees every problem at once
 * instead of fixing them one start at a time. A {@link SectionBinding} records its findings here with
 * keys relative to its section ({@code at("clientSecret", "required")} becomes {@code sso.clientSecret});
 * the loader adds the file and the line.
 *
 * <p>One key gets one problem, the first found: a value the binding already refused is not reported again
 * as missing. An unknown key hides everything found under it, since nothing there has a meaning.
 * Not thread-safe: one load, one thread.
 */
public final class ConfigProblems {

    /** Finds the line of a dotted key path; 0 when the source does not contain it. */
    interface LineIndex {
        int lineOf(String key);
    }

    private final Found found;
    private final String prefix;

    ConfigProblems(String sourceName, LineIndex lines) {
        this(new Found(sourceName, lines), "");
    }

    private ConfigProblems(Found found, String prefix) {
        this.found = found;
        this.prefix = prefix;
    }

    /**
     * Records a problem with {@code key} (relative to this view, e.g. {@code trustedProxies[1]}).
     *
     * @param problem what is wrong, phrased for an operator, <strong>without the value</strong>: it may be
     *                a secret, or have been substituted from one
     */
    public void at(String key, String problem) {
        String path = KeyPaths.child(prefix, key);
        found.add(path, lineOf(key), problem);
    }

    /** The same source, for the keys under {@code key} (a nested mapping or a list element). */
    public ConfigProblems within(String key) {
        return new ConfigProblems(found, KeyPaths.child(prefix, key));
    }

    /** Whether any problem was recorded at or under this view's key (anywhere, for the whole source). */
    public boolean any() {
        return found.problems.stream().anyMatch(p -> prefix.isEmpty() || isAtOrUnder(p.key(), prefix));
    }

    /**
     * Records a problem found while binding {@code key}: at the key's line, or at {@code fallbackLine} (the
     * parser's position) when the source has no line for the key.
     */
    void atKey(String key, int fallbackLine, String problem) {
        int indexed = lineOf(key);
        found.add(KeyPaths.child(prefix, key), indexed > 0 ? indexed : fallbackLine, problem);
    }

    /** Records a problem at exactly {@code line}: a key's second occurrence, a value on a line of its own. */
    void atLine(String key, int line, String problem) {
        found.add(KeyPaths.child(prefix, key), line > 0 ? line : lineOf(key), problem);
    }

    /** An unknown key: reported, and everything already or later found under it is dropped. */
    void unknownKey(String key, int line, String problem) {
        int indexed = lineOf(key);
        found.addUnknown(KeyPaths.child(prefix, key), indexed > 0 ? indexed : line, problem);
    }

    /** Line of {@code key} (relative to this view), or of its nearest parent the source contains; else 0. */
    int lineOf(String key) {
        for (String p = KeyPaths.child(prefix, key); !p.isEmpty(); p = parent(p)) {
            int line = found.lines.lineOf(p);
            if (line > 0) {
                return line;
            }
        }
        return 0;
    }

    boolean isEmpty() {
        return found.problems.isEmpty();
    }

    /** All problems of the source, in line order; those without a line (missing sections) last. */
    ConfigException exception() {
        List<ConfigProblem> sorted = new ArrayList<>(found.problems);
        sorted.sort(Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()));
        return new ConfigException(sorted);
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private static boolean isAtOrUnder(String path, String ancestor) {
        return path.equals(ancestor) || path.startsWith(ancestor + ".") || path.startsWith(ancestor + "[");
    }

    /** What all views of one source share. */
    private static final class Found {
        final String sourceName;
        final LineIndex lines;
        final List<ConfigProblem> problems = new ArrayList<>();
        final Set<String> unknownKeys = new HashSet<>();

        Found(String sourceName, LineIndex lines) {
            this.sourceName = sourceName;
            this.lines = lines;
        }

        void add(String path, int line, String problem) {
            boolean hidden = unknownKeys.stream().anyMatch(unknown -> isAtOrUnder(path, unknown));
            boolean alreadyReported = problems.stream().anyMatch(p -> p.key().equals(path));
            if (!hidden && !alreadyReported) {
                problems.add(new ConfigProblem(sourceName, line, path, problem));
            }
        }

        void addUnknown(String path, int line, String problem) {
            problems.removeIf(p -> isAtOrUnder(p.key(), path));
            problems.add(new ConfigProblem(sourceName, line, path, problem));
            unknownKeys.add(path);
        }
    }
}
