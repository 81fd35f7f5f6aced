package org.apache.coyote.ssogatetest;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

/**
 * Stands for the upgraded output stream of a Tomcat whose internals differ from 10.1 and 11 (in Tomcat's
 * package namespace, without its {@code socketWrapper} field), so the tunnel's fallback can be tested.
 */
public final class UnfamiliarUpgradeOutputStream extends ServletOutputStream {

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        // not used
    }

    @Override
    public void write(int b) {
        // not used
    }
}
