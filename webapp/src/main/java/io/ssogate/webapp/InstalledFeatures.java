package io.ssogate.webapp;

import io.ssogate.core.config.ConfigSection;
import io.ssogate.core.feature.GatewayFeature;
import io.ssogate.core.storage.FeatureMigrations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The features on the class path, found by {@link ServiceLoader} and sorted by {@link GatewayFeature#order()},
 * then name. The launcher's jar and the WAR both discover them this way, so a feature is present in both
 * deployments or in neither.
 */
public final class InstalledFeatures {

    private final List<GatewayFeature> features;

    InstalledFeatures(List<GatewayFeature> features) {
        List<GatewayFeature> sorted = new ArrayList<>(features);
        sorted.sort(Comparator.comparingInt(GatewayFeature::order).thenComparing(GatewayFeature::name));
        Set<String> names = new HashSet<>();
        for (GatewayFeature feature : sorted) {
            if (!names.add(feature.name())) {
                throw new IllegalStateException("two features are named [" + feature.name() + "]: "
                        + "is a jar on the class path twice?");
            }
        }
        this.features = List.copyOf(sorted);
    }

    /** The features {@code loader} sees (the WAR's class loader, or the launcher's). */
    public static InstalledFeatures discover(ClassLoader loader) {
        List<GatewayFeature> found = new ArrayList<>();
        ServiceLoader.load(GatewayFeature.class, loader).forEach(found::add);
        return new InstalledFeatures(found);
    }

    public List<GatewayFeature> inOrder() {
        return features;
    }

    public List<String> names() {
        return features.stream().map(GatewayFeature::name).toList();
    }

    /** The configuration sections the loader must know before it reads the file. */
    public List<ConfigSection<?>> configSections() {
        return features.stream().flatMap(f -> f.configSections().stream()).toList();
    }

    /** The features' own migrations, in installation order. */
    public List<FeatureMigrations> migrations() {
        return features.stream()
                .filter(f -> !f.migrations().isEmpty())
                .map(f -> new FeatureMigrations(f.name(), f.migrations()))
                .toList();
    }
}
