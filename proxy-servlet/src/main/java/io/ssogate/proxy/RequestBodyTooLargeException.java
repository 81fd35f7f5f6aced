package io.ssogate.proxy;

import java.io.IOException;

/** A chunked request body grew past {@code maxRequestBodyBytes}; the upstream request is abandoned. */
class RequestBodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    RequestBodyTooLargeException(long limit) {
        super("request body exceeds " + limit + " bytes");
    }
}
