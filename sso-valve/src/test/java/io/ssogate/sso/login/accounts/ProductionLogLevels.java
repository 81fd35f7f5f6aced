package io.ssogate.sso.login.accounts;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Holds HttpClient's wire and header logs at INFO, as the gateway's {@code logback.xml} does even at
 * {@code SSOGATE_LOG_LEVEL=DEBUG}: at DEBUG they print every request, the admin token's
 * {@code Authorization} header and the passwords in the bodies included. This module's tests run with
 * logback's default (everything at DEBUG), so without this a leak check would find HttpClient's lines, not
 * ours.
 */
final class ProductionLogLevels implements BeforeAllCallback, AfterAllCallback {

    static final String[] HELD = {"org.apache.hc.client5.http.wire", "org.apache.hc.client5.http.headers"};

    private final Map<String, Level> before = new LinkedHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        for (String name : HELD) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            before.put(name, logger.getLevel());
            logger.setLevel(Level.INFO);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        before.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }
}
