package io.ssogate.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageBreakdownTest {

    @TempDir
    Path dir;

    private Path collapsed(String text) throws Exception {
        return Files.writeString(dir.resolve("stacks.collapsed"), text);
    }

    @Test
    void samplesAddUpPerStageWithTheirKernelPart() throws Exception {
        StageBreakdown breakdown = StageBreakdown.read(collapsed("""
                java/lang/Thread.run;io/ssogate/proxy/headers/HeaderRules.apply 30
                java/lang/Thread.run;org/apache/hc/core5/http/impl/io/X.read;sun/nio/ch/NioSocketImpl.read;tcp_recvmsg_[k] 50
                java/lang/Thread.run;io/ssogate/proxy/headers/ForwardedHeaders.add;java/lang/StringBuilder.append 10
                java/lang/Thread.run;org/apache/hc/core5/http/impl/io/X.read;sun/nio/ch/NioSocketImpl.read 10
                """));

        assertEquals(new StageBreakdown.Counts(40, 0), breakdown.counts(Stage.POLICY));
        assertEquals(new StageBreakdown.Counts(60, 50), breakdown.counts(Stage.SOCKET_IO));
        assertEquals(new StageBreakdown.Counts(0, 0), breakdown.counts(Stage.TOMCAT));
        assertEquals(100, breakdown.totalSamples());
    }

    @Test
    void stageMicrosPerRequestAreTheirShareOfTheMeasuredCpu() throws Exception {
        StageBreakdown breakdown = StageBreakdown.read(collapsed("""
                java/lang/Thread.run;io/ssogate/proxy/headers/HeaderRules.apply 25
                java/lang/Thread.run;sun/nio/ch/NioSocketImpl.read;tcp_recvmsg_[k] 75
                """));

        // 1,000 requests and 200 ms measured: 200 µs per request; 100 samples of 1 ms add up to 100 µs.
        String markdown = breakdown.render(1000, 200, 1);

        assertTrue(markdown.startsWith("100 samples, 1,000 requests, 200.0 µs of CPU per request measured by /proc;"
                + " the samples (1 ms each) add up to 100.0 µs per request (50%)."), markdown);
        assertTrue(markdown.contains("| ssogate policy (io.ssogate.proxy.headers) | 25 | 25.0% | 50.0 | 0.0 |\n"), markdown);
        assertTrue(markdown.contains("| socket I/O (JDK socket calls and the kernel below them) | 75 | 75.0% | 150.0 | 150.0 |\n"),
                markdown);
        assertTrue(markdown.contains("| **total** | 100 | 100.0% | 200.0 | 150.0 |\n"), markdown);
    }

    @Test
    void aLineWithoutACountNamesItsFileAndLine() throws Exception {
        Path file = collapsed("java/lang/Thread.run 3\njava/lang/Thread.run;oops\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StageBreakdown.read(file));

        assertEquals(file + ":2: expected \"frame;frame;... COUNT\", got [java/lang/Thread.run;oops]", e.getMessage());
    }

    @Test
    void anEmptyProfileIsRefusedRatherThanDividedByZero() throws Exception {
        StageBreakdown empty = StageBreakdown.read(collapsed(""));

        assertThrows(IllegalArgumentException.class, () -> empty.render(1000, 200, 1));
    }
}
