/**
 * The SCIM protocol's model, pure Java on the UnboundID SDK (no servlet, no database): what the schemas
 * are ({@link io.ssogate.scim.protocol.model.ScimSchemas}, {@link io.ssogate.scim.protocol.model.ResourceKind}),
 * whether a resource conforms to them ({@link io.ssogate.scim.protocol.model.SchemaValidator}), attribute
 * paths in canonical spelling ({@link io.ssogate.scim.protocol.model.AttributePaths}), and the parts of a
 * list answer: the query ({@link io.ssogate.scim.protocol.model.ListQuery}), matching
 * ({@link io.ssogate.scim.protocol.model.ResourceMatcher}), the index key a store can narrow by
 * ({@link io.ssogate.scim.protocol.model.IndexedLookup}), sorting
 * ({@link io.ssogate.scim.protocol.model.ResourceSorter}) and projection
 * ({@link io.ssogate.scim.protocol.model.AttributeSelection}).
 *
 * <p>One convention ties them together: resources are held in canonical form, attribute names spelled as
 * the schemas spell them and extension attributes under their extension's URN, because the SDK's paths,
 * filters and PATCH operations find attributes by exact spelling. Whatever a client sends is made canonical
 * on the way in (the validator, {@code AttributePaths}, {@code ResourceMatcher.canonical}); the rules of
 * case in values (caseExact) are the schemas', applied by the matcher and the sorter.
 */
package io.ssogate.scim.protocol.model;
