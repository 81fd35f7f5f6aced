package io.ssogate.testkit.emulator.state;

import io.ssogate.testkit.emulator.http.ApiError;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Teams, channels and their members: just enough of doc section 8 for provisioning. */
public final class TeamDirectory {
    public record Team(String id, String name, String displayName, String type, long createAt) {
    }

    public record Channel(String id, String teamId, String name, String displayName, String type, long createAt) {
    }

    public record Membership(String containerId, String userId, long at) {
    }

    private final Map<String, Team> teams = new ConcurrentHashMap<>();
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Membership>> teamMembers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Membership>> channelMembers = new ConcurrentHashMap<>();

    public synchronized Team createTeam(String name, String displayName) {
        Team t = new Team(Ids.newId(), name, displayName, "O", Clock.nowMillis());
        teams.put(t.id(), t);
        teamMembers.put(t.id(), new LinkedHashMap<>());
        // Every Mattermost team is created with town-square (and off-topic).
        createChannel(t.id(), "town-square", "Town Square");
        createChannel(t.id(), "off-topic", "Off-Topic");
        return t;
    }

    public synchronized Channel createChannel(String teamId, String name, String displayName) {
        Channel c = new Channel(Ids.newId(), teamId, name, displayName, "O", Clock.nowMillis());
        channels.put(c.id(), c);
        channelMembers.put(c.id(), new LinkedHashMap<>());
        return c;
    }

    public Optional<Team> team(String id) {
        return Optional.ofNullable(teams.get(id));
    }

    public Optional<Team> teamByName(String name) {
        return teams.values().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<Channel> channel(String id) {
        return Optional.ofNullable(channels.get(id));
    }

    public Optional<Channel> channelByName(String teamId, String name) {
        return channels.values().stream().filter(c -> c.teamId().equals(teamId) && c.name().equals(name)).findFirst();
    }

    public synchronized Membership addTeamMember(String teamId, String userId) {
        // Re-adding is idempotent here; doc section 8 marks the real answer UNCERTAIN.
        return teamMembers.get(teamId).computeIfAbsent(userId, u -> new Membership(teamId, u, Clock.nowMillis()));
    }

    public synchronized boolean isTeamMember(String teamId, String userId) {
        Map<String, Membership> m = teamMembers.get(teamId);
        return m != null && m.containsKey(userId);
    }

    public synchronized void removeTeamMember(String teamId, String userId) {
        if (teamMembers.get(teamId).remove(userId) == null) {
            throw new ApiError(400, "app.team.get_member.missing.app_error", "No team member found for that user ID and team ID.");
        }
        // Leaving a team leaves its channels too.
        channels.values().stream().filter(c -> c.teamId().equals(teamId))
                .forEach(c -> channelMembers.get(c.id()).remove(userId));
    }

    public synchronized Membership addChannelMember(String channelId, String userId) {
        Channel c = channels.get(channelId);
        if (!isTeamMember(c.teamId(), userId)) {
            throw new ApiError(403, "api.channel.add_user.to.channel.failed.deleted.app_error",
                    "Failed to add user to channel because they have been removed from the team.");
        }
        return channelMembers.get(channelId).computeIfAbsent(userId, u -> new Membership(channelId, u, Clock.nowMillis()));
    }

    public synchronized boolean isChannelMember(String channelId, String userId) {
        Map<String, Membership> m = channelMembers.get(channelId);
        return m != null && m.containsKey(userId);
    }

    public synchronized void removeChannelMember(String channelId, String userId) {
        if (channelMembers.get(channelId).remove(userId) == null) {
            throw new ApiError(404, "app.channel.get_member.missing.app_error", "No channel member found for that user ID and channel ID.");
        }
    }

    public synchronized Set<String> teamMemberIds(String teamId) {
        return Set.copyOf(teamMembers.getOrDefault(teamId, Map.of()).keySet());
    }
}
