package io.zkml4j.core.testing;

import io.zkml4j.core.transcript.InvalidProofException;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Feeds random and mutated bytes to a verifier: every run must end either in acceptance (only
 * possible for the unmodified proof) or in an InvalidProofException — never another exception.
 */
public final class ProofFuzz {
    private ProofFuzz() {}

    public static void assertCleanRejections(byte[] honest, int trials, long seed, ProofMutator.Verification verify) {
        run(honest, trials, seed, verify, false);
    }

    /** For parsers alone: a modified input may parse (it is then another well-formed object). */
    public static void assertParsesOrRejectsCleanly(byte[] honest, int trials, long seed, ProofMutator.Verification parse) {
        run(honest, trials, seed, parse, true);
    }

    private static void run(byte[] honest, int trials, long seed, ProofMutator.Verification verify, boolean mayAccept) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int trial = 0; trial < trials; trial++) {
            byte[] bytes = switch (trial % 6) {
                case 0 -> randomBytes(r.nextInt(2 * honest.length + 1), r);
                case 1 -> java.util.Arrays.copyOf(honest, r.nextInt(honest.length)); // truncated
                case 2 -> { // header kept, random body
                    byte[] b = randomBytes(honest.length, r);
                    int header = Math.min(honest.length, 10 + java.nio.ByteBuffer.wrap(honest).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(6));
                    System.arraycopy(honest, 0, b, 0, header);
                    yield b;
                }
                case 3 -> { // a few random bytes changed
                    byte[] b = honest.clone();
                    for (int k = 0; k < 1 + r.nextInt(8); k++) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
                    yield b;
                }
                case 4 -> { // extra bytes appended
                    byte[] b = java.util.Arrays.copyOf(honest, honest.length + 1 + r.nextInt(64));
                    for (int i = honest.length; i < b.length; i++) {
                        b[i] = (byte) r.nextInt(256);
                    }
                    yield b;
                }
                default -> { // a record count field corrupted
                    byte[] b = honest.clone();
                    int at = 10 + r.nextInt(Math.max(1, b.length - 14));
                    b[at] = (byte) r.nextInt(256);
                    b[at + 1] = (byte) r.nextInt(256);
                    yield b;
                }
            };
            try {
                verify.run(bytes);
                if (!mayAccept && !java.util.Arrays.equals(bytes, honest)) {
                    fail("trial " + trial + ": a modified proof was accepted");
                }
            } catch (AssertionError e) {
                throw e;
            } catch (InvalidProofException expected) {
                // a clean rejection
            } catch (Exception | Error e) {
                throw new AssertionError("trial " + trial + ": the verifier threw " + e + " instead of rejecting cleanly", e);
            }
        }
    }

    private static byte[] randomBytes(int n, SplittableRandom r) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
