package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Records, with key and line, a problem Jackson threw instead of handing to {@link RecordingProblemHandler}:
 * invalid YAML, or a binding failure no handler hook covers (a record constructor that refused its values).
 */
final class JacksonProblemTranslator {

    private final SubstitutingParser parser;
    private final ConfigProblems problems;

    /** @param problems the view at {@code parser}'s root */
    JacksonProblemTranslator(SubstitutingParser parser, ConfigProblems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    /**
     * Whether binding may go on after {@code e}: the YAML stream itself is intact. An out-of-range number
     * leaves it intact too; a syntax error does not.
     */
    static boolean parserIsIntact(JsonProcessingException e) {
        StreamReadException stream = causeOfType(e, StreamReadException.class);
        return e instanceof JsonMappingException && (stream == null || stream instanceof InputCoercionException);
    }

    /** @param valuePath where the value that was being bound sits, relative to the parser's root */
    void record(JsonProcessingException e, String valuePath) {
        BadValueException bad = causeOfType(e, BadValueException.class);
        if (bad != null) {
            at(bad, valuePath, bad.getOriginalMessage());
            return;
        }
        MarkedYAMLException yaml = causeOfType(e, MarkedYAMLException.class);
        if (yaml != null) {
            // Only the problem, not snakeyaml's excerpt of the document: the excerpt may show a password.
            int line = yaml.getProblemMark() == null ? 0 : yaml.getProblemMark().getLine() + 1;
            problems.atLine("", line, "not valid YAML: " + yaml.getProblem());
            return;
        }
        StreamReadException stream = causeOfType(e, StreamReadException.class);
        if (stream != null) {
            String path = e instanceof JsonMappingException wrapper && stream != e
                    ? KeyPaths.child(valuePath, KeyPaths.of(wrapper.getPath())) : KeyPaths.of(parser.getParsingContext());
            int line = stream.getLocation() == null ? 0 : stream.getLocation().getLineNr();
            problems.atKey(path, line, stream instanceof InputCoercionException ? "number out of range"
                    : firstLine(stream.getOriginalMessage()));
            return;
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String suggestion = KeySuggestion.closest(unknown.getPropertyName(), unknown.getKnownPropertyIds())
                    .map(key -> " (did you mean " + key + "?)").orElse("");
            at(unknown, valuePath, "unknown key" + suggestion);
        } else if (e instanceof MismatchedInputException mismatch) {
            at(mismatch, valuePath, "expected " + TokenNames.describe(mismatch.getTargetType()) + ", got "
                    + TokenNames.describe(parser.lastToken()));
        } else if (e instanceof ValueInstantiationException instantiation) {
            Throwable cause = instantiation.getCause();
            at(instantiation, valuePath, cause == null ? "invalid value" : String.valueOf(cause.getMessage()));
        } else if (e instanceof JsonMappingException mapping) {
            at(mapping, valuePath, firstLine(mapping.getOriginalMessage()));
        } else {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.atKey(KeyPaths.of(parser.getParsingContext()), line, firstLine(e.getOriginalMessage()));
        }
    }

    private void at(JsonMappingException e, String valuePath, String problem) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        problems.atKey(KeyPaths.child(valuePath, KeyPaths.of(e.getPath())), line, problem);
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
