package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;

/**
 * How a round polynomial of degree d travels: its values at 0, 2, 3, ..., d (d extension
 * elements). The value at 1 is implied by the claim, s(1) = claim − s(0), which is exactly the
 * check the verifier would otherwise make, so omitting it saves space without losing soundness.
 */
final class RoundPolynomials {
    private RoundPolynomials() {}

    static void send(ProverChannel ch, String label, Ext2[] values) {
        int d = values.length - 1;
        Ext2[] wire = new Ext2[d];
        wire[0] = values[0];
        for (int i = 2; i <= d; i++) {
            wire[i - 1] = values[i];
        }
        ch.sendExt(label, io.zkml4j.core.poly.ExtVectors.of(wire));
    }

    /** Receives a round polynomial and returns its values at 0..d (with s(1) filled in). */
    static Ext2[] receive(VerifierChannel ch, String label, int degree, Ext2 claim) throws InvalidProofException {
        Ext2[] wire = io.zkml4j.core.poly.ExtVectors.toArray(ch.receiveExt(label, degree));
        Ext2[] values = new Ext2[degree + 1];
        values[0] = wire[0];
        values[1] = claim.sub(wire[0]);
        for (int i = 2; i <= degree; i++) {
            values[i] = wire[i - 1];
        }
        return values;
    }

    static Ext2 evaluate(Ext2[] values, Ext2 x) {
        return Univariate.evaluate(values, x);
    }
}
