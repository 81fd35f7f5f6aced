package io.ssogate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * utime+stime of one process from {@code /proc/PID/stat}, the load drivers' reading of a server's CPU (run.sh's
 * {@code cpu_ticks} for one process); unknown (0) without a pid.
 */
public record ProcessCpu(String pid, long clkTck) {

    public static ProcessCpu of(String pid, long clkTck) {
        return new ProcessCpu(pid == null || pid.isBlank() ? null : pid, clkTck);
    }

    public boolean known() {
        return pid != null;
    }

    /** Milliseconds of CPU the process has used so far, all its threads. */
    public double ms() {
        if (pid == null) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"), StandardCharsets.US_ASCII);
            // The command name may hold spaces and parentheses; the fields after its last ")" are fixed.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / clkTck;
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc/" + pid + "/stat", e);
        }
    }
}
