package io.zkml4j.proof;

import io.zkml4j.proof.witness.Witness;

import java.util.Arrays;

/**
 * A training's step witnesses as the training computed them (its weights come from them), each
 * with the seed its randomness came from. A prover that keeps its witnesses commits these instead
 * of computing every step a second time; one that does not builds each again from its seed, which
 * gives the same vectors and masks.
 */
final class ComputedSteps {
    private final byte[][] seeds;
    private final Witness[] witnesses;

    /** {@code witnesses}: null, or one per step (the array is the caller's no longer). */
    ComputedSteps(byte[][] seeds, Witness[] witnesses) {
        if (witnesses != null && witnesses.length != seeds.length) {
            throw new IllegalArgumentException(witnesses.length + " witnesses for " + seeds.length + " steps");
        }
        this.seeds = seeds;
        this.witnesses = witnesses;
    }

    int steps() {
        return seeds.length;
    }

    byte[][] seeds() {
        return seeds;
    }

    /** Steps [from, to) of these: seeds shared, witnesses handed over (this object forgets them). */
    ComputedSteps take(int from, int to) {
        Witness[] part = null;
        if (witnesses != null) {
            part = Arrays.copyOfRange(witnesses, from, to);
            Arrays.fill(witnesses, from, to, null);
        }
        return new ComputedSteps(Arrays.copyOfRange(seeds, from, to), part);
    }

    /** Step t's witness, which this object forgets; null when it was not kept. */
    Witness take(int t) {
        if (witnesses == null) {
            return null;
        }
        Witness w = witnesses[t];
        witnesses[t] = null;
        return w;
    }
}
