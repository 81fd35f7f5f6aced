package io.ssogate.scim.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** What an endpoint answers: a status, headers, and a SCIM JSON body (none for 204 and 304). */
record Reply(int status, ObjectNode body, Map<String, String> headers) {

    static Reply of(int status, ObjectNode body) {
        return new Reply(status, body, new LinkedHashMap<>());
    }

    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
