package io.ssogate.testkit.emulator;

import java.net.URI;
import java.time.Duration;

/**
 * The emulated server's settings, named after Mattermost's {@code config.json} keys, changeable at any time
 * (tests flip them between requests). Defaults are Mattermost's for a new install (doc sections 4, 7, 9, 16).
 */
public final class EmulatorSettings {
    private volatile URI siteUrl;
    private volatile int maximumLoginAttempts = 10;
    private volatile boolean enableUserAccessTokens;
    private volatile boolean experimentalStrictCsrfEnforcement;
    private volatile int sessionLengthWebInHours = 720;
    private volatile int sessionLengthMobileInHours = 720;
    private volatile boolean terminateSessionsOnPasswordChange = true;
    private volatile boolean enableApiUserDeletion;
    private volatile boolean enableSignInWithEmail = true;
    private volatile boolean enableSignInWithUsername = true;
    private volatile boolean anySsoEnabled;
    private volatile boolean requireEmailVerification;
    private volatile int passwordMinimumLength = 8;
    private volatile Duration webSocketAuthTimeout = Duration.ofSeconds(5);

    /** {@code ServiceSettings.SiteURL}; null means unset (cookie path {@code /}, Origin compared with Host). */
    public URI siteUrl() {
        return siteUrl;
    }

    public EmulatorSettings siteUrl(URI value) {
        this.siteUrl = value;
        return this;
    }

    /** {@code ServiceSettings.MaximumLoginAttempts}, default 10. */
    public int maximumLoginAttempts() {
        return maximumLoginAttempts;
    }

    public EmulatorSettings maximumLoginAttempts(int value) {
        this.maximumLoginAttempts = value;
        return this;
    }

    /** {@code ServiceSettings.EnableUserAccessTokens}; Mattermost's default is false, the emulator turns it on when it seeds an admin token. */
    public boolean enableUserAccessTokens() {
        return enableUserAccessTokens;
    }

    public EmulatorSettings enableUserAccessTokens(boolean value) {
        this.enableUserAccessTokens = value;
        return this;
    }

    /** {@code ServiceSettings.ExperimentalStrictCSRFEnforcement}, default false (doc section 3). */
    public boolean experimentalStrictCsrfEnforcement() {
        return experimentalStrictCsrfEnforcement;
    }

    public EmulatorSettings experimentalStrictCsrfEnforcement(boolean value) {
        this.experimentalStrictCsrfEnforcement = value;
        return this;
    }

    public int sessionLengthWebInHours() {
        return sessionLengthWebInHours;
    }

    public EmulatorSettings sessionLengthWebInHours(int value) {
        this.sessionLengthWebInHours = value;
        return this;
    }

    public int sessionLengthMobileInHours() {
        return sessionLengthMobileInHours;
    }

    public EmulatorSettings sessionLengthMobileInHours(int value) {
        this.sessionLengthMobileInHours = value;
        return this;
    }

    public boolean terminateSessionsOnPasswordChange() {
        return terminateSessionsOnPasswordChange;
    }

    public EmulatorSettings terminateSessionsOnPasswordChange(boolean value) {
        this.terminateSessionsOnPasswordChange = value;
        return this;
    }

    /** {@code ServiceSettings.EnableAPIUserDeletion}, default false. */
    public boolean enableApiUserDeletion() {
        return enableApiUserDeletion;
    }

    public EmulatorSettings enableApiUserDeletion(boolean value) {
        this.enableApiUserDeletion = value;
        return this;
    }

    public boolean enableSignInWithEmail() {
        return enableSignInWithEmail;
    }

    public EmulatorSettings enableSignInWithEmail(boolean value) {
        this.enableSignInWithEmail = value;
        return this;
    }

    public boolean enableSignInWithUsername() {
        return enableSignInWithUsername;
    }

    public EmulatorSettings enableSignInWithUsername(boolean value) {
        this.enableSignInWithUsername = value;
        return this;
    }

    /** Whether any SSO method (SAML, GitLab, Google, Office 365, OpenID) is on; it changes the masked login error id. */
    public boolean anySsoEnabled() {
        return anySsoEnabled;
    }

    public EmulatorSettings anySsoEnabled(boolean value) {
        this.anySsoEnabled = value;
        return this;
    }

    /** {@code EmailSettings.RequireEmailVerification}; believed false by default (doc section 4, UNCERTAIN). */
    public boolean requireEmailVerification() {
        return requireEmailVerification;
    }

    public EmulatorSettings requireEmailVerification(boolean value) {
        this.requireEmailVerification = value;
        return this;
    }

    /** {@code PasswordSettings.MinimumLength}, default 8. */
    public int passwordMinimumLength() {
        return passwordMinimumLength;
    }

    public EmulatorSettings passwordMinimumLength(int value) {
        this.passwordMinimumLength = value;
        return this;
    }

    /** How long a WebSocket may stay unauthenticated before it is closed (Mattermost: about 5 s). */
    public Duration webSocketAuthTimeout() {
        return webSocketAuthTimeout;
    }

    public EmulatorSettings webSocketAuthTimeout(Duration value) {
        this.webSocketAuthTimeout = value;
        return this;
    }
}
