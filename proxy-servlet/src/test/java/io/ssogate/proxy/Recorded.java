package io.ssogate.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** What the test upstream received: request line, headers in order, body. */
record Recorded(String method, String requestUri, String queryString, List<String[]> headers, byte[] body) {

    static Recorded of(HttpServletRequest request) throws IOException {
        List<String[]> headers = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.add(new String[] {name.toLowerCase(Locale.ROOT), value});
            }
        }
        byte[] body = request.getInputStream().readAllBytes();
        return new Recorded(request.getMethod(), request.getRequestURI(), request.getQueryString(), headers, body);
    }

    List<String> values(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                values.add(h[1]);
            }
        }
        return values;
    }

    String value(String name) {
        List<String> values = values(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    boolean has(String name) {
        return !values(name).isEmpty();
    }
}
