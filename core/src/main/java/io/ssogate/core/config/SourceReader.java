package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.io.Reader;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One reading of one configuration source: binds its sections with Jackson through a
 * {@link SubstitutingParser}, recording every problem in {@link #problems()} instead of stopping at the
 * first. A problem inside a section loses only that value; a section Jackson cannot bind at all is skipped
 * to its end; only broken YAML ends the reading early, since nothing after it has a reliable structure.
 */
final class SourceReader implements AutoCloseable {

    /** A section as read: its binding (null for an empty or absent one), or unreadable. */
    record Bound(SectionBinding<?> binding, boolean readable) {
        static final Bound EMPTY = new Bound(null, true);
        static final Bound UNREADABLE = new Bound(null, false);
    }

    /**
     * A whole document as read.
     *
     * @param sections the sections present, by key; those whose value could not be read are not
     *                 {@link Bound#readable()}
     * @param misspelt the sections an unknown key was taken for ({@code proxi:} for {@code proxy}): when
     *                 absent, they are not reported as missing too
     * @param complete false when reading ended early (broken YAML, not a mapping): the sections that were
     *                 not reached cannot be judged
     */
    record Document(Map<String, Bound> sections, Set<String> misspelt, boolean complete) {
    }

    /** Ends a reading that cannot go on; the reason is already recorded. */
    private static final class Stop extends Exception {
        Stop() {
            super(null, null, false, false);
        }
    }

    private final SubstitutingParser parser;
    private final ConfigProblems problems;
    private final ObjectReader reader;
    private final JacksonProblemTranslator translator;

    /**
     * @param keyPrefix the key the source's root stands for: empty for a whole file, {@code proxy} for a
     *                  stored {@code proxy} section, so that messages name keys in full
     */
    SourceReader(Reader text, String sourceName, SecretSubstitution substitution, String keyPrefix)
            throws IOException {
        SubstitutingParser p = new SubstitutingParser(ConfigMappers.YAML.createParser(text), substitution);
        this.parser = p;
        this.problems = new ConfigProblems(sourceName, key -> p.lineOf(stripPrefix(keyPrefix, key))).within(keyPrefix);
        p.reportTo(problems);
        this.reader = BindingSession.reader(p, problems);
        this.translator = new JacksonProblemTranslator(p, problems);
    }

    /** Every problem found so far; keys relative to the source's root. */
    ConfigProblems problems() {
        return problems;
    }

    /** Reads a whole file: a mapping whose keys are the {@code sections}. */
    Document readDocument(Map<String, ? extends ConfigSection<?>> sections) {
        Map<String, Bound> found = new LinkedHashMap<>();
        Set<String> suggested = new HashSet<>();
        try {
            JsonToken first = parser.nextToken();
            if (first == null) {
                // A file of only comments: every section takes its defaults (and says what it requires).
                return new Document(found, suggested, true);
            }
            if (first != JsonToken.START_OBJECT) {
                problems.atKey("", parser.currentTokenLocation().getLineNr(),
                        "expected a mapping of keys, got " + TokenNames.describe(first));
                return new Document(found, suggested, false);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                ConfigSection<?> section = sections.get(key);
                if (section == null) {
                    Optional<String> meant = KeySuggestion.closest(key, sections.keySet());
                    meant.ifPresent(suggested::add);
                    problems.unknownKey(key, parser.currentTokenLocation().getLineNr(),
                            "unknown key" + meant.map(k -> " (did you mean " + k + "?)").orElse(""));
                    parser.skipChildren();
                } else {
                    found.put(key, bind(section.bindingType(), key));
                }
            }
            rejectSecondDocument();
            return new Document(found, suggested, true);
        } catch (Stop stop) {
            return new Document(found, suggested, false);
        } catch (JsonProcessingException e) {
            translator.record(e, KeyPaths.of(parser.getParsingContext()));
            return new Document(found, suggested, false);
        } catch (IOException e) {
            problems.atLine("", 0, "cannot read the configuration (" + e.getClass().getSimpleName() + ")");
            return new Document(found, suggested, false);
        }
    }

    /** Reads a source that is one section, e.g. as {@link ConfigWriter} stored it. */
    Bound readSection(Class<?> bindingType) {
        try {
            if (parser.nextToken() == null) {
                return Bound.EMPTY;
            }
            Bound bound = bind(bindingType, "");
            rejectSecondDocument();
            return bound;
        } catch (Stop stop) {
            return Bound.UNREADABLE;
        } catch (JsonProcessingException e) {
            translator.record(e, KeyPaths.of(parser.getParsingContext()));
            return Bound.UNREADABLE;
        } catch (IOException e) {
            problems.atLine("", 0, "cannot read the configuration (" + e.getClass().getSimpleName() + ")");
            return Bound.UNREADABLE;
        }
    }

    /** Binds the section value the parser is on, which sits at {@code path}. */
    private Bound bind(Class<?> bindingType, String path) throws IOException, Stop {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return Bound.EMPTY;
        }
        if (token != JsonToken.START_OBJECT) {
            problems.atKey(path, parser.currentTokenLocation().getLineNr(),
                    "expected a mapping of keys, got " + TokenNames.describe(token));
            parser.skipChildren();
            return Bound.UNREADABLE;
        }
        int depth = parser.getParsingContext().getNestingDepth();
        try {
            return new Bound((SectionBinding<?>) reader.forType(bindingType).readValue(parser), true);
        } catch (JsonProcessingException e) {
            translator.record(e, path);
            if (!JacksonProblemTranslator.parserIsIntact(e)) {
                throw new Stop();
            }
            // Resume after this section's mapping, wherever inside it binding gave up.
            while (parser.getParsingContext().getNestingDepth() >= depth && parser.nextToken() != null) {
                continue;
            }
            return Bound.UNREADABLE;
        }
    }

    /** Jackson would silently ignore a second YAML document after {@code ---}. */
    private void rejectSecondDocument() throws IOException {
        if (parser.nextToken() != null) {
            problems.atLine("", parser.currentTokenLocation().getLineNr(),
                    "a second YAML document (after ---) is not supported; keep one document per file");
        }
    }

    private static String stripPrefix(String prefix, String key) {
        if (prefix.isEmpty()) {
            return key;
        }
        return key.startsWith(prefix + ".") ? key.substring(prefix.length() + 1) : key.equals(prefix) ? "" : key;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // Reading a String or an already-consumed file; nothing is left to release.
        }
    }
}
