package io.ssogate.core.mattermost;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The parts of Mattermost's User object the gateway uses (section 7 of our API notes). Unknown fields
 * are ignored so a newer server adds fields without breaking us.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MattermostUser(
        String id,
        String username,
        String email,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName,
        String nickname,
        String position,
        @JsonProperty("auth_service") String authService,
        @JsonProperty("delete_at") long deleteAt,
        String roles) {

    public boolean isActive() {
        return deleteAt == 0;
    }
}
