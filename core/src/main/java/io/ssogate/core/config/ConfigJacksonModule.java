package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

/**
 * How the configuration's own value types are read and written: durations as {@code 5s}, sizes as
 * {@code 100MiB}, base URLs checked by {@link HttpUrlFormat}. Reading and writing use the same formats, so
 * what the admin console stores loads again unchanged.
 */
final class ConfigJacksonModule extends SimpleModule {

    ConfigJacksonModule() {
        super("ssogate-config");
        addDeserializer(Duration.class, new DurationDeserializer());
        addSerializer(Duration.class, new DurationSerializer());
    }

    /** Reads a scalar as text and converts it, turning a refusal into a {@link BadValueException}. */
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
            if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NUMBER_INT
                    && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new BadValueException(p, "expected " + expected + ", got " + TokenNames.describe(token));
            }
            try {
                return parse.apply(p.getText());
            } catch (IllegalArgumentException e) {
                throw new BadValueException(p, e.getMessage());
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
