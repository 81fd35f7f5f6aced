package io.ssogate.core.feature;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A step every request passes through, written against the Servlet API only. The launcher runs the steps
 * in a Tomcat valve and a dropped WAR in a filter; neither adapter holds any logic, so a step behaves the
 * same in both.
 */
@FunctionalInterface
public interface RequestStep {

    /**
     * Either answers the request itself or calls {@code next.proceed()} to pass it on.
     */
    void handle(HttpServletRequest request, HttpServletResponse response, StepChain next)
            throws IOException, ServletException;
}
