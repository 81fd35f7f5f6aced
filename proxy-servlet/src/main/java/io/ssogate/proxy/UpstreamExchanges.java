package io.ssogate.proxy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectionKeepAliveStrategy;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.ConnectionShutdownException;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.impl.classic.RequestFailedException;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.impl.DefaultConnectionReuseStrategy;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.protocol.HttpProcessor;
import org.apache.hc.core5.http.protocol.DefaultHttpProcessor;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Runs one request/response exchange at a time per pooled connection to the upstream: HttpCore's request
 * executor over HttpClient's pooling connection manager, without HttpClient's execution chain.
 *
 * <p>Why not a {@code CloseableHttpClient}: its chain (redirects, retries, cookies, authentication,
 * compression, protocol and user-agent interceptors) is work a proxy turns off one feature at a time and
 * still pays for on every request; benchmarked, it was the largest single cost of a proxied request. What
 * the proxy needs from HttpClient is the connection manager: the pool, the stale check after inactivity
 * ({@code validateAfterInactivity}), connect timeouts and TLS. Everything else here is one straight path:
 * lease, connect if new, write the request framed by its entity, read the head, hand the response to the
 * caller, and return the connection to the pool only once the body was read to its end.
 */
final class UpstreamExchanges {

    /**
     * The only protocol steps the proxy wants: frame the body (Content-Length or chunked) from its entity,
     * and name the upstream in a Host field only if the client sent none (HTTP/1.0).
     */
    private static final HttpProcessor FRAMING = new DefaultHttpProcessor(new RequestContent(), new RequestTargetHost());
    private static final DefaultConnectionReuseStrategy REUSE = DefaultConnectionReuseStrategy.INSTANCE;

    private final PoolingHttpClientConnectionManager pool;
    private final HttpRoute route;
    private final HttpRequestExecutor executor = new HttpRequestExecutor(REUSE);
    private final ConnectionKeepAliveStrategy keepAlive = DefaultConnectionKeepAliveStrategy.INSTANCE;
    private final Timeout leaseTimeout;
    private final Timeout connectTimeout;
    private final TimeValue defaultKeepAlive;

    /**
     * @param leaseTimeout     how long to wait for a free pooled connection
     * @param connectTimeout   how long to wait for a new connection (and its TLS handshake)
     * @param defaultKeepAlive how long an idle connection may be reused when the upstream gives no hint
     */
    UpstreamExchanges(PoolingHttpClientConnectionManager pool, HttpRoute route, Timeout leaseTimeout,
                      Timeout connectTimeout, TimeValue defaultKeepAlive) {
        this.pool = pool;
        this.route = route;
        this.leaseTimeout = leaseTimeout;
        this.connectTimeout = connectTimeout;
        this.defaultKeepAlive = defaultKeepAlive;
    }

    /**
     * Sends {@code request} and passes the response to {@code handler} while the connection is held. After
     * the handler the rest of the body is read (so the connection can be reused) and the connection goes
     * back to the pool; on any failure, or when {@code request} is cancelled, it is closed instead.
     *
     * @param id the proxy's request id, so HttpClient's own debug lines about this exchange carry it
     * @throws ClientProtocolException when the upstream's answer is not valid HTTP
     */
    <T> T execute(HttpUriRequestBase request, String id, HttpClientResponseHandler<T> handler) throws IOException {
        Lease lease = lease(id, request);
        boolean reusable = false;
        TimeValue keepFor = TimeValue.ZERO_MILLISECONDS;
        try {
            ConnectionEndpoint endpoint = lease.endpoint();
            HttpClientContext context = HttpClientContext.create();
            if (!endpoint.isConnected()) {
                pool.connect(endpoint, connectTimeout, context);
            }
            // The response timeout is the connection's socket timeout, set by the pool (ConnectionConfig)
            // when it connects; setting it again for every request costs a measurable share of a small GET.
            FRAMING.process(request, request.getEntity(), context);
            ClassicHttpResponse response = endpoint.execute(id, request, executor, context);
            // If the handler fails (a client gone, an upstream cut off) the connection is closed below,
            // never drained: draining a large body nobody will read would hold the thread and the upstream.
            T result = handler.handleResponse(response);
            if (request.isCancelled()) {
                // The handler cut the exchange off (an answer of its own instead of a large body): the
                // connection is closed already, and nothing is left to read.
                return result;
            }
            // What the handler left unread makes the connection reusable once read; a handler that relayed
            // the body has read it to its end already, so this normally costs one check.
            EntityUtils.consume(response.getEntity());
            reusable = REUSE.keepAlive(request, response, context);
            if (reusable) {
                TimeValue hinted = keepAlive.getKeepAliveDuration(response, context);
                keepFor = TimeValue.isPositive(hinted) && hinted.compareTo(defaultKeepAlive) < 0 ? hinted : defaultKeepAlive;
            }
            return result;
        } catch (HttpException notHttp) {
            throw new ClientProtocolException(notHttp.getMessage(), notHttp);
        } catch (ConnectionShutdownException cancelled) {
            throw interrupted("exchange cancelled", cancelled);
        } finally {
            lease.release(reusable && !request.isCancelled(), keepFor);
        }
    }

    private Lease lease(String id, HttpUriRequestBase request) throws IOException {
        LeaseRequest leaseRequest = pool.lease(id, route, leaseTimeout, null);
        request.setDependency(leaseRequest);
        ConnectionEndpoint endpoint;
        try {
            endpoint = leaseRequest.get(leaseTimeout);
        } catch (TimeoutException e) {
            leaseRequest.cancel();
            throw new ConnectionRequestTimeoutException("no free upstream connection within " + leaseTimeout);
        } catch (InterruptedException e) {
            leaseRequest.cancel();
            Thread.currentThread().interrupt();
            throw interrupted("interrupted waiting for an upstream connection", e);
        } catch (ExecutionException e) {
            leaseRequest.cancel();
            throw new RequestFailedException("could not lease an upstream connection", e.getCause() == null ? e : e.getCause());
        }
        Lease lease = new Lease(endpoint);
        request.setDependency(lease);
        if (request.isCancelled()) {
            // Cancelled while it waited for the connection: setDependency does not cancel what it is given.
            lease.cancel();
            throw interrupted("exchange cancelled before it started", null);
        }
        return lease;
    }

    private static InterruptedIOException interrupted(String message, Exception cause) {
        InterruptedIOException e = new InterruptedIOException(message);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /** One leased connection; cancelling the request closes it at once (a client that went away). */
    private final class Lease implements Cancellable {

        private final AtomicReference<ConnectionEndpoint> held;

        Lease(ConnectionEndpoint endpoint) {
            this.held = new AtomicReference<>(endpoint);
        }

        ConnectionEndpoint endpoint() throws InterruptedIOException {
            ConnectionEndpoint endpoint = held.get();
            if (endpoint == null) {
                throw new InterruptedIOException("exchange cancelled");
            }
            return endpoint;
        }

        void release(boolean reusable, TimeValue keepFor) {
            ConnectionEndpoint endpoint = held.getAndSet(null);
            if (endpoint == null) {
                return; // cancelled: already closed and released
            }
            if (!reusable) {
                endpoint.close(CloseMode.IMMEDIATE);
            }
            pool.release(endpoint, null, reusable ? keepFor : TimeValue.ZERO_MILLISECONDS);
        }

        @Override
        public boolean cancel() {
            ConnectionEndpoint endpoint = held.getAndSet(null);
            if (endpoint == null) {
                return false;
            }
            endpoint.close(CloseMode.IMMEDIATE);
            pool.release(endpoint, null, TimeValue.ZERO_MILLISECONDS);
            return true;
        }
    }
}
