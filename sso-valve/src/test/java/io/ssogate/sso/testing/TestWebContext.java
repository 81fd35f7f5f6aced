package io.ssogate.sso.testing;

import org.pac4j.core.context.Cookie;
import org.pac4j.core.context.WebContext;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request as pac4j sees it: a method, a URL with its query parameters, form fields, the cookies a browser
 * sends; it records the response's headers and cookies, and {@link #next()} is the same browser's next
 * request, carrying back the cookies this response set.
 */
public final class TestWebContext implements WebContext {

    private final String method;
    private final URI url;
    private final Map<String, String[]> parameters = new LinkedHashMap<>();
    private final List<Cookie> requestCookies;
    private final Map<String, Object> attributes = new HashMap<>();
    private final Map<String, String> responseHeaders = new HashMap<>();
    private final List<Cookie> responseCookies = new ArrayList<>();

    private TestWebContext(String method, String url, Map<String, String> form, List<Cookie> requestCookies) {
        this.method = method;
        this.url = URI.create(url);
        this.requestCookies = List.copyOf(requestCookies);
        if (this.url.getRawQuery() != null) {
            for (String pair : this.url.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                add(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        form.forEach(this::add);
    }

    public static TestWebContext get(String url) {
        return new TestWebContext("GET", url, Map.of(), List.of());
    }

    public static TestWebContext post(String url, Map<String, String> form) {
        return new TestWebContext("POST", url, form, List.of());
    }

    /** A first request from a browser with no cookie, to the sign-in page over {@code scheme}. */
    public static TestWebContext fresh(String scheme) {
        return get(scheme + "://gw.example/sso/login");
    }

    /** A request to the sign-in page over {@code scheme} carrying {@code cookies}, wherever they came from. */
    public static TestWebContext withCookies(String scheme, List<Cookie> cookies) {
        return new TestWebContext("GET", scheme + "://gw.example/sso/login", Map.of(), cookies);
    }

    /** The browser's next request: it sends back the cookies this response set, and drops those it cleared. */
    public TestWebContext next() {
        Map<String, Cookie> jar = new LinkedHashMap<>();
        requestCookies.forEach(c -> jar.put(c.getName(), c));
        for (Cookie cookie : responseCookies) {
            if (cookie.getMaxAge() == 0) {
                jar.remove(cookie.getName());
            } else {
                jar.put(cookie.getName(), new Cookie(cookie.getName(), cookie.getValue()));
            }
        }
        return new TestWebContext("GET", url.toString(), Map.of(), List.copyOf(jar.values()));
    }

    public List<Cookie> responseCookies() {
        return List.copyOf(responseCookies);
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
        return url.getHost();
    }

    @Override
    public int getServerPort() {
        return url.getPort() != -1 ? url.getPort() : isSecure() ? 443 : 80;
    }

    @Override
    public String getScheme() {
        return url.getScheme();
    }

    @Override
    public boolean isSecure() {
        return "https".equals(url.getScheme());
    }

    @Override
    public String getFullRequestURL() {
        return url.toString();
    }

    @Override
    public Collection<Cookie> getRequestCookies() {
        return requestCookies;
    }

    @Override
    public void addResponseCookie(Cookie cookie) {
        responseCookies.add(cookie);
    }

    @Override
    public String getPath() {
        return url.getPath();
    }
}
