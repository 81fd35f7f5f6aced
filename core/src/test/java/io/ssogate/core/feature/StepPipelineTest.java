package io.ssogate.core.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** The features' steps run in stage order, once per request, whether a valve or a filter runs them first. */
class StepPipelineTest {

    private final List<String> ran = new ArrayList<>();
    private final HttpServletRequest request = requestWithAttributes(DispatcherType.REQUEST);
    private final HttpServletResponse response = mock(HttpServletResponse.class);
    private final FilterChain chain = mock(FilterChain.class);

    @Test
    void stepsRunInStageOrderWhateverOrderTheyWereInstalledIn() throws Exception {
        StepPipeline pipeline = new StepPipeline(List.of(
                step("login", Stage.MATTERMOST_LOGIN), step("session", Stage.IDENTITY),
                step("hygiene", Stage.REQUEST_HYGIENE), step("certificate", Stage.IDENTITY)));

        pipeline.doFilter(request, response, chain);

        assertEquals(List.of("hygiene", "session", "certificate", "login"), ran,
                "stage order; within a stage, installation order");
        verify(chain).doFilter(request, response);
    }

    @Test
    void aStepThatAnswersItselfStopsTheRequestThere() throws Exception {
        StepPipeline pipeline = new StepPipeline(List.of(
                new StepPipeline.NamedStep("t", "refuse", Stage.REQUEST_HYGIENE, (rq, rs, next) -> {
                    ran.add("refuse");
                    rs.sendError(400);
                }),
                step("never", Stage.IDENTITY)));

        pipeline.doFilter(request, response, chain);

        assertEquals(List.of("refuse"), ran);
        verify(response).sendError(400);
        verify(chain, never()).doFilter(any(), any());
    }

    @Test
    void stepsThatRanInTheValveAreNotRunAgainByTheFilter() throws Exception {
        StepPipeline pipeline = new StepPipeline(List.of(step("session", Stage.IDENTITY)));
        FilterChain valveNext = (rq, rs) -> pipeline.doFilter(rq, rs, chain); // the WAR's filter, after the valve

        pipeline.doFilter(request, response, valveNext);

        assertEquals(List.of("session"), ran);
        verify(chain).doFilter(request, response);
    }

    @Test
    void forwardsIncludesAndAsyncDispatchesPassUntouched() throws Exception {
        StepPipeline pipeline = new StepPipeline(List.of(step("session", Stage.IDENTITY)));
        for (DispatcherType type : List.of(DispatcherType.FORWARD, DispatcherType.INCLUDE, DispatcherType.ASYNC,
                DispatcherType.ERROR)) {
            HttpServletRequest dispatched = requestWithAttributes(type);
            pipeline.doFilter(dispatched, response, chain);
            verify(chain).doFilter(dispatched, response);
        }
        assertEquals(List.of(), ran);
    }

    private StepPipeline.NamedStep step(String name, Stage stage) {
        return new StepPipeline.NamedStep("test", name, stage, (rq, rs, next) -> {
            ran.add(name);
            next.proceed();
        });
    }

    private static HttpServletRequest requestWithAttributes(DispatcherType type) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        Map<String, Object> attributes = new HashMap<>();
        when(request.getDispatcherType()).thenReturn(type);
        when(request.getAttribute(Mockito.anyString())).thenAnswer(i -> attributes.get(i.<String>getArgument(0)));
        Mockito.doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1)))
                .when(request).setAttribute(Mockito.anyString(), any());
        return request;
    }
}
