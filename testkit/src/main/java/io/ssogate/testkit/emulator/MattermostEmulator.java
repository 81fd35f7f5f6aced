package io.ssogate.testkit.emulator;

import io.ssogate.testkit.emulator.control.ControlServlet;
import io.ssogate.testkit.emulator.control.EchoServlet;
import io.ssogate.testkit.emulator.control.NotFoundServlet;
import io.ssogate.testkit.emulator.control.PageServlet;
import io.ssogate.testkit.emulator.control.Unresponsiveness;
import io.ssogate.testkit.emulator.http.ApiError;
import io.ssogate.testkit.emulator.http.ApiServlet;
import io.ssogate.testkit.emulator.http.RequestAuthenticator;
import io.ssogate.testkit.emulator.http.ResponseHeadersFilter;
import io.ssogate.testkit.emulator.http.Route;
import io.ssogate.testkit.emulator.http.RouteTable;
import io.ssogate.testkit.emulator.http.SessionCookies;
import io.ssogate.testkit.emulator.http.UserHandlers;
import io.ssogate.testkit.emulator.state.EmulatorState;
import io.ssogate.testkit.emulator.state.Session;
import io.ssogate.testkit.emulator.state.TeamDirectory;
import io.ssogate.testkit.emulator.state.UserAccount;
import io.ssogate.testkit.emulator.state.UserDirectory;
import io.ssogate.testkit.emulator.ws.WebSocketHub;
import io.ssogate.testkit.emulator.ws.WebSocketUpgradeServlet;
import io.ssogate.testkit.tls.ServerIdentity;
import io.ssogate.testkit.tls.TomcatTls;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.websocket.server.WsSci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * An in-memory emulator of the Mattermost HTTP and WebSocket API on embedded Tomcat, for tests and demos.
 * It follows {@code shared/docs/mattermost-api.md}, so a real server can replace it unchanged.
 *
 * <pre>{@code
 * try (MattermostEmulator emu = MattermostEmulator.builder().port(0).seedDemoUsers().build().start()) {
 *     URI base = emu.baseUri();
 * }
 * }</pre>
 */
public final class MattermostEmulator implements AutoCloseable {
    /** The password of every user {@link Builder#seedDemoUsers()} creates, and of the seeded admin. */
    public static final String DEMO_PASSWORD = "Passw0rd!";
    public static final String ADMIN_USERNAME = "admin";
    public static final String TEAM_NAME = "ssogate";

    private final int requestedPort;
    private final String bind;
    private final ServerIdentity tlsIdentity;
    private final EmulatorState state;
    private final SessionCookies cookies;
    private final WebSocketHub hub;
    private final RequestAuthenticator authenticator;
    private final Unresponsiveness unresponsiveness = new Unresponsiveness();
    private final List<Route> routes;
    private final String adminToken;
    private final String adminUserId;
    private final TeamDirectory.Team team;
    private ScheduledExecutorService timer;
    private Tomcat tomcat;
    private Path baseDir;
    private volatile int port = -1;

    private MattermostEmulator(Builder b) {
        this.requestedPort = b.port;
        this.bind = b.bind;
        this.tlsIdentity = b.tlsIdentity;
        EmulatorSettings settings = new EmulatorSettings().siteUrl(b.siteUrl).webSocketAuthTimeout(b.webSocketAuthTimeout);
        // A personal access token only works while tokens are enabled; the admin token must work.
        settings.enableUserAccessTokens(true);
        this.state = new EmulatorState(settings);
        this.cookies = new SessionCookies(settings);
        this.hub = new WebSocketHub(state);
        this.authenticator = new RequestAuthenticator(state);
        this.routes = RouteTable.build(state, cookies, hub);
        this.team = state.teams.createTeam(TEAM_NAME, "SSO Gate");
        EmulatorUser admin = createUser(ADMIN_USERNAME, "admin@example.com", DEMO_PASSWORD, true);
        this.adminUserId = admin.id();
        this.adminToken = state.sessions.createAccessToken(admin.id(), b.adminToken, "emulator admin token").token();
        if (b.demoUsers) {
            createUser("alice", "alice@example.com", DEMO_PASSWORD);
            createUser("bob", "bob@example.com", DEMO_PASSWORD);
        }
        for (SeedUser s : b.seedUsers) {
            createUser(s.username(), s.email(), s.password(), s.admin());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A user to seed at build time. */
    public record SeedUser(String username, String email, String password, boolean admin) {
        @Override
        public String toString() {
            return "SeedUser[username=" + username + ", admin=" + admin + "]";
        }
    }

    public static final class Builder {
        private int port;
        private String bind = "127.0.0.1";
        private ServerIdentity tlsIdentity;
        private URI siteUrl;
        private String adminToken;
        private boolean demoUsers;
        private Duration webSocketAuthTimeout = Duration.ofSeconds(5);
        private final List<SeedUser> seedUsers = new ArrayList<>();

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The listen address, 127.0.0.1 by default. */
        public Builder bind(String address) {
            this.bind = Objects.requireNonNull(address);
            return this;
        }

        /**
         * Serves HTTPS (and WSS) instead of HTTP, with this key and certificate chain (e.g. from
         * {@link io.ssogate.testkit.tls.TestPki#issueServer}), as an internal Mattermost behind TLS.
         */
        public Builder https(ServerIdentity identity) {
            this.tlsIdentity = Objects.requireNonNull(identity);
            return this;
        }

        public Builder siteUrl(URI siteUrl) {
            this.siteUrl = siteUrl;
            return this;
        }

        /** The personal access token of the seeded system admin {@code admin}; random if not given. */
        public Builder adminToken(String token) {
            this.adminToken = token;
            return this;
        }

        /** Seeds {@code alice} and {@code bob}, password {@link #DEMO_PASSWORD}, on the seeded team. */
        public Builder seedDemoUsers() {
            this.demoUsers = true;
            return this;
        }

        public Builder seedUser(SeedUser user) {
            this.seedUsers.add(user);
            return this;
        }

        public Builder webSocketAuthTimeout(Duration timeout) {
            this.webSocketAuthTimeout = timeout;
            return this;
        }

        public MattermostEmulator build() {
            return new MattermostEmulator(this);
        }
    }

    /** Starts Tomcat and returns this emulator once it listens. */
    public synchronized MattermostEmulator start() {
        if (tomcat != null) {
            throw new IllegalStateException("already started");
        }
        try {
            baseDir = Files.createTempDirectory("mattermost-emulator");
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "emulator-ws-auth-timer");
                t.setDaemon(true);
                return t;
            });
            tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toString());
            Connector connector = new Connector();
            connector.setPort(requestedPort);
            connector.setProperty("address", bind);
            // Mattermost's Go router accepts %2F in a path segment (e-mail lookups, names); Tomcat
            // would reject it, so the emulator lets it through like the real server.
            connector.setEncodedSolidusHandling("passthrough");
            if (tlsIdentity != null) {
                TomcatTls.enable(connector, tlsIdentity);
            }
            tomcat.setConnector(connector);
            Context ctx = tomcat.addContext("", baseDir.toString());
            ctx.setEncodedSolidusHandling("passthrough");
            ctx.addServletContainerInitializer(new WsSci(), null);
            unresponsiveness.reset();
            ctx.getPipeline().addValve(unresponsiveness.connectorResponseValve());
            addFilter(ctx, "responseHeaders", new ResponseHeadersFilter());
            addFilter(ctx, "unresponsive", unresponsiveness);
            addServlet(ctx, "api", new ApiServlet(routes, authenticator, cookies), "/api/v4/*");
            addServlet(ctx, "websocket", new WebSocketUpgradeServlet(state.settings, hub, authenticator, timer),
                    "/api/v4/websocket", "/api/v4/websocket/");
            addServlet(ctx, "echo", new EchoServlet(), "/__emulator/echo/*");
            addServlet(ctx, "control", new ControlServlet(this), "/__emulator/*");
            addServlet(ctx, "login", new PageServlet("login.html"), "/login");
            addServlet(ctx, "home", new PageServlet("index.html"), "");
            addServlet(ctx, "notFound", new NotFoundServlet(), "/");
            tomcat.start();
            port = connector.getLocalPort();
            if (port <= 0) {
                throw new IllegalStateException("Tomcat did not bind " + bind + ":" + requestedPort);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("Emulator failed to start on " + bind + ":" + requestedPort, e);
        }
    }

    private static void addFilter(Context ctx, String name, Filter filter) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        def.setAsyncSupported("true");
        ctx.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPattern("/*");
        map.setDispatcher("REQUEST");
        map.setDispatcher("ASYNC");
        ctx.addFilterMap(map);
    }

    private static void addServlet(Context ctx, String name, HttpServlet servlet, String... patterns) {
        Wrapper w = Tomcat.addServlet(ctx, name, servlet);
        w.setAsyncSupported(true);
        for (String p : patterns) {
            ctx.addServletMappingDecoded(p, name);
        }
    }

    /** {@code http://127.0.0.1:PORT} (the bind address as given), or {@code https://…} in HTTPS mode. */
    public URI baseUri() {
        if (port < 0) {
            throw new IllegalStateException("not started");
        }
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        return URI.create((tlsIdentity != null ? "https" : "http") + "://" + host + ":" + port);
    }

    public int port() {
        return port;
    }

    /** A personal access token of the system admin {@code admin}, for {@code Authorization: Bearer}. */
    public String adminToken() {
        return adminToken;
    }

    public String adminUserId() {
        return adminUserId;
    }

    /** The seeded team ({@value #TEAM_NAME}) and its town-square channel. */
    public String teamId() {
        return team.id();
    }

    public String townSquareChannelId() {
        return state.teams.channelByName(team.id(), "town-square").orElseThrow().id();
    }

    /** {@code ServiceSettings.SiteURL}, settable after start (the gateway's URL is known only then); null clears it. */
    public void setSiteUrl(URI siteUrl) {
        state.settings.siteUrl(siteUrl);
    }

    /** The emulated server settings; changes apply to the next request. */
    public EmulatorSettings config() {
        return state.settings;
    }

    /** Creates an email user directly (no HTTP), verified, on the seeded team and its town-square. */
    public EmulatorUser createUser(String username, String email, String password) {
        return createUser(username, email, password, false);
    }

    public EmulatorUser createUser(String username, String email, String password, boolean systemAdmin) {
        UserDirectory.NewUser n = new UserDirectory.NewUser();
        n.username = username;
        n.email = email;
        n.password = password;
        n.emailVerified = true;
        n.systemAdmin = systemAdmin;
        UserAccount u;
        try {
            u = state.users.create(n);
        } catch (ApiError e) {
            throw new IllegalArgumentException(e.id() + ": " + e.getMessage(), e);
        }
        state.teams.addTeamMember(team.id(), u.id);
        state.teams.addChannelMember(townSquareChannelId(), u.id);
        return snapshot(u);
    }

    public Optional<EmulatorUser> findUser(String username) {
        return state.users.byUsername(username).map(MattermostEmulator::snapshot);
    }

    public Optional<EmulatorUser> findUserById(String userId) {
        return state.users.byId(userId).map(MattermostEmulator::snapshot);
    }

    /** Logs a user in directly (a web session, as a password login would make) and returns the session token. */
    public String createSession(String userId) {
        state.users.byId(userId).orElseThrow(() -> new IllegalArgumentException("no user " + userId));
        return state.sessions.createLogin(userId, state.settings.sessionLengthWebInHours() * 3_600_000L, "").token();
    }

    /** The session's CSRF token (the {@code MMCSRF} cookie value), or empty if the token is not a live session. */
    public Optional<String> csrfTokenOf(String sessionToken) {
        return state.sessions.findValid(sessionToken).map(Session::csrfToken);
    }

    public boolean isSessionValid(String sessionToken) {
        return state.sessions.isValid(sessionToken);
    }

    /** Whether the user is a member of the team, as {@code POST}/{@code DELETE /teams/{id}/members} left it. */
    public boolean isTeamMember(String teamId, String userId) {
        return state.teams.isTeamMember(teamId, userId);
    }

    /** Whether the user is a member of the channel, as {@code POST}/{@code DELETE /channels/{id}/members} left it. */
    public boolean isChannelMember(String channelId, String userId) {
        return state.teams.isChannelMember(channelId, userId);
    }

    /** Creates a team (with its town-square and off-topic channels) directly, as an admin would; returns its id. */
    public String createTeam(String name, String displayName) {
        return state.teams.createTeam(name, displayName).id();
    }

    /** Creates an open channel in the team directly, as a team admin would; returns its id. */
    public String createChannel(String teamId, String name, String displayName) {
        return state.teams.createChannel(teamId, name, displayName).id();
    }

    /** Deactivates or reactivates as {@code PUT /users/{id}/active} does, including revocation and the event. */
    public void setUserActive(String userId, boolean active) {
        new UserHandlers(state, hub).setActive(userId, active);
    }

    /** Sends a WebSocket event to each of the user's connections; returns how many got it. */
    public int pushEvent(String userId, String event, Map<String, Object> data) {
        return hub.publishToUser(userId, event, data);
    }

    /** Makes every login session of the user expired (not revoked); returns how many. */
    public int expireSessions(String userId) {
        return state.sessions.expireAllOf(userId);
    }

    public boolean expireSession(String sessionToken) {
        return state.sessions.expire(sessionToken);
    }

    /** True: accept requests and never answer (except {@code /__emulator/} controls); false: answer again. */
    public void setUnresponsive(boolean hang) {
        unresponsiveness.setHanging(hang);
    }

    /**
     * Hang mode for one kind of request only, e.g. {@code ("POST", "/api/v4/users")}: those are held (and run when
     * the mode is switched off, after their callers may have given up), the rest are answered. Off with
     * {@code setUnresponsive(false)}.
     */
    public void setUnresponsiveTo(String method, String path) {
        unresponsiveness.setHangingFor(r -> r.getMethod().equals(method)
                && r.getRequestURI().substring(r.getContextPath().length()).equals(path));
    }

    /** How many requests the hang mode is holding unanswered right now. */
    public int unansweredRequestCount() {
        return unresponsiveness.heldCount();
    }

    /** Waits until the hang mode holds at least {@code count} requests; false if none came in time. */
    public boolean awaitUnansweredRequests(int count, Duration timeout) throws InterruptedException {
        return unresponsiveness.awaitHeld(count, timeout);
    }

    /** The Mattermost API operations implemented, for contract tests. */
    public List<Route> routes() {
        List<Route> all = new ArrayList<>(routes);
        all.add(RouteTable.webSocketRoute());
        return List.copyOf(all);
    }

    /** Internal state, for the test controls. */
    public EmulatorState state() {
        return state;
    }

    @Override
    public synchronized void close() {
        if (tomcat == null) {
            return;
        }
        hub.closeAll();
        unresponsiveness.dropAll();
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Emulator failed to stop", e);
        } finally {
            timer.shutdownNow();
            tomcat = null;
            port = -1;
            deleteQuietly(baseDir);
        }
    }

    private static EmulatorUser snapshot(UserAccount u) {
        return new EmulatorUser(u.id, u.username, u.email, u.isSystemAdmin(), u.isActive());
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless.
        }
    }
}
