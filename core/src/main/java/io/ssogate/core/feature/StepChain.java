package io.ssogate.core.feature;

import jakarta.servlet.ServletException;
import java.io.IOException;

/**
 * The rest of the request's way after a {@link RequestStep}: later steps, then the servlet pipeline.
 *
 * <p>It passes on the same request and response the step was given. A Tomcat valve cannot hand a
 * wrapper down its pipeline, so steps change what travels on through request attributes and the
 * proxy's hooks, never by wrapping; that keeps a step's behaviour identical as a valve and as a filter.
 */
@FunctionalInterface
public interface StepChain {

    void proceed() throws IOException, ServletException;
}
