package io.ssogate.core.mattermost;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A user to create. Users the gateway logs in for stay e-mail users (no {@code auth_service}) with a
 * gateway-generated password, because Mattermost refuses password logins for SSO-typed users; the
 * address is marked verified since the identity provider vouches for it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewMattermostUser(
        String username,
        String email,
        String password,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName,
        String nickname,
        @JsonProperty("email_verified") boolean emailVerified) {

    public NewMattermostUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "NewMattermostUser[username=" + username + ", email=" + email + "]";
    }
}
