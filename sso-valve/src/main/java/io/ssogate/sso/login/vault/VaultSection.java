package io.ssogate.sso.login.vault;

import io.ssogate.core.config.ConfigProblems;
import io.ssogate.core.config.ConfigSection;
import io.ssogate.core.config.Secret;
import io.ssogate.core.config.SectionBinding;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The vault's keys as written in YAML: the top-level {@code vault:} section ({@link #SECTION}, which
 * {@code SsoFeature} registers), or later embedded in the login step's section:
 *
 * <pre>{@code
 * keys:
 *   - id: 2026-01
 *     secret: ${file:/run/secrets/ssogate-vault-2026-01}
 *   - id: 2026-07
 *     secret: ${VAULT_KEY_2026_07}
 * currentKey: 2026-07
 * }</pre>
 *
 * Every problem names the key by its id and position, never its value. Without keys and currentKey the
 * vault is not configured ({@link VaultKeys#none()}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VaultSection(List<Key> keys, String currentKey) implements SectionBinding<VaultKeys> {

    public static final String KEY = "vault";

    public static final ConfigSection<VaultKeys> SECTION =
            ConfigSection.of(KEY, VaultKeys.class, VaultSection.class, VaultSection::from);

    /** One key: its id, stored with every row it encrypts, and 32 random bytes in base64. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Key(String id, Secret secret) {
    }

    /** The binding that writes {@code keys} back: the secrets as their references, never their values. */
    public static VaultSection from(VaultKeys keys) {
        if (!keys.configured()) {
            return new VaultSection(null, null);
        }
        List<Key> written = new ArrayList<>();
        keys.secrets().forEach((id, secret) -> written.add(new Key(id, secret)));
        return new VaultSection(written, keys.currentId());
    }

    @Override
    public VaultKeys toModel(ConfigProblems problems) {
        if ((keys == null || keys.isEmpty()) && currentKey == null) {
            return VaultKeys.none();
        }
        Map<String, Secret> byId = new LinkedHashMap<>();
        if (keys == null || keys.isEmpty()) {
            problems.at("keys", "required: at least one key, with an id and a secret");
        } else {
            for (int i = 0; i < keys.size(); i++) {
                ConfigProblems at = problems.within("keys[" + i + "]");
                Key key = keys.get(i);
                if (key == null) {
                    at.at("id", "required: an empty key entry");
                    continue;
                }
                Optional<String> idProblem = VaultKeys.idProblem(key.id());
                idProblem.ifPresent(problem -> at.at("id", problem));
                String name = idProblem.isPresent() ? "this key" : "key " + key.id();
                if (idProblem.isEmpty() && byId.containsKey(key.id())) {
                    at.at("id", "another key has the id " + key.id() + "; ids are unique, as each row names its key");
                }
                VaultKeys.keyProblem(key.secret()).ifPresent(problem -> at.at("secret", name + ": " + problem));
                if (idProblem.isEmpty() && !byId.containsKey(key.id())) {
                    byId.put(key.id(), key.secret());
                }
            }
        }
        if (currentKey == null || currentKey.isBlank()) {
            problems.at("currentKey", "required: the id of the key new passwords are encrypted with");
        } else if (keys != null && !keys.isEmpty() && !byId.containsKey(currentKey)) {
            problems.at("currentKey", "no key has the id " + currentKey + "; it must be one of " + byId.keySet());
        }
        if (problems.any()) {
            return null;
        }
        return new VaultKeys(currentKey, byId);
    }
}
