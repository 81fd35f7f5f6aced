package io.ssogate.bench.report;

/**
 * What one server (the upstream, or a proxy's processes together) spent during one measured run, read
 * from {@code /proc} before and after the run only, so warm-ups are never counted.
 *
 * @param cpuMs               utime+stime of the process(es), in milliseconds
 * @param voluntarySwitches   context switches where a thread gave up the CPU (blocked, waited, slept),
 *                            summed over every thread of every process
 * @param involuntarySwitches context switches where the scheduler took the CPU away (time slice over)
 */
public record ProcessCost(double cpuMs, long voluntarySwitches, long involuntarySwitches) {

    public ProcessCost {
        if (cpuMs < 0 || voluntarySwitches < 0 || involuntarySwitches < 0) {
            throw new IllegalArgumentException("a process cost can't be negative: " + cpuMs + " ms, "
                    + voluntarySwitches + " + " + involuntarySwitches + " switches");
        }
    }

    public long switches() {
        return voluntarySwitches + involuntarySwitches;
    }

    /** Microseconds of CPU per request, or NaN when nothing completed. */
    public double cpuMicrosPer(long requests) {
        return requests > 0 ? cpuMs * 1000 / requests : Double.NaN;
    }

    /** Context switches (both kinds) per request, or NaN when nothing completed. */
    public double switchesPer(long requests) {
        return requests > 0 ? (double) switches() / requests : Double.NaN;
    }

    public double voluntarySwitchesPer(long requests) {
        return requests > 0 ? (double) voluntarySwitches / requests : Double.NaN;
    }

    public double involuntarySwitchesPer(long requests) {
        return requests > 0 ? (double) involuntarySwitches / requests : Double.NaN;
    }
}
