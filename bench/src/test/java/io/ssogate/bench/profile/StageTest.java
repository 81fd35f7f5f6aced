package io.ssogate.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StageTest {

    private static final String REQUEST = "java/lang/Thread.run;org/apache/tomcat/util/threads/ThreadPoolExecutor$Worker.run;"
            + "org/apache/coyote/http11/Http11Processor.service;org/apache/catalina/connector/CoyoteAdapter.service;"
            + "org/apache/catalina/core/ApplicationFilterChain.doFilter;io/ssogate/proxy/ProxyServlet.service";

    private static Stage stageOf(String collapsed) {
        return Stage.of(Arrays.asList(collapsed.split(";")));
    }

    @Test
    void jdkCodeCalledFromTheHeaderRulesCountsAsPolicy() {
        assertEquals(Stage.POLICY, stageOf(REQUEST + ";io/ssogate/proxy/headers/HeaderRules.apply;java/lang/String.toLowerCase"));
    }

    @Test
    void socketWritesCountAsSocketIoWhoeverCallsThem() {
        assertEquals(Stage.SOCKET_IO, stageOf(REQUEST + ";org/apache/hc/client5/http/impl/classic/InternalHttpClient.doExecute;"
                + "org/apache/hc/core5/http/impl/io/SessionOutputBufferImpl.flush;java/net/Socket$SocketOutputStream.write;"
                + "sun/nio/ch/NioSocketImpl.write;tcp_sendmsg_[k];pvm_irq_enable_[k]"));
        assertEquals(Stage.SOCKET_IO, stageOf(REQUEST + ";org/apache/catalina/connector/CoyoteOutputStream.write;"
                + "org/apache/tomcat/util/net/NioEndpoint$NioSocketWrapper.doWrite;sun/nio/ch/SocketChannelImpl.write"));
    }

    @Test
    void waitingInHttpClientsPoolCountsAsHttpClient() {
        assertEquals(Stage.HTTP_CLIENT, stageOf(REQUEST + ";org/apache/hc/core5/pool/StrictConnPool.lease;"
                + "java/util/concurrent/locks/LockSupport.park;jdk/internal/misc/Unsafe.park;futex_wait_[k]"));
    }

    @Test
    void proxyServletOwnCodeIsSsogateAndValvesAreTheServletPipeline() {
        assertEquals(Stage.SSOGATE, stageOf(REQUEST + ";java/util/HashMap.get"));
        assertEquals(Stage.SERVLET, stageOf("java/lang/Thread.run;org/apache/coyote/http11/Http11Processor.service;"
                + "org/apache/catalina/core/StandardHostValve.invoke"));
    }

    @Test
    void pollerAndRequestParsingAreTomcat() {
        assertEquals(Stage.TOMCAT, stageOf("java/lang/Thread.run;org/apache/tomcat/util/net/NioEndpoint$Poller.run;"
                + "sun/nio/ch/SelectorImpl.select;sun/nio/ch/EPoll.wait;do_epoll_wait_[k]"));
        assertEquals(Stage.TOMCAT, stageOf("java/lang/Thread.run;org/apache/coyote/http11/Http11InputBuffer.parseRequestLine"));
    }

    @Test
    void compilerAndGcThreadsAreRecognisedWhateverTheirLeaf() {
        assertEquals(Stage.JIT, stageOf("clone3;start_thread;thread_native_entry;Thread::call_run;"
                + "JavaThread::thread_main_inner;CompileBroker::compiler_thread_loop;PhaseIdealLoop::build_loop_late"));
        assertEquals(Stage.GC, stageOf("clone3;start_thread;thread_native_entry;Thread::call_run;GangWorker::run;"
                + "GangWorker::loop;G1ParTask::work"));
        assertEquals(Stage.GC, stageOf(REQUEST + ";OptoRuntime::new_array_C;MemAllocator::allocate"),
                "an allocation slow path in a request thread is the GC's cost");
    }

    @Test
    void stacksOfNoKnownLayerAreOther() {
        assertEquals(Stage.OTHER, stageOf("[unknown];java/util/HashMap.get"));
        assertEquals(Stage.OTHER, stageOf("clone3;start_thread;thread_native_entry;Thread::call_run;"
                + "JavaThread::thread_main_inner;attach_listener_thread_entry"));
    }
}
