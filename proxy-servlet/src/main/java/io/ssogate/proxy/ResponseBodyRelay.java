package io.ssogate.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies a response body from Mattermost to the client chunk by chunk through one fixed buffer, so a
 * 1 GiB download needs 64 KiB of heap. It flushes whenever the upstream has nothing more buffered, so
 * long-polls and streamed answers reach the client as they arrive, while bulk transfers go out in full
 * buffers.
 */
final class ResponseBodyRelay {

    static final int BUFFER_SIZE = 64 * 1024;

    private ResponseBodyRelay() {
    }

    /**
     * @return bytes copied
     * @throws ClientSideException when writing to the client fails (it went away)
     * @throws IOException         when reading from the upstream fails
     */
    static long copy(InputStream serverBody, OutputStream clientBody) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long total = 0;
        int n;
        while ((n = serverBody.read(buffer)) != -1) {
            try {
                clientBody.write(buffer, 0, n);
                if (serverBody.available() == 0) {
                    clientBody.flush();
                }
            } catch (IOException e) {
                throw new ClientSideException("writing the response to the client failed", e);
            }
            total += n;
        }
        try {
            clientBody.flush();
        } catch (IOException e) {
            throw new ClientSideException("writing the response to the client failed", e);
        }
        return total;
    }
}
