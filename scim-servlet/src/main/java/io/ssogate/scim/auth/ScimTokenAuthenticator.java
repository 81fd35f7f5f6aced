package io.ssogate.scim.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ssogate.core.accounts.TenantDirectory;
import io.ssogate.core.storage.StorageException;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SCIM requests authenticated by the tenant tokens of {@link ScimTokens}: {@code Authorization: Bearer
 * scim_...} (the scheme in any case) names the token's tenant, if the token is live and its tenant is still
 * configured. The presented token is hashed and looked up by its hash; the stored hash is then compared in
 * constant time, so the answer's timing tells nothing about how close a guess came.
 *
 * <p>A found row is kept for {@code cacheFor} (5 s by default): that is how long a revocation made on any
 * gateway (or by the command) may take to reach this one, and it spares the database a lookup per request
 * of a busy provisioning run. Unknown tokens are not kept, so guessing fills no memory. A token's
 * {@code last_used_at} is written at most once a minute, not on every request.
 *
 * <p>A database that cannot be read throws {@link StorageException} from {@link #tenantOf}: the caller
 * answers 503, not 401, so an identity provider retries instead of reporting a bad token.
 */
public final class ScimTokenAuthenticator implements ScimAuthenticator {

    public static final Duration DEFAULT_CACHE_TIME = Duration.ofSeconds(5);
    /** The resolution of {@code last_used_at}: "used in the last minute" is all an admin needs to know. */
    static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(ScimTokenAuthenticator.class);
    private static final String SCHEME = "Bearer";
    /** Far longer than any real header ({@code Bearer scim_} + 43): a longer one is refused unread. */
    private static final int MAX_HEADER_LENGTH = 256;
    /** Live and revoked tokens only, so this bounds nothing an attacker controls; a safety net still. */
    private static final int MAX_CACHED = 10_000;

    private final ScimTokens tokens;
    private final Supplier<TenantDirectory> tenants;
    private final Duration cacheFor;
    /** Found rows by hash, for {@code cacheFor} by the tokens' clock (so tests move time, not wait for it). */
    private final Cache<String, ScimTokens.Stored> byHash;
    private final Map<String, Instant> useRecorded = new ConcurrentHashMap<>();

    /**
     * @param tenants  the configured tenants, asked at every request: a tenant removed from the
     *                 configuration loses its tokens' access at the next reload
     * @param cacheFor how long a token row read is trusted; {@link Duration#ZERO} for a lookup per request
     */
    public ScimTokenAuthenticator(ScimTokens tokens, Supplier<TenantDirectory> tenants, Duration cacheFor) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.cacheFor = Objects.requireNonNull(cacheFor, "cacheFor");
        if (cacheFor.isNegative()) {
            throw new IllegalArgumentException("cacheFor must not be negative");
        }
        this.byHash = Caffeine.newBuilder()
                .expireAfterWrite(cacheFor)
                .maximumSize(MAX_CACHED)
                .ticker(() -> {
                    Instant now = tokens.now();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .executor(Runnable::run)
                .build();
    }

    public ScimTokenAuthenticator(ScimTokens tokens, TenantDirectory tenants) {
        this(tokens, constant(tenants), DEFAULT_CACHE_TIME);
    }

    private static Supplier<TenantDirectory> constant(TenantDirectory tenants) {
        Objects.requireNonNull(tenants, "tenants");
        return () -> tenants;
    }

    @Override
    public Optional<String> tenantOf(String authorizationHeader) {
        String token = bearerToken(authorizationHeader);
        if (token == null) {
            return Optional.empty();
        }
        byte[] presented = TokenHash.digest(token);
        String hash = HexFormat.of().formatHex(presented);
        Instant now = tokens.now();
        Optional<ScimTokens.Stored> found = row(hash);
        if (found.isEmpty() || !MessageDigest.isEqual(presented, HexFormat.of().parseHex(found.get().tokenHash()))) {
            log.debug("SCIM request refused: its token is not one of the gateway's");
            return Optional.empty();
        }
        ScimToken info = found.get().info();
        if (info.revoked()) {
            log.debug("SCIM request refused: token {} of tenant {} was revoked at {}", info.id(), info.tenant(),
                    info.revokedAt());
            return Optional.empty();
        }
        TenantDirectory directory = tenants.get();
        if (directory == null || directory.find(info.tenant()).isEmpty()) {
            log.debug("SCIM request refused: token {} is of tenant {}, which is no longer configured", info.id(),
                    info.tenant());
            return Optional.empty();
        }
        recordUse(info.id(), now);
        return Optional.of(info.tenant());
    }

    /** The token of {@code Bearer <token>}, or null when the header is anything else. */
    static String bearerToken(String header) {
        if (header == null || header.length() > MAX_HEADER_LENGTH
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String rest = header.substring(SCHEME.length());
        if (rest.isEmpty() || rest.charAt(0) != ' ') {
            return null;
        }
        String token = rest.strip();
        return TokenHash.wellFormed(token) ? token : null;
    }

    private Optional<ScimTokens.Stored> row(String hash) {
        ScimTokens.Stored cached = byHash.getIfPresent(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ScimTokens.Stored> row = tokens.findByHash(hash);
        if (row.isPresent() && !cacheFor.isZero()) {
            byHash.put(hash, row.get());
        }
        return row;
    }

    /**
     * Writes {@code last_used_at} when this gateway has not in the last minute; of concurrent requests,
     * one writes. A failed write is logged and the request goes on: it is bookkeeping, not access control.
     */
    private void recordUse(String id, Instant now) {
        Instant previous = useRecorded.get(id);
        if (previous != null && now.isBefore(previous.plus(USE_RESOLUTION))) {
            return;
        }
        boolean mine = previous == null ? useRecorded.putIfAbsent(id, now) == null
                : useRecorded.replace(id, previous, now);
        if (!mine) {
            return;
        }
        try {
            tokens.recordUse(id, now, now.minus(USE_RESOLUTION));
        } catch (StorageException e) {
            log.warn("Could not record the use of SCIM token {}: {}", id, e.getCause() == null ? e : e.getCause());
        }
    }
}
