package io.ssogate.scim.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.servlet.http.HttpServletRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * A request's JSON body: of a SCIM content type (415 otherwise), at most {@code maxBodySize} bytes (413
 * otherwise, found by counting as it streams in, never by buffering more), a JSON object (400
 * invalidSyntax otherwise).
 */
final class RequestBody {

    private RequestBody() {
    }

    static ObjectNode read(HttpServletRequest request, long maxBodySize) throws ScimException, IOException {
        checkContentType(request.getContentType());
        long declared = request.getContentLengthLong();
        if (declared > maxBodySize) {
            throw tooLarge(maxBodySize);
        }
        byte[] bytes = readAtMost(request.getInputStream(), maxBodySize);
        if (bytes.length == 0) {
            throw BadRequestException.invalidSyntax("the request has no body; a JSON object is expected");
        }
        JsonNode node;
        try {
            node = JsonUtils.getObjectReader().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw BadRequestException.invalidSyntax("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw BadRequestException.invalidSyntax("the body is JSON but not an object");
        }
        return (ObjectNode) node;
    }

    /** application/scim+json (RFC 7644 §8.1) or application/json, with any parameters such as charset. */
    static void checkContentType(String contentType) throws ScimException {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/scim+json") && !type.equals("application/json")) {
            throw new ScimException(415, null, "the body must be application/scim+json or application/json, not "
                    + (contentType == null ? "none" : "'" + contentType + "'"));
        }
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException, ScimException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > max) {
                throw tooLarge(max);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static ScimException tooLarge(long max) {
        return new ScimException(413, null, "the body is larger than the " + max + " bytes this server reads");
    }
}
