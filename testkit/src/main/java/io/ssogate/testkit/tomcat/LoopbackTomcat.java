package io.ssogate.testkit.tomcat;

import java.nio.file.Path;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * An embedded Tomcat as the tests use one: a base directory of its own (also the host's appBase, so nothing
 * is looked for in the working directory) and one connector on a free port of 127.0.0.1, never on another
 * address. The port is known once it started: {@code tomcat.getConnector().getLocalPort()}.
 */
public final class LoopbackTomcat {

    private LoopbackTomcat() {
    }

    /** A new Tomcat in {@code baseDir}, listening on loopback. */
    public static Tomcat create(Path baseDir) {
        Tomcat tomcat = new Tomcat();
        listenOnLoopback(tomcat, baseDir);
        return tomcat;
    }

    /** Gives {@code tomcat} the base directory {@code baseDir} and a connector on a free loopback port. */
    public static Connector listenOnLoopback(Tomcat tomcat, Path baseDir) {
        tomcat.setBaseDir(baseDir.toString());
        tomcat.getHost().setAppBase(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        return connector;
    }
}
