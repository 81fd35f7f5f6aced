package io.ssogate.testkit.emulator.http;

import io.ssogate.testkit.emulator.state.EmulatorState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every Mattermost API operation the emulator implements, in match order (literal paths before templated
 * ones). The contract test checks each against the OpenAPI fragments; the WebSocket route lives in
 * {@code ws} but is listed here too so the table is complete.
 */
public final class RouteTable {
    private static final String V4 = "/api/v4";

    private RouteTable() {
    }

    public static List<Route> build(EmulatorState state, SessionCookies cookies, EventPublisher events) {
        LoginHandlers login = new LoginHandlers(state, cookies);
        UserHandlers users = new UserHandlers(state, events);
        TeamHandlers teams = new TeamHandlers(state);
        SystemHandlers system = new SystemHandlers(state);
        List<Route> r = new ArrayList<>();
        // Needs no session: login, logout, ping, client config and licence.
        r.add(open("POST", "/users/login", Set.of(200, 400, 401), Set.of("login_id", "id", "password", "token", "device_id", "ldap_only"), login::login));
        r.add(open("POST", "/users/logout", Set.of(200), Set.of(), login::logout));
        r.add(open("GET", "/system/ping", Set.of(200), Set.of(), system::ping));
        r.add(open("GET", "/config/client", Set.of(200, 400, 501), Set.of(), system::clientConfig));
        r.add(open("GET", "/license/client", Set.of(200, 400, 501), Set.of(), system::clientLicense));
        // Creating users needs an admin, but the handler (not the router) decides: an open server needs none.
        r.add(open("POST", "/users", Set.of(201, 400, 403), Set.of("email", "username", "password", "first_name", "last_name",
                "nickname", "position", "locale", "props", "notify_props", "timezone", "auth_data", "auth_service", "email_verified"), users::create));
        r.add(session("GET", "/users", Set.of(200, 400, 401), Set.of(), users::list));
        r.add(session("GET", "/users/email/{email}", Set.of(200, 304, 401, 404), Set.of(), users::byEmail));
        r.add(session("GET", "/users/username/{username}", Set.of(200, 304, 401, 404), Set.of(), users::byUsername));
        r.add(session("GET", "/users/{user_id}", Set.of(200, 304, 400, 401, 404), Set.of(), users::get));
        r.add(session("PUT", "/users/{user_id}/patch", Set.of(200, 400, 401, 403, 404), Set.of("username", "email", "nickname",
                "first_name", "last_name", "position", "locale", "props", "notify_props", "timezone"), users::patch));
        r.add(session("PUT", "/users/{user_id}/active", Set.of(200, 400, 401, 403, 404), Set.of("active"), users::updateActive));
        r.add(session("DELETE", "/users/{user_id}", Set.of(200, 400, 401, 403, 404), Set.of(), users::delete));
        r.add(session("PUT", "/users/{user_id}/password", Set.of(200, 400, 401, 403, 404), Set.of("new_password", "current_password"), users::updatePassword));
        r.add(session("GET", "/users/{user_id}/sessions", Set.of(200, 400, 401, 403), Set.of(), users::sessions));
        r.add(session("POST", "/users/{user_id}/sessions/revoke/all", Set.of(200, 400, 401, 403), Set.of(), users::revokeAllSessions));
        r.add(session("POST", "/users/{user_id}/tokens", Set.of(200, 400, 401, 403, 501), Set.of("description"), users::createToken));
        r.add(session("GET", "/teams/name/{name}", Set.of(200, 401, 404), Set.of(), teams::teamByName));
        r.add(session("POST", "/teams/{team_id}/members", Set.of(201, 400, 401, 403, 404), Set.of("team_id", "user_id"), teams::addTeamMember));
        r.add(session("DELETE", "/teams/{team_id}/members/{user_id}", Set.of(200, 400, 401, 403, 404), Set.of(), teams::removeTeamMember));
        r.add(session("GET", "/teams/{team_id}/channels/name/{channel_name}", Set.of(200, 400, 401, 404), Set.of(), teams::channelByName));
        r.add(session("GET", "/teams/name/{team_name}/channels/name/{channel_name}", Set.of(200, 401, 404), Set.of(), teams::channelByTeamNameAndName));
        r.add(session("POST", "/channels/{channel_id}/members", Set.of(201, 400, 401, 403, 404), Set.of("user_id", "user_ids", "post_root_id"), teams::addChannelMember));
        r.add(session("DELETE", "/channels/{channel_id}/members/{user_id}", Set.of(200, 400, 401, 403, 404), Set.of(), teams::removeChannelMember));
        return List.copyOf(r);
    }

    /**
     * The upgrade route served by the WebSocket servlet: 101 on success, 400 without an Upgrade header, 403 on
     * a refused Origin, 401 for a session sent as {@code ?access_token=}.
     */
    public static Route webSocketRoute() {
        return new Route("GET", V4 + "/websocket", false, Set.of(101, 400, 401, 403), Set.of(), ex -> {
            throw new IllegalStateException("served by the WebSocket upgrade servlet");
        });
    }

    /** Needs no session, yet answers 401 to a live session sent as {@code ?access_token=}, as every route does. */
    private static Route open(String method, String path, Set<Integer> statuses, Set<String> body, Route.Handler h) {
        Set<Integer> withQueryTokenRefusal = new HashSet<>(statuses);
        withQueryTokenRefusal.add(401);
        return new Route(method, V4 + path, false, withQueryTokenRefusal, body, h);
    }

    private static Route session(String method, String path, Set<Integer> statuses, Set<String> body, Route.Handler h) {
        return new Route(method, V4 + path, true, statuses, body, h);
    }
}
