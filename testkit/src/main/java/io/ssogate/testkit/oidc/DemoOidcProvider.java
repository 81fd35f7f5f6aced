package io.ssogate.testkit.oidc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.NettyWrapper;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequestHandler;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponseKt;
import no.nav.security.mock.oauth2.http.OAuth2HttpServer;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * The OpenID provider of {@code ssogate --demo}: nav's mock-oauth2-server (discovery, JWKS, authorization
 * code flow with PKCE, signed ID tokens, end session), with a sign-in page that asks only for an email.
 * Signing in as {@code alice@demo.example} issues an ID token with the claims {@link DemoPeople} gives
 * her; no password, any client id and secret are accepted. For demos and tests only.
 *
 * <p>{@code java -cp mattermost-emulator.jar io.ssogate.testkit.oidc.DemoOidcProvider [--port N]
 * [--issuer ID] [--bind ADDR] [--issuer-file FILE]} prints one {@value #READY} line with the issuer URL
 * when ready and stops on SIGTERM or Ctrl-C.
 *
 * <p>Why not {@code MockOAuth2Server} itself: its interactive login takes the claims as JSON typed by
 * hand, and it offers no way to fill them in from the user name before its own handler reads the form.
 * So this class runs the same request handler on the same Netty server, and in front of it serves its
 * own sign-in page and turns the typed email into claims.
 */
public final class DemoOidcProvider implements AutoCloseable {

    /** The start of the line printed when the provider is ready; the issuer URL follows it. */
    public static final String READY = "Demo OIDC provider ready, issuer: ";
    public static final String DEFAULT_ISSUER_ID = "demo";

    static final String USAGE = """
            usage: java -cp mattermost-emulator.jar io.ssogate.testkit.oidc.DemoOidcProvider [options]
              --port N            listen on port N (default 0: a free port)
              --bind ADDR         listen address (default 127.0.0.1)
              --issuer ID         the issuer's path: http://ADDR:PORT/ID (default demo)
              --issuer-file FILE  write the issuer URL to FILE once listening
              --help              print this and exit
            """;

    private static final Pattern ISSUER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OAuth2HttpServer server;
    private final URI issuer;

    private DemoOidcProvider(OAuth2HttpServer server, URI issuer) {
        this.server = server;
        this.issuer = issuer;
    }

    /** Starts the provider on {@code address}; port 0 picks a free one. */
    public static DemoOidcProvider start(InetAddress address, int port, String issuerId) {
        if (!ISSUER_ID.matcher(issuerId).matches()) {
            throw new IllegalArgumentException("an issuer id is 1 to 64 letters, digits, - or _, not [" + issuerId + "]");
        }
        // Netty rather than the default MockWebServer, which keeps every request it served for takeRequest().
        OAuth2HttpServer server = new NettyWrapper();
        OAuth2Config config = new OAuth2Config(true, null, null, false, new OAuth2TokenProvider(), Set.of(), server);
        Route authorizationServer = new OAuth2HttpRequestHandler(config).getAuthorizationServer();
        server.start(address, port, new EmailSignIn(authorizationServer));
        try {
            URI issuer = new URI("http", null, address.getHostAddress(), server.port(), "/" + issuerId, null, null);
            return new DemoOidcProvider(server, issuer);
        } catch (URISyntaxException e) {
            server.stop();
            throw new IllegalStateException(e);
        }
    }

    /** The issuer URL; its {@code .well-known/openid-configuration} is below it. */
    public URI issuer() {
        return issuer;
    }

    public URI discoveryUri() {
        return URI.create(issuer + "/.well-known/openid-configuration");
    }

    @Override
    public void close() {
        server.stop();
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(USAGE);
            System.out.flush();
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("demo-oidc-provider: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        DemoOidcProvider provider = start(options.bind, options.port, options.issuerId);
        Runtime.getRuntime().addShutdownHook(new Thread(provider::close, "demo-oidc-shutdown"));
        if (options.issuerFile != null) {
            // Write then rename, so a script polling for the file never reads half a URL.
            Path target = options.issuerFile.toAbsolutePath();
            Path tmp = Files.createTempFile(target.getParent(), ".issuer", ".tmp");
            Files.writeString(tmp, provider.issuer().toString(), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println(READY + provider.issuer());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /**
     * In front of mock-oauth2-server's handler: its {@code GET …/authorize} login page (a user name and a
     * JSON box) is replaced by one that asks for an email, prefilled with the client's {@code login_hint};
     * on {@code POST …/authorize} the email becomes the claims JSON that handler expects.
     */
    private record EmailSignIn(Route next) implements Route {

        @Override
        public boolean match(OAuth2HttpRequest request) {
            return true;
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            if (isAuthorize(request) && "GET".equals(request.getMethod())) {
                return OAuth2HttpResponseKt.html(signInPage(request.getUrl().queryParameter("login_hint")));
            }
            if (isAuthorize(request) && "POST".equals(request.getMethod())) {
                return next.invoke(withClaims(request));
            }
            return next.invoke(request);
        }

        private static boolean isAuthorize(OAuth2HttpRequest request) {
            List<String> segments = request.getUrl().pathSegments();
            return segments.size() == 2 && "authorize".equals(segments.get(1));
        }

        /** Adds {@code claims} for the typed email unless the form already has some (a script may send its own). */
        private static OAuth2HttpRequest withClaims(OAuth2HttpRequest request) {
            String username = request.getFormParameters().get("username");
            String claims = request.getFormParameters().get("claims");
            if (username == null || (claims != null && !claims.isBlank())) {
                return request;
            }
            Map<String, Object> derived = DemoPeople.claimsFor(username);
            String body = "username=" + form(username.strip().toLowerCase(Locale.ROOT));
            if (!derived.isEmpty()) {
                try {
                    body += "&claims=" + form(JSON.writeValueAsString(derived));
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new OAuth2HttpRequest(request.getHeaders(), request.getMethod(), request.getOriginalUrl(), body);
        }

        private static String form(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }

        private static String signInPage(String loginHint) {
            String email = loginHint == null ? "" : escape(loginHint.strip());
            // The form has no action: it posts back to this URL, whose query is the authorization request.
            return """
                    <!DOCTYPE html>
                    <html lang="en">
                    <head><meta charset="utf-8"><title>Demo identity provider</title>
                    <meta name="viewport" content="width=device-width, initial-scale=1">
                    <style>
                    body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}
                    main{max-width:26rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;
                    box-shadow:0 1px 4px rgba(0,0,0,.15)}
                    input{width:100%%;box-sizing:border-box;padding:.6rem;font-size:1rem;margin:.4rem 0 1rem}
                    button{padding:.6rem 1.2rem;font-size:1rem}
                    p.note{color:#555;font-size:.9rem}
                    </style></head>
                    <body><main>
                    <h1>Demo identity provider</h1>
                    <p>This stands in for your company's sign-in. There is no password: any address at
                    <b>@%s</b> signs in, such as <code>alice@%s</code> or <code>bob@%s</code>.</p>
                    <form method="post">
                    <label for="username">Email</label>
                    <input id="username" name="username" type="email" value="%s" required autofocus
                     placeholder="alice@%s">
                    <button type="submit">Sign in</button>
                    </form>
                    <p class="note">An address of another domain signs in too, and shows how the gateway
                    refuses a person outside the company.</p>
                    </main></body></html>
                    """.formatted(DemoPeople.DOMAIN, DemoPeople.DOMAIN, DemoPeople.DOMAIN, email, DemoPeople.DOMAIN);
        }

        private static String escape(String text) {
            StringBuilder out = new StringBuilder(text.length());
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '&' -> out.append("&amp;");
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '"' -> out.append("&quot;");
                    case '\'' -> out.append("&#39;");
                    default -> out.append(c);
                }
            }
            return out.toString();
        }
    }

    static final class Options {
        InetAddress bind;
        int port;
        String issuerId = DEFAULT_ISSUER_ID;
        Path issuerFile;

        static Options parse(String[] args) {
            Options o = new Options();
            String bind = "127.0.0.1";
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                String value = args[++i];
                switch (name) {
                    case "--port" -> o.port = port(value);
                    case "--bind" -> bind = value;
                    case "--issuer" -> o.issuerId = value;
                    case "--issuer-file" -> o.issuerFile = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (!ISSUER_ID.matcher(o.issuerId).matches()) {
                throw new IllegalArgumentException("--issuer is 1 to 64 letters, digits, - or _, not [" + o.issuerId + "]");
            }
            try {
                o.bind = InetAddress.getByName(bind);
            } catch (IOException e) {
                throw new IllegalArgumentException("--bind " + bind + ": " + e.getMessage());
            }
            return o;
        }

        private static int port(String value) {
            try {
                int p = Integer.parseInt(value);
                if (p >= 0 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("--port must be a number from 0 to 65535, not [" + value + "]");
        }
    }
}
