package io.zkml4j.evm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where the local-chain harness is: Node.js (20 or later) on the PATH, and the harness folder
 * ({@code evm/js}: chain.mjs with solc-js and @ethereumjs/vm installed by {@code tools/evm-setup.sh}
 * from the committed package-lock.json). Nothing is downloaded here; a missing piece is reported
 * with what to run.
 */
public record EvmToolchain(String node, Path harness) {
    /** Overrides the harness folder (otherwise found from the working directory upwards). */
    public static final String HARNESS_PROPERTY = "zkml4j.evm.harness";

    /** The toolchain, or an {@link EvmUnavailableException} saying what is missing and how to get it. */
    public static EvmToolchain locate() throws EvmUnavailableException {
        Path harness = harnessFolder();
        if (!Files.isDirectory(harness.resolve("node_modules/solc")) || !Files.isDirectory(harness.resolve("node_modules/@ethereumjs/vm"))) {
            throw new EvmUnavailableException("the EVM harness's node modules are not installed in " + harness
                    + "/node_modules: run tools/evm-setup.sh (npm ci from the committed package-lock.json)");
        }
        String node = System.getenv().getOrDefault("ZKML_NODE", "node");
        int major = nodeMajorVersion(node);
        if (major < 20) {
            throw new EvmUnavailableException("Node.js 20 or later is needed for the local EVM, found version " + major + " (" + node + ")");
        }
        return new EvmToolchain(node, harness);
    }

    private static Path harnessFolder() throws EvmUnavailableException {
        String configured = System.getProperty(HARNESS_PROPERTY);
        if (configured != null) {
            Path p = Path.of(configured);
            if (!Files.isRegularFile(p.resolve("chain.mjs"))) {
                throw new EvmUnavailableException(HARNESS_PROPERTY + "=" + configured + " has no chain.mjs");
            }
            return p.toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve("evm/js"), dir.resolve("js")}) {
                if (Files.isRegularFile(candidate.resolve("chain.mjs")) && Files.isRegularFile(candidate.resolve("package-lock.json"))) {
                    return candidate;
                }
            }
        }
        throw new EvmUnavailableException("no EVM harness (evm/js/chain.mjs) above " + Path.of("").toAbsolutePath()
                + "; set -D" + HARNESS_PROPERTY + "=<zkml4j>/evm/js");
    }

    private static int nodeMajorVersion(String node) throws EvmUnavailableException {
        try {
            Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.matches("v\\d+\\..*")) {
                throw new EvmUnavailableException("'" + node + " --version' failed: " + out);
            }
            return Integer.parseInt(out.substring(1, out.indexOf('.')));
        } catch (IOException e) {
            throw new EvmUnavailableException("Node.js is not on the PATH (" + e.getMessage() + "); the local EVM needs Node.js 20 or later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvmUnavailableException("interrupted while looking for Node.js");
        }
    }
}
