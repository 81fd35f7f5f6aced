package io.ssogate.proxy;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The response headers set before the proxy copied Mattermost's (by filters in front of it, such as an
 * SSO session cookie), so an error page replacing a failed upstream answer can drop the upstream's
 * headers and keep these. The Servlet API has no portable way to remove one header; reset and restore is.
 */
final class ResponseHeaderSnapshot {

    private final List<Map.Entry<String, String>> headers;

    private ResponseHeaderSnapshot(List<Map.Entry<String, String>> headers) {
        this.headers = headers;
    }

    static ResponseHeaderSnapshot of(HttpServletResponse response) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String name : response.getHeaderNames()) {
            for (String value : response.getHeaders(name)) {
                headers.add(Map.entry(name, value));
            }
        }
        return new ResponseHeaderSnapshot(List.copyOf(headers));
    }

    /** Clears status, headers and buffer, then puts back the headers of the snapshot. */
    void resetTo(HttpServletResponse response) {
        response.reset();
        for (Map.Entry<String, String> header : headers) {
            response.addHeader(header.getKey(), header.getValue());
        }
    }
}
