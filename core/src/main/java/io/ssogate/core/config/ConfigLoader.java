package io.ssogate.core.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads the gateway's YAML configuration into a {@link GatewayConfig}, or explains why it cannot, one line
 * per problem and every problem at once: {@code conf/ssogate.yaml:12: proxy.conectTimeout: unknown key
 * (did you mean connectTimeout?)}.
 *
 * <p>The file's top-level keys are the built-in sections ({@code server}, {@code proxy},
 * {@code database}) and those of the installed features ({@link ConfigSection}). Jackson YAML binds each
 * into its binding record ({@link ServerSection} and the others); {@link SubstitutingParser} expands
 * {@code ${ENV}} and {@code ${file:...}} in string values on the way; each section then checks what a type
 * alone cannot say and builds its model. Thread-safe.
 */
public final class ConfigLoader {

    /** Where the launcher looks when no file is named, relative to the working directory. */
    public static final Path DEFAULT_FILE = Path.of("conf", "ssogate.yaml");

    private final Function<String, String> environment;
    /** Built-in sections first, then the features', in the order given. */
    private final Map<String, ConfigSection<?>> sections;

    /** A loader without feature sections that expands {@code ${NAME}} from the process environment. */
    public ConfigLoader() {
        this(List.of(), System::getenv);
    }

    /** @param environment looks up {@code ${NAME}} references; returns null for an unset variable */
    public ConfigLoader(Function<String, String> environment) {
        this(List.of(), environment);
    }

    /** @param featureSections the sections of the installed features ({@code GatewayFeature.configSections}) */
    public ConfigLoader(List<? extends ConfigSection<?>> featureSections) {
        this(featureSections, System::getenv);
    }

    /**
     * @param featureSections the sections of the installed features, each with a key of its own
     * @param environment     looks up {@code ${NAME}} references; returns null for an unset variable
     */
    public ConfigLoader(List<? extends ConfigSection<?>> featureSections, Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
        Map<String, ConfigSection<?>> all = new LinkedHashMap<>();
        for (ConfigSection<?> section : BuiltInSections.ALL) {
            all.put(section.key(), section);
        }
        for (ConfigSection<?> section : featureSections) {
            if (all.putIfAbsent(section.key(), section) != null) {
                throw new IllegalArgumentException("two configuration sections claim the key [" + section.key() + "]");
            }
        }
        this.sections = Collections.unmodifiableMap(all);
    }

    /** Loads {@code file}; relative {@code ${file:...}} paths are resolved against its directory. */
    public GatewayConfig load(Path file) throws ConfigException {
        String sourceName = file.toString();
        Path baseDirectory = file.toAbsolutePath().getParent();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readDocument(reader, sourceName, baseDirectory);
        } catch (IOException e) {
            throw new ConfigException(sourceName, 0, "",
                    "cannot read the configuration file (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Parses YAML text, e.g. from the admin console; {@code sourceName} is what messages call it. Relative
     * {@code ${file:...}} paths are resolved against the working directory.
     */
    public GatewayConfig parse(String yaml, String sourceName) throws ConfigException {
        try {
            return readDocument(new StringReader(yaml), sourceName, workingDirectory());
        } catch (IOException e) {
            throw new ConfigException(sourceName, 0, "",
                    "cannot read the configuration (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Parses one built-in section as stored by {@link ConfigWriter} (JSON is valid YAML), with the same checks
     * and messages as the file; keys are named in full ({@code proxy.upstreamUrl}).
     *
     * @param sectionType {@code ServerConfig.class}, {@code ProxyConfig.class} or {@code DatabaseConfig.class}
     */
    public <T> T parseSection(String text, String sourceName, Class<T> sectionType) throws ConfigException {
        ConfigSection<T> section = BuiltInSections.forModel(sectionType).orElseThrow(
                () -> new IllegalArgumentException("not a built-in configuration section: " + sectionType.getName()));
        return parseSection(text, sourceName, section);
    }

    /** Parses one section, built-in or a feature's, as stored by {@link ConfigWriter#toJson(ConfigSection, Object)}. */
    public <T> T parseSection(String text, String sourceName, ConfigSection<T> section) throws ConfigException {
        SecretSubstitution substitution = new SecretSubstitution(environment, workingDirectory());
        try (SourceReader source = new SourceReader(new StringReader(text), sourceName, substitution, section.key())) {
            SourceReader.Bound bound = source.readSection(section.bindingType());
            T model = bound.readable() ? toModel(section, bound.binding(), source.problems()) : null;
            if (!source.problems().isEmpty()) {
                throw source.problems().exception();
            }
            return model;
        } catch (IOException e) {
            throw new ConfigException(sourceName, 0, section.key(),
                    "cannot read the configuration (" + e.getClass().getSimpleName() + ")");
        }
    }

    private GatewayConfig readDocument(Reader text, String sourceName, Path baseDirectory)
            throws ConfigException, IOException {
        SecretSubstitution substitution = new SecretSubstitution(environment, baseDirectory);
        try (SourceReader source = new SourceReader(text, sourceName, substitution, "")) {
            SourceReader.Document document = source.readDocument(sections);
            ConfigProblems problems = source.problems();
            if (!document.complete()) {
                throw problems.exception();
            }
            Map<String, Object> models = new LinkedHashMap<>();
            for (ConfigSection<?> section : sections.values()) {
                SourceReader.Bound bound = document.sections().get(section.key());
                if (bound == null && document.misspelt().contains(section.key())) {
                    continue; // "proxi: unknown key (did you mean proxy?)" says it all
                }
                bound = bound == null ? SourceReader.Bound.EMPTY : bound;
                if (bound.readable()) {
                    models.put(section.key(), toModel(section, bound.binding(), problems.within(section.key())));
                }
            }
            if (!problems.isEmpty()) {
                throw problems.exception();
            }
            return assemble(models);
        }
    }

    /**
     * Checks one section and builds its model; null when it has problems, which are then recorded.
     *
     * @param bound null when the source has no such section, or an empty one
     */
    private static <T> T toModel(ConfigSection<T> section, SectionBinding<?> bound, ConfigProblems problems) {
        SectionBinding<T> binding = bound == null ? SectionDefaults.emptyBinding(section)
                : section.bindingType().cast(bound);
        try {
            T model = binding.toModel(problems);
            if (model == null && !problems.any()) {
                throw new IllegalStateException("section [" + section.key() + "] gave no model and no problem");
            }
            return model;
        } catch (IllegalArgumentException e) {
            // A model constructor refusing what toModel did not check: still the file's problem, so say where.
            problems.at("", "invalid section (" + e.getMessage() + ")");
            return null;
        }
    }

    private GatewayConfig assemble(Map<String, Object> models) {
        GatewayConfig config = new GatewayConfig((ServerConfig) models.get(BuiltInSections.SERVER.key()),
                (ProxyConfig) models.get(BuiltInSections.PROXY.key()),
                (DatabaseConfig) models.get(BuiltInSections.DATABASE.key()));
        for (ConfigSection<?> section : sections.values()) {
            if (!BuiltInSections.isBuiltIn(section.key())) {
                config = withModel(config, section, models.get(section.key()));
            }
        }
        return config;
    }

    private static <T> GatewayConfig withModel(GatewayConfig config, ConfigSection<T> section, Object model) {
        return config.withSection(section, section.modelType().cast(model));
    }

    private static Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }
}
