package io.ssogate.proxy.websocket;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the client's upgraded connection, from any thread.
 *
 * <p>{@link WebConnection#close()} is enough when called on a container thread. Tomcat (10.1 and 11)
 * closes an upgraded socket only when its poller next dispatches an event for it, though: closing the
 * streams from one of our channel threads (upstream ended, idle or write timeout) would leave the
 * client's TCP connection open until the client sends something, and a client waiting for frames never
 * does. So, after the portable close, we also close Tomcat's socket wrapper, as Tomcat's own WebSocket
 * code does from application threads. On other containers the portable close is all we do.
 *
 * <p>What would let the reflection go: Tomcat ending an upgraded connection when the application has
 * closed both its streams outside a container callback. Today {@code UpgradeProcessorExternal.close()}
 * (what {@code WebConnection.close()} runs) only marks the streams closed, and {@code dispatch()} returns
 * {@code CLOSED} when it next runs for a socket event. If that close asked the socket wrapper to close,
 * or dispatched {@code SocketEvent.STOP} to the connection itself (as Tomcat does on shutdown), the
 * portable close would suffice; so would a Servlet API to close a {@link WebConnection} from any thread.
 * Until then this is tested on Tomcat 10.1 and 11 (the {@code tunnel-on-tomcat-10.1} surefire execution
 * and {@code ClientConnectionCloserTest}), and a Tomcat whose internals differ gets a warning, once.
 */
final class ClientConnectionCloser {

    private static final Logger log = LoggerFactory.getLogger(ClientConnectionCloser.class);

    /** The one every tunnel uses, so the warning comes once per gateway, not once per tunnel. */
    private static final ClientConnectionCloser SHARED = new ClientConnectionCloser();

    private final AtomicBoolean warned = new AtomicBoolean();

    static void close(WebConnection clientConnection, String tunnelId) {
        SHARED.closeConnection(clientConnection, tunnelId);
    }

    void closeConnection(WebConnection clientConnection, String tunnelId) {
        ServletOutputStream out = null;
        try {
            out = clientConnection.getOutputStream();
            clientConnection.close();
        } catch (Exception e) {
            log.debug("[{}] closing the client connection: {}", tunnelId, e.toString());
        }
        if (out != null && isTomcats(out.getClass())) {
            closeTomcatSocket(out, tunnelId);
        }
    }

    private static boolean isTomcats(Class<?> type) {
        return type.getName().startsWith("org.apache.coyote.");
    }

    private void closeTomcatSocket(ServletOutputStream out, String tunnelId) {
        for (Class<?> type = out.getClass(); type != null && isTomcats(type); type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField("socketWrapper");
                field.setAccessible(true);
                Object socketWrapper = field.get(out);
                if (socketWrapper != null) {
                    Method close = socketWrapper.getClass().getMethod("close");
                    close.invoke(socketWrapper);
                }
                return;
            } catch (NoSuchFieldException e) {
                // try the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                cannotCloseDirectly(out.getClass(), e.toString(), tunnelId);
                return;
            }
        }
        cannotCloseDirectly(out.getClass(), "no socketWrapper field", tunnelId);
    }

    private void cannotCloseDirectly(Class<?> streamType, String reason, String tunnelId) {
        if (warned.compareAndSet(false, true)) {
            log.warn("Cannot close upgraded client connections directly on this Tomcat ([{}]: [{}]). A WebSocket"
                    + " that the gateway ends (Mattermost closed it, or it timed out) stays open on the client's"
                    + " side until the client next sends something, and its socket stays open until then too."
                    + " Browsers notice at their next ping; please report this with your Tomcat version.",
                    streamType.getName(), reason);
        } else {
            log.debug("[{}] could not close Tomcat's socket directly: {}", tunnelId, reason);
        }
    }
}
