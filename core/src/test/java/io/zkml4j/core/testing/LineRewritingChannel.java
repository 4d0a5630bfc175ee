package io.zkml4j.core.testing;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.transcript.ProverChannel;

import java.util.function.BiFunction;

/**
 * A dishonest Basefold prover's channel (list-decoding regime): it rewrites the line message
 * ("pcs.line": the opened polynomial on the line to the out-of-domain point, at t = 0..n) with
 * {@code line}, which sees the honest values and the line's challenge t* if one was drawn before
 * (null otherwise); everything else passes through, so the rest of the proof follows the
 * transcript the verifier sees.
 */
public final class LineRewritingChannel extends ForwardingProverChannel {
    private final BiFunction<Ext2[], Ext2, Ext2[]> line;
    private Ext2 lineAt;

    public LineRewritingChannel(ProverChannel inner, BiFunction<Ext2[], Ext2, Ext2[]> line) {
        super(inner);
        this.line = line;
    }

    @Override
    public void sendExt(String label, long[] values) {
        inner.sendExt(label, label.equals("pcs.line") ? ExtVectors.of(line.apply(ExtVectors.toArray(values), lineAt)) : values);
    }

    @Override
    public Ext2 challengeExt(String label) {
        Ext2 c = inner.challengeExt(label);
        if (label.equals("pcs.lineAt")) {
            lineAt = c;
        }
        return c;
    }
}
