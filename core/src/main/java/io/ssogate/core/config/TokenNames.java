package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonToken;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;

/** Words for what a YAML value is and what a key wants, used in "expected X, got Y" messages. */
final class TokenNames {

    private TokenNames() {
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY, END_ARRAY -> "a list";
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "a mapping";
            case VALUE_STRING -> "text";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "true/false";
            case VALUE_NULL -> "an empty value";
            default -> "a value of another kind";
        };
    }

    static String describe(Class<?> target) {
        if (target == null) {
            return "a different kind of value";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "a whole number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (target == String.class) {
            return "text";
        }
        if (target == URI.class) {
            return "a URL";
        }
        if (target == Duration.class) {
            return DurationFormat.EXPECTED;
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "a list";
        }
        return "a mapping of keys";
    }
}
