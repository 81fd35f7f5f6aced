package io.ssogate.sso.testing;

import org.pac4j.core.context.Cookie;
import org.pac4j.core.context.WebContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request and its response, as pac4j sees them; pac4j-core 6.3 ships no MockWebContext outside its
 * test jar. Only what the session store uses does anything: cookies, request attributes, the scheme.
 */
public final class TestWebContext implements WebContext {

    private final String scheme;
    private final List<Cookie> requestCookies;
    private final Map<String, Object> attributes = new HashMap<>();
    private final Map<String, String> responseHeaders = new HashMap<>();
    private final List<Cookie> responseCookies = new ArrayList<>();

    public TestWebContext(String scheme, List<Cookie> requestCookies) {
        this.scheme = scheme;
        this.requestCookies = List.copyOf(requestCookies);
    }

    /** A first request from a browser with no cookie. */
    public static TestWebContext fresh(String scheme) {
        return new TestWebContext(scheme, List.of());
    }

    /** The browser's next request: it sends back the cookies this response set, and drops those it cleared. */
    public TestWebContext next() {
        Map<String, Cookie> jar = new HashMap<>();
        requestCookies.forEach(c -> jar.put(c.getName(), c));
        for (Cookie cookie : responseCookies) {
            if (cookie.getMaxAge() == 0) {
                jar.remove(cookie.getName());
            } else {
                jar.put(cookie.getName(), new Cookie(cookie.getName(), cookie.getValue()));
            }
        }
        return new TestWebContext(scheme, List.copyOf(jar.values()));
    }

    public List<Cookie> responseCookies() {
        return List.copyOf(responseCookies);
    }

    @Override
    public Optional<String> getRequestParameter(String name) {
        return Optional.empty();
    }

    @Override
    public Map<String, String[]> getRequestParameters() {
        return Map.of();
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
        return "GET";
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
        return "gw.example";
    }

    @Override
    public int getServerPort() {
        return "https".equals(scheme) ? 443 : 80;
    }

    @Override
    public String getScheme() {
        return scheme;
    }

    @Override
    public boolean isSecure() {
        return "https".equals(scheme);
    }

    @Override
    public String getFullRequestURL() {
        return scheme + "://gw.example/sso/login";
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
        return "/sso/login";
    }
}
