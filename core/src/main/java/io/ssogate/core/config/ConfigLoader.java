package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the gateway's YAML configuration into a {@link GatewayConfig}, or explains in one line why it
 * cannot: {@code conf/ssogate.yaml:12: proxy.conectTimeout: unknown key (did you mean connectTimeout?)}.
 *
 * <p>Jackson YAML does the parsing and binding into the section records ({@link ServerSection} and the
 * others); {@link SubstitutingParser} expands {@code ${ENV}} and {@code ${file:...}} in string values on the
 * way; each section then checks what a type alone cannot say and builds its model record. Thread-safe.
 */
public final class ConfigLoader {

    /** Where the launcher looks when no file is named, relative to the working directory. */
    public static final Path DEFAULT_FILE = Path.of("conf", "ssogate.yaml");

    private final Function<String, String> environment;

    /** A loader that expands {@code ${NAME}} from the process environment. */
    public ConfigLoader() {
        this(System::getenv);
    }

    /** @param environment looks up {@code ${NAME}} references; returns null for an unset variable */
    public ConfigLoader(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Loads {@code file}; relative {@code ${file:...}} paths are resolved against its directory. */
    public GatewayConfig load(Path file) throws ConfigException {
        String sourceName = file.toString();
        Path baseDirectory = file.toAbsolutePath().getParent();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, sourceName, baseDirectory, ConfigDocument.class, "", documentToModel());
        } catch (ConfigException e) {
            throw e;
        } catch (IOException e) {
            // Also reached for a file that is not UTF-8 (MalformedInputException), whose bytes we don't echo.
            throw new ConfigException(sourceName, 0, "",
                    "cannot read the configuration file (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Parses YAML text, e.g. from the admin console; {@code sourceName} is what messages call it. Relative
     * {@code ${file:...}} paths are resolved against the working directory.
     */
    public GatewayConfig parse(String yaml, String sourceName) throws ConfigException {
        return read(new StringReader(yaml), sourceName, workingDirectory(), ConfigDocument.class, "",
                documentToModel());
    }

    /**
     * Parses one section as stored by {@link ConfigWriter} (JSON is valid YAML), with the same checks and
     * messages as the file; keys are named in full ({@code proxy.upstreamUrl}).
     *
     * @param sectionType {@code ServerConfig.class}, {@code ProxyConfig.class} or {@code DatabaseConfig.class}
     */
    public <T> T parseSection(String text, String sourceName, Class<T> sectionType) throws ConfigException {
        Object section;
        if (sectionType == ServerConfig.class) {
            section = read(new StringReader(text), sourceName, workingDirectory(), ServerSection.class, "server",
                    (ServerSection s, Problems p) -> (s == null ? ServerSection.from(ServerConfig.defaults()) : s)
                            .toModel(p));
        } else if (sectionType == ProxyConfig.class) {
            section = read(new StringReader(text), sourceName, workingDirectory(), ProxySection.class, "proxy",
                    (ProxySection s, Problems p) -> (s == null ? ProxySection.ABSENT : s).toModel(p));
        } else if (sectionType == DatabaseConfig.class) {
            section = read(new StringReader(text), sourceName, workingDirectory(), DatabaseSection.class,
                    "database", (DatabaseSection s, Problems p) -> s == null ? DatabaseConfig.embedded()
                            : s.toModel(p));
        } else {
            throw new IllegalArgumentException("not a configuration section: " + sectionType.getName());
        }
        return sectionType.cast(section);
    }

    @FunctionalInterface
    private interface ToModel<B, M> {
        M apply(B binding, Problems problems) throws ConfigException;
    }

    private static ToModel<ConfigDocument, GatewayConfig> documentToModel() {
        return (document, problems) -> (document == null ? ConfigDocument.EMPTY : document).toModel(problems);
    }

    private <B, M> M read(Reader reader, String sourceName, Path baseDirectory, Class<B> bindingType,
                          String keyPrefix, ToModel<B, M> toModel) throws ConfigException {
        SecretSubstitution substitution = new SecretSubstitution(environment, baseDirectory);
        B binding;
        SubstitutingParser parser = null;
        try {
            parser = new SubstitutingParser(ConfigMappers.YAML.createParser(reader), substitution, sourceName);
            // A file of only comments has no tokens: bind it as an empty document, so each missing key gets
            // its usual message (today: proxy.upstreamUrl required) instead of Jackson's "no content".
            binding = parser.nextToken() == null ? null : ConfigMappers.YAML.readValue(parser, bindingType);
        } catch (JsonProcessingException e) {
            throw new JacksonProblemTranslator(sourceName, keyPrefix, parser).translate(e);
        } catch (IOException e) {
            throw new ConfigException(sourceName, 0, keyPrefix,
                    "cannot read the configuration (" + e.getClass().getSimpleName() + ")");
        } finally {
            closeQuietly(parser);
        }
        SubstitutingParser lines = parser;
        Problems problems = new Problems(sourceName, key -> lines.lineOf(stripPrefix(keyPrefix, key)), "")
                .section(keyPrefix);
        return toModel.apply(binding, problems);
    }

    private static String stripPrefix(String prefix, String key) {
        if (prefix.isEmpty()) {
            return key;
        }
        return key.startsWith(prefix + ".") ? key.substring(prefix.length() + 1) : key.equals(prefix) ? "" : key;
    }

    private static Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException ignored) {
                // Reading a String or an already-consumed file; nothing is left to release.
            }
        }
    }

    /** Turns whatever Jackson threw into our one-line message with key and line. */
    private static final class JacksonProblemTranslator {

        private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '(.*)'");

        private final String sourceName;
        private final String keyPrefix;
        private final SubstitutingParser parser;

        JacksonProblemTranslator(String sourceName, String keyPrefix, SubstitutingParser parser) {
            this.sourceName = sourceName;
            this.keyPrefix = keyPrefix;
            this.parser = parser;
        }

        ConfigException translate(JsonProcessingException e) {
            SubstitutionException substitution = causeOfType(e, SubstitutionException.class);
            if (substitution != null) {
                ConfigException p = substitution.problem();
                return new ConfigException(p.file(), p.line(), KeyPaths.child(keyPrefix, p.key()), p.problem());
            }
            BadValueException bad = causeOfType(e, BadValueException.class);
            if (bad != null) {
                return at(bad, bad.getOriginalMessage());
            }
            MarkedYAMLException yaml = causeOfType(e, MarkedYAMLException.class);
            if (yaml != null) {
                // Only the problem, not snakeyaml's excerpt of the document: the excerpt may show a password.
                int line = yaml.getProblemMark() == null ? 0 : yaml.getProblemMark().getLine() + 1;
                return new ConfigException(sourceName, line, "", "not valid YAML: " + yaml.getProblem());
            }
            StreamReadException streamProblem = causeOfType(e, StreamReadException.class);
            if (streamProblem != null && streamProblem != e && e instanceof JsonMappingException wrapper) {
                return atStream(streamProblem, KeyPaths.of(wrapper.getPath()));
            }
            if (e instanceof UnrecognizedPropertyException unknown) {
                String suggestion = KeySuggestion.closest(unknown.getPropertyName(), unknown.getKnownPropertyIds())
                        .map(key -> " (did you mean " + key + "?)").orElse("");
                return at(unknown, "unknown key" + suggestion);
            }
            if (e instanceof MismatchedInputException trailing
                    && firstLine(trailing.getOriginalMessage()).startsWith("Trailing token")) {
                return at(trailing, "a second YAML document (after ---) is not supported; keep one document per file");
            }
            if (e instanceof MismatchedInputException mismatch) {
                return at(mismatch, "expected " + TokenNames.describe(mismatch.getTargetType()) + ", got "
                        + TokenNames.describe(parser == null ? null : parser.lastToken()));
            }
            if (e instanceof ValueInstantiationException instantiation) {
                Throwable cause = instantiation.getCause();
                return at(instantiation, cause == null ? "invalid value" : String.valueOf(cause.getMessage()));
            }
            if (e instanceof JsonMappingException mapping) {
                return at(mapping, firstLine(mapping.getOriginalMessage()));
            }
            return atParser(e);
        }

        private ConfigException at(JsonMappingException e, String problem) {
            String relativeKey = KeyPaths.of(e.getPath());
            int line = parser == null ? 0 : parser.lineOf(relativeKey);
            if (line == 0 && e.getLocation() != null) {
                line = e.getLocation().getLineNr();
            }
            return new ConfigException(sourceName, line, KeyPaths.child(keyPrefix, relativeKey), problem);
        }

        /**
         * Stream-level problems (a duplicate key, a number too large) have no binding path of their own: when
         * data binding wrapped one, its path says where; otherwise the parser's position does.
         */
        private ConfigException atParser(JsonProcessingException e) {
            return atStream(e, parser == null ? "" : KeyPaths.of(parser.getParsingContext()));
        }

        private ConfigException atStream(JsonProcessingException e, String relativeKey) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String message = firstLine(e.getOriginalMessage());
            Matcher duplicate = DUPLICATE_FIELD.matcher(message);
            if (e instanceof InputCoercionException) {
                // Jackson's text repeats the number; the range is what the operator needs.
                return new ConfigException(sourceName, line, KeyPaths.child(keyPrefix, relativeKey),
                        "number out of range");
            }
            if (duplicate.matches()) {
                // Jackson names the repeated key in its message only; it is a key name, never a value.
                return new ConfigException(sourceName, line,
                        KeyPaths.child(keyPrefix, KeyPaths.child(relativeKey, duplicate.group(1))), "duplicate key");
            }
            return new ConfigException(sourceName, line, KeyPaths.child(keyPrefix, relativeKey), message);
        }

        private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return type.cast(t);
                }
            }
            return null;
        }

        private static String firstLine(String message) {
            if (message == null) {
                return "invalid value";
            }
            int newline = message.indexOf('\n');
            return newline < 0 ? message : message.substring(0, newline);
        }
    }
}
