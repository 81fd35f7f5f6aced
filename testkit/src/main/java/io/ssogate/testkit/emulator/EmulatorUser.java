package io.ssogate.testkit.emulator;

/** A snapshot of an emulated user, as returned by the Java test API. */
public record EmulatorUser(String id, String username, String email, boolean systemAdmin, boolean active) {
}
