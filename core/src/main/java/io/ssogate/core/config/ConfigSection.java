package io.ssogate.core.config;

/**
 * A top-level section of {@code ssogate.yaml} that a feature owns ({@code sso:}, {@code scim:}). The
 * loader binds it with the same substitution, checks and {@code file:line: key: problem} messages as
 * the built-in sections, and {@code GatewayConfig.section} hands the model to the feature.
 *
 * @param <T> the section's immutable model
 */
public interface ConfigSection<T> {

    /** The top-level key, e.g. {@code sso}. */
    String key();

    /** The model's type. */
    Class<T> modelType();
}
