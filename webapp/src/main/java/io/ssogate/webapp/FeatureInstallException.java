package io.ssogate.webapp;

/** A feature failed to install; the message names the feature, so an admin knows which settings to look at. */
public final class FeatureInstallException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    FeatureInstallException(String feature, Exception cause) {
        super("feature [" + feature + "] failed to install: " + cause.getMessage(), cause);
    }
}
