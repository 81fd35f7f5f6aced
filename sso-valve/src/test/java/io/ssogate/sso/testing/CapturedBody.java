package io.ssogate.sso.testing;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A response body written through a mocked response's {@code getOutputStream()}, kept for the test to read. */
public final class CapturedBody extends ServletOutputStream {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
        bytes.write(b);
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
    }

    public byte[] toByteArray() {
        return bytes.toByteArray();
    }

    public String toString(java.nio.charset.Charset charset) {
        return bytes.toString(charset);
    }

    public int size() {
        return bytes.size();
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text();
    }
}
