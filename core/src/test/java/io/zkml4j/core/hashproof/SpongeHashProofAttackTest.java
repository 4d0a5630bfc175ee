package io.zkml4j.core.hashproof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Poseidon2Sponge;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.zkml4j.core.field.Goldilocks.*;
import static org.junit.jupiter.api.Assertions.*;

/** Attacks found by review on SpongeHashProof: each asserts the secure behaviour and fails on 38b0572 (digests unbound, padding free). */
class SpongeHashProofAttackTest {

    /**
     * The digests are never absorbed before the challenges; they only enter the claim
     * Σ_s eq(zd, s)·D_s, whose value is all the PCS absorbs. Anyone holding an honest proof for
     * ≥ 3 sponges can, after reading zd off the transcript, pick a target digest for sponge 0 and
     * compensate in sponges 1 and 2 (two base-field unknowns, one Ext2 equation per lane); the
     * transcript stays byte-for-byte the same and verifies for the false digests.
     */
    @Test
    void digestsCanBeChangedAfterTheProof() throws Exception {
        SpongeShape shape = new SpongeShape(3, 8, 0);
        long[][] m = SpongeHashProofTest.messages(shape, new SplittableRandom(100));
        SpongeHashProof.Prover prover = SpongeHashProof.prover(shape, m, new java.util.Random(101));
        byte[] proof = SpongeHashProofTest.fiatShamirProof(prover, shape, 102);
        long[][] honest = prover.digests();
        SpongeHashProofTest.verifyBytes(shape, honest, proof); // sanity

        // Read zd as a verifier would: replay the transcript up to the claims.
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, SpongeHashProofTest.DS, proof);
        v.receiveDigest("trace.root");
        List<LinearClaim> claims = SpongeHashProof.verify(shape, honest, v, SpongeHashProofTest.LABEL, 0, 0);
        Ext2[] at = ((Weights.Eq) claims.get(claims.size() - 1).terms().get(0).weights()).point();
        Ext2[] zd = Arrays.copyOfRange(at, shape.logBlocks(), at.length);
        long[] e = Multilinear.eqTable(zd); // interleaved
        long a0 = e[0], b0 = e[1], a1 = e[2], b1 = e[3], a2 = e[4], b2 = e[5];

        long[] target = {1, 2, 3, 4}; // any digest we like for sponge 0
        long[][] forged = {honest[0].clone(), honest[1].clone(), honest[2].clone()};
        long detInv = inverse(subCanonical(mul(a1, b2), mul(a2, b1)));
        for (int l = 0; l < Poseidon2Sponge.OUTPUT; l++) {
            long d0 = subCanonical(target[l], honest[0][l]);
            // a1 δ1 + a2 δ2 = −a0 δ0,  b1 δ1 + b2 δ2 = −b0 δ0
            long r1 = neg(mul(a0, d0)), r2 = neg(mul(b0, d0));
            long d1 = mul(subCanonical(mul(r1, b2), mul(a2, r2)), detInv);
            long d2 = mul(subCanonical(mul(a1, r2), mul(r1, b1)), detInv);
            forged[0][l] = target[l];
            forged[1][l] = addCanonical(honest[1][l], d1);
            forged[2][l] = addCanonical(honest[2][l], d2);
        }
        assertFalse(Arrays.equals(forged[0], Poseidon2Sponge.hash(0, m[0])));
        assertThrows(InvalidProofException.class, () -> SpongeHashProofTest.verifyBytes(shape, forged, proof),
                "an honest proof verified for digests {1,2,3,4}, ... that are not the messages' hashes");
    }

    /**
     * Nothing constrains the zero padding of the last block (lanes messageLength mod 8 .. 7 of
     * stage 0): a prover can put junk there and prove that its committed 5-element message hashes
     * to a digest that is not H(message) (nor, barring a preimage, H of any 5-element message).
     */
    @Test
    void paddingLanesOfTheLastBlockAreFree() throws Exception {
        SpongeShape shape = new SpongeShape(2, 5, 0);
        long[][] m = SpongeHashProofTest.messages(shape, new SplittableRandom(200));
        PermutationTrace trace = PermutationTrace.of(shape, m);
        int slot = shape.slot(0, shape.blocks() - 1);
        long[] input = new long[PermutationTrace.LANES];
        for (int l = 0; l < input.length; l++) {
            input[l] = trace.table(PermutationTrace.table(0, l))[slot];
        }
        input[5] = 12345; // a padding lane: must be 0
        long[] stages = PermutationTrace.run(input);
        for (int t = 0; t < PermutationTrace.TABLES; t++) {
            trace.table(t)[slot] = stages[t];
        }
        long[][] claimed = trace.spongeDigests().clone();
        claimed[0] = Arrays.copyOfRange(stages, PermutationTrace.OUTPUT_STAGE * PermutationTrace.LANES,
                PermutationTrace.OUTPUT_STAGE * PermutationTrace.LANES + Poseidon2Sponge.OUTPUT);
        trace.digests()[0] = claimed[0];
        assertFalse(Arrays.equals(claimed[0], Poseidon2Sponge.hash(0, m[0])), "the claimed digest is not H(message)");
        byte[] proof = SpongeHashProofTest.fiatShamirProof(SpongeHashProof.proverWithTrace(shape, trace, new java.util.Random(201)), shape, 202);
        assertThrows(InvalidProofException.class, () -> SpongeHashProofTest.verifyBytes(shape, claimed, proof),
                "a digest with junk in the padding lanes verified");
    }
}
