package io.zkml4j.core.testing;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.MalformedProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * Channels whose challenges come from a script instead of a hash: what a zero-knowledge simulator
 * needs (it picks the challenges first), and what an honest verifier sees in the interactive
 * protocol. Messages are still recorded as proof records, so the verifier parses them as usual.
 */
public final class ScriptedChannels {
    private ScriptedChannels() {}

    /** A source of challenges both sides replay identically. */
    public static final class Script {
        private final Supplier<Ext2> ext;
        private final java.util.function.IntUnaryOperator index;

        public Script(Supplier<Ext2> ext, java.util.function.IntUnaryOperator index) {
            this.ext = ext;
            this.index = index;
        }
    }

    /** Records challenges drawn by a prover so a verifier can replay them. */
    public static final class Tape {
        final Deque<Ext2> exts = new ArrayDeque<>();
        final Deque<int[]> indices = new ArrayDeque<>();
    }

    public static ProverChannel prover(FiatShamirProver recorder, Script script, Tape tape) {
        return new ProverChannel() {
            public void sendBase(String l, long[] e) { recorder.sendBase(l, e); }
            public void sendExt(String l, long[] e) { recorder.sendExt(l, e); }
            public void sendDigest(String l, byte[] d) { recorder.sendDigest(l, d); }
            public void sendBytes(String l, byte[] b) { recorder.sendBytes(l, b); }
            public void grind(String l, int bits) { }
            public void absorbPublic(String l, byte[] d) { }
            public void absorbPublic(String l, long[] e) { }
            public Ext2 challengeExt(String l) {
                Ext2 c = script.ext.get();
                tape.exts.add(c);
                return c;
            }
            public int[] challengeIndices(String l, int count, int bound) {
                int[] out = new int[count];
                for (int i = 0; i < count; i++) {
                    out[i] = script.index.applyAsInt(bound);
                }
                tape.indices.add(out.clone());
                return out;
            }
            public boolean isFiatShamir() { return false; }
        };
    }

    public static VerifierChannel verifier(byte[] proof, Tape tape) throws MalformedProofException {
        FiatShamirVerifier reader = new FiatShamirVerifier(Sha256.INSTANCE, "scripted", proof);
        Deque<Ext2> exts = new ArrayDeque<>(tape.exts);
        Deque<int[]> indices = new ArrayDeque<>(tape.indices);
        return new VerifierChannel() {
            public long[] receiveBase(String l, int c) throws InvalidProofException { return reader.receiveBase(l, c); }
            public long[] receiveExt(String l, int c) throws InvalidProofException { return reader.receiveExt(l, c); }
            public byte[] receiveDigest(String l) throws InvalidProofException { return reader.receiveDigest(l); }
            public byte[] receiveBytes(String l, int n) throws InvalidProofException { return reader.receiveBytes(l, n); }
            public void verifyGrind(String l, int bits) { }
            public void absorbPublic(String l, byte[] d) { }
            public void absorbPublic(String l, long[] e) { }
            public Ext2 challengeExt(String l) { return exts.removeFirst(); }
            public int[] challengeIndices(String l, int count, int bound) { return indices.removeFirst(); }
            public boolean isFiatShamir() { return false; }
        };
    }

    public static FiatShamirProver recorder() {
        return new FiatShamirProver(Sha256.INSTANCE, "scripted");
    }
}
