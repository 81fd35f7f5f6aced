package io.ssogate.core.mattermost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * The gateway's client for Mattermost's REST API (v4), shared by the SSO login valve, SCIM
 * provisioning and the monitor. It speaks only HTTP, so the emulator in tests and a real server in
 * production are interchangeable.
 *
 * <p>Admin calls authenticate with {@code Authorization: Bearer <admin token>} and never carry a
 * {@code Cookie} header: Mattermost takes the {@code MMAUTHTOKEN} cookie before the header, so a stray
 * cookie would run an admin call as some user (API notes §2). The client therefore has no cookie store,
 * follows no redirects and does not retry: every call is made exactly once, as written.
 */
public final class MattermostClient implements AutoCloseable {

    // Trailing tokens fail too: "{} <html>..." is not a JSON body, though its first value parses.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ContentType JSON_UTF8 = ContentType.APPLICATION_JSON;

    private final URI apiBase;
    private final String adminToken;
    private final CloseableHttpClient http;

    /**
     * @param baseUrl    Mattermost's base URL (may include a subpath), e.g. {@code http://127.0.0.1:8065}
     * @param adminToken a system admin's personal access token or bot token; null for anonymous use
     *                   (login, ping)
     * @param timeout    connect and response timeout for each call
     */
    public MattermostClient(URI baseUrl, String adminToken, Duration timeout) {
        String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.apiBase = URI.create((base.endsWith("/") ? base : base + "/") + "api/v4/");
        this.adminToken = adminToken;
        Timeout t = Timeout.of(timeout);
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build())
                .setMaxConnTotal(50)
                .setMaxConnPerRoute(50)
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(t).build())
                .disableCookieManagement()   // see class comment: a cookie would override the admin token
                .disableRedirectHandling()   // an API redirect is an error to report, not to follow
                .disableAutomaticRetries()   // creating a user twice is not harmless
                .build();
    }

    /** {@code GET system/ping?get_server_status=true}: healthy when 200 with {@code status: "OK"} (§11). */
    public boolean ping() {
        try {
            JsonNode body = call(new HttpGet(api("system/ping?get_server_status=true")), false);
            return "OK".equals(body.path("status").asText());
        } catch (MattermostApiException e) {
            return false;
        }
    }

    /**
     * Logs in as a user, the way the webapp does (§4): {@code X-Requested-With: XMLHttpRequest} makes
     * Mattermost set the MMAUTHTOKEN, MMUSERID and MMCSRF cookies, which the gateway passes to the
     * browser.
     *
     * @param clientAddress the person's address, sent as X-Forwarded-For so Mattermost's audit log and
     *                      rate limiter see the person rather than the gateway; null to omit
     */
    public MattermostLogin login(String loginId, String password, String clientAddress) {
        return login("login_id", loginId, password, clientAddress);
    }

    /**
     * Logs in as the user with id {@code userId} ({@code "id"} in place of {@code login_id}, §4): the
     * gateway's own logins do not depend on the account's current email or username, nor on
     * {@code EnableSignInWithEmail}/{@code EnableSignInWithUsername}.
     */
    public MattermostLogin loginById(String userId, String password, String clientAddress) {
        return login("id", userId, password, clientAddress);
    }

    private MattermostLogin login(String idField, String id, String password, String clientAddress) {
        HttpPost request = new HttpPost(api("users/login"));
        Map<String, String> body = new LinkedHashMap<>();
        // Mattermost decodes the login body as a map of strings (§4): every value must be a string.
        body.put(idField, id);
        body.put("password", password);
        request.setEntity(json(body));
        request.setHeader("X-Requested-With", "XMLHttpRequest");
        if (clientAddress != null) {
            request.setHeader("X-Forwarded-For", clientAddress);
        }
        return execute(request, response -> {
            JsonNode json = readJson(response);
            if (response.getCode() != 200) {
                throw error(response.getCode(), json);
            }
            List<String> setCookies = new ArrayList<>();
            String csrf = null;
            for (Header header : response.getHeaders("Set-Cookie")) {
                setCookies.add(header.getValue());
                for (HttpCookie cookie : HttpCookie.parse(header.getValue())) {
                    if ("MMCSRF".equals(cookie.getName())) {
                        csrf = cookie.getValue();
                    }
                }
            }
            Header token = response.getFirstHeader("Token");
            return new MattermostLogin(token == null ? null : token.getValue(), csrf,
                    JSON.treeToValue(json, MattermostUser.class), setCookies);
        });
    }

    /** Revokes the session of {@code sessionToken} ({@code POST users/logout} as that session). */
    public void logout(String sessionToken) {
        HttpPost request = new HttpPost(api("users/logout"));
        request.setHeader("Authorization", "Bearer " + sessionToken);
        execute(request, response -> {
            JsonNode json = readJson(response);
            if (response.getCode() != 200) {
                throw error(response.getCode(), json);
            }
            return null;
        });
    }

    public Optional<MattermostUser> findUserByEmail(String email) {
        return findUser("users/email/" + pathSegment(email));
    }

    public Optional<MattermostUser> findUserByUsername(String username) {
        return findUser("users/username/" + pathSegment(username));
    }

    public Optional<MattermostUser> findUser(String pathAfterApi) {
        try {
            return Optional.of(toUser(call(new HttpGet(api(pathAfterApi)), true)));
        } catch (MattermostApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public MattermostUser getUser(String userId) {
        return toUser(call(new HttpGet(api("users/" + pathSegment(userId))), true));
    }

    public MattermostUser createUser(NewMattermostUser user) {
        HttpPost request = new HttpPost(api("users"));
        request.setEntity(json(user));
        return toUser(call(request, true));
    }

    /** {@code PUT users/{id}/patch} with only the fields given (null values are left out). */
    public MattermostUser patchUser(String userId, Map<String, String> fields) {
        HttpPut request = new HttpPut(api("users/" + pathSegment(userId) + "/patch"));
        Map<String, String> present = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (v != null) {
                present.put(k, v);
            }
        });
        request.setEntity(json(present));
        return toUser(call(request, true));
    }

    /** Deactivating also revokes all of the user's sessions (§7). */
    public void setActive(String userId, boolean active) {
        HttpPut request = new HttpPut(api("users/" + pathSegment(userId) + "/active"));
        request.setEntity(json(Map.of("active", active)));
        call(request, true);
    }

    /** Sets a password as admin (no current password); Mattermost may revoke the user's sessions. */
    public void setPassword(String userId, String newPassword) {
        HttpPut request = new HttpPut(api("users/" + pathSegment(userId) + "/password"));
        request.setEntity(json(Map.of("new_password", newPassword)));
        call(request, true);
    }

    public void revokeAllSessions(String userId) {
        call(new HttpPost(api("users/" + pathSegment(userId) + "/sessions/revoke/all")), true);
    }

    /** {@code GET teams/name/{name}}: the team's id, if the team exists. */
    public Optional<String> findTeamIdByName(String teamName) {
        try {
            return Optional.of(call(new HttpGet(api("teams/name/" + pathSegment(teamName))), true)
                    .path("id").asText());
        } catch (MattermostApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public void addTeamMember(String teamId, String userId) {
        HttpPost request = new HttpPost(api("teams/" + pathSegment(teamId) + "/members"));
        request.setEntity(json(Map.of("team_id", teamId, "user_id", userId)));
        call(request, true);
    }

    public void removeTeamMember(String teamId, String userId) {
        call(new HttpDelete(api("teams/" + pathSegment(teamId) + "/members/" + pathSegment(userId))), true);
    }

    /**
     * {@code DELETE users/{id}?permanent=true}: removes the account and its content for good. Mattermost
     * allows it only with {@code ServiceSettings.EnableAPIUserDeletion}; otherwise it answers 401
     * ({@code api.user.delete_user.not_enabled.for_admin.app_error}), thrown here for the caller to decide.
     */
    public void deleteUserPermanently(String userId) {
        call(new HttpDelete(api("users/" + pathSegment(userId) + "?permanent=true")), true);
    }

    /** {@code GET teams/{team_id}/channels/name/{name}}: the channel's id, if the team has one by that name. */
    public Optional<String> findChannelId(String teamId, String channelName) {
        try {
            return Optional.of(call(new HttpGet(api("teams/" + pathSegment(teamId) + "/channels/name/"
                    + pathSegment(channelName))), true).path("id").asText());
        } catch (MattermostApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code POST channels/{id}/members}; the user must be on the channel's team already. */
    public void addChannelMember(String channelId, String userId) {
        HttpPost request = new HttpPost(api("channels/" + pathSegment(channelId) + "/members"));
        request.setEntity(json(Map.of("user_id", userId)));
        call(request, true);
    }

    public void removeChannelMember(String channelId, String userId) {
        call(new HttpDelete(api("channels/" + pathSegment(channelId) + "/members/" + pathSegment(userId))), true);
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException ignored) {
            // nothing useful to do at shutdown
        }
    }

    private JsonNode call(HttpUriRequestBase request, boolean asAdmin) {
        if (asAdmin) {
            if (adminToken == null) {
                throw new IllegalStateException("this call needs a Mattermost admin token");
            }
            request.setHeader("Authorization", "Bearer " + adminToken);
        }
        return execute(request, response -> {
            JsonNode json = readJson(response);
            if (response.getCode() >= 300) {
                throw error(response.getCode(), json);
            }
            return json;
        });
    }

    private <T> T execute(HttpUriRequestBase request, ResponseReader<T> reader) {
        try {
            // execute(request, handler) always releases the connection, whatever the handler does.
            return http.execute(request, response -> reader.read(response));
        } catch (MattermostApiException e) {
            throw e;
        } catch (IOException e) {
            throw new MattermostApiException(0, "", "Mattermost unreachable at " + apiBase.resolve("/")
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", "");
        }
    }

    /**
     * The body as JSON; an absent or empty body is an empty object. A body that does not parse is an error
     * whatever the status: a proxy's HTML page read as "{}" would look like a user with no fields.
     */
    private static JsonNode readJson(ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return JSON.createObjectNode();
        }
        try (InputStream in = entity.getContent()) {
            JsonNode node = JSON.readTree(in);
            return node == null || node.isMissingNode() ? JSON.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            // Not e.getMessage(): Jackson quotes the offending text, which is the body.
            throw MattermostApiException.notJson(response.getCode(), contentTypeOf(entity));
        }
    }

    /** For messages: the server's Content-Type, cut short, since it is text from whoever answered. */
    private static String contentTypeOf(HttpEntity entity) {
        String type = entity.getContentType();
        if (type == null || type.isBlank()) {
            return "none";
        }
        String printable = type.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "..." : printable;
    }

    private static MattermostApiException error(int status, JsonNode body) {
        return new MattermostApiException(status, body.path("id").asText(""),
                body.path("message").asText("(no message)"), body.path("request_id").asText(""));
    }

    private static MattermostUser toUser(JsonNode json) {
        try {
            return JSON.treeToValue(json, MattermostUser.class);
        } catch (JsonProcessingException e) {
            throw new MattermostApiException(502, "", "unexpected user JSON from Mattermost", "");
        }
    }

    private static ByteArrayEntity json(Object body) {
        try {
            return new ByteArrayEntity(JSON.writeValueAsBytes(body), JSON_UTF8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode request body", e);
        }
    }

    private URI api(String pathAndQuery) {
        return apiBase.resolve(pathAndQuery);
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @FunctionalInterface
    private interface ResponseReader<T> {
        T read(ClassicHttpResponse response) throws IOException;
    }
}
