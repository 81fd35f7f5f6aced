package io.ssogate.proxy.hooks;

import jakarta.servlet.ServletRequest;

/**
 * A request body a step in front of the proxy has already read, to judge it: the proxy sends these bytes
 * upstream instead of reading the (now empty) input stream. Steps cannot wrap the request (a Tomcat valve
 * cannot hand a wrapper down its pipeline), so the bytes travel as a request attribute, a plain
 * {@code byte[]} that crosses class loaders.
 */
public final class BufferedRequestBody {

    /** The request attribute holding the body as {@code byte[]}. */
    public static final String ATTRIBUTE = "io.ssogate.proxy.bufferedBody";

    private BufferedRequestBody() {
    }

    /** Records that {@code body} is the whole body of {@code request}, already read off its input stream. */
    public static void attach(ServletRequest request, byte[] body) {
        request.setAttribute(ATTRIBUTE, body.clone());
    }

    /** The body a step read, or null when the input stream is still unread. */
    public static byte[] of(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof byte[] body ? body : null;
    }
}
