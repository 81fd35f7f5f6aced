package io.ssogate.core.config;

/**
 * Makes a {@link ConfigException} for a key found wrong after binding, with the line the key (or, for a
 * missing key, its nearest present parent) has in the source.
 */
final class Problems {

    interface LineIndex {
        /** Line of a dotted key path, 0 if the source does not contain it. */
        int lineOf(String key);
    }

    private final String sourceName;
    private final LineIndex lines;
    private final String prefix;

    Problems(String sourceName, LineIndex lines, String prefix) {
        this.sourceName = sourceName;
        this.lines = lines;
        this.prefix = prefix;
    }

    /** The same source, for the keys under {@code section}. */
    Problems section(String section) {
        return new Problems(sourceName, lines, KeyPaths.child(prefix, section));
    }

    ConfigException at(String key, String problem) {
        String path = KeyPaths.child(prefix, key);
        return new ConfigException(sourceName, lineOf(path), path, problem);
    }

    private int lineOf(String path) {
        for (String p = path; !p.isEmpty(); p = parent(p)) {
            int line = lines.lineOf(p);
            if (line > 0) {
                return line;
            }
        }
        return 0;
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
