package io.ssogate.proxy.websocket;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the client's upgraded connection, from any thread.
 *
 * <p>{@link WebConnection#close()} is enough when called on a container thread. Tomcat (10.1 and 11)
 * closes an upgraded socket only when its poller next dispatches an event for it, though: closing the
 * streams from one of our channel threads (upstream ended, idle timeout) would leave the client's TCP
 * connection open until the client sends something, and a client waiting for frames never does. So,
 * after the portable close, we also close Tomcat's socket wrapper, as Tomcat's own WebSocket code does
 * from application threads. On other containers the portable close is all we do.
 */
final class ClientConnectionCloser {

    private static final Logger log = LoggerFactory.getLogger(ClientConnectionCloser.class);

    private ClientConnectionCloser() {
    }

    static void close(WebConnection clientConnection, String tunnelId) {
        ServletOutputStream out = null;
        try {
            out = clientConnection.getOutputStream();
            clientConnection.close();
        } catch (Exception e) {
            log.debug("[{}] closing the client connection: {}", tunnelId, e.toString());
        }
        if (out != null) {
            closeTomcatSocket(out, tunnelId);
        }
    }

    private static void closeTomcatSocket(ServletOutputStream out, String tunnelId) {
        for (Class<?> type = out.getClass(); type != null; type = type.getSuperclass()) {
            if (!type.getName().startsWith("org.apache.coyote.")) {
                continue;
            }
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
                log.debug("[{}] could not close Tomcat's socket directly: {}", tunnelId, e.toString());
                return;
            }
        }
    }
}
