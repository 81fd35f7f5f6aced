package io.ssogate.testkit.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when a secret it registered shows up in what the test made visible: anything logged
 * through logback (also calls below the configured level, which an operator might enable), or written to
 * {@code System.out} or {@code System.err}. The failure names the secret by its number and where it
 * appeared, with the secret masked, so the report does not leak it a second time.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SecretLeakCheck LEAKS = new SecretLeakCheck("hunter2-very-secret");
 *
 * @Test
 * void startUpFailureDoesNotLogThePassword() {
 *     LEAKS.register(generatedToken);   // values made during a test, before they can be logged
 *     ...
 * }
 * }</pre>
 *
 * <p>On a static field it watches the whole class, {@code @BeforeAll} and {@code @AfterAll} included; on an
 * instance field, each test. Each test is checked after it runs, against what was captured since the
 * previous check, with the secrets registered by then.
 */
public final class SecretLeakCheck implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {

    /** Shorter values turn up in ordinary output by chance; tests can afford distinctive secrets. */
    static final int MINIMUM_LENGTH = 6;

    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private CapturedOutput capture;
    private CapturedOutput.Mark checked = CapturedOutput.Mark.START;
    private boolean wholeClass;

    /** @param secrets values that must never appear, each at least {@value #MINIMUM_LENGTH} characters */
    public SecretLeakCheck(String... secrets) {
        for (String secret : secrets) {
            register(secret);
        }
    }

    /** Adds a value that must never appear; returns it, so {@code String token = LEAKS.register(make());}. */
    public String register(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length() < MINIMUM_LENGTH) {
            throw new IllegalArgumentException("a secret to watch for needs at least " + MINIMUM_LENGTH
                    + " characters, or it will be found by chance");
        }
        secrets.add(secret);
        return secret;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        wholeClass = true;
        startCapture();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (capture == null) {
            startCapture();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            check(context.getDisplayName());
        } finally {
            if (!wholeClass) {
                stopCapture();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            check(context.getDisplayName() + " (outside its tests)");
        } finally {
            stopCapture();
        }
    }

    private void startCapture() {
        capture = CapturedOutput.start();
        checked = capture.mark();
    }

    private void stopCapture() {
        if (capture != null) {
            capture.stop();
            capture = null;
        }
    }

    /** Looks at what was captured since the last check; throws naming every leak found. */
    private void check(String where) {
        if (capture == null) {
            return;
        }
        List<CapturedOutput.Entry> entries = capture.since(checked);
        checked = capture.mark();
        List<String> leaks = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i);
            for (CapturedOutput.Entry entry : entries) {
                if (entry.text().contains(secret)) {
                    leaks.add("secret #" + (i + 1) + " in " + entry.source() + ": " + excerpt(entry.text(), i));
                    break;
                }
            }
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("registered secrets appeared in the output of " + where + ":\n  "
                    + String.join("\n  ", leaks));
        }
    }

    /** The line where secret {@code index} appears, every registered secret in it masked. */
    private String excerpt(String text, int index) {
        // Masked before cutting out the line: a secret may itself span lines.
        String masked = text;
        List<Integer> longestFirst = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            longestFirst.add(i);
        }
        longestFirst.sort((a, b) -> secrets.get(b).length() - secrets.get(a).length());
        for (int i : longestFirst) {
            masked = masked.replace(secrets.get(i), "<secret #" + (i + 1) + ">");
        }
        int at = Math.max(0, masked.indexOf("<secret #" + (index + 1) + ">"));
        int start = masked.lastIndexOf('\n', at) + 1;
        int end = masked.indexOf('\n', at);
        String line = masked.substring(start, end < 0 ? masked.length() : end);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
