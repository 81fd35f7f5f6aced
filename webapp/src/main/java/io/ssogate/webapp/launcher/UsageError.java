package io.ssogate.webapp.launcher;

/**
 * The command line names something that is not there, such as a configuration file: the launcher prints
 * this one line and exits 2. Unlike a parse error it shows no usage text, because the options were
 * well-formed.
 */
final class UsageError extends RuntimeException {

    UsageError(String message) {
        super(message);
    }
}
