package io.ssogate.sso.saml;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pac4j.core.context.Cookie;
import org.pac4j.core.context.WebContext;

/** A request as pac4j sees it, from a URL and (for POST) form fields; records response headers. */
final class TestWebContext implements WebContext {

    private final String method;
    private final String fullUrl;
    private final Map<String, String[]> parameters = new LinkedHashMap<>();
    private final Map<String, Object> attributes = new HashMap<>();
    private final Map<String, String> responseHeaders = new HashMap<>();

    private TestWebContext(String method, String fullUrl, Map<String, String> form) {
        this.method = method;
        this.fullUrl = fullUrl;
        int q = fullUrl.indexOf('?');
        if (q >= 0) {
            for (String pair : fullUrl.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                add(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        form.forEach(this::add);
    }

    static TestWebContext get(String url) {
        return new TestWebContext("GET", url, Map.of());
    }

    static TestWebContext post(String url, Map<String, String> form) {
        return new TestWebContext("POST", url, form);
    }

    private void add(String name, String value) {
        List<String> values = new ArrayList<>(List.of(parameters.getOrDefault(name, new String[0])));
        values.add(value);
        parameters.put(name, values.toArray(String[]::new));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public Optional<String> getRequestParameter(String name) {
        String[] values = parameters.get(name);
        return values == null ? Optional.empty() : Optional.of(values[0]);
    }

    @Override
    public Map<String, String[]> getRequestParameters() {
        return parameters;
    }

    @Override
    public Optional getRequestAttribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    @Override
    public void setRequestAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public Optional<String> getRequestHeader(String name) {
        return Optional.empty();
    }

    @Override
    public String getRequestMethod() {
        return method;
    }

    @Override
    public String getRemoteAddr() {
        return "127.0.0.1";
    }

    @Override
    public void setResponseHeader(String name, String value) {
        responseHeaders.put(name, value);
    }

    @Override
    public Optional<String> getResponseHeader(String name) {
        return Optional.ofNullable(responseHeaders.get(name));
    }

    @Override
    public void setResponseContentType(String content) {
    }

    @Override
    public String getServerName() {
        return "127.0.0.1";
    }

    @Override
    public int getServerPort() {
        return 443;
    }

    @Override
    public String getScheme() {
        return "https";
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public String getFullRequestURL() {
        return fullUrl;
    }

    @Override
    public Collection<Cookie> getRequestCookies() {
        return List.of();
    }

    @Override
    public void addResponseCookie(Cookie cookie) {
    }

    @Override
    public String getPath() {
        return java.net.URI.create(fullUrl).getPath();
    }
}
