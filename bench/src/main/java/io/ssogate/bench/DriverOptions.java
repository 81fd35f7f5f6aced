package io.ssogate.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code --name value} options of the load drivers ({@code SignInLoad}, {@code ScimLoad}). A problem goes to
 * the driver's {@code usage}, which prints it with the driver's usage line and exits 2.
 */
public final class DriverOptions {

    private final Map<String, String> values;
    private final Consumer<String> usage;

    private DriverOptions(Map<String, String> values, Consumer<String> usage) {
        this.values = values;
        this.usage = usage;
    }

    public static DriverOptions parse(String[] args, Consumer<String> usage) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage.accept("bad option list: " + Arrays.toString(args));
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        return new DriverOptions(values, usage);
    }

    public String get(String name) {
        return values.get(name);
    }

    public String getOrDefault(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public boolean containsKey(String name) {
        return values.containsKey(name);
    }

    public String required(String name) {
        String value = values.get(name);
        if (value == null) {
            usage.accept("--" + name + " is required");
        }
        return value;
    }

    /** A whole number above 0; {@code fallback} when absent (null: required). */
    public int positive(String name, String fallback) {
        String value = values.getOrDefault(name, fallback);
        if (value == null) {
            usage.accept("--" + name + " is required");
        }
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        usage.accept("--" + name + " must be a whole number above 0, not [" + value + "]");
        return 0;
    }
}
