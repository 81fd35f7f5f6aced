package io.ssogate.scim.protocol.model;

/**
 * The two kinds of resource the gateway serves: the SCIM core User (with its extensions) and Group. Each
 * knows its endpoint (relative to the SCIM base), its core schema URN and its resource type's name, the
 * three names RFC 7644 ties together in {@code /ResourceTypes}.
 */
public enum ResourceKind {

    USER("User", "/Users", ScimSchemas.USER),
    GROUP("Group", "/Groups", ScimSchemas.GROUP);

    private final String resourceType;
    private final String endpoint;
    private final String coreSchema;

    ResourceKind(String resourceType, String endpoint, String coreSchema) {
        this.resourceType = resourceType;
        this.endpoint = endpoint;
        this.coreSchema = coreSchema;
    }

    /** The resource type's name, as in {@code meta.resourceType} and {@code /ResourceTypes/User}. */
    public String resourceType() {
        return resourceType;
    }

    /** The endpoint relative to the SCIM base, with its leading slash: {@code /Users}. */
    public String endpoint() {
        return endpoint;
    }

    /** The URN of the core schema, the first entry of a resource's {@code schemas}. */
    public String coreSchema() {
        return coreSchema;
    }
}
