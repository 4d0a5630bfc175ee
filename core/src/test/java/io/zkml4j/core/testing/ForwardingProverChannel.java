package io.zkml4j.core.testing;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.transcript.ProverChannel;

/** A prover channel that passes everything to another; tests override what they watch or alter. */
public class ForwardingProverChannel implements ProverChannel {
    protected final ProverChannel inner;

    public ForwardingProverChannel(ProverChannel inner) {
        this.inner = inner;
    }

    @Override public void sendBase(String l, long[] e) { inner.sendBase(l, e); }
    @Override public void sendExt(String l, long[] e) { inner.sendExt(l, e); }
    @Override public void sendDigest(String l, byte[] d) { inner.sendDigest(l, d); }
    @Override public void sendBytes(String l, byte[] b) { inner.sendBytes(l, b); }
    @Override public void grind(String l, int bits) { inner.grind(l, bits); }
    @Override public void absorbPublic(String l, byte[] d) { inner.absorbPublic(l, d); }
    @Override public void absorbPublic(String l, long[] e) { inner.absorbPublic(l, e); }
    @Override public Ext2 challengeExt(String l) { return inner.challengeExt(l); }
    @Override public int[] challengeIndices(String l, int count, int bound) { return inner.challengeIndices(l, count, bound); }
    @Override public boolean isFiatShamir() { return inner.isFiatShamir(); }
}
