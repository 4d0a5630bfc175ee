package io.zkml4j.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.*;

class MainTest {
    /** Runs the CLI capturing stdout and stderr. */
    static String[] run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true));
        System.setErr(new PrintStream(e, true));
        try {
            int code = Main.run(args);
            return new String[] {String.valueOf(code), o.toString(), e.toString()};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void coreDemoRunsEndToEnd() {
        String[] r = run("core-demo", "--log-size", "8", "--repeat", "1", "--security", "64");
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("verified"), r[1]);
        assertTrue(r[1].contains("bits"), r[1]);
    }

    @Test
    void usageErrorsExitWithTwoAndAClearMessage() {
        String[] r = run("core-demo", "--log-size", "99");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--log-size must be between"), r[2]);
        assertEquals("2", run("core-demo", "--hash", "md5")[0]);
        assertEquals("2", run("no-such-command")[0]);
        assertEquals("2", run("core-demo", "--log-size", "abc")[0]);
    }

    @Test
    void helpListsTheCommands() {
        String[] r = run("--help");
        assertEquals("0", r[0]);
        for (String command : new String[] {"commit", "prove", "verify", "accuracy", "demo", "bench"}) {
            assertTrue(r[1].contains(command), r[1]);
            String[] h = run(command, "--help");
            assertEquals("0", h[0], command);
            assertTrue(h[1].contains("Usage: zkml " + command), h[1]);
        }
    }
}
