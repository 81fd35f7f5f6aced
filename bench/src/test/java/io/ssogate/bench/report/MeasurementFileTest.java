package io.ssogate.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasurementFileTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryRowWithCpuAndContextSwitchesAndSkipsComments() throws Exception {
        Path file = dir.resolve("results.tsv");
        Files.writeString(file, """
                # scenario\ttarget\tunit\trate\tp50_ms\tp99_ms\tcount\terrors\tupstream_cpu_ms\tupstream_vcs\tupstream_nvcs\tproxy_cpu_ms\tproxy_vcs\tproxy_nvcs\tclient_cpu_ms\tbusy_pct
                get-c64\tdirect\treq/s\t20000.5\t2.5\t9.1\t200005\t0\t4000\t300000\t10000\t-\t-\t-\t6000\t100
                get-c64\thaproxy\treq/s\t15000\t3.5\t12\t150000\t2\t3000\t200000\t7000\t1500\t45000\t15000\t4500\t99
                """);

        List<Measurement> rows = MeasurementFile.read(file);

        assertEquals(2, rows.size());
        Measurement direct = rows.get(0);
        assertEquals("get-c64", direct.scenario());
        assertEquals(20000.5, direct.rate());
        assertFalse(direct.hasProxy(), "'-' proxy columns mark the run without a proxy");
        assertEquals(20.0, direct.upstreamCpuMicrosPerRequest(), 0.001);
        assertEquals(direct.upstream(), direct.targetCost(), "direct's own cost is the upstream's");
        Measurement haproxy = rows.get(1);
        assertTrue(haproxy.hasProxy());
        assertEquals(10.0, haproxy.proxyCpuMicrosPerRequest(), 0.001);
        assertEquals(0.4, haproxy.targetCost().switchesPer(haproxy.count()), 0.001);
        assertEquals(0.3, haproxy.proxy().voluntarySwitchesPer(haproxy.count()), 0.001);
        assertEquals(0.1, haproxy.proxy().involuntarySwitchesPer(haproxy.count()), 0.001);
        assertEquals(207000, haproxy.upstream().switches(), "voluntary + involuntary");
        assertEquals(2, haproxy.errors());
        assertEquals(30.0, haproxy.clientCpuMicrosPerRequest(), 0.001);
    }

    @Test
    void badRowNamesTheFileLineAndColumn() throws Exception {
        Path file = dir.resolve("results.tsv");
        Files.writeString(file, "get-c64\tnginx\treq/s\t1000\t3.5\t12\t150000\t0\t3000\t1\t1\t1500\t-7\t1\t4500\t99\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeasurementFile.read(file));

        assertEquals(file + ":1: column [proxy_vcs] must be a non-negative number, got [-7]", e.getMessage());
    }

    @Test
    void rowWithMissingColumnsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MeasurementFile.parse("get-c64\tnginx\treq/s\t1"));

        assertTrue(e.getMessage().startsWith("expected 16 tab-separated columns, got 4"), e.getMessage());
    }
}
