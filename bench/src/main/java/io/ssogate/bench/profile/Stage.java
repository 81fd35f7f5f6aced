package io.ssogate.bench.profile;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A stage of the proxied request path, recognised by the frames of a sampled stack. Two kinds:
 * JVM service threads (JIT compiler, GC and VM) are recognised anywhere in the stack; the request
 * path's layers by the innermost frame that belongs to one, so a sample spent in the JDK or the kernel
 * on behalf of a layer (a {@code String} method in the header rules, a park in HttpClient's pool) counts
 * for that layer, except socket reads and writes, which are a stage of their own whoever calls them.
 */
public enum Stage {

    JIT("JIT compiler threads", Pattern.compile("^(CompileBroker|C2Compiler|C1Compiler|Compile)::")),
    GC("GC and VM threads, allocation slow paths",
            Pattern.compile("^(G1\\w*|GangWorker|WorkerThread|ConcurrentGCThread|VMThread|SafepointSynchronize"
                    + "|CollectedHeap|MemAllocator|\\w*GC\\w*)::")),
    SOCKET_IO("socket I/O (JDK socket calls and the kernel below them)", "sun/nio/ch/SocketDispatcher",
            "sun/nio/ch/NioSocketImpl", "sun/nio/ch/SocketChannelImpl", "sun/nio/ch/IOUtil", "java/net/Socket"),
    POLICY("ssogate policy (io.ssogate.proxy.headers)", "io/ssogate/proxy/headers/"),
    SSOGATE("ssogate, the rest (proxy servlet, relay, steps)", "io/ssogate/"),
    HTTP_CLIENT("HttpClient/HttpCore exec chain and pool", "org/apache/hc/"),
    SERVLET("servlet pipeline (Catalina adapter, valves, filters)", "org/apache/catalina/", "jakarta/servlet/"),
    TOMCAT("Tomcat connector and poller (HTTP parsing, socket wrapper, thread pool)", "org/apache/coyote/",
            "org/apache/tomcat/"),
    OTHER("other (JDK alone, interpreter, attach, unknown frames)");

    /** The layers, in the order a frame is tested against them: socket I/O wins over its caller. */
    private static final List<Stage> LAYERS = List.of(SOCKET_IO, POLICY, SSOGATE, HTTP_CLIENT, SERVLET, TOMCAT);

    private final String label;
    private final Pattern serviceThread;
    private final List<String> framePrefixes;

    Stage(String label, Pattern serviceThread) {
        this.label = label;
        this.serviceThread = serviceThread;
        this.framePrefixes = List.of();
    }

    Stage(String label, String... framePrefixes) {
        this.label = label;
        this.serviceThread = null;
        this.framePrefixes = List.of(framePrefixes);
    }

    public String label() {
        return label;
    }

    /** The stage of one sampled stack, frames from the outermost (thread entry) to the leaf. */
    public static Stage of(List<String> frames) {
        for (Stage service : List.of(JIT, GC)) {
            if (frames.stream().anyMatch(frame -> service.serviceThread.matcher(frame).find())) {
                return service;
            }
        }
        for (int i = frames.size() - 1; i >= 0; i--) {
            String frame = frames.get(i);
            for (Stage layer : LAYERS) {
                if (layer.framePrefixes.stream().anyMatch(frame::startsWith)) {
                    return layer;
                }
            }
        }
        return OTHER;
    }
}
