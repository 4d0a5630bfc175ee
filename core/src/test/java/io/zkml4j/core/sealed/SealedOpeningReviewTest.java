package io.zkml4j.core.sealed;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Attacks from a review of the sealed opening, kept as regression tests. */
class SealedOpeningReviewTest {
    static final String DS = "sealed-review/v1";
    static final LigeroParameters FRESH = LigeroParameters.forSecurity(40, 8, 2, 1, 0, Sha256.INSTANCE);

    static byte[] prove(SealedCommitment s, List<LinearClaim> claims, long seed, SealedOpening.Deviation d) {
        FiatShamirProver ch = new FiatShamirProver(Sha256.INSTANCE, DS);
        java.util.Random random = new java.util.Random(seed);
        SealedOpening.ProverResult r = SealedOpening.prove(s, 0, claims, FRESH, 0, 1, ch, random, d);
        new LigeroPcs(random).open(r.fresh(), r.claims(), ch);
        return ch.proof();
    }

    static SealedOpening.VerifierResult verify(Commitment sealed, List<LinearClaim> claims, byte[] proof) throws Exception {
        FiatShamirVerifier ch = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
        SealedOpening.VerifierResult v = SealedOpening.verify(sealed, 0, claims, FRESH, 0, 1, ch);
        LigeroPcs.verify(v.fresh(), v.claims(), ch);
        ch.finish();
        return v;
    }

    /** Coefficients (low degree first) of Π_{x in roots} (X − x). */
    static long[] fromRoots(long[] roots, int length) {
        long[] p = new long[length];
        p[0] = 1;
        int deg = 0;
        for (long x : roots) {
            for (int j = deg + 1; j >= 1; j--) {
                p[j] = Goldilocks.sub(p[j - 1], Goldilocks.mul(x, p[j]));
            }
            p[0] = Goldilocks.neg(Goldilocks.mul(x, p[0]));
            deg++;
        }
        return p;
    }

    /**
     * Regression (review): the sealed parameters' grindingBits count in security() (which the inference verifier
     * compares with minimumBits, and which geometryProblem does not restrict), but the sealed
     * opening never grinds before "sealed.queries". Here parameters that claim ~40 bits are forged
     * in a handful of Fiat–Shamir attempts: a false evaluation whose row-combination error Δ is a
     * codeword vanishing on k−1 of the n columns passes whenever all queries land there.
     */
    @Test
    void grindingBitsAreCountedButNeverPerformed() throws Exception {
        LigeroParameters sealedParams = new LigeroParameters(8, 10, 0, 2, 40, Sha256.INSTANCE);
        System.out.println("sealed params claim " + sealedParams.security());
        assertTrue(sealedParams.security().bits() >= 40);
        String problem = SealedOpening.geometryProblem(Commitment.unpacked(sealedParams, new byte[32], new int[] {8}), FRESH);
        assertNotNull(problem, "sealed parameters that count grinding the opening never does must be refused");
        assertTrue(problem.contains("grinding"), problem);
        if (problem != null) {
            return; // the forgery below is what such a key allowed before the refusal
        }
        // The realistic case: 100 "bits" with 40 of grinding that is never done.
        LigeroParameters hundred = new LigeroParameters(12, 14, 0, 90, 40, Sha256.INSTANCE);
        System.out.println("t=90, pow=40: claimed " + hundred.security() + ", actually " + (hundred.security().queryBits()) + " query bits");
        assertTrue(hundred.security().bits() >= 100);

        SplittableRandom r = new SplittableRandom(1);
        long[] table = Rand.base(1 << 8, r);
        SealedCommitment sealed = SealedCommitment.commit(sealedParams, List.of(table), new java.util.Random(2));
        Ext2[] z = Rand.point(8, r);
        int k = sealedParams.rowWidth(), n = sealedParams.codeLength();
        long[] x = SealedOpening.evaluationPoints(sealedParams, java.util.stream.IntStream.range(0, n).toArray());
        long[] delta = fromRoots(Arrays.copyOf(x, k - 1), k); // Enc(Δ) vanishes on columns 0..k−2
        Ext2 shift = Multilinear.evaluateBase(delta, z);
        assertFalse(shift.isZero());
        List<LinearClaim> lie = List.of(LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(table, z).add(shift)));
        SealedOpening.Deviation cheat = (combinations, messages) -> {
            if (combinations != null) {
                long[] u = combinations.get(0);
                for (int j = 0; j < k; j++) {
                    Ext2.at(u, j).add(Ext2.fromBase(delta[j])).store(u, j);
                }
            }
        };
        int attempts = 0;
        boolean forged = false;
        while (!forged && attempts < 400) {
            attempts++;
            byte[] proof = prove(sealed, lie, 1000 + attempts, cheat);
            try {
                verify(sealed.commitment(), lie, proof);
                forged = true;
            } catch (InvalidProofException expected) {
                // next attempt
            }
        }
        System.out.println("false evaluation accepted after " + attempts + " attempts (claimed security "
                + sealedParams.security().bits() + " bits)");
        assertFalse(forged, "a false claim was accepted after " + attempts + " attempts against parameters claiming "
                + sealedParams.security().bits() + " bits");
    }

    /** Layouts the existing tests do not reach: a polynomial between a fresh row and a sealed row, and a constant. */
    @Test
    void polynomialsBetweenFreshAndSealedRowWidthsAndConstants() throws Exception {
        LigeroParameters sealedParams = LigeroParameters.withoutRandomColumns(40, 10, 2, Sha256.INSTANCE);
        SplittableRandom r = new SplittableRandom(3);
        List<long[]> tables = List.of(Rand.base(1 << 9, r), Rand.base(1, r), Rand.base(1 << 11, r), Rand.base(1 << 3, r));
        SealedCommitment sealed = SealedCommitment.commit(sealedParams, tables, new java.util.Random(4));
        List<LinearClaim> claims = new ArrayList<>();
        for (int p = 0; p < tables.size(); p++) {
            Ext2[] z = Rand.point(Integer.numberOfTrailingZeros(tables.get(p).length), r);
            claims.add(LinearClaim.evaluation(0, p, z, Multilinear.evaluateBase(tables.get(p), z)));
        }
        verify(sealed.commitment(), claims, prove(sealed, claims, 5, SealedOpening.Deviation.HONEST));
        for (int i = 0; i < claims.size(); i++) {
            List<LinearClaim> lie = new ArrayList<>(claims);
            lie.set(i, new LinearClaim(claims.get(i).terms(), claims.get(i).value().add(Ext2.ONE)));
            byte[] proof = prove(sealed, lie, 6, SealedOpening.Deviation.HONEST);
            assertThrows(InvalidProofException.class, () -> verify(sealed.commitment(), lie, proof), "claim " + i);
        }
    }

    /**
     * Regression (review): the sealed plan never checks an Eq point's length against the polynomial. A point
     * longer than the polynomial is silently truncated (LigeroPcs.checkStatement would refuse it),
     * so the verifier accepts "f(z0..z8) = f(z0..z6)" for a 7-variable f.
     */
    @Test
    void aPointLongerThanThePolynomialIsSilentlyTruncated() throws Exception {
        LigeroParameters sealedParams = LigeroParameters.withoutRandomColumns(40, 10, 2, Sha256.INSTANCE);
        SplittableRandom r = new SplittableRandom(7);
        long[] t = Rand.base(1 << 7, r);
        SealedCommitment sealed = SealedCommitment.commit(sealedParams, List.of(t), new java.util.Random(8));
        Ext2[] z = Rand.point(9, r);
        List<LinearClaim> claims = List.of(LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(t, Arrays.copyOf(z, 7))));
        assertThrows(IllegalArgumentException.class, () -> prove(sealed, claims, 9, SealedOpening.Deviation.HONEST));
        List<LinearClaim> honest = List.of(LinearClaim.evaluation(0, 0, Arrays.copyOf(z, 7), claims.get(0).value()));
        byte[] proof = prove(sealed, honest, 9, SealedOpening.Deviation.HONEST);
        assertThrows(InvalidProofException.class, () -> verify(sealed.commitment(), claims, proof),
                "a 9-coordinate point on a 7-variable polynomial must be refused");
    }

    /** Regression (review): claims with explicit weights on the sealed commitment end verification with IllegalArgumentException, not a rejection. */
    @Test
    void explicitWeightsOnTheSealedCommitmentThrowRatherThanReject() {
        LigeroParameters sealedParams = LigeroParameters.withoutRandomColumns(40, 10, 2, Sha256.INSTANCE);
        SealedCommitment sealed = SealedCommitment.commit(sealedParams, List.of(new long[1 << 4]), new java.util.Random(8));
        Ext2[] zero = new Ext2[4];
        Arrays.fill(zero, Ext2.ZERO);
        byte[] proof = prove(sealed, List.of(LinearClaim.evaluation(0, 0, zero, Ext2.ZERO)), 1, SealedOpening.Deviation.HONEST);
        List<LinearClaim> claims = List.of(LinearClaim.weighted(0, 0, new long[2 << 4], Ext2.ZERO));
        assertThrows(InvalidProofException.class, () -> verify(sealed.commitment(), claims, proof));
    }

    /**
     * The verifier's consistency weights are t points and t coefficients per piece, whatever the row
     * width (they were 4·(terms + 1)·k longs written out, all absorbed into the transcript): a
     * verifier evaluates them at the opening's point, and only a prover writes them out. The bound
     * MAX_WEIGHT_LONGS now limits the prover's written tables of an untrusted key's geometry.
     */
    @Test
    void consistencyWeightsAreCompactForAVerifier() throws Exception {
        LigeroParameters sealedParams = LigeroParameters.withoutRandomColumns(40, 10, 2, Sha256.INSTANCE);
        SplittableRandom r = new SplittableRandom(10);
        List<long[]> tables = List.of(Rand.base(1 << 10, r), Rand.base(1 << 12, r));
        SealedCommitment sealed = SealedCommitment.commit(sealedParams, tables, new java.util.Random(11));
        List<LinearClaim> claims = new ArrayList<>();
        for (int p = 0; p < tables.size(); p++) {
            Ext2[] z = Rand.point(Integer.numberOfTrailingZeros(tables.get(p).length), r);
            claims.add(LinearClaim.evaluation(0, p, z, Multilinear.evaluateBase(tables.get(p), z)));
        }
        SealedOpening.VerifierResult v = verify(sealed.commitment(), claims, prove(sealed, claims, 12, SealedOpening.Deviation.HONEST));
        LinearClaim consistency = v.claims().get(v.claims().size() - 1);
        java.util.Set<Weights> distinct = new java.util.HashSet<>();
        int powersTerms = 0;
        for (LinearClaim.Term t : consistency.terms()) {
            assertFalse(t.weights() instanceof Weights.Explicit, "no explicit consistency weights");
            if (t.weights() instanceof Weights.Powers w) {
                powersTerms++;
                distinct.add(w);
                assertNull(w.written(), "a verifier never writes the weights out");
                assertTrue(w.points().length <= sealedParams.queries(), "at most one point per queried column");
            }
        }
        int combinations = 3; // two terms and the proximity row
        assertEquals(0, powersTerms % (2 * combinations), "each piece's weights serve every combination's two parts");
        assertEquals(powersTerms / (2 * combinations), distinct.size(), "one distinct weights object per piece");
        // A geometry with >= 100 bits, k = 2^21, n = 2^23, t = 128, and 127 polynomials: refused for its weights.
        LigeroParameters big = new LigeroParameters(21, 23, 0, 170, 0, Sha256.INSTANCE);
        LigeroParameters fresh = LigeroParameters.forSecurity(100, 12, 2, 1, 0, Sha256.INSTANCE);
        int[] layout = new int[127];
        Arrays.fill(layout, 21);
        assertTrue(big.security().bits() >= 100, big.security().toString());
        String problem = SealedOpening.geometryProblem(Commitment.unpacked(big, new byte[32], layout), fresh);
        assertNotNull(problem, "128 combinations of 2^21 would be 8 GiB of weights");
        assertTrue(problem.contains("longs of consistency weights"), problem);
    }
}
