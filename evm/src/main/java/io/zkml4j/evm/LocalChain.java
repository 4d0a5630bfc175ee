package io.zkml4j.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A fresh local EVM per run: compiles Solidity sources with solc-js (optimiser on, via IR), deploys
 * one contract and sends it transactions, each measured in gas (the harness {@code evm/js/chain.mjs},
 * run with Node.js). Nothing persists between runs.
 */
public final class LocalChain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final long TIMEOUT_SECONDS = 600;

    private final EvmToolchain toolchain;

    public LocalChain(EvmToolchain toolchain) {
        this.toolchain = toolchain;
    }

    /** One transaction's outcome. Gas: the transaction's total, its calldata part (EIP-2028) and what the code ran. */
    public record Call(boolean success, long gasUsed, long calldataGas, long executionGas, byte[] returnData, String error) {
        /** The revert reason of a failed call (Solidity's Error(string)), or the EVM's error. */
        public String revertReason() {
            return Abi.revertReason(returnData).orElse(error);
        }
    }

    /** A run: compile time, deployed code size, deployment gas and the calls in order. */
    public record Run(long compileMillis, int bytecodeBytes, long deployGas, List<Call> calls) {}

    /**
     * Compiles {@code sources} (file name → text), deploys {@code contract} ("File.sol:Name"), after
     * the libraries whose public functions it calls, linked into its code, and sends each calldata in order.
     *
     * @throws EvmException when the sources do not compile, the contract does not deploy, or the harness fails
     */
    public Run run(Map<String, String> sources, String contract, List<byte[]> calldata) throws EvmException {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode src = request.putObject("sources");
        sources.forEach(src::put);
        request.put("contract", contract);
        var calls = request.putArray("calls");
        for (byte[] data : calldata) {
            calls.add("0x" + HEX.formatHex(data));
        }
        JsonNode answer = exchange(request);
        if (answer.has("error")) {
            throw new EvmException(answer.get("error").asText());
        }
        List<Call> results = new ArrayList<>();
        for (JsonNode c : answer.get("calls")) {
            String ret = c.get("returnData").asText();
            results.add(new Call(c.get("success").asBoolean(), c.get("gasUsed").asLong(), c.get("calldataGas").asLong(),
                    c.get("executionGas").asLong(), HEX.parseHex(ret.startsWith("0x") ? ret.substring(2) : ret),
                    c.get("error").isNull() ? null : c.get("error").asText()));
        }
        return new Run(answer.get("compileMs").asLong(), answer.get("bytecodeBytes").asInt(), answer.get("deployGas").asLong(), results);
    }

    private JsonNode exchange(ObjectNode request) throws EvmException {
        Process p;
        try {
            p = new ProcessBuilder(toolchain.node(), "chain.mjs").directory(toolchain.harness().toFile()).start();
        } catch (IOException e) {
            throw new EvmException("could not start " + toolchain.node() + ": " + e.getMessage());
        }
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(request));
        } catch (IOException e) {
            p.destroyForcibly();
            throw new EvmException("could not send the request to the EVM harness: " + e.getMessage());
        }
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new EvmException("the EVM harness ran longer than " + TIMEOUT_SECONDS + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            if (text.isEmpty()) {
                throw new EvmException("the EVM harness exited with status " + p.exitValue() + " and no answer: "
                        + new String(stderr.join(), StandardCharsets.UTF_8).trim());
            }
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new EvmException("unreadable answer from the EVM harness: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new EvmException("interrupted");
        }
    }

    private static byte[] readAll(java.io.InputStream s) {
        try {
            return s.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
