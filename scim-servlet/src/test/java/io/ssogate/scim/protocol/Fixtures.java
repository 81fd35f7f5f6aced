package io.ssogate.scim.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Request bodies shaped on the vendors' published SCIM examples, under {@code src/test/resources/fixtures}. */
final class Fixtures {

    private Fixtures() {
    }

    /** The fixture {@code name} with each {@code %KEY%} replaced: {@code fixture("okta/put-user.json", "ID", id)}. */
    static String fixture(String name, String... replacements) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (int i = 0; i < replacements.length; i += 2) {
                text = text.replace("%" + replacements[i] + "%", replacements[i + 1]);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
