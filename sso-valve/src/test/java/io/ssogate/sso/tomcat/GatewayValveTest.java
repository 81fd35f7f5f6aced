package io.ssogate.sso.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.testkit.tomcat.LoopbackTomcat;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The valve runs the published steps, then calls the published terminal servlet itself for the requests
 * Tomcat mapped to it, and leaves everything else to the servlet pipeline.
 */
class GatewayValveTest {

    private static Tomcat tomcat;
    private static URI base;
    private static final List<String> trace = new CopyOnWriteArrayList<>();
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        tomcat = LoopbackTomcat.create(Files.createTempDirectory("gateway-valve-test"));
        tomcat.getHost().getPipeline().addValve(new GatewayValve());
        Context context = tomcat.addContext("", null);
        HttpServlet terminal = new RecordingServlet("terminal");
        Tomcat.addServlet(context, "terminal", terminal).setLoadOnStartup(1);
        context.addServletMappingDecoded("/", "terminal");
        Tomcat.addServlet(context, "other", new RecordingServlet("other"));
        context.addServletMappingDecoded("/other", "other");
        tomcat.start();
        Filter steps = (request, response, chain) -> {
            trace.add("steps");
            chain.doFilter(request, response);
        };
        context.getServletContext().setAttribute(GatewayValve.STEPS_ATTRIBUTE, steps);
        context.getServletContext().setAttribute(GatewayValve.TERMINAL_SERVLET_ATTRIBUTE, terminal);
        base = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    @BeforeEach
    void clearTrace() {
        trace.clear();
    }

    @Test
    void aRequestMappedToTheTerminalServletIsServedAfterTheStepsWithoutTheServletPipeline() throws Exception {
        HttpResponse<String> response = get("/api/v4/system/ping");

        assertEquals(200, response.statusCode());
        assertEquals("terminal", response.body());
        assertEquals(List.of("steps", "terminal"), trace);
        assertEquals("false", response.headers().firstValue("X-Wrapper-Valve").orElseThrow());
        assertEquals("false", response.headers().firstValue("X-Filter-Chain").orElseThrow());
        assertEquals("org.apache.catalina.connector.RequestFacade",
                response.headers().firstValue("X-Request-Class").orElseThrow(),
                "the servlet gets the facade, as from the pipeline");
        assertEquals("/api/v4/system/ping", response.headers().firstValue("X-Path").orElseThrow(),
                "the mapping Tomcat made is what the servlet sees");
    }

    @Test
    void aRequestMappedToAnotherServletTakesThePipelineAfterTheSteps() throws Exception {
        HttpResponse<String> response = get("/other");

        assertEquals("other", response.body());
        assertEquals(List.of("steps", "other"), trace);
        assertEquals("true", response.headers().firstValue("X-Wrapper-Valve").orElseThrow());
    }

    @Test
    void theProtectedWebInfAndMetaInfPathsStayTheContainers404() throws Exception {
        for (String path : List.of("/WEB-INF/web.xml", "/meta-inf/MANIFEST.MF", "/WEB-INF")) {
            assertEquals(404, get(path).statusCode(), path);
        }
        assertFalse(trace.contains("terminal"), trace.toString());
    }

    @Test
    void aServletFailingBeforeItAnswersGivesA500() throws Exception {
        assertEquals(500, get("/fail-early").statusCode());
        assertTrue(trace.contains("terminal"));
    }

    @Test
    void aServletFailingAfterItBeganToAnswerCutsTheConnectionSoTheAnswerLooksIncomplete() {
        IOException cutShort = assertThrows(IOException.class, () -> get("/fail-late"));
        assertTrue(trace.contains("terminal"), cutShort.toString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Answers its name, and how it was called: from the wrapper valve and a filter chain, or not. */
    private static final class RecordingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String name;

        RecordingServlet(String name) {
            this.name = name;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            trace.add(name);
            List<String> callers = Arrays.stream(Thread.currentThread().getStackTrace())
                    .map(StackTraceElement::getClassName).toList();
            if (request.getRequestURI().equals("/fail-early")) {
                throw new IOException("failed before answering");
            }
            response.setHeader("X-Wrapper-Valve",
                    String.valueOf(callers.contains("org.apache.catalina.core.StandardWrapperValve")));
            response.setHeader("X-Filter-Chain",
                    String.valueOf(callers.contains("org.apache.catalina.core.ApplicationFilterChain")));
            response.setHeader("X-Request-Class", request.getClass().getName());
            response.setHeader("X-Path", request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo()));
            if (request.getRequestURI().equals("/fail-late")) {
                response.setContentLength(1000);
                response.getOutputStream().write(new byte[100]);
                response.flushBuffer();
                throw new IOException("failed mid-answer");
            }
            response.getWriter().write(name);
        }
    }
}
