package io.ssogate.proxy.hooks;

import io.ssogate.proxy.headers.FieldSyntax;
import io.ssogate.proxy.headers.HopByHopHeaders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The header fields of one message as the proxy is about to send it on, in order, for a hook to read
 * and change. Changes go straight into the proxy's own list; names compare case-insensitively
 * (RFC 9110 §5.1).
 *
 * <p>Hop-by-hop fields and {@code Content-Length} belong to the proxy, which frames each hop itself
 * (RFC 9110 §7.6.1, RFC 9112 §6): a hook can read them but not change them. Names and values are
 * checked, so a hook cannot smuggle a line break into a field.
 */
public final class HeaderFields {

    private final List<Map.Entry<String, String>> fields;

    /** @param fields the proxy's mutable list, changed in place */
    public HeaderFields(List<Map.Entry<String, String>> fields) {
        this.fields = fields;
    }

    /** The first value of {@code name}, if the message has the field. */
    public Optional<String> first(String name) {
        for (Map.Entry<String, String> field : fields) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return Optional.of(field.getValue());
            }
        }
        return Optional.empty();
    }

    /** Every value of {@code name}, in order; empty when there is none. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> field : fields) {
            if (field.getKey().equalsIgnoreCase(name)) {
                values.add(field.getValue());
            }
        }
        return values;
    }

    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /** Adds a field after the existing ones. */
    public void add(String name, String value) {
        checkChangeable(name);
        checkValue(name, value);
        fields.add(Map.entry(name, value));
    }

    /** Replaces every {@code name} field with one holding {@code value}, where the first one was; adds it otherwise. */
    public void set(String name, String value) {
        checkChangeable(name);
        checkValue(name, value);
        int first = indexOf(name, 0);
        if (first < 0) {
            fields.add(Map.entry(name, value));
            return;
        }
        fields.set(first, Map.entry(fields.get(first).getKey(), value));
        removeFrom(name, first + 1);
    }

    /** Removes every {@code name} field; returns whether there was one. */
    public boolean remove(String name) {
        checkChangeable(name);
        return removeFrom(name, 0);
    }

    /** All fields, in order, read-only. */
    public List<Map.Entry<String, String>> asList() {
        return Collections.unmodifiableList(fields);
    }

    // Index access for RequestCookies, which rewrites Cookie fields in place.

    int size() {
        return fields.size();
    }

    String nameAt(int index) {
        return fields.get(index).getKey();
    }

    String valueAt(int index) {
        return fields.get(index).getValue();
    }

    void replaceValueAt(int index, String value) {
        checkValue(nameAt(index), value);
        fields.set(index, Map.entry(nameAt(index), value));
    }

    void removeAt(int index) {
        fields.remove(index);
    }

    private int indexOf(String name, int from) {
        for (int i = from; i < fields.size(); i++) {
            if (fields.get(i).getKey().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private boolean removeFrom(String name, int from) {
        return fields.subList(from, fields.size()).removeIf(field -> field.getKey().equalsIgnoreCase(name));
    }

    private static void checkChangeable(String name) {
        if (!FieldSyntax.isToken(name)) {
            throw new IllegalArgumentException("not a header field name: [" + name + "]");
        }
        if (HopByHopHeaders.isAlwaysHopByHop(name) || name.equalsIgnoreCase("Content-Length")) {
            throw new IllegalArgumentException(name + " frames a single hop and is set by the proxy alone");
        }
    }

    /** The value itself stays out of the message: it may be a credential. */
    private static void checkValue(String name, String value) {
        if (!FieldSyntax.isFieldValue(value)) {
            throw new IllegalArgumentException("the value for " + name
                    + " is null or holds CR, LF, NUL or a character outside ISO-8859-1");
        }
    }
}
