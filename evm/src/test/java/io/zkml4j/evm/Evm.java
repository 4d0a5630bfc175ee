package io.zkml4j.evm;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The local chain for tests. Without Node.js or the harness's modules a test is skipped with the
 * reason, unless ZKML_REQUIRE_EVM=1 (set by ./test once tools/evm-setup.sh succeeded): then it fails.
 */
final class Evm {
    private Evm() {}

    static LocalChain chain() {
        try {
            return new LocalChain(EvmToolchain.locate());
        } catch (EvmUnavailableException e) {
            if ("1".equals(System.getenv("ZKML_REQUIRE_EVM"))) {
                throw new AssertionError("ZKML_REQUIRE_EVM=1 but " + e.getMessage());
            }
            Assumptions.abort("skipped, no local EVM: " + e.getMessage());
            throw new AssertionError("unreachable");
        }
    }

    /** Compiles the kit with a test contract from this package's resources, deploys it and sends the calls. */
    static LocalChain.Run run(String testSource, String contract, List<byte[]> calls) throws EvmException {
        return chain().run(SolidityKit.sourcesWith(Map.of(testSource, testResource(testSource))), testSource + ":" + contract, calls);
    }

    static String testResource(String name) {
        try (InputStream in = Evm.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
