package io.ssogate.scim.protocol.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.AttributeDefinition.Returned;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;
import com.unboundid.scim2.common.types.AttributeDefinition.Uniqueness;
import com.unboundid.scim2.common.types.AuthenticationScheme;
import com.unboundid.scim2.common.types.BulkConfig;
import com.unboundid.scim2.common.types.ChangePasswordConfig;
import com.unboundid.scim2.common.types.ETagConfig;
import com.unboundid.scim2.common.types.FilterConfig;
import com.unboundid.scim2.common.types.PatchConfig;
import com.unboundid.scim2.common.types.ResourceTypeResource;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.SortConfig;
import com.unboundid.scim2.common.utils.JsonUtils;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The schemas the gateway serves, what {@code /Schemas}, {@code /ResourceTypes} and
 * {@code /ServiceProviderConfig} say about them, and the lookup of an attribute by path.
 *
 * <p>The definitions are written out here against RFC 7643 §8.7.1 rather than taken from
 * {@code SchemaUtils.getSchema(UserResource.class)}: the SDK's annotations differ from the RFC where it
 * matters to clients (it makes {@code manager.value} and {@code members.value} required, which would refuse
 * Entra's and Okta's requests), and {@code /Schemas} must tell the truth about what is enforced here,
 * since the validator, the filter matcher and the sorter all read their rules from these definitions.
 */
public final class ScimSchemas {

    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String MATTERMOST_USER = "urn:ssogate:params:scim:schemas:extension:mattermost:2.0:User";

    /** The sync states the Mattermost extension's {@code syncState} takes. */
    public static final List<String> SYNC_STATES = List.of("PENDING", "SYNCED", "FAILED", "OUTSIDE_DOMAINS");

    private static final List<AttributeDefinition> COMMON = List.of(
            attr("schemas", Type.STRING).setMultiValued(true).setRequired(true).setCaseExact(true)
                    .setReturned(Returned.ALWAYS)
                    .setDescription("The URIs of the schemas the resource's attributes come from.").build(),
            // RFC 7643 §3.1: id is assigned by the service provider, case-exact, always returned.
            attr("id", Type.STRING).setCaseExact(true).setMutability(Mutability.READ_ONLY)
                    .setReturned(Returned.ALWAYS).setUniqueness(Uniqueness.SERVER)
                    .setDescription("The service provider's unique identifier of the resource.").build(),
            // RFC 7643 §3.1: externalId is case-exact and issued by the client.
            attr("externalId", Type.STRING).setCaseExact(true)
                    .setDescription("The provisioning client's identifier of the resource.").build(),
            attr("meta", Type.COMPLEX).setMutability(Mutability.READ_ONLY)
                    .setDescription("Resource metadata maintained by the service provider.")
                    .addSubAttributes(
                            readOnly(attr("resourceType", Type.STRING).setCaseExact(true)),
                            readOnly(attr("created", Type.DATETIME)),
                            readOnly(attr("lastModified", Type.DATETIME)),
                            readOnly(attr("location", Type.REFERENCE).setCaseExact(true).addReferenceTypes("uri")),
                            readOnly(attr("version", Type.STRING).setCaseExact(true)))
                    .build());

    private static final SchemaResource USER_SCHEMA = new SchemaResource(USER, "User", "User Account", List.of(
            attr("userName", Type.STRING).setRequired(true).setUniqueness(Uniqueness.SERVER)
                    .setDescription("The unique identifier the user signs in with; case-insensitive.").build(),
            attr("name", Type.COMPLEX).setDescription("The components of the user's real name.")
                    .addSubAttributes(
                            str("formatted"), str("familyName"), str("givenName"), str("middleName"),
                            str("honorificPrefix"), str("honorificSuffix"))
                    .build(),
            str("displayName"),
            str("nickName"),
            attr("profileUrl", Type.REFERENCE).addReferenceTypes("external").build(),
            str("title"),
            str("userType"),
            str("preferredLanguage"),
            str("locale"),
            str("timezone"),
            attr("active", Type.BOOLEAN).build(),
            attr("password", Type.STRING).setMutability(Mutability.WRITE_ONLY).setReturned(Returned.NEVER)
                    .setDescription("Never stored nor returned: accounts get generated passwords.").build(),
            multiValued("emails", attr("value", Type.STRING), "work", "home", "other"),
            multiValued("phoneNumbers", attr("value", Type.STRING), "work", "home", "mobile", "fax", "pager", "other"),
            multiValued("ims", attr("value", Type.STRING),
                    "aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"),
            multiValued("photos", attr("value", Type.REFERENCE).addReferenceTypes("external"), "photo", "thumbnail"),
            attr("addresses", Type.COMPLEX).setMultiValued(true)
                    .addSubAttributes(
                            str("formatted"), str("streetAddress"), str("locality"), str("region"),
                            str("postalCode"), str("country"),
                            attr("type", Type.STRING).addCanonicalValues("work", "home", "other").build(),
                            attr("primary", Type.BOOLEAN).build())
                    .build(),
            attr("groups", Type.COMPLEX).setMultiValued(true).setMutability(Mutability.READ_ONLY)
                    .setDescription("The groups the user belongs to, maintained through the Group resources.")
                    .addSubAttributes(
                            readOnly(attr("value", Type.STRING)),
                            readOnly(attr("$ref", Type.REFERENCE).addReferenceTypes("User", "Group")),
                            readOnly(attr("display", Type.STRING)),
                            readOnly(attr("type", Type.STRING).addCanonicalValues("direct", "indirect")))
                    .build(),
            multiValued("entitlements", attr("value", Type.STRING)),
            multiValued("roles", attr("value", Type.STRING)),
            multiValued("x509Certificates", attr("value", Type.BINARY))));

    private static final SchemaResource ENTERPRISE_SCHEMA = new SchemaResource(ENTERPRISE_USER, "EnterpriseUser",
            "Enterprise User", List.of(
            str("employeeNumber"),
            str("costCenter"),
            str("organization"),
            str("division"),
            str("department"),
            attr("manager", Type.COMPLEX)
                    .addSubAttributes(
                            attr("value", Type.STRING).build(),
                            attr("$ref", Type.REFERENCE).addReferenceTypes("User").build(),
                            readOnly(attr("displayName", Type.STRING)))
                    .build()));

    // The sync's view of the user: written by the sync only, so everything is readOnly and what a client
    // sends for it is dropped (RFC 7643 §2.2), never an error.
    private static final SchemaResource MATTERMOST_SCHEMA = new SchemaResource(MATTERMOST_USER, "MattermostUser",
            "The state of the user's Mattermost account, as the gateway's sync last left it", List.of(
            readOnly(attr("syncState", Type.STRING).setCaseExact(true)
                    .addCanonicalValues(SYNC_STATES.toArray(String[]::new))
                    .setDescription("PENDING until the sync applied the latest change, then SYNCED or FAILED;"
                            + " OUTSIDE_DOMAINS when the email's domain is not the tenant's.")),
            readOnly(attr("syncDetail", Type.STRING).setDescription("Why the last sync failed or was skipped.")),
            readOnly(attr("userId", Type.STRING).setCaseExact(true).setDescription("Mattermost's user id.")),
            readOnly(attr("username", Type.STRING).setDescription("The username in Mattermost.")),
            readOnly(attr("syncedAt", Type.DATETIME).setDescription("When the sync last applied a change."))));

    private static final SchemaResource GROUP_SCHEMA = new SchemaResource(GROUP, "Group", "Group", List.of(
            attr("displayName", Type.STRING).setRequired(true)
                    .setDescription("The group's name, mapped to Mattermost teams and channels by configuration.")
                    .build(),
            attr("members", Type.COMPLEX).setMultiValued(true)
                    .setDescription("The group's members: users of the same tenant.")
                    .addSubAttributes(
                            attr("value", Type.STRING).setMutability(Mutability.IMMUTABLE).build(),
                            attr("$ref", Type.REFERENCE).setMutability(Mutability.IMMUTABLE)
                                    .addReferenceTypes("User", "Group").build(),
                            attr("display", Type.STRING).setMutability(Mutability.IMMUTABLE).build(),
                            attr("type", Type.STRING).setMutability(Mutability.IMMUTABLE)
                                    .addCanonicalValues("User", "Group").build())
                    .build()));

    private static final Map<String, SchemaResource> BY_URN = Map.of(
            USER, USER_SCHEMA, ENTERPRISE_USER, ENTERPRISE_SCHEMA, MATTERMOST_USER, MATTERMOST_SCHEMA,
            GROUP, GROUP_SCHEMA);

    private ScimSchemas() {
    }

    /** The attributes every resource has (RFC 7643 §3.1): schemas, id, externalId, meta. */
    public static List<AttributeDefinition> commonAttributes() {
        return COMMON;
    }

    /** All schemas, in the order {@code /Schemas} lists them. */
    public static List<SchemaResource> all() {
        return List.of(USER_SCHEMA, ENTERPRISE_SCHEMA, MATTERMOST_SCHEMA, GROUP_SCHEMA);
    }

    /** The schema with this URN (case-insensitively), if it is one of ours. */
    public static Optional<SchemaResource> schema(String urn) {
        if (urn == null) {
            return Optional.empty();
        }
        return BY_URN.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(urn))
                .map(Map.Entry::getValue).findFirst();
    }

    public static SchemaResource coreSchema(ResourceKind kind) {
        return BY_URN.get(kind.coreSchema());
    }

    /** The URNs of the schema extensions a resource of this kind may carry (none is required). */
    public static List<String> extensions(ResourceKind kind) {
        return kind == ResourceKind.USER ? List.of(ENTERPRISE_USER, MATTERMOST_USER) : List.of();
    }

    /** The canonical spelling of {@code urn} if it names one of {@code kind}'s extensions (case-insensitively). */
    public static Optional<String> extension(ResourceKind kind, String urn) {
        return extensions(kind).stream().filter(e -> e.equalsIgnoreCase(urn)).findFirst();
    }

    /** The definition of the attribute at {@code path}; see {@link #resolve}. */
    public static Optional<AttributeDefinition> attribute(ResourceKind kind, Path path) {
        return resolve(kind, path).map(ResolvedAttribute::definition);
    }

    /**
     * Finds the attribute a path names: case-insensitively, with or without the core schema's URN, in an
     * extension when the path carries its URN, one sub-attribute deep ({@code name.givenName},
     * {@code emails[type eq "work"].value}: value filters are ignored here), and the common attributes.
     * Empty for anything else, including a path naming a whole extension (see {@link #extensionNamedBy}).
     */
    public static Optional<ResolvedAttribute> resolve(ResourceKind kind, Path path) {
        if (path == null || path.size() == 0 || path.size() > 2) {
            return Optional.empty();
        }
        String urn = path.getSchemaUrn();
        String attribute = path.getElement(0).getAttribute();
        String sub = path.size() == 2 ? path.getElement(1).getAttribute() : null;
        if (urn == null || urn.equalsIgnoreCase(kind.coreSchema())) {
            Optional<AttributeDefinition> top = find(COMMON, attribute).or(() -> find(coreSchema(kind).getAttributes(),
                    attribute));
            return top.flatMap(t -> withSub(null, t, sub));
        }
        return extension(kind, urn).flatMap(ext -> find(BY_URN.get(ext).getAttributes(), attribute)
                .flatMap(t -> withSub(ext, t, sub)));
    }

    /**
     * The extension a path names as a whole, if it does: the parser reads
     * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User} as the URN
     * {@code urn:…:enterprise:2.0} with the attribute {@code User}, so both readings are tried.
     */
    public static Optional<String> extensionNamedBy(ResourceKind kind, Path path) {
        if (path == null || path.size() != 1 || path.getSchemaUrn() == null) {
            return Optional.empty();
        }
        return extension(kind, path.getSchemaUrn() + ":" + path.getElement(0).getAttribute());
    }

    private static Optional<ResolvedAttribute> withSub(String urn, AttributeDefinition top, String sub) {
        if (sub == null) {
            return Optional.of(new ResolvedAttribute(urn, top, null));
        }
        if (top.getSubAttributes() == null) {
            return Optional.empty();
        }
        return find(top.getSubAttributes(), sub).map(s -> new ResolvedAttribute(urn, top, s));
    }

    /** The definition named {@code name} among {@code definitions}, ignoring case (RFC 7643 §2.1). */
    public static Optional<AttributeDefinition> find(Collection<AttributeDefinition> definitions, String name) {
        if (definitions == null || name == null) {
            return Optional.empty();
        }
        return definitions.stream().filter(d -> d.getName().equalsIgnoreCase(name)).findFirst();
    }

    /** The {@code /Schemas/{id}} documents, each with its {@code meta}. */
    public static List<ObjectNode> schemaDocuments(URI base) {
        List<ObjectNode> documents = new ArrayList<>();
        for (SchemaResource schema : all()) {
            ObjectNode document = JsonUtils.valueToNode(schema);
            document.set("meta", meta("Schema", location(base, "/Schemas/" + schema.getId())));
            documents.add(document);
        }
        return documents;
    }

    /** The {@code /Schemas/{id}} document for this URN (case-insensitively). */
    public static Optional<ObjectNode> schemaDocument(URI base, String urn) {
        return schemaDocuments(base).stream().filter(d -> d.path("id").asText().equalsIgnoreCase(urn)).findFirst();
    }

    /** The {@code /ResourceTypes/{name}} documents: User (with both extensions, neither required), Group. */
    public static List<ObjectNode> resourceTypeDocuments(URI base) {
        List<ObjectNode> documents = new ArrayList<>();
        for (ResourceKind kind : ResourceKind.values()) {
            List<ResourceTypeResource.SchemaExtension> extensions = extensions(kind).stream()
                    .map(urn -> new ResourceTypeResource.SchemaExtension(URI.create(urn), false)).toList();
            ResourceTypeResource type = new ResourceTypeResource(kind.resourceType(), kind.resourceType(),
                    kind == ResourceKind.USER ? "User Account" : "Group", URI.create(kind.endpoint()),
                    URI.create(kind.coreSchema()), extensions.isEmpty() ? null : extensions);
            ObjectNode document = JsonUtils.valueToNode(type);
            document.set("meta", meta("ResourceType", location(base, "/ResourceTypes/" + kind.resourceType())));
            documents.add(document);
        }
        return documents;
    }

    /** The {@code /ResourceTypes/{name}} document for this name (case-insensitively). */
    public static Optional<ObjectNode> resourceTypeDocument(URI base, String name) {
        return resourceTypeDocuments(base).stream().filter(d -> d.path("id").asText().equalsIgnoreCase(name))
                .findFirst();
    }

    /**
     * {@code /ServiceProviderConfig}: PATCH, filters (up to {@code maxResults} results), sorting and ETags are
     * supported; bulk and password changes are not; clients authenticate with a bearer token.
     */
    public static ObjectNode serviceProviderConfig(URI base, int maxResults) {
        AuthenticationScheme bearer = new AuthenticationScheme("OAuth Bearer Token",
                "A tenant's SCIM token, created with the scim-token command, sent as Authorization: Bearer.",
                URI.create("https://www.rfc-editor.org/info/rfc6750"), null, "oauthbearertoken", true);
        ServiceProviderConfigResource config = new ServiceProviderConfigResource(null, new PatchConfig(true),
                new BulkConfig(false, 0, 0), new FilterConfig(true, maxResults), new ChangePasswordConfig(false),
                new SortConfig(true), new ETagConfig(true), List.of(bearer));
        ObjectNode document = JsonUtils.valueToNode(config);
        document.set("meta", meta("ServiceProviderConfig", location(base, "/ServiceProviderConfig")));
        return document;
    }

    /** {@code base} joined with {@code suffix} ({@code /Users/…}), without doubling the slash. */
    public static String location(URI base, String suffix) {
        String root = base.toString();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root + suffix;
    }

    private static ObjectNode meta(String resourceType, String location) {
        ObjectNode meta = JsonUtils.getJsonNodeFactory().objectNode();
        meta.put("resourceType", resourceType);
        meta.put("location", location);
        return meta;
    }

    /** The URNs in a resource's {@code schemas}, as sent (an absent or malformed list is empty). */
    static List<String> schemasOf(ObjectNode resource) {
        List<String> urns = new ArrayList<>();
        if (resource.get("schemas") instanceof ArrayNode array) {
            array.forEach(u -> {
                if (u.isTextual()) {
                    urns.add(u.textValue());
                }
            });
        }
        return urns;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    // Builders with the RFC 7643 §2.2 defaults spelled out: caseExact false, readWrite, returned default,
    // uniqueness none, single-valued, not required.
    private static AttributeDefinition.Builder attr(String name, Type type) {
        return new AttributeDefinition.Builder().setName(name).setType(type).setMultiValued(false)
                .setRequired(false).setCaseExact(false).setMutability(Mutability.READ_WRITE)
                .setReturned(Returned.DEFAULT).setUniqueness(Uniqueness.NONE);
    }

    private static AttributeDefinition str(String name) {
        return attr(name, Type.STRING).build();
    }

    private static AttributeDefinition readOnly(AttributeDefinition.Builder builder) {
        return builder.setMutability(Mutability.READ_ONLY).build();
    }

    /** A multi-valued complex attribute with the RFC 7643 §2.4 sub-attributes value, display, type, primary. */
    private static AttributeDefinition multiValued(String name, AttributeDefinition.Builder value,
            String... canonicalTypes) {
        AttributeDefinition.Builder type = attr("type", Type.STRING);
        if (canonicalTypes.length > 0) {
            type.addCanonicalValues(canonicalTypes);
        }
        return attr(name, Type.COMPLEX).setMultiValued(true)
                .addSubAttributes(value.build(), str("display"), type.build(), attr("primary", Type.BOOLEAN).build())
                .build();
    }

    /**
     * An attribute found by {@link #resolve}: the extension it is in ({@code null} for the core schema and
     * the common attributes), the top-level definition and, for {@code a.b}, the sub-attribute's.
     */
    public record ResolvedAttribute(String schemaUrn, AttributeDefinition attribute,
            AttributeDefinition subAttribute) {

        /** The definition of the attribute the path ends at. */
        public AttributeDefinition definition() {
            return subAttribute != null ? subAttribute : attribute;
        }

        /** The path in canonical case, with the extension's URN and without the core one. */
        public Path path() {
            Path path = (schemaUrn == null ? Path.root() : Path.root(schemaUrn)).attribute(attribute.getName());
            return subAttribute == null ? path : path.attribute(subAttribute.getName());
        }
    }
}
