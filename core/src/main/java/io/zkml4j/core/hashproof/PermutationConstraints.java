package io.zkml4j.core.hashproof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Poseidon2;

import static io.zkml4j.core.hashproof.PermutationTrace.LANES;
import static io.zkml4j.core.hashproof.PermutationTrace.OUTPUT_STAGE;
import static io.zkml4j.core.hashproof.PermutationTrace.STAGES;
import static io.zkml4j.core.hashproof.PermutationTrace.TABLES;
import static io.zkml4j.core.hashproof.PermutationTrace.table;

/**
 * The permutation's steps as one random combination. Step (s, l) for stage s ≥ 1 says
 * stage_s[l] = Σ_j M_s[l][j]·σ_s(stage_{s−1}[j]) + c_s[l], with M_s the layer applied before stage s
 * (external for s = 1 and after full rounds, internal after partial ones), σ_s(x) = x^7 on the
 * lanes whose S-box runs in that round and x elsewhere, and c_s the next round's constants (none
 * before the output). With a coefficient β per step, the combination at every slot is
 *
 * <pre>  Σ_T a_T·T + Σ_{T with an S-box} b_T·T^7 = Σ_steps β·c  =: H</pre>
 *
 * a linear part (one table L = Σ a_T·T for the prover) plus one septic term per S-box table.
 */
final class PermutationConstraints {
    /** Steps: one per lane of stages 1..31. */
    static final int STEPS = (STAGES - 1) * LANES;
    private static final long[][] EXTERNAL = Poseidon2.externalMatrix();
    private static final long[][] INTERNAL = Poseidon2.internalMatrix();
    /** The S-box tables, in a fixed order: full rounds' lanes and the partial rounds' lane 0. */
    static final int[] SBOX_TABLES = sboxTables();

    final Ext2[] linear;  // a_T for every table
    final Ext2[] septic;  // b_T for each of SBOX_TABLES
    final Ext2 constant;  // H

    PermutationConstraints(Ext2[] beta) {
        if (beta.length != STEPS) {
            throw new IllegalArgumentException("one coefficient per step: " + STEPS);
        }
        Ext2[] a = new Ext2[TABLES];
        Ext2[] b = new Ext2[TABLES];
        java.util.Arrays.fill(a, Ext2.ZERO);
        java.util.Arrays.fill(b, Ext2.ZERO);
        Ext2 h = Ext2.ZERO;
        for (int s = 1; s < STAGES; s++) {
            long[][] m = matrixBefore(s);
            for (int l = 0; l < LANES; l++) {
                Ext2 bk = beta[(s - 1) * LANES + l];
                a[table(s, l)] = a[table(s, l)].add(bk);
                h = h.add(bk.mul(constantOf(s, l)));
                for (int j = 0; j < LANES; j++) {
                    Ext2 c = bk.mul(m[l][j]);
                    int source = table(s - 1, j);
                    if (hasSbox(s - 1, j)) {
                        b[source] = b[source].sub(c);
                    } else {
                        a[source] = a[source].sub(c);
                    }
                }
            }
        }
        this.linear = a;
        this.septic = new Ext2[SBOX_TABLES.length];
        for (int i = 0; i < SBOX_TABLES.length; i++) {
            septic[i] = b[SBOX_TABLES[i]];
        }
        this.constant = h;
    }

    /** The combination at one slot, from the tables' values there (the verifier's final check uses the masked values). */
    Ext2 combination(Ext2 linearValue, Ext2[] sboxValues) {
        Ext2 v = linearValue;
        for (int i = 0; i < sboxValues.length; i++) {
            Ext2 x = sboxValues[i];
            Ext2 x3 = x.square().mul(x);
            v = v.add(septic[i].mul(x3.square().mul(x)));
        }
        return v;
    }

    /** True when stage s lane j is an S-box input (stages 1..30: round s − 1). */
    static boolean hasSbox(int stage, int lane) {
        if (stage < 1 || stage > Poseidon2.ROUNDS) {
            return false;
        }
        return !Poseidon2.isPartial(stage - 1) || lane == 0;
    }

    /** The linear layer between stage s − 1 and stage s. */
    private static long[][] matrixBefore(int stage) {
        if (stage == 1) {
            return EXTERNAL;
        }
        return Poseidon2.isPartial(stage - 2) ? INTERNAL : EXTERNAL;
    }

    /** c_s[l]: round s − 1's constant for stages 1..30, nothing for the output. */
    private static long constantOf(int stage, int lane) {
        return stage == OUTPUT_STAGE ? 0 : Poseidon2.roundConstant(stage - 1, lane);
    }

    private static int[] sboxTables() {
        return java.util.stream.IntStream.range(0, TABLES).filter(t -> hasSbox(t / LANES, t % LANES)).toArray();
    }
}
