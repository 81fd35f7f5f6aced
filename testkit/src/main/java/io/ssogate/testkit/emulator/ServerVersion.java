package io.ssogate.testkit.emulator;

/** The Mattermost version the emulator claims to be. */
public final class ServerVersion {
    public static final String VERSION = "10.11.0";
    public static final String BUILD_NUMBER = "10.11.0";
    public static final String CONFIG_HASH = "emulator0000";
    /** {@code X-Version-Id}: {@code <version>.<build number>.<config hash>.<licensed>} (doc section 1); Team Edition is unlicensed. */
    public static final String VERSION_ID = VERSION + "." + BUILD_NUMBER + "." + CONFIG_HASH + ".false";

    private ServerVersion() {
    }
}
