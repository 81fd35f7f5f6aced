package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A value our own deserializers refused. Its message is ours, already phrased for an operator and free of
 * the value, so {@link ConfigLoader} uses it as it is; Jackson adds the key path while unwinding.
 */
final class BadValueException extends JsonMappingException {

    BadValueException(JsonParser parser, String problem) {
        super(parser, problem);
    }
}
