package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Dotted key paths ({@code proxy.trustedProxies[1]}), the way every configuration error names a key. */
final class KeyPaths {

    private KeyPaths() {
    }

    /** The path of the token the parser is on: the field name or value in an object, the element in a list. */
    static String of(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                if (c.getCurrentName() != null) {
                    parts.addFirst("." + c.getCurrentName());
                }
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                parts.addFirst("[" + c.getCurrentIndex() + "]");
            }
        }
        return join(parts);
    }

    /** The path Jackson recorded while unwinding a binding error. */
    static String of(List<JsonMappingException.Reference> references) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                parts.addLast("." + reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                parts.addLast("[" + reference.getIndex() + "]");
            }
        }
        return join(parts);
    }

    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private static String join(Deque<String> parts) {
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }
}
