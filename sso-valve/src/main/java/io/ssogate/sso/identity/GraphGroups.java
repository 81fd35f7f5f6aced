package io.ssogate.sso.identity;

import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.OidcIdpConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a person's groups from Microsoft Graph when Entra ID left them out of the ID token.
 *
 * <p>A user in more groups than fit in a token (200 in a JWT) gets no {@code groups} claim from Entra ID but
 * an overage indicator: {@code _claim_names: {"groups": "src1"}} with a {@code _claim_sources} entry. For an
 * OIDC IdP configured with {@code groupsFromGraph}, the groups are then read with the sign-in's access token
 * from {@code {graphUrl}/v1.0/me/memberOf/microsoft.graph.group}. The endpoint in {@code _claim_sources} is
 * not used: it has pointed at the retired Azure AD Graph, and the token only ever goes to the configured
 * {@code graphUrl}, including when paging ({@code @odata.nextLink} on another origin is not followed).
 *
 * <p>A failed read does not refuse the sign-in: the person signs in without groups and one WARN line names
 * the IdP, the subject and what went wrong. A partial list is never used as if it were complete, except at
 * the configured cap on the number of groups, which is logged as well. The access token never appears in a
 * log line or exception message.
 */
public final class GraphGroups {

    private static final Logger LOG = LoggerFactory.getLogger(GraphGroups.class);

    static final String GROUPS = "groups";
    private static final String MEMBER_OF = "/v1.0/me/memberOf/microsoft.graph.group?$select=displayName,id&$top=999";

    /**
     * Bounds on one sign-in's Graph reads, so a slow or endless Graph cannot hold the sign-in for long.
     *
     * @param connectTimeout to open a connection
     * @param requestTimeout for one page, headers and body
     * @param total          for all pages together
     * @param maxPages       pages followed at most; more counts as a failure
     * @param maxGroups      groups kept at most; the rest are dropped, with a WARN
     * @param maxPageBytes   a larger page counts as a failure
     */
    public record Limits(Duration connectTimeout, Duration requestTimeout, Duration total, int maxPages,
                         int maxGroups, int maxPageBytes) {
    }

    /** 5,000 groups at 999 a page are 6 pages; Graph may page smaller, hence the room. */
    public static final Limits DEFAULT_LIMITS = new Limits(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(20), 50, 5_000, 4 * 1024 * 1024);

    private final Limits limits;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public GraphGroups() {
        this(DEFAULT_LIMITS);
    }

    public GraphGroups(Limits limits) {
        this.limits = limits;
        // Never follow redirects: the token would go along to wherever Graph (or something in between) points.
        this.http = HttpClient.newBuilder().connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * {@code claims}, with the groups from Graph under the claim the IdP's mapping reads ({@code groups} by
     * default) when the IdP has {@code groupsFromGraph} and the claims show the overage indicator or no
     * groups; else {@code claims} unchanged. A failed read also leaves them unchanged.
     */
    public Map<String, Object> complete(IdpConfig idp, String subject, Map<String, Object> claims,
                                        String accessToken) {
        OidcIdpConfig oidc = idp.oidc();
        if (idp.protocol() != IdpConfig.Protocol.OIDC || oidc == null || !oidc.groupsFromGraph()) {
            return claims;
        }
        if (!hasOverage(claims) && !IdentityMapper.groups(idp.mapping(), claims).isEmpty()) {
            return claims;
        }
        if (accessToken == null || accessToken.isBlank()) {
            warn(idp.name(), subject, "the sign-in has no access token");
            return claims;
        }
        Optional<List<String>> groups = fetch(idp.name(), subject, oidc.graphUrlOrDefault(), accessToken);
        if (groups.isEmpty()) {
            return claims;
        }
        Map<String, Object> completed = new HashMap<>(claims);
        completed.put(idp.mapping().groups() != null ? idp.mapping().groups() : GROUPS, groups.get());
        return completed;
    }

    /**
     * Whether Entra ID said the groups are elsewhere: {@code _claim_names} names {@code groups}, or
     * {@code hasgroups: true} (its implicit-flow form).
     */
    static boolean hasOverage(Map<String, Object> claims) {
        Object names = claims.get("_claim_names");
        if (names instanceof Map<?, ?> map && map.containsKey(GROUPS)) {
            return true;
        }
        if (names instanceof String text && !text.isBlank()) {
            try {
                if (new ObjectMapper().readTree(text).has(GROUPS)) {
                    return true;
                }
            } catch (IOException e) {
                // Not JSON: no indicator we can read.
            }
        }
        Object hasGroups = claims.get("hasgroups");
        return Boolean.TRUE.equals(hasGroups) || "true".equals(hasGroups);
    }

    /**
     * The names ({@code displayName}, else {@code id}) of the groups the token's user is a direct member of,
     * or empty after one WARN line when they could not all be read.
     */
    Optional<List<String>> fetch(String idpName, String subject, URI graphUrl, String accessToken) {
        String base = graphUrl.toString().endsWith("/")
                ? graphUrl.toString().substring(0, graphUrl.toString().length() - 1) : graphUrl.toString();
        URI next = URI.create(base + MEMBER_OF);
        Set<String> names = new LinkedHashSet<>();
        long deadline = System.nanoTime() + limits.total().toNanos();
        for (int page = 1; next != null; page++) {
            if (page > limits.maxPages()) {
                warn(idpName, subject, "more than " + limits.maxPages() + " pages");
                return Optional.empty();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                warn(idpName, subject, "timed out after " + limits.total().toSeconds() + "s in all");
                return Optional.empty();
            }
            HttpResponse<byte[]> response;
            try {
                response = get(next, accessToken, remaining);
            } catch (Failure e) {
                warn(idpName, subject, e.getMessage() + " on page " + page);
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                warn(idpName, subject, "HTTP " + response.statusCode() + " on page " + page);
                return Optional.empty();
            }
            JsonNode body;
            try {
                body = json.readTree(response.body());
            } catch (IOException e) {
                body = null;
            }
            if (body == null || !body.path("value").isArray()) {
                warn(idpName, subject, "a response that is no Graph collection on page " + page);
                return Optional.empty();
            }
            for (JsonNode group : body.path("value")) {
                String name = text(group, "displayName");
                name = name != null ? name : text(group, "id");
                if (name != null) {
                    names.add(name);
                }
                if (names.size() >= limits.maxGroups()) {
                    LOG.warn("IdP {}: subject {} is in more than {} groups in Microsoft Graph; kept the first {}",
                            idpName, subject, limits.maxGroups(), limits.maxGroups());
                    return Optional.of(List.copyOf(names));
                }
            }
            String link = text(body, "@odata.nextLink");
            if (link == null) {
                next = null;
            } else {
                next = sameOrigin(next, link, graphUrl);
                if (next == null) {
                    // The token is for Graph only; a link elsewhere is not followed, and the list is incomplete.
                    warn(idpName, subject, "an @odata.nextLink outside " + origin(graphUrl) + " on page " + page
                            + ", not followed");
                    return Optional.empty();
                }
            }
        }
        return Optional.of(List.copyOf(names));
    }

    private HttpResponse<byte[]> get(URI uri, String accessToken, long remainingNanos) throws Failure {
        Duration timeout = limits.requestTimeout().compareTo(Duration.ofNanos(remainingNanos)) < 0
                ? limits.requestTimeout() : Duration.ofNanos(remainingNanos);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json").GET().build();
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, info -> info.statusCode() == 200
                ? new CappedBody(limits.maxPageBytes()) : HttpResponse.BodySubscribers.replacing(null));
        try {
            // The request timeout ends the wait for the headers; this one also bounds the body.
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new Failure("timed out after " + timeout.toMillis() + "ms");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new Failure("timed out after " + timeout.toMillis() + "ms");
            }
            if (cause instanceof TooLarge) {
                throw new Failure("a page larger than " + limits.maxPageBytes() + " bytes");
            }
            // Only the exception's type: its message is the JDK's, which we do not control.
            throw new Failure("no response (" + (cause == null ? e : cause).getClass().getSimpleName() + ")");
        }
    }

    /** {@code link} resolved against {@code current}, when it stays on the origin of {@code graphUrl}; else null. */
    private static URI sameOrigin(URI current, String link, URI graphUrl) {
        URI uri;
        try {
            uri = current.resolve(new URI(link));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || !origin(uri).equals(origin(graphUrl))) {
            return null;
        }
        return uri;
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
        return scheme + "://" + (uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText().strip() : null;
    }

    private static void warn(String idpName, String subject, String what) {
        LOG.warn("IdP {}: could not read the groups of subject {} from Microsoft Graph ({}); signing in without groups",
                idpName, subject, what);
    }

    /** What went wrong with one request, in words fit for the log (no token, no URL query). */
    private static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("response too large");
        }
    }

    /** Collects a body up to {@code max} bytes and fails beyond, so a huge or endless page is not buffered. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int max;
        private Flow.Subscription subscription;

        CappedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > max) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
