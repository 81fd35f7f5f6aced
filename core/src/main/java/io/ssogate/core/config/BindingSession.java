package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;

import java.util.Optional;

/**
 * What the configuration's deserializers and {@link RecordingProblemHandler} need while Jackson binds one
 * source: where to record a problem instead of stopping at it, and which values were substituted from a
 * reference. It rides along as a {@link DeserializationContext} attribute, so the deserializers stay
 * stateless and shared; without it (a mapper used elsewhere) they throw as usual.
 */
final class BindingSession {

    private static final Object ATTRIBUTE = BindingSession.class;

    private final SubstitutingParser parser;
    private final ConfigProblems problems;

    private BindingSession(SubstitutingParser parser, ConfigProblems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    /**
     * A reader that records problems in {@code problems} (keys relative to {@code parser}'s root) and reads
     * one value at a time from a longer stream: the caller checks what follows it.
     */
    static ObjectReader reader(SubstitutingParser parser, ConfigProblems problems) {
        return ConfigMappers.YAML.reader()
                .withAttribute(ATTRIBUTE, new BindingSession(parser, problems))
                .withHandler(new RecordingProblemHandler())
                .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The session of this binding, or null when the mapper is used outside {@link ConfigLoader}. */
    static BindingSession of(DeserializationContext ctxt) {
        return (BindingSession) ctxt.getAttribute(ATTRIBUTE);
    }

    /** Records {@code problem} at the value {@code p} is on. */
    void report(JsonParser p, String problem) {
        problems.atKey(KeyPaths.ofValue(p), p.currentTokenLocation().getLineNr(), problem);
    }

    /**
     * Records the unknown key {@code name}, whose value {@code p} is on; it hides whatever else is found
     * under it.
     */
    void reportUnknownKey(DeserializationContext ctxt, JsonParser p, String name, String problem) {
        String path;
        JsonParser source = ctxt.getParser();
        if (p != source && source.currentToken() == JsonToken.END_OBJECT) {
            // A record's unknown keys are buffered and replayed once its mapping has ended, and the replay's
            // context chain depends on what came first; the source parser, just past the mapping, says
            // where the mapping is.
            path = KeyPaths.child(KeyPaths.of(source.getParsingContext()), name);
        } else {
            path = KeyPaths.ofValue(p);
        }
        problems.unknownKey(path, p.currentTokenLocation().getLineNr(), problem);
    }

    /** The reference the value {@code p} is on was expanded from, as written. */
    Optional<String> referenceOf(JsonParser p) {
        return parser.referenceAt(KeyPaths.ofValue(p));
    }
}
