package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;

import java.io.IOException;

/**
 * Turns the problems Jackson finds while binding (an unknown key, a list where text belongs, a value a
 * standard type cannot read) into recorded problems with key and line, and lets binding go on with the
 * value absent, so every problem of the file is reported in one pass.
 */
final class RecordingProblemHandler extends DeserializationProblemHandler {

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String propertyName) throws IOException {
        BindingSession session = BindingSession.of(ctxt);
        if (session == null) {
            return false;
        }
        String suggestion = KeySuggestion.closest(propertyName, deserializer.getKnownPropertyNames())
                .map(key -> " (did you mean " + key + "?)").orElse("");
        session.reportUnknownKey(ctxt, p, propertyName, "unknown key" + suggestion);
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                                        String failureMsg) throws IOException {
        return record(ctxt, p, "expected " + TokenNames.describe(targetType.getRawClass()) + ", got "
                + TokenNames.describe(t));
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                                         String failureMsg) throws IOException {
        return record(ctxt, ctxt.getParser(), "expected " + TokenNames.describe(targetType) + ", got text");
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
                                         String failureMsg) throws IOException {
        return record(ctxt, ctxt.getParser(), "expected " + TokenNames.describe(targetType) + ", got "
                + TokenNames.describe(ctxt.getParser().currentToken()));
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                            ValueInstantiator valueInsts, JsonParser p, String msg) throws IOException {
        return record(ctxt, p, "expected " + TokenNames.describe(instClass) + ", got "
                + TokenNames.describe(p.currentToken()));
    }

    /** Records the problem and reads the value as absent; outside a session, lets Jackson fail as usual. */
    private static Object record(DeserializationContext ctxt, JsonParser p, String problem) throws IOException {
        BindingSession session = BindingSession.of(ctxt);
        if (session == null) {
            return NOT_HANDLED;
        }
        session.report(p, problem);
        p.skipChildren();
        return null;
    }
}
