package io.ssogate.testkit.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.spi.FilterReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Everything a test makes visible while it runs: each call to a logback logger (including calls below the
 * configured level, which a production setting might enable), the MDC and key-value pairs of the events
 * logged, and the bytes written to {@code System.out} and {@code System.err}. {@link #since} hands out what
 * was captured after a mark, as text with where it came from. Thread-safe.
 */
final class CapturedOutput {

    /** Some captured text and where it came from ({@code System.err}, {@code log WARN com.example.X}). */
    record Entry(String source, String text) {
    }

    /** How far {@link #since} has handed out the captured output. */
    record Mark(int logEntries, int outBytes, int errBytes) {
        static final Mark START = new Mark(0, 0, 0);
    }

    private final List<Entry> logEntries = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final LoggerContext logback;
    private final TurboFilter everyCall = new EveryCall();
    private final AppenderBase<ILoggingEvent> everyEvent = new EveryEvent();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;

    private CapturedOutput(LoggerContext logback) {
        this.logback = logback;
    }

    /** Starts capturing; {@link #stop()} must follow. */
    static CapturedOutput start() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext logback)) {
            throw new IllegalStateException("SecretLeakCheck reads logback's output, but SLF4J is bound to "
                    + factory.getClass().getName());
        }
        CapturedOutput capture = new CapturedOutput(logback);
        capture.everyCall.setContext(logback);
        capture.everyCall.start();
        logback.addTurboFilter(capture.everyCall);
        capture.everyEvent.setContext(logback);
        capture.everyEvent.start();
        logback.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture.everyEvent);
        System.setOut(new PrintStream(new Tee(capture.originalOut, capture.out, capture), true));
        System.setErr(new PrintStream(new Tee(capture.originalErr, capture.err, capture), true));
        return capture;
    }

    void stop() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        logback.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(everyEvent);
        everyEvent.stop();
        logback.getTurboFilterList().remove(everyCall);
        everyCall.stop();
    }

    synchronized Mark mark() {
        return new Mark(logEntries.size(), out.size(), err.size());
    }

    /** What was captured after {@code mark}. */
    synchronized List<Entry> since(Mark mark) {
        List<Entry> entries = new ArrayList<>(logEntries.subList(mark.logEntries(), logEntries.size()));
        entries.add(new Entry("System.out", decode(out.toByteArray(), mark.outBytes())));
        entries.add(new Entry("System.err", decode(err.toByteArray(), mark.errBytes())));
        return entries;
    }

    private synchronized void addLogEntry(String source, String text) {
        logEntries.add(new Entry(source, text));
    }

    private static String decode(byte[] bytes, int from) {
        return new String(bytes, from, bytes.length - from, Charset.defaultCharset());
    }

    /** Sees every call to a logger, enabled or not, before logback decides whether to log it. */
    private final class EveryCall extends TurboFilter {
        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                                  Throwable t) {
            if (format == null && t == null) {
                return FilterReply.NEUTRAL; // isDebugEnabled() and the like: nothing is written
            }
            StringBuilder text = new StringBuilder();
            try {
                text.append(MessageFormatter.arrayFormat(format, params).getMessage());
                if (params != null) {
                    // Arguments the format has no {} for are still handed to appenders and encoders.
                    text.append(' ').append(Arrays.deepToString(params));
                }
            } catch (RuntimeException e) {
                text.append(format).append(" (arguments could not be formatted: ").append(e).append(')');
            }
            Throwable thrown = t;
            if (thrown == null && params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last) {
                thrown = last; // SLF4J's convention: a trailing Throwable argument is the event's exception
            }
            if (thrown != null) {
                text.append('\n').append(ThrowableProxyUtil.asString(new ThrowableProxy(thrown)));
            }
            addLogEntry("log " + level + " " + logger.getName(), text.toString());
            return FilterReply.NEUTRAL;
        }
    }

    /** Sees what each logged event carries besides its message: MDC, key-value pairs, the throwable. */
    private final class EveryEvent extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder text = new StringBuilder(event.getFormattedMessage() == null ? ""
                    : event.getFormattedMessage());
            text.append(' ').append(event.getMDCPropertyMap());
            if (event.getKeyValuePairs() != null) {
                text.append(' ').append(event.getKeyValuePairs());
            }
            if (event.getThrowableProxy() != null) {
                text.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            addLogEntry("logged " + event.getLevel() + " " + event.getLoggerName(), text.toString());
        }
    }

    /** Writes to the original stream and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy;
        private final Object lock;

        Tee(OutputStream original, ByteArrayOutputStream copy, Object lock) {
            this.original = original;
            this.copy = copy;
            this.lock = lock;
        }

        @Override
        public void write(int b) {
            synchronized (lock) {
                copy.write(b);
            }
            try {
                original.write(b);
            } catch (IOException e) {
                // The console went away; the copy is what the check reads.
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (lock) {
                copy.write(b, off, len);
            }
            try {
                original.write(b, off, len);
            } catch (IOException e) {
                // The console went away; the copy is what the check reads.
            }
        }

        @Override
        public void flush() {
            try {
                original.flush();
            } catch (IOException e) {
                // As above.
            }
        }
    }
}
