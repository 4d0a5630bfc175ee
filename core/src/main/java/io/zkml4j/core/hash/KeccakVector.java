package io.zkml4j.core.hash;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.AND_NOT;
import static jdk.incubator.vector.VectorOperators.ROL;
import static jdk.incubator.vector.VectorOperators.XOR;

/**
 * {@link Keccak256#permute} (Keccak-f[1600]) on {@link #LANES} states at once, one state per lane
 * of the machine's widest vectors, with Java's vector API (the incubating module
 * {@code jdk.incubator.vector}). Loaded only by {@link KeccakLanes} when that module is present
 * and the lanes are on.
 *
 * <p>Layout: the states lie lane-major, {@code s[i·LANES + j]} is lane A[i] (i = x + 5y) of state
 * {@code j}.
 *
 * <p>Why the code looks as it does: a vector that crosses a call C2 did not inline is boxed as an
 * object (see {@link Poseidon2Vector}), so the whole permutation is one method, with no call
 * taking or returning a vector: the 25 lanes are locals across the 24 rounds, and the round body
 * is {@link Keccak256#permute}'s, written with the vector API's own operations (a rotation by a
 * constant is one {@code vprolq} on AVX-512, and C2 merges the XORs and the AND-NOTs of θ and χ
 * into ternary logic instructions).
 */
final class KeccakVector {
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    /** Longs of a block of LANES states. */
    static final int STATE_LONGS = 25 * LANES;

    private static final long[] ROUND_CONSTANTS = Keccak256.roundConstants();

    private KeccakVector() {}

    /** Permutes LANES states in place, lane-major. */
    static void permute(long[] s) {
        if (s.length < STATE_LONGS) {
            throw new IllegalArgumentException("a block of states holds " + STATE_LONGS + " longs, got " + s.length);
        }
        LongVector a0 = LongVector.fromArray(SPECIES, s, 0);
        LongVector a1 = LongVector.fromArray(SPECIES, s, LANES);
        LongVector a2 = LongVector.fromArray(SPECIES, s, 2 * LANES);
        LongVector a3 = LongVector.fromArray(SPECIES, s, 3 * LANES);
        LongVector a4 = LongVector.fromArray(SPECIES, s, 4 * LANES);
        LongVector a5 = LongVector.fromArray(SPECIES, s, 5 * LANES);
        LongVector a6 = LongVector.fromArray(SPECIES, s, 6 * LANES);
        LongVector a7 = LongVector.fromArray(SPECIES, s, 7 * LANES);
        LongVector a8 = LongVector.fromArray(SPECIES, s, 8 * LANES);
        LongVector a9 = LongVector.fromArray(SPECIES, s, 9 * LANES);
        LongVector a10 = LongVector.fromArray(SPECIES, s, 10 * LANES);
        LongVector a11 = LongVector.fromArray(SPECIES, s, 11 * LANES);
        LongVector a12 = LongVector.fromArray(SPECIES, s, 12 * LANES);
        LongVector a13 = LongVector.fromArray(SPECIES, s, 13 * LANES);
        LongVector a14 = LongVector.fromArray(SPECIES, s, 14 * LANES);
        LongVector a15 = LongVector.fromArray(SPECIES, s, 15 * LANES);
        LongVector a16 = LongVector.fromArray(SPECIES, s, 16 * LANES);
        LongVector a17 = LongVector.fromArray(SPECIES, s, 17 * LANES);
        LongVector a18 = LongVector.fromArray(SPECIES, s, 18 * LANES);
        LongVector a19 = LongVector.fromArray(SPECIES, s, 19 * LANES);
        LongVector a20 = LongVector.fromArray(SPECIES, s, 20 * LANES);
        LongVector a21 = LongVector.fromArray(SPECIES, s, 21 * LANES);
        LongVector a22 = LongVector.fromArray(SPECIES, s, 22 * LANES);
        LongVector a23 = LongVector.fromArray(SPECIES, s, 23 * LANES);
        LongVector a24 = LongVector.fromArray(SPECIES, s, 24 * LANES);
        for (int round = 0; round < 24; round++) {
            LongVector c0 = a0.lanewise(XOR, a5).lanewise(XOR, a10).lanewise(XOR, a15).lanewise(XOR, a20);
            LongVector c1 = a1.lanewise(XOR, a6).lanewise(XOR, a11).lanewise(XOR, a16).lanewise(XOR, a21);
            LongVector c2 = a2.lanewise(XOR, a7).lanewise(XOR, a12).lanewise(XOR, a17).lanewise(XOR, a22);
            LongVector c3 = a3.lanewise(XOR, a8).lanewise(XOR, a13).lanewise(XOR, a18).lanewise(XOR, a23);
            LongVector c4 = a4.lanewise(XOR, a9).lanewise(XOR, a14).lanewise(XOR, a19).lanewise(XOR, a24);
            LongVector d0 = c4.lanewise(XOR, c1.lanewise(ROL, 1));
            LongVector d1 = c0.lanewise(XOR, c2.lanewise(ROL, 1));
            LongVector d2 = c1.lanewise(XOR, c3.lanewise(ROL, 1));
            LongVector d3 = c2.lanewise(XOR, c4.lanewise(ROL, 1));
            LongVector d4 = c3.lanewise(XOR, c0.lanewise(ROL, 1));
            LongVector b0 = a0.lanewise(XOR, d0);
            LongVector b1 = a6.lanewise(XOR, d1).lanewise(ROL, 44);
            LongVector b2 = a12.lanewise(XOR, d2).lanewise(ROL, 43);
            LongVector b3 = a18.lanewise(XOR, d3).lanewise(ROL, 21);
            LongVector b4 = a24.lanewise(XOR, d4).lanewise(ROL, 14);
            LongVector b5 = a3.lanewise(XOR, d3).lanewise(ROL, 28);
            LongVector b6 = a9.lanewise(XOR, d4).lanewise(ROL, 20);
            LongVector b7 = a10.lanewise(XOR, d0).lanewise(ROL, 3);
            LongVector b8 = a16.lanewise(XOR, d1).lanewise(ROL, 45);
            LongVector b9 = a22.lanewise(XOR, d2).lanewise(ROL, 61);
            LongVector b10 = a1.lanewise(XOR, d1).lanewise(ROL, 1);
            LongVector b11 = a7.lanewise(XOR, d2).lanewise(ROL, 6);
            LongVector b12 = a13.lanewise(XOR, d3).lanewise(ROL, 25);
            LongVector b13 = a19.lanewise(XOR, d4).lanewise(ROL, 8);
            LongVector b14 = a20.lanewise(XOR, d0).lanewise(ROL, 18);
            LongVector b15 = a4.lanewise(XOR, d4).lanewise(ROL, 27);
            LongVector b16 = a5.lanewise(XOR, d0).lanewise(ROL, 36);
            LongVector b17 = a11.lanewise(XOR, d1).lanewise(ROL, 10);
            LongVector b18 = a17.lanewise(XOR, d2).lanewise(ROL, 15);
            LongVector b19 = a23.lanewise(XOR, d3).lanewise(ROL, 56);
            LongVector b20 = a2.lanewise(XOR, d2).lanewise(ROL, 62);
            LongVector b21 = a8.lanewise(XOR, d3).lanewise(ROL, 55);
            LongVector b22 = a14.lanewise(XOR, d4).lanewise(ROL, 39);
            LongVector b23 = a15.lanewise(XOR, d0).lanewise(ROL, 41);
            LongVector b24 = a21.lanewise(XOR, d1).lanewise(ROL, 2);
            a0 = b0.lanewise(XOR, b2.lanewise(AND_NOT, b1));
            a1 = b1.lanewise(XOR, b3.lanewise(AND_NOT, b2));
            a2 = b2.lanewise(XOR, b4.lanewise(AND_NOT, b3));
            a3 = b3.lanewise(XOR, b0.lanewise(AND_NOT, b4));
            a4 = b4.lanewise(XOR, b1.lanewise(AND_NOT, b0));
            a5 = b5.lanewise(XOR, b7.lanewise(AND_NOT, b6));
            a6 = b6.lanewise(XOR, b8.lanewise(AND_NOT, b7));
            a7 = b7.lanewise(XOR, b9.lanewise(AND_NOT, b8));
            a8 = b8.lanewise(XOR, b5.lanewise(AND_NOT, b9));
            a9 = b9.lanewise(XOR, b6.lanewise(AND_NOT, b5));
            a10 = b10.lanewise(XOR, b12.lanewise(AND_NOT, b11));
            a11 = b11.lanewise(XOR, b13.lanewise(AND_NOT, b12));
            a12 = b12.lanewise(XOR, b14.lanewise(AND_NOT, b13));
            a13 = b13.lanewise(XOR, b10.lanewise(AND_NOT, b14));
            a14 = b14.lanewise(XOR, b11.lanewise(AND_NOT, b10));
            a15 = b15.lanewise(XOR, b17.lanewise(AND_NOT, b16));
            a16 = b16.lanewise(XOR, b18.lanewise(AND_NOT, b17));
            a17 = b17.lanewise(XOR, b19.lanewise(AND_NOT, b18));
            a18 = b18.lanewise(XOR, b15.lanewise(AND_NOT, b19));
            a19 = b19.lanewise(XOR, b16.lanewise(AND_NOT, b15));
            a20 = b20.lanewise(XOR, b22.lanewise(AND_NOT, b21));
            a21 = b21.lanewise(XOR, b23.lanewise(AND_NOT, b22));
            a22 = b22.lanewise(XOR, b24.lanewise(AND_NOT, b23));
            a23 = b23.lanewise(XOR, b20.lanewise(AND_NOT, b24));
            a24 = b24.lanewise(XOR, b21.lanewise(AND_NOT, b20));
            a0 = a0.lanewise(XOR, ROUND_CONSTANTS[round]);
        }
        a0.intoArray(s, 0);
        a1.intoArray(s, LANES);
        a2.intoArray(s, 2 * LANES);
        a3.intoArray(s, 3 * LANES);
        a4.intoArray(s, 4 * LANES);
        a5.intoArray(s, 5 * LANES);
        a6.intoArray(s, 6 * LANES);
        a7.intoArray(s, 7 * LANES);
        a8.intoArray(s, 8 * LANES);
        a9.intoArray(s, 9 * LANES);
        a10.intoArray(s, 10 * LANES);
        a11.intoArray(s, 11 * LANES);
        a12.intoArray(s, 12 * LANES);
        a13.intoArray(s, 13 * LANES);
        a14.intoArray(s, 14 * LANES);
        a15.intoArray(s, 15 * LANES);
        a16.intoArray(s, 16 * LANES);
        a17.intoArray(s, 17 * LANES);
        a18.intoArray(s, 18 * LANES);
        a19.intoArray(s, 19 * LANES);
        a20.intoArray(s, 20 * LANES);
        a21.intoArray(s, 21 * LANES);
        a22.intoArray(s, 22 * LANES);
        a23.intoArray(s, 23 * LANES);
        a24.intoArray(s, 24 * LANES);
    }
}
