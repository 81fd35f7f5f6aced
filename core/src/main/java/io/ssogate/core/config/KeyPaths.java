package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
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

    /**
     * The path of the value {@code p} is on. A mapping or list that starts here has a context of its own,
     * so its key is its parent's current name.
     */
    static String ofValue(JsonParser p) {
        JsonStreamContext context = p.getParsingContext();
        JsonToken token = p.currentToken();
        return of(token != null && token.isStructStart() && context.getParent() != null ? context.getParent()
                : context);
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

    /** {@code key} under {@code parent}; either may be empty, and a key may start with a list index. */
    static String child(String parent, String key) {
        if (parent.isEmpty() || key.isEmpty()) {
            return parent.isEmpty() ? key : parent;
        }
        return key.startsWith("[") ? parent + key : parent + "." + key;
    }

    private static String join(Deque<String> parts) {
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }
}
