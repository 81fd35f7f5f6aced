package io.ssogate.webapp.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A browser without a screen, for tests of the gateway's redirects and cookies: it keeps cookies per host
 * (as a browser does on loopback, where ports share cookies), follows redirects one by one and remembers
 * each hop, and can fill in the demo OpenID provider's email form. {@code X-Requested-With} and other
 * headers go where a test puts them.
 */
public final class HttpBrowser {

    private static final int MAX_HOPS = 20;

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    /** One answer: where it came from, its status, its headers and its body as text. */
    public record Page(URI uri, int status, Map<String, List<String>> headers, String body, List<URI> hops) {

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        public List<String> headers(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }
    }

    /**
     * Signs in at the stack's gateway as {@code email}: opens {@code path}, follows the gateway to the demo
     * provider, types the email there, and follows the way back to wherever it ends.
     */
    public Page signIn(SignInStack stack, String email, String path) {
        Page page = get(stack.uri(path));
        if (page.status() == 200 && page.body().contains("name=\"username\"")) {
            page = follow(send(HttpRequest.newBuilder(page.uri())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(email, StandardCharsets.UTF_8)))
                    .build()), new ArrayList<>(page.hops()));
        }
        return page;
    }

    /** GET {@code uri}, following redirects. */
    public Page get(URI uri, String... headerNamesAndValues) {
        return follow(send(request(uri, headerNamesAndValues).GET().build()), new ArrayList<>());
    }

    /** One request, its redirect not followed. */
    public Page fetch(HttpRequest request) {
        HttpResponse<String> response = send(request);
        return new Page(response.uri(), response.statusCode(), response.headers().map(), response.body(), List.of());
    }

    /** POST {@code body} (JSON) to {@code uri}, not following a redirect. */
    public Page postJson(URI uri, String body, String... headerNamesAndValues) {
        return fetch(request(uri, headerNamesAndValues).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A request builder with the given headers. */
    public static HttpRequest.Builder request(URI uri, String... headerNamesAndValues) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headerNamesAndValues.length; i += 2) {
            builder.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
        }
        return builder;
    }

    /** The value of the cookie {@code name} this browser holds for {@code uri}'s host, if any. */
    public Optional<String> cookie(URI uri, String name) {
        return cookies.getCookieStore().get(uri).stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst();
    }

    /** Sets a cookie for {@code uri}'s host, as a script or an earlier visit might have. */
    public void setCookie(URI uri, String name, String value) {
        HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(uri, cookie);
    }

    /** Forgets every cookie: a closed private window. */
    public void clearCookies() {
        cookies.getCookieStore().removeAll();
    }

    private Page follow(HttpResponse<String> response, List<URI> hops) {
        HttpResponse<String> current = response;
        for (int hop = 0; ; hop++) {
            hops.add(current.uri());
            int status = current.statusCode();
            Optional<String> location = current.headers().firstValue("Location");
            if (status < 300 || status > 399 || location.isEmpty() || location.get().contains("://") && !location.get().startsWith("http")) {
                return new Page(current.uri(), status, current.headers().map(), current.body(), List.copyOf(hops));
            }
            if (hop == MAX_HOPS) {
                throw new AssertionError("more than " + MAX_HOPS + " redirects: " + hops);
            }
            current = send(HttpRequest.newBuilder(current.uri().resolve(location.get())).timeout(Duration.ofSeconds(30))
                    .GET().build());
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
