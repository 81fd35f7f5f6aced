package io.ssogate.scim.protocol;

import com.unboundid.scim2.common.exceptions.NotModifiedException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;

/**
 * Weak entity tags of a resource version ({@code W/"3"}) and the preconditions that compare them
 * (RFC 7232: If-Match uses the strong comparison, but our tags are weak by nature, so both compare the
 * opaque part, as RFC 7644 §3.14 clients expect).
 */
final class ETags {

    private ETags() {
    }

    static String of(long version) {
        return "W/\"" + version + "\"";
    }

    /** Whether the If-Match header (null: absent) lets a change to {@code version} go ahead; 412 when not. */
    static void checkIfMatch(String ifMatch, long version) throws PreconditionFailedException {
        if (ifMatch != null && !matches(ifMatch, version)) {
            throw new PreconditionFailedException("If-Match " + ifMatch.strip() + " does not match the current"
                    + " version " + of(version), null, of(version), null);
        }
    }

    /** 304 when the If-None-Match header (null: absent) names {@code version}. */
    static void checkIfNoneMatch(String ifNoneMatch, long version) throws NotModifiedException {
        if (ifNoneMatch != null && matches(ifNoneMatch, version)) {
            throw new NotModifiedException("not modified", null, of(version), null);
        }
    }

    static boolean matches(String header, long version) {
        String wanted = String.valueOf(version);
        for (String tag : header.split(",")) {
            String t = tag.strip();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/") || t.startsWith("w/")) {
                t = t.substring(2);
            }
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1);
            }
            if (t.equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
