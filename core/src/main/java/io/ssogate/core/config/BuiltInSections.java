package io.ssogate.core.config;

import java.util.List;
import java.util.Optional;

/** The sections every gateway has, read and written like the ones features bring. */
final class BuiltInSections {

    static final ConfigSection<ServerConfig> SERVER =
            ConfigSection.of("server", ServerConfig.class, ServerSection.class, ServerSection::from);
    static final ConfigSection<ProxyConfig> PROXY =
            ConfigSection.of("proxy", ProxyConfig.class, ProxySection.class, ProxySection::from);
    static final ConfigSection<DatabaseConfig> DATABASE =
            ConfigSection.of("database", DatabaseConfig.class, DatabaseSection.class, DatabaseSection::from);

    /** In the order the file lists them. */
    static final List<ConfigSection<?>> ALL = List.of(SERVER, PROXY, DATABASE);

    private BuiltInSections() {
    }

    static boolean isBuiltIn(String key) {
        return ALL.stream().anyMatch(section -> section.key().equals(key));
    }

    @SuppressWarnings("unchecked")
    static <T> Optional<ConfigSection<T>> forModel(Class<T> modelType) {
        return ALL.stream().filter(section -> section.modelType() == modelType)
                .map(section -> (ConfigSection<T>) section).findFirst();
    }
}
