package io.ssogate.core.feature;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The rest of the request's way after a {@link RequestStep}: later steps, then the servlet pipeline. */
@FunctionalInterface
public interface StepChain {

    void proceed(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException;
}
