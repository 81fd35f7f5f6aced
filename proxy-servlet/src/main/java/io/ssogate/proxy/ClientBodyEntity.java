package io.ssogate.proxy;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;

/**
 * The client's body as the upstream request's entity. If the body fails part-way (client gone, limit
 * exceeded), the upstream exchange is cancelled <em>before</em> HttpClient closes its chunked output
 * stream: closing writes the last-chunk (RFC 9112 §7.1), and Mattermost would take a truncated upload
 * for a complete one. Cancelling discards the connection, so the upstream sees it reset instead.
 */
final class ClientBodyEntity extends HttpEntityWrapper {

    private final HttpUriRequestBase proxyRequest;

    ClientBodyEntity(ClientBodyInputStream clientBody, long length, HttpUriRequestBase proxyRequest) {
        super(new InputStreamEntity(clientBody, length, null));
        this.proxyRequest = proxyRequest;
    }

    @Override
    public void writeTo(OutputStream proxyRequestBody) throws IOException {
        try {
            super.writeTo(proxyRequestBody);
        } catch (ClientSideException | RequestBodyTooLargeException clientBodyFailed) {
            proxyRequest.cancel();
            throw clientBodyFailed;
        }
    }
}
