package io.zkml4j.cli;

import io.zkml4j.core.demo.CoreDemo;
import io.zkml4j.core.hash.HashFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "core-demo", mixinStandardHelpOptions = true,
        description = {"Runs the proof-system core end to end on random data: commits to a polynomial of 2^N values,",
                "proves and verifies an evaluation and a zero-knowledge sumcheck, and prints times, proof sizes",
                "and the security level. Each flow runs --repeat times; the table shows the median."})
final class CoreDemoCommand implements Callable<Integer> {
    @Option(names = "--log-size", defaultValue = "20", description = "log2 of the polynomial size (default: ${DEFAULT-VALUE})")
    int logSize;

    @Option(names = "--security", defaultValue = "100", description = "target security in bits (default: ${DEFAULT-VALUE})")
    int security;

    @Option(names = "--hash", defaultValue = "sha256", description = "sha256 or keccak256 (default: ${DEFAULT-VALUE})")
    String hash;

    @Option(names = "--repeat", defaultValue = "3", description = "runs per flow; the first includes JIT warm-up (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random polynomials (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        if (logSize < 1 || logSize > 26) {
            throw new Main.UserError("--log-size must be between 1 and 26");
        }
        if (security < 40 || security > 128) {
            throw new Main.UserError("--security must be between 40 and 128 bits");
        }
        if (repeat < 1) {
            throw new Main.UserError("--repeat must be at least 1");
        }
        HashFunction h;
        try {
            h = HashFunction.byName(hash);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError(e.getMessage());
        }
        CoreDemo demo = new CoreDemo(logSize, security, h, seed);
        System.out.printf(Locale.ROOT, "zkml4j core demo: Goldilocks (p = 2^64 - 2^32 + 1), challenges in F_p^2, %s transcript%n", h.name());
        System.out.printf(Locale.ROOT, "commitment: %s%n", demo.parameters().describe());
        System.out.printf(Locale.ROOT, "security:   %s%n", demo.parameters().security());
        System.out.printf(Locale.ROOT, "machine:    %d cores, Java %s%n%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
        List<CoreDemo.Report> reports = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            System.out.printf(Locale.ROOT, "run %d/%d ...%n", i + 1, repeat);
            reports.add(demo.run());
        }
        boolean allValid = true;
        System.out.println();
        System.out.printf(Locale.ROOT, "%-58s %10s %10s %10s %12s  %s%n", "flow", "commit", "prove", "verify", "proof", "result");
        int flows = reports.get(0).flows().size();
        for (int f = 0; f < flows; f++) {
            final int index = f;
            List<CoreDemo.Flow> runs = reports.stream().map(rep -> rep.flows().get(index)).toList();
            CoreDemo.Flow first = runs.get(0);
            boolean valid = runs.stream().allMatch(CoreDemo.Flow::valid);
            allValid &= valid;
            System.out.printf(Locale.ROOT, "%-58s %8.1f ms %8.1f ms %8.1f ms %9.1f KiB  %s%n", first.name(),
                    median(runs.stream().mapToDouble(CoreDemo.Flow::commitMs).toArray()),
                    median(runs.stream().mapToDouble(CoreDemo.Flow::proveMs).toArray()),
                    median(runs.stream().mapToDouble(CoreDemo.Flow::verifyMs).toArray()),
                    first.proofBytes() / 1024.0, valid ? "verified" : "REJECTED: " + first.rejection());
        }
        return allValid ? Main.OK : Main.INVALID;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
