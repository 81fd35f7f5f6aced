package io.ssogate.testkit.emulator.state;

import io.ssogate.testkit.emulator.EmulatorSettings;

/** The emulated server's data: users, sessions and tokens, teams and channels. Each part is thread-safe. */
public final class EmulatorState {
    public final EmulatorSettings settings;
    public final UserDirectory users;
    public final SessionRegistry sessions;
    public final TeamDirectory teams;

    public EmulatorState(EmulatorSettings settings) {
        this.settings = settings;
        this.users = new UserDirectory(settings);
        this.sessions = new SessionRegistry();
        this.teams = new TeamDirectory();
    }
}
