package io.zkml4j.core.ntt;

import io.zkml4j.core.field.Goldilocks;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;

/**
 * The radix-2 DIF butterfly stage of {@link Ntt} in the machine's vector lanes (Java's vector API,
 * loaded only when {@link io.zkml4j.core.util.VectorLanes} says the lanes are on): for j in a
 * range, (a_j, a_{j+h}) ← (a_j + a_{j+h}, (a_j − a_{j+h})·ω_j), canonical in, canonical out, the
 * same values as the scalar stage. One method holds the whole loop body, so that C2 inlines it
 * whole (see {@link io.zkml4j.core.hash.Poseidon2Lanes} on why vectors must not cross calls).
 */
final class NttVector {
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    private static final long LOW = 0xFFFF_FFFFL;
    private static final long EPSILON = Goldilocks.EPSILON;

    private NttVector() {}

    /** The stage of span h on [start, start + 2h) for j in [from, to), multiples of LANES; twiddle of j at roots[h + j]. */
    static void butterflies(long[] a, int start, int h, long[] roots, int from, int to) {
        for (int j = from; j < to; j += LANES) {
            LongVector x = LongVector.fromArray(SPECIES, a, start + j);
            LongVector y = LongVector.fromArray(SPECIES, a, start + h + j);
            LongVector w = LongVector.fromArray(SPECIES, roots, h + j);
            // x + y: a carry out of 64 bits or a sum ≥ p both take p off (add 2^32 − 1, mod 2^64)
            LongVector sum = x.add(y);
            LongVector carry = x.and(y).or(x.or(y).and(sum.not())).lanewise(ASHR, 63);
            LongVector atLeastP = sum.and(sum.add(EPSILON).not()).lanewise(ASHR, 63); // sum + EPSILON wraps exactly when sum ≥ p
            sum.add(carry.or(atLeastP).and(EPSILON)).intoArray(a, start + j);
            // x − y: a borrow adds p (subtract 2^32 − 1, mod 2^64)
            LongVector d = x.sub(y);
            LongVector borrow = x.not().and(y).or(x.not().or(y).and(d)).lanewise(ASHR, 63);
            d = d.sub(borrow.and(EPSILON));
            // d·w: the 128-bit product from four 32-bit ones, reduced with 2^64 = 2^32 − 1 and 2^96 = −1,
            // then made canonical. Written out here as in Poseidon2Vector.mulLanes rather than shared:
            // C2 does not reliably inline a shared helper into both loops, and a vector passed to a call
            // left out is boxed (measured: the shared version allocated on every permutation).
            LongVector dl = d.and(LOW), dh = d.lanewise(LSHR, 32);
            LongVector wl = w.and(LOW), wh = w.lanewise(LSHR, 32);
            LongVector ll = dl.mul(wl), lh = dl.mul(wh), hl = dh.mul(wl), hh = dh.mul(wh);
            LongVector mid = ll.lanewise(LSHR, 32).add(lh.and(LOW)).add(hl.and(LOW)); // below 3·2^32
            LongVector lo = mid.lanewise(LSHL, 32).or(ll.and(LOW));
            LongVector hi = hh.add(lh.lanewise(LSHR, 32)).add(hl.lanewise(LSHR, 32)).add(mid.lanewise(LSHR, 32));
            LongVector hiHi = hi.lanewise(LSHR, 32);
            LongVector hiLo = hi.and(LOW);
            LongVector t0 = lo.sub(hiHi);
            t0 = t0.sub(lo.not().and(t0).lanewise(ASHR, 63).and(EPSILON)); // a borrow is worth −(2^32 − 1)
            LongVector t1 = hiLo.lanewise(LSHL, 32).sub(hiLo);
            LongVector r = t0.add(t1);
            r = r.add(t0.and(t1).or(t0.or(t1).and(r.not())).lanewise(ASHR, 63).and(EPSILON)); // a carry cannot repeat
            LongVector atLeast = r.and(r.add(EPSILON).not()).lanewise(ASHR, 63);
            r.add(atLeast.and(EPSILON)).intoArray(a, start + h + j); // canonical
        }
    }
}
