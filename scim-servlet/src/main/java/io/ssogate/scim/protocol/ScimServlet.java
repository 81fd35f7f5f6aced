package io.ssogate.scim.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.NotModifiedException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.ssogate.core.storage.StorageException;
import io.ssogate.scim.auth.ScimAuthenticator;
import io.ssogate.scim.config.ScimConfig;
import io.ssogate.scim.protocol.model.AttributeSelection;
import io.ssogate.scim.protocol.model.ListQuery;
import io.ssogate.scim.protocol.model.ResourceKind;
import io.ssogate.scim.protocol.model.ScimSchemas;
import io.ssogate.scim.store.ScimGroupStore;
import io.ssogate.scim.store.ScimUserStore;
import io.ssogate.scim.sync.SyncQueue;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * SCIM 2.0 (RFC 7644) for one mount point, {@code /scim/v2/*}: Users, Groups, the discovery documents, and
 * clear refusals for what is not served (Bulk, Me). Every request is authenticated first: the bearer token
 * names the tenant, and everything after sees only that tenant's resources (another tenant's are 404).
 * Client mistakes are SCIM errors with the right status and scimType, never a 500.
 */
public final class ScimServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ScimServlet.class);

    static final String CONTENT_TYPE = "application/scim+json; charset=UTF-8";
    static final String REALM = "Bearer realm=\"ssogate SCIM\"";

    private final transient ScimAuthenticator authenticator;
    private final transient Supplier<ScimConfig> config;
    private final transient Function<HttpServletRequest, URI> baseUrl;
    private final transient UserEndpoint users;
    private final transient GroupEndpoint groups;

    /**
     * @param baseUrl the public URL of the SCIM root ({@code https://gw.example/scim/v2}) for a request,
     *                as clients reach it (behind a proxy it is not the request's own URL)
     */
    public ScimServlet(ScimUserStore userStore, ScimGroupStore groupStore, ScimAuthenticator authenticator,
            SyncQueue syncQueue, Supplier<ScimConfig> config, Clock clock,
            Function<HttpServletRequest, URI> baseUrl) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.config = Objects.requireNonNull(config, "config");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.users = new UserEndpoint(userStore, groupStore, syncQueue, clock);
        this.groups = new GroupEndpoint(userStore, groupStore, syncQueue, clock);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Reply reply;
        try {
            reply = handle(request);
        } catch (NotModifiedException e) {
            reply = Reply.of(304, null).header("ETag", e.getVersion());
        } catch (ScimException e) {
            reply = error(e.getScimError());
            if (e instanceof PreconditionFailedException p && p.getVersion() != null) {
                reply.header("ETag", p.getVersion());
            }
        } catch (MethodNotAllowed e) {
            reply = error(errorResponse(405, null, e.getMessage())).header("Allow", e.allow);
        } catch (StorageException e) {
            // The token store cannot be read: the client should retry, not conclude its token is bad.
            LOG.warn("SCIM {} {}: storage unavailable: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            reply = unavailable();
        } catch (SQLException e) {
            if (isUnavailable(e)) {
                LOG.warn("SCIM {} {}: database unavailable: {}", request.getMethod(), request.getRequestURI(),
                        e.getMessage());
                reply = unavailable();
            } else if (isDataException(e)) {
                // SQL class 22: a value the columns cannot hold (a userName longer than 1000 characters…).
                reply = error(errorResponse(400, "invalidValue", "a value is longer than the gateway stores"
                        + " (userName, externalId, emails and displayName: 1000 characters)"));
            } else {
                LOG.error("SCIM {} {} failed", request.getMethod(), request.getRequestURI(), e);
                reply = error(errorResponse(500, null, "the gateway could not complete the request; it was logged"));
            }
        } catch (RuntimeException e) {
            LOG.error("SCIM {} {} failed", request.getMethod(), request.getRequestURI(), e);
            reply = error(errorResponse(500, null, "the gateway could not complete the request; it was logged"));
        }
        write(reply, response);
    }

    private Reply handle(HttpServletRequest request) throws ScimException, SQLException, IOException,
            MethodNotAllowed {
        ScimConfig current = config.get();
        if (!current.enabled()) {
            throw new ResourceNotFoundException("SCIM provisioning is disabled on this gateway");
        }
        Optional<String> tenant = authenticator.tenantOf(request.getHeader("Authorization"));
        if (tenant.isEmpty()) {
            return error(errorResponse(401, null, "a valid bearer token is required (Authorization: Bearer ...)"))
                    .header("WWW-Authenticate", REALM);
        }
        String method = request.getMethod();
        List<String> path = segments(request.getPathInfo());
        URI base = baseUrl.apply(request);
        if (path.isEmpty()) {
            throw new ResourceNotFoundException("no such SCIM endpoint: /");
        }
        String root = path.get(0);
        switch (root) {
            case "Users":
            case "Groups":
                return resources(root.equals("Users") ? ResourceKind.USER : ResourceKind.GROUP, tenant.get(), base,
                        path, method, request, current);
            case "ServiceProviderConfig":
                only(path, 1, method, "GET");
                return Reply.of(200, ScimSchemas.serviceProviderConfig(base, current.maxResults()));
            case "ResourceTypes":
                return discovery(path, method, ScimSchemas.resourceTypeDocuments(base),
                        name -> ScimSchemas.resourceTypeDocument(base, name), "ResourceType");
            case "Schemas":
                return discovery(path, method, ScimSchemas.schemaDocuments(base),
                        urn -> ScimSchemas.schemaDocument(base, urn), "Schema");
            case "Bulk":
                throw new ScimException(501, null, "Bulk is not supported (ServiceProviderConfig says so);"
                        + " send each operation on its own");
            case "Me":
                throw new ScimException(501, null, "/Me is not supported: a token stands for a tenant, not a user");
            default:
                throw new ResourceNotFoundException("no such SCIM endpoint: /" + root);
        }
    }

    private Reply resources(ResourceKind kind, String tenant, URI base, List<String> path, String method,
            HttpServletRequest request, ScimConfig current) throws ScimException, SQLException, IOException,
            MethodNotAllowed {
        boolean isUser = kind == ResourceKind.USER;
        if (path.size() == 1) {
            allow(method, "GET, POST");
            if (method.equals("GET")) {
                ListQuery query = ListQuery.fromParameters(kind, request.getParameterMap(), current.maxResults());
                return isUser ? users.list(tenant, base, query) : groups.list(tenant, base, query);
            }
            ObjectNode body = RequestBody.read(request, current.maxBodySize());
            return selected(kind, request, isUser ? users.create(tenant, base, body) : groups.create(tenant, base, body));
        }
        if (path.size() > 2) {
            throw new ResourceNotFoundException("no such SCIM endpoint: " + String.join("/", path));
        }
        String id = path.get(1);
        if (id.equals(".search")) {
            allow(method, "POST");
            ObjectNode body = RequestBody.read(request, current.maxBodySize());
            ListQuery query = ListQuery.fromSearchRequest(kind, body, current.maxResults());
            return isUser ? users.list(tenant, base, query) : groups.list(tenant, base, query);
        }
        allow(method, "GET, PUT, PATCH, DELETE");
        String ifMatch = request.getHeader("If-Match");
        switch (method) {
            case "GET": {
                AttributeSelection selection = AttributeSelection.fromParameters(kind, request.getParameterMap());
                String ifNoneMatch = request.getHeader("If-None-Match");
                return isUser ? users.get(tenant, base, id, selection, ifNoneMatch)
                        : groups.get(tenant, base, id, selection, ifNoneMatch);
            }
            case "PUT": {
                ObjectNode body = RequestBody.read(request, current.maxBodySize());
                return selected(kind, request, isUser ? users.replace(tenant, base, id, body, ifMatch)
                        : groups.replace(tenant, base, id, body, ifMatch));
            }
            case "PATCH": {
                ObjectNode body = RequestBody.read(request, current.maxBodySize());
                return selected(kind, request, isUser ? users.patch(tenant, base, id, body, ifMatch)
                        : groups.patch(tenant, base, id, body, ifMatch));
            }
            default:
                return isUser ? users.delete(tenant, id, ifMatch) : groups.delete(tenant, id, ifMatch);
        }
    }

    /**
     * The resource a write answers with, as {@code attributes}/{@code excludedAttributes} select (RFC 7644
     * §3.9 allows them on POST, PUT and PATCH: a client can spare itself a large group's members).
     */
    private static Reply selected(ResourceKind kind, HttpServletRequest request, Reply reply) throws ScimException {
        AttributeSelection selection = AttributeSelection.fromParameters(kind, request.getParameterMap());
        if (selection.isDefault() || reply.body() == null) {
            return reply;
        }
        return new Reply(reply.status(), selection.apply(reply.body()), reply.headers());
    }

    private static Reply discovery(List<String> path, String method, List<ObjectNode> all,
            Function<String, Optional<ObjectNode>> one, String what) throws ScimException, MethodNotAllowed {
        allow(method, "GET");
        if (path.size() == 1) {
            ObjectNode body = JsonUtils.getJsonNodeFactory().objectNode();
            body.putArray("schemas").add(Listing.LIST_RESPONSE);
            body.put("totalResults", all.size());
            body.put("startIndex", 1);
            body.put("itemsPerPage", all.size());
            ArrayNode resources = body.putArray("Resources");
            all.forEach(resources::add);
            return Reply.of(200, body);
        }
        if (path.size() == 2) {
            return Reply.of(200, one.apply(path.get(1)).orElseThrow(() ->
                    new ResourceNotFoundException("no " + what + " " + path.get(1))));
        }
        throw new ResourceNotFoundException("no such SCIM endpoint: " + String.join("/", path));
    }

    private static void only(List<String> path, int size, String method, String allowed)
            throws ScimException, MethodNotAllowed {
        if (path.size() != size) {
            throw new ResourceNotFoundException("no such SCIM endpoint: " + String.join("/", path));
        }
        allow(method, allowed);
    }

    private static void allow(String method, String allowed) throws MethodNotAllowed {
        for (String m : allowed.split(", ")) {
            if (m.equals(method)) {
                return;
            }
        }
        throw new MethodNotAllowed(method, allowed);
    }

    /** The path's segments after the mount point, decoded by the container; empty ones dropped. */
    private static List<String> segments(String pathInfo) {
        if (pathInfo == null) {
            return List.of();
        }
        return Arrays.stream(pathInfo.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private static Reply unavailable() {
        return error(errorResponse(503, null, "the gateway's database is unavailable; retry later"))
                .header("Retry-After", "5");
    }

    /** No connection to be had (SQL class 08, or the pool timing out): the database, not the request. */
    private static boolean isUnavailable(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (next instanceof SQLTransientConnectionException
                    || (next.getSQLState() != null && next.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDataException(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (next.getSQLState() != null && next.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    static ErrorResponse errorResponse(int status, String scimType, String detail) {
        ErrorResponse error = new ErrorResponse(status);
        error.setScimType(scimType);
        error.setDetail(detail);
        return error;
    }

    private static Reply error(ErrorResponse error) {
        return Reply.of(error.getStatus(), JsonUtils.valueToNode(error));
    }

    private static void write(Reply reply, HttpServletResponse response) throws IOException {
        response.setStatus(reply.status());
        for (Map.Entry<String, String> header : reply.headers().entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        if (reply.body() == null) {
            return;
        }
        byte[] bytes = JsonUtils.getObjectWriter().writeValueAsBytes(reply.body());
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** 405, with the methods the path does allow. */
    private static final class MethodNotAllowed extends Exception {

        private static final long serialVersionUID = 1L;
        final String allow;

        MethodNotAllowed(String method, String allow) {
            super(method + " is not allowed here; allowed: " + allow);
            this.allow = allow;
        }
    }
}
