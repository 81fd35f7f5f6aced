package io.ssogate.proxy.hooks;

import java.io.IOException;

/** A proxy hook threw; the proxy answers 502 (or drops a started answer) and logs the hook by name. */
public final class HookFailedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String hookName;

    HookFailedException(String hookName, Exception cause) {
        super("proxy hook [" + hookName + "] failed: " + cause, cause);
        this.hookName = hookName;
    }

    public String hookName() {
        return hookName;
    }
}
