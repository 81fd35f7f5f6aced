package io.ssogate.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Expands references in one configuration value, so secrets stay out of the file:
 * <ul>
 *   <li>{@code ${NAME}}: the environment variable NAME (letters, digits, underscore; not starting with a
 *       digit, as POSIX.1-2017 §8.1 names them);</li>
 *   <li>{@code ${file:/run/secrets/db}}: the content of a file, read as UTF-8, trailing line breaks
 *       removed (secret files written by {@code echo} end with one); relative paths are resolved against
 *       the configuration file's directory;</li>
 *   <li><code>$${</code>: a literal <code>${</code>.</li>
 * </ul>
 * References may sit inside longer text ({@code jdbc:postgresql://${DB_HOST}/ssogate}). Substituted text
 * is not expanded again, so a secret that happens to contain <code>${</code> stays as it is.
 */
final class SecretSubstitution {

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String FILE_PREFIX = "file:";

    private final Function<String, String> environment;
    private final Path baseDirectory;

    SecretSubstitution(Function<String, String> environment, Path baseDirectory) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.baseDirectory = Objects.requireNonNull(baseDirectory, "baseDirectory");
    }

    /** Thrown for a reference that cannot be expanded; its message names the reference, never a value. */
    static final class Failure extends Exception {
        Failure(String problem) {
            super(problem);
        }
    }

    /** Whether {@code text} has a reference to expand, not only <code>$${</code> escapes. */
    static boolean containsReference(String text) {
        for (int i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i)) {
            if (text.startsWith("$${", i)) {
                i += 3;
            } else if (text.startsWith("${", i)) {
                return true;
            } else {
                i++;
            }
        }
        return false;
    }

    /** Returns {@code text} with every reference expanded, or {@code text} itself if it has none. */
    String expand(String text) throws Failure {
        if (text.indexOf('$') < 0) {
            return text;
        }
        if (text.equals(Secret.NOT_WRITTEN)) {
            throw new Failure("this secret was given literally, and ssogate never writes a secret's value;"
                    + " give it as ${ENV_VAR} or ${file:/path}");
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new Failure("unclosed ${ (write $${ for a literal ${)");
                }
                out.append(resolve(text.substring(i + 2, end)));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String resolve(String reference) throws Failure {
        if (reference.startsWith(FILE_PREFIX)) {
            return readSecretFile(reference.substring(FILE_PREFIX.length()));
        }
        if (!VARIABLE_NAME.matcher(reference).matches()) {
            throw new Failure("${" + reference + "} is not a valid reference; use ${ENV_VAR} or ${file:/path}");
        }
        String value = environment.apply(reference);
        if (value == null) {
            throw new Failure("environment variable " + reference + " is not set");
        }
        return value;
    }

    private String readSecretFile(String pathText) throws Failure {
        if (pathText.isBlank()) {
            throw new Failure("${file:} needs a path");
        }
        Path path;
        try {
            path = baseDirectory.resolve(pathText);
        } catch (InvalidPathException e) {
            throw new Failure("secret file path " + pathText + " is not a valid path");
        }
        try {
            return stripTrailingLineBreaks(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            // The exception's class says why (NoSuchFileException, AccessDeniedException, MalformedInputException)
            // without risking any of the file's content in the message.
            throw new Failure("cannot read secret file " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String stripTrailingLineBreaks(String content) {
        int end = content.length();
        while (end > 0 && (content.charAt(end - 1) == '\n' || content.charAt(end - 1) == '\r')) {
            end--;
        }
        return content.substring(0, end);
    }
}
