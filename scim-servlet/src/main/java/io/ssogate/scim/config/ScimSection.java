package io.ssogate.scim.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ssogate.core.config.ByteSizeFormat;
import io.ssogate.core.config.ConfigProblems;
import io.ssogate.core.config.ConfigSection;
import io.ssogate.core.config.SectionBinding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code scim:} section as written in YAML:
 *
 * <pre>{@code
 * scim:
 *   enabled: true
 *   maxBodySize: 1MiB
 *   maxResults: 1000
 *   deleteMode: deactivate        # or delete
 *   groups:
 *     - tenant: corp
 *       group: Engineering
 *       team: engineering
 *       channels: [dev, releases]
 *   retryMin: 1s
 *   retryMax: 5m
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScimSection(Boolean enabled, String maxBodySize,
                          Integer maxResults, String deleteMode, List<GroupBinding> groups,
                          Duration retryMin, Duration retryMax) implements SectionBinding<ScimConfig> {

    public static final String KEY = "scim";

    public static final ConfigSection<ScimConfig> SECTION =
            ConfigSection.of(KEY, ScimConfig.class, ScimSection.class, ScimSection::from);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GroupBinding(String tenant, String group, String team, List<String> channels) {
    }

    public static ScimSection from(ScimConfig config) {
        ScimConfig c = config == null ? ScimConfig.DEFAULT : config;
        List<GroupBinding> groups = c.groups().isEmpty() ? null : c.groups().stream()
                .map(g -> new GroupBinding(g.tenant(), g.group(), g.team(),
                        g.channels().isEmpty() ? null : new ArrayList<>(g.channels())))
                .toList();
        return new ScimSection(c.enabled(), ByteSizeFormat.format(c.maxBodySize()), c.maxResults(), c.deleteMode().key(), groups,
                c.retryMin(), c.retryMax());
    }

    @Override
    public ScimConfig toModel(ConfigProblems problems) {
        long body = ScimConfig.DEFAULT_MAX_BODY_SIZE;
        if (maxBodySize != null) {
            try {
                body = ByteSizeFormat.parse(maxBodySize);
            } catch (IllegalArgumentException e) {
                problems.at("maxBodySize", ByteSizeFormat.EXPECTED);
            }
        }
        if (body < 1024 || body > 64L * 1024 * 1024) {
            problems.at("maxBodySize", "must be between 1KiB and 64MiB: the largest SCIM request the gateway reads");
        }
        int results = maxResults == null ? ScimConfig.DEFAULT_MAX_RESULTS : maxResults;
        if (results < 1 || results > 10_000) {
            problems.at("maxResults", "must be between 1 and 10000: the most resources one list answer carries");
        }
        ScimConfig.DeleteMode mode = ScimConfig.DeleteMode.DEACTIVATE;
        if (deleteMode != null) {
            try {
                mode = ScimConfig.DeleteMode.valueOf(deleteMode.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.at("deleteMode", "must be deactivate (keep the account, deactivated) or delete (remove it"
                        + " for good, where Mattermost allows)");
            }
        }
        List<ScimConfig.GroupMapping> mappings = new ArrayList<>();
        if (groups != null) {
            for (int i = 0; i < groups.size(); i++) {
                GroupBinding g = groups.get(i);
                ConfigProblems at = problems.within("groups[" + i + "]");
                if (g == null) {
                    at.at("", "a mapping: tenant, group, team and optionally channels");
                    continue;
                }
                boolean complete = true;
                if (blank(g.tenant())) {
                    at.at("tenant", "the tenant whose SCIM group this is");
                    complete = false;
                }
                if (blank(g.group())) {
                    at.at("group", "the SCIM group's displayName");
                    complete = false;
                }
                if (blank(g.team())) {
                    at.at("team", "the Mattermost team's name (as in its URL)");
                    complete = false;
                }
                List<String> channels = g.channels() == null ? List.of() : g.channels();
                for (int j = 0; j < channels.size(); j++) {
                    if (blank(channels.get(j))) {
                        at.at("channels[" + j + "]", "a channel name (as in its URL), not empty");
                        complete = false;
                    }
                }
                if (complete) {
                    mappings.add(new ScimConfig.GroupMapping(g.tenant().strip(), g.group().strip(),
                            g.team().strip(), channels.stream().map(String::strip).toList()));
                }
            }
        }
        Duration min = retryMin == null ? ScimConfig.DEFAULT_RETRY_MIN : retryMin;
        Duration max = retryMax == null ? ScimConfig.DEFAULT_RETRY_MAX : retryMax;
        if (min.isNegative() || min.isZero()) {
            problems.at("retryMin", "must be positive");
        }
        if (max.compareTo(min) < 0) {
            problems.at("retryMax", "must be at least retryMin");
        }
        return new ScimConfig(enabled == null || enabled, body, results, mode, mappings, min, max);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
