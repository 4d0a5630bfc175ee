package io.zkml4j.proof;

import io.zkml4j.core.util.ChaChaRandom;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.relation.Challenges;
import io.zkml4j.proof.witness.Witness;

import java.util.Random;
import java.util.function.BiFunction;

/**
 * The witnesses of a proof's sections (an accuracy proof's chunks, a training's steps), each needed
 * for its commitment, its inverses and its sumcheck. Kept between them while all of them fit in a
 * third of the heap; else built again each time from the section's own seed (the same vectors and
 * masks), which costs more runs of the computation.
 */
final class KeptWitnesses {
    private final BiFunction<Integer, Random, Witness> build;
    private final byte[][] seeds;
    private final Witness[] kept;
    private final boolean keep;

    /** One seed per section is drawn from {@code random} here; {@code build} makes section j's witness from its randomness. */
    KeptWitnesses(int sections, boolean keep, Random random, BiFunction<Integer, Random, Witness> build) {
        this.build = build;
        this.keep = keep;
        seeds = new byte[sections][32];
        for (byte[] seed : seeds) {
            random.nextBytes(seed);
        }
        kept = new Witness[sections];
    }

    /**
     * Sections already computed ({@link ComputedSteps}): their seeds, and their witnesses kept if
     * {@code keep} (else dropped, and built again from the seeds when needed).
     */
    KeptWitnesses(ComputedSteps computed, boolean keep, BiFunction<Integer, Random, Witness> build) {
        this.build = build;
        this.keep = keep;
        seeds = computed.seeds();
        kept = new Witness[seeds.length];
        for (int j = 0; j < kept.length; j++) {
            Witness w = computed.take(j);
            kept[j] = keep ? w : null;
        }
    }

    /** Whether witnesses committing {@code values} values in all, at {@code bytesPerValue} bytes each, fit in a third of the heap. */
    static boolean fitInHeap(long values, long bytesPerValue) {
        return values * bytesPerValue <= Runtime.getRuntime().maxMemory() / 3;
    }

    Witness get(int j) {
        if (kept[j] != null) {
            return kept[j];
        }
        Witness w = build.apply(j, ChaChaRandom.fromSeed(seeds[j]));
        if (keep) {
            kept[j] = w;
        }
        return w;
    }

    /** Section j's witness with its inverses for the lookup challenges c (computed again if it was built again). */
    Witness withInverses(int j, Circuit circuit, Challenges c) {
        Witness w = get(j);
        if (w.inverseVectors() == null) {
            w.computeInverses(CircuitSection.alphas(c, circuit), CircuitSection.betas(c, circuit));
        }
        return w;
    }

    /** Section j's witness is in its commitments from here on. */
    void release(int j) {
        kept[j] = null;
    }
}
