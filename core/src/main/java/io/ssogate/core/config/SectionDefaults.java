package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;

/** What a section is when the configuration does not have it: whatever an empty mapping binds to. */
final class SectionDefaults {

    private SectionDefaults() {
    }

    /** The binding of an empty mapping: every key absent. */
    static <T> SectionBinding<T> emptyBinding(ConfigSection<T> section) {
        try {
            return ConfigMappers.YAML.readValue("{}", section.bindingType());
        } catch (JsonProcessingException e) {
            // The binding type is code, not input: one that cannot bind an empty mapping is a defect.
            throw new IllegalStateException("the binding of section [" + section.key() + "], "
                    + section.bindingType().getName() + ", cannot read an empty mapping", e);
        }
    }

    /**
     * The model of an absent section.
     *
     * @throws IllegalStateException when the section cannot do without a key of its own
     */
    static <T> T of(ConfigSection<T> section) {
        ConfigProblems problems = new ConfigProblems("defaults", key -> 0);
        T model = emptyBinding(section).toModel(problems.within(section.key()));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the configuration has no [" + section.key()
                    + "] section, which cannot do without one: " + problems.exception().getMessage());
        }
        if (model == null) {
            throw new IllegalStateException("section [" + section.key() + "] gave no model and no problem");
        }
        return model;
    }
}
