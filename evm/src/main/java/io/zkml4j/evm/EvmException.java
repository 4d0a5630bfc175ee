package io.zkml4j.evm;

/** The local EVM run failed: sources that do not compile, a contract that does not deploy, or a broken harness. */
public final class EvmException extends Exception {
    public EvmException(String message) {
        super(message);
    }
}
