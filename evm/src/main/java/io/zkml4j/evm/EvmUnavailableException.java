package io.zkml4j.evm;

/** The local EVM cannot run here (no Node.js, or the harness's modules are not installed); the message says what to do. */
public final class EvmUnavailableException extends Exception {
    public EvmUnavailableException(String message) {
        super(message);
    }
}
