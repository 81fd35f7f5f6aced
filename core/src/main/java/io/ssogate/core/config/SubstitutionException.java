package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParseException;

/**
 * Carries a failed {@code ${...}} expansion out of the parser, through Jackson, to {@link ConfigLoader},
 * which unwraps the {@link ConfigException} inside. It is a stream-level exception so data binding passes
 * it on instead of treating it as a bad value.
 */
final class SubstitutionException extends JsonParseException {

    private final transient ConfigException problem;

    SubstitutionException(JsonParser parser, ConfigException problem) {
        super(parser, problem.getMessage());
        this.problem = problem;
    }

    ConfigException problem() {
        return problem;
    }
}
