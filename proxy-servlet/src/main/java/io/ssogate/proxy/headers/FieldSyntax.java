package io.ssogate.proxy.headers;

/**
 * The grammar of a header field line the gateway writes itself (RFC 9110 §5.1, §5.5), checked before a
 * name or value leaves for the upstream or the client: a CR, LF or NUL in a value would end the line
 * early and let the text after it pose as another field.
 */
public final class FieldSyntax {

    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private FieldSyntax() {
    }

    /** RFC 9110 §5.6.2 token, the syntax of a field name. */
    public static boolean isToken(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A field value that is safe on the wire: no CR, LF or NUL (never valid, RFC 9110 §5.5) and nothing
     * outside ISO-8859-1, the encoding header bytes are written in.
     */
    public static boolean isFieldValue(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xFF) {
                return false;
            }
        }
        return true;
    }
}
