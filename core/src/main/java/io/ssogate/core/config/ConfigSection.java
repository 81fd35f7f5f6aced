package io.ssogate.core.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * A top-level section of {@code ssogate.yaml} that a feature owns ({@code sso:}, {@code scim:}). The
 * loader binds it with the same substitution, checks and {@code file:line: key: problem} messages as the
 * built-in sections, {@code GatewayConfig.section} hands the model to the feature, and
 * {@link ConfigWriter} writes it back.
 *
 * <ul>
 *   <li><b>Bound</b> from YAML into {@link #bindingType()} by Jackson: a record of nullable components
 *       named like the keys; {@code Duration} ({@code 5s}) and {@link Secret} fields read as everywhere
 *       in the file, and an unknown key is an error with a suggestion.</li>
 *   <li><b>Checked</b> by {@link SectionBinding#toModel}, which records problems in {@link ConfigProblems}
 *       and builds the model.</li>
 *   <li><b>Defaulted</b> when the file has no such section: the model is what an empty section binds to.</li>
 *   <li><b>Written</b> through {@link #toBinding}: a secret as its {@code ${...}} reference, never its value.</li>
 * </ul>
 *
 * @param <T> the section's immutable model
 */
public interface ConfigSection<T> {

    /** The top-level key, e.g. {@code sso}. */
    String key();

    /** The model's type. */
    Class<T> modelType();

    /** The Jackson binding of the section as written; see {@link SectionBinding}. */
    Class<? extends SectionBinding<T>> bindingType();

    /** The binding that writes {@code model} back, such that loading it gives an equal model. */
    SectionBinding<T> toBinding(T model);

    /**
     * A section from its parts, e.g.
     * {@code ConfigSection.of("sso", SsoConfig.class, SsoSection.class, SsoSection::from)}.
     */
    static <T, B extends SectionBinding<T>> ConfigSection<T> of(String key, Class<T> modelType, Class<B> bindingType,
                                                                 Function<? super T, ? extends B> toBinding) {
        return new Defined<>(key, modelType, bindingType, toBinding);
    }

    /** What {@link #of} returns. */
    record Defined<T, B extends SectionBinding<T>>(String key, Class<T> modelType, Class<B> bindingType,
                                                   Function<? super T, ? extends B> writer)
            implements ConfigSection<T> {

        public Defined {
            Objects.requireNonNull(key, "key");
            if (key.isBlank() || !key.equals(key.strip()) || key.contains(".") || key.contains("[")) {
                throw new IllegalArgumentException("a section key is one plain YAML key, not [" + key + "]");
            }
            Objects.requireNonNull(modelType, "modelType");
            Objects.requireNonNull(bindingType, "bindingType");
            Objects.requireNonNull(writer, "writer");
        }

        @Override
        public SectionBinding<T> toBinding(T model) {
            return writer.apply(model);
        }
    }
}
