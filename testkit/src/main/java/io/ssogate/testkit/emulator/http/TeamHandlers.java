package io.ssogate.testkit.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssogate.testkit.emulator.state.EmulatorState;
import io.ssogate.testkit.emulator.state.Ids;
import io.ssogate.testkit.emulator.state.TeamDirectory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Team and channel lookups and membership (doc section 8). */
public final class TeamHandlers {
    private final EmulatorState state;

    public TeamHandlers(EmulatorState state) {
        this.state = state;
    }

    public void teamByName(Exchange ex) throws IOException {
        ex.json(200, teamJson(state.teams.teamByName(ex.path("name")).orElseThrow(() -> ApiError.notFound("team"))));
    }

    public void channelByName(Exchange ex) throws IOException {
        TeamDirectory.Team team = team(ex.path("team_id"));
        ex.json(200, channelJson(state.teams.channelByName(team.id(), ex.path("channel_name"))
                .orElseThrow(() -> ApiError.notFound("channel"))));
    }

    public void channelByTeamNameAndName(Exchange ex) throws IOException {
        TeamDirectory.Team team = state.teams.teamByName(ex.path("team_name")).orElseThrow(() -> ApiError.notFound("team"));
        ex.json(200, channelJson(state.teams.channelByName(team.id(), ex.path("channel_name"))
                .orElseThrow(() -> ApiError.notFound("channel"))));
    }

    /** 201 with a TeamMember; the body's team_id must equal the path's (doc section 8). */
    public void addTeamMember(Exchange ex) throws IOException {
        ex.requireAdmin();
        TeamDirectory.Team team = team(ex.path("team_id"));
        JsonNode b = ex.body("team_member");
        String teamId = UserHandlers.text(b, "team_id");
        String userId = UserHandlers.text(b, "user_id");
        if (!team.id().equals(teamId)) {
            throw ApiError.invalidBodyParam("team_id");
        }
        if (!Ids.isValid(userId)) {
            throw ApiError.invalidBodyParam("user_id");
        }
        state.users.byId(userId).orElseThrow(ApiError::userNotFound);
        TeamDirectory.Membership m = state.teams.addTeamMember(team.id(), userId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("team_id", team.id());
        out.put("user_id", userId);
        out.put("roles", "team_user");
        out.put("delete_at", 0);
        out.put("scheme_guest", false);
        out.put("scheme_user", true);
        out.put("scheme_admin", false);
        out.put("explicit_roles", "");
        out.put("create_at", m.at());
        ex.json(201, out);
    }

    public void removeTeamMember(Exchange ex) throws IOException {
        TeamDirectory.Team team = team(ex.path("team_id"));
        String userId = ex.resolveUserId(ex.path("user_id"));
        // Users may remove themselves; removing others needs remove_user_from_team.
        if (!ex.callerIsAdmin() && !ex.caller().id.equals(userId)) {
            throw ApiError.forbidden();
        }
        state.teams.removeTeamMember(team.id(), userId);
        ex.ok();
    }

    /** 201 with a ChannelMember; the user must already be on the channel's team. */
    public void addChannelMember(Exchange ex) throws IOException {
        ex.requireAdmin();
        TeamDirectory.Channel channel = channel(ex.path("channel_id"));
        String userId = UserHandlers.text(ex.body("channel_member"), "user_id");
        if (!Ids.isValid(userId)) {
            throw ApiError.invalidBodyParam("user_id");
        }
        state.users.byId(userId).orElseThrow(ApiError::userNotFound);
        TeamDirectory.Membership m = state.teams.addChannelMember(channel.id(), userId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel_id", channel.id());
        out.put("user_id", userId);
        out.put("roles", "channel_user");
        out.put("last_viewed_at", 0);
        out.put("msg_count", 0);
        out.put("mention_count", 0);
        out.put("notify_props", Map.of("desktop", "default", "mark_unread", "all"));
        out.put("last_update_at", m.at());
        out.put("scheme_user", true);
        out.put("scheme_admin", false);
        ex.json(201, out);
    }

    public void removeChannelMember(Exchange ex) throws IOException {
        ex.requireAdmin();
        TeamDirectory.Channel channel = channel(ex.path("channel_id"));
        state.teams.removeChannelMember(channel.id(), ex.resolveUserId(ex.path("user_id")));
        ex.ok();
    }

    private TeamDirectory.Team team(String id) {
        if (!Ids.isValid(id)) {
            throw ApiError.invalidParam("team_id");
        }
        return state.teams.team(id).orElseThrow(() -> ApiError.notFound("team"));
    }

    private TeamDirectory.Channel channel(String id) {
        if (!Ids.isValid(id)) {
            throw ApiError.invalidParam("channel_id");
        }
        return state.teams.channel(id).orElseThrow(() -> ApiError.notFound("channel"));
    }

    private static Map<String, Object> teamJson(TeamDirectory.Team t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("create_at", t.createAt());
        m.put("update_at", t.createAt());
        m.put("delete_at", 0);
        m.put("display_name", t.displayName());
        m.put("name", t.name());
        m.put("description", "");
        m.put("email", "");
        m.put("type", t.type());
        m.put("allowed_domains", "");
        m.put("invite_id", "");
        m.put("allow_open_invite", true);
        return m;
    }

    private static Map<String, Object> channelJson(TeamDirectory.Channel c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("create_at", c.createAt());
        m.put("update_at", c.createAt());
        m.put("delete_at", 0);
        m.put("team_id", c.teamId());
        m.put("type", c.type());
        m.put("display_name", c.displayName());
        m.put("name", c.name());
        m.put("header", "");
        m.put("purpose", "");
        m.put("creator_id", "");
        return m;
    }
}
