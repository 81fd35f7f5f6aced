package io.ssogate.core.config;

/**
 * A top-level section as written in {@code ssogate.yaml}: usually a record whose components are the keys,
 * all nullable so that "absent" can mean "the default". Jackson binds it with the configuration's value
 * types ({@code 5s} durations, {@link Secret}s, {@code ${ENV}} substitution); this turns it into the
 * section's immutable model.
 *
 * @param <T> the model
 */
public interface SectionBinding<T> {

    /**
     * Checks what the types alone cannot say and builds the model, filling in defaults.
     *
     * <p>Record <em>every</em> problem with {@link ConfigProblems#at} (keys relative to this section) and go
     * on checking the rest; when any was recorded, return null, as the loader reports instead of using the
     * model. Also called on an all-null binding when the file has no such section: that is where a section
     * that cannot do without a key says so, and where the defaults of an absent section come from.
     */
    T toModel(ConfigProblems problems);
}
