package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How the configuration's own value types are read and written: durations as {@code 5s}, sizes as
 * {@code 100MiB}, base URLs checked by {@link HttpUrlFormat}, whole numbers without rounding, and
 * {@link Secret}s as the reference they came from. Reading and writing use the same formats, so what the
 * admin console stores loads again unchanged.
 *
 * <p>A value that cannot be read is recorded in the {@link BindingSession} and read as absent, so binding
 * goes on and the file's other problems are found in the same pass.
 */
final class ConfigJacksonModule extends SimpleModule {

    ConfigJacksonModule() {
        super("ssogate-config");
        addDeserializer(Duration.class, new DurationDeserializer());
        addSerializer(Duration.class, new DurationSerializer());
        addDeserializer(Secret.class, new SecretDeserializer());
        addDeserializer(Integer.class, new IntegerDeserializer());
        addDeserializer(int.class, new IntegerDeserializer());
        addDeserializer(Long.class, new LongDeserializer());
        addDeserializer(long.class, new LongDeserializer());
    }

    /**
     * Records {@code problem} for the value {@code p} is on, skips the value and reads it as absent; outside
     * a {@link BindingSession}, throws it.
     */
    static <T> T refuse(JsonParser p, DeserializationContext ctxt, String problem) throws IOException {
        BindingSession session = BindingSession.of(ctxt);
        if (session == null) {
            throw new BadValueException(p, problem);
        }
        session.report(p, problem);
        p.skipChildren();
        return null;
    }

    private static boolean isScalarText(JsonToken token) {
        return token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT
                || token == JsonToken.VALUE_NUMBER_FLOAT;
    }

    /** Reads a scalar as text and converts it; a refusal's message (free of the value) is the problem. */
    abstract static class TextValueDeserializer<T> extends StdScalarDeserializer<T> {

        private final String expected;
        private final transient Function<String, T> parse;

        TextValueDeserializer(Class<T> type, String expected, Function<String, T> parse) {
            super(type);
            this.expected = expected;
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (!isScalarText(token)) {
                return refuse(p, ctxt, "expected " + expected + ", got " + TokenNames.describe(token));
            }
            try {
                return parse.apply(p.getText());
            } catch (IllegalArgumentException e) {
                return refuse(p, ctxt, e.getMessage());
            }
        }
    }

    static final class DurationDeserializer extends TextValueDeserializer<Duration> {
        DurationDeserializer() {
            super(Duration.class, DurationFormat.EXPECTED, DurationFormat::parse);
        }
    }

    /** For {@code server.publicUrl} and {@code proxy.upstreamUrl}; a URI field elsewhere may mean something else. */
    static final class HttpUrlDeserializer extends TextValueDeserializer<URI> {
        HttpUrlDeserializer() {
            super(URI.class, "an http or https URL", HttpUrlFormat::parse);
        }
    }

    /** For size fields, which are plain {@code Long}s in the binding. */
    static final class ByteSizeDeserializer extends TextValueDeserializer<Long> {
        ByteSizeDeserializer() {
            super(Long.class, ByteSizeFormat.EXPECTED, ByteSizeFormat::parse);
        }
    }

    /** Reads the number a parser is on; out of range throws {@link InputCoercionException}. */
    @FunctionalInterface
    interface NumberReader<T> {
        T read(JsonParser p) throws IOException;
    }

    /**
     * Whole numbers, as YAML numbers or as text (a substituted {@code ${PORT}}). A decimal is refused rather
     * than rounded ({@code port: 8080.9} is a mistake), and a number too large for the key says so.
     */
    static class WholeNumberDeserializer<T extends Number> extends StdScalarDeserializer<T> {

        private static final Pattern DIGITS = Pattern.compile("[+-]?\\d+");

        private final transient NumberReader<T> fromNumber;
        private final transient Function<String, T> fromText;

        WholeNumberDeserializer(Class<T> type, NumberReader<T> fromNumber, Function<String, T> fromText) {
            super(type);
            this.fromNumber = fromNumber;
            this.fromText = fromText;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT) {
                try {
                    return fromNumber.read(p);
                } catch (InputCoercionException tooLarge) {
                    // Jackson's text repeats the number; the range is what the operator needs.
                    return refuse(p, ctxt, "number out of range");
                }
            }
            if (token == JsonToken.VALUE_STRING) {
                String text = p.getText().strip();
                try {
                    return fromText.apply(text);
                } catch (NumberFormatException e) {
                    return refuse(p, ctxt, DIGITS.matcher(text).matches() ? "number out of range"
                            : "expected a whole number, got text");
                }
            }
            return refuse(p, ctxt, "expected a whole number, got " + TokenNames.describe(token));
        }
    }

    static final class IntegerDeserializer extends WholeNumberDeserializer<Integer> {
        IntegerDeserializer() {
            super(Integer.class, JsonParser::getIntValue, Integer::valueOf);
        }
    }

    static final class LongDeserializer extends WholeNumberDeserializer<Long> {
        LongDeserializer() {
            super(Long.class, JsonParser::getLongValue, Long::valueOf);
        }
    }

    /**
     * A secret is any scalar; it remembers the {@code ${...}} reference it was expanded from, so that it is
     * written back as that reference.
     */
    static final class SecretDeserializer extends StdScalarDeserializer<Secret> {
        SecretDeserializer() {
            super(Secret.class);
        }

        @Override
        public Secret deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (!isScalarText(token)) {
                return refuse(p, ctxt, "expected a secret (text, ${ENV_VAR} or ${file:/path}), got "
                        + TokenNames.describe(token));
            }
            String value = p.getText();
            BindingSession session = BindingSession.of(ctxt);
            return (session == null ? Optional.<String>empty() : session.referenceOf(p))
                    .map(reference -> Secret.fromReference(reference, value))
                    .orElseGet(() -> Secret.of(value));
        }
    }

    /** Never the value: the reference, or {@link Secret#NOT_WRITTEN}, which the loader refuses. */
    static final class SecretSerializer extends StdScalarSerializer<Secret> {
        SecretSerializer() {
            super(Secret.class);
        }

        @Override
        public void serialize(Secret value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.reference().orElse(Secret.NOT_WRITTEN));
        }
    }

    static final class DurationSerializer extends StdScalarSerializer<Duration> {
        DurationSerializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(DurationFormat.format(value));
        }
    }

    static final class ByteSizeSerializer extends StdScalarSerializer<Long> {
        ByteSizeSerializer() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            String text = ByteSizeFormat.format(value);
            if (text.chars().allMatch(Character::isDigit)) {
                gen.writeNumber(value);
            } else {
                gen.writeString(text);
            }
        }
    }
}
