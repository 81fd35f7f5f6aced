package io.ssogate.proxy;

import java.io.IOException;

/**
 * A request body over {@code maxRequestBodyBytes}: declared so by its Content-Length, or a chunked body
 * that grew past it while streaming (the upstream request is then abandoned).
 */
class RequestBodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    RequestBodyTooLargeException(long limit) {
        super("request body exceeds " + limit + " bytes");
        this.limit = limit;
    }

    RequestBodyTooLargeException(long limit, long declaredLength) {
        super("Content-Length " + declaredLength + " exceeds the limit of " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
