package io.ssogate.scim.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;

/** Applies PATCH operations (RFC 7644 §3.5.2) with the SDK, turning its unchecked complaints into 400s. */
final class Patches {

    private Patches() {
    }

    static void apply(PatchRequest patch, ObjectNode resource) throws ScimException {
        for (PatchOperation operation : patch) {
            try {
                operation.apply(resource);
            } catch (ScimException e) {
                throw e;
            } catch (RuntimeException e) {
                throw BadRequestException.invalidValue("cannot apply " + operation.getOpType().getStringValue()
                        + " " + (operation.getPath() == null ? "" : operation.getPath()) + ": " + e.getMessage());
            }
        }
    }
}
