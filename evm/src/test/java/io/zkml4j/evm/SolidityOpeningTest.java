package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.SuccinctParameters;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The succinct opening of Ligero commitments (the proofs' `--pcs basefold` profile) verified on-chain:
 * two commitments with polynomials spanning rows, filling one row and packed into a shared row;
 * claims with eq and explicit weights, a repeated weight vector and a two-term claim. The Solidity
 * and Java verifiers agree on the honest proof, every single-element mutation, a wrong claim and
 * a swapped commitment; the gas is measured.
 */
class SolidityOpeningTest {
    static final String PROTOCOL = "zkml4j/test/succinct/v1";
    static final String VERIFY = "check(bytes,bytes[],uint256[],uint256[],uint256[],uint256[])";

    record Opening(List<Commitment> commitments, List<LinearClaim> claims, byte[] proof) {
        byte[] call(byte[] proof, List<Commitment> coms, List<LinearClaim> claims) {
            LigeroParameters p = coms.get(0).parameters();
            List<Long> header = new ArrayList<>(List.of((long) p.logRowWidth(), (long) p.logCodeLength(), (long) p.succinct().logArity(),
                    (long) p.succinct().queries(), (long) p.succinct().grindingBits()));
            coms.forEach(c -> header.add((long) c.rows()));
            List<BigInteger> terms = new ArrayList<>();
            List<BigInteger> pool = new ArrayList<>();
            BigInteger[] values = new BigInteger[claims.size()];
            for (int j = 0; j < claims.size(); j++) {
                values[j] = SolidityFieldTest.packed(claims.get(j).value());
                for (LinearClaim.Term t : claims.get(j).terms()) {
                    Commitment c = coms.get(t.commitment());
                    int nv = c.numVars(t.polynomial());
                    Ext2[] weights = switch (t.weights()) {
                        case Weights.Eq e -> e.point();
                        case Weights.Explicit x -> ExtVectors.toArray(x.interleaved());
                        case Weights.Product w -> throw new UnsupportedOperationException("the Solidity opening reads eq and explicit weights only");
                    };
                    long[] words = {j, t.commitment(), t.polynomial(), 0, t.weights() instanceof Weights.Explicit ? 1 : 0, pool.size(),
                        weights.length, nv, c.rowStart(t.polynomial()), nv < p.logRowWidth() ? c.columnOffset(t.polynomial()) : 0};
                    for (long w : words) {
                        terms.add(BigInteger.valueOf(w));
                    }
                    terms.set(terms.size() - 7, SolidityFieldTest.packed(t.coefficient()));
                    for (Ext2 w : weights) {
                        pool.add(SolidityFieldTest.packed(w));
                    }
                }
            }
            Abi.BytesArray encodings = new Abi.BytesArray(coms.stream().map(Commitment::encode).toList());
            return Abi.call(VERIFY, proof, encodings, header.stream().mapToLong(Long::longValue).toArray(), values,
                    terms.toArray(new BigInteger[0]), pool.toArray(new BigInteger[0]));
        }

        boolean acceptedByJava(byte[] proof, List<Commitment> coms, List<LinearClaim> claims) {
            try {
                FiatShamirVerifier v = new FiatShamirVerifier(Keccak256.INSTANCE, PROTOCOL, proof);
                LigeroPcs.verify(coms, claims, v);
                v.finish();
                return true;
            } catch (InvalidProofException e) {
                return false;
            }
        }
    }

    /**
     * Accepted: the call returned; rejected: it reverted with a reason (Error(string)). Running out of gas,
     * a Panic or an empty revert is neither, and fails the test (review fix: the check read revertReason(),
     * which falls back to the EVM's error, "revert" or "out of gas", so it never failed).
     */
    static boolean accepted(LocalChain.Call c) {
        if (!c.success()) {
            assertTrue(Abi.revertReason(c.returnData()).isPresent(), "a revert without a reason: " + c.error());
        }
        return c.success();
    }

    static long[] table(Random rnd, int n) {
        long[] t = new long[1 << n];
        for (int i = 0; i < t.length; i++) {
            t[i] = Goldilocks.uniform(rnd);
        }
        return t;
    }

    static Ext2[] point(Random rnd, int n) {
        Ext2[] z = new Ext2[n];
        for (int i = 0; i < n; i++) {
            z[i] = SolidityFieldTest.randomExt(rnd);
        }
        return z;
    }

    static Opening open(Random rnd, LigeroParameters params) {
        List<long[]> first = List.of(table(rnd, params.logRowWidth() + 2), table(rnd, 0), table(rnd, 4), table(rnd, 2));
        List<long[]> second = List.of(table(rnd, 3), table(rnd, params.logRowWidth()));
        LigeroPcs pcs = new LigeroPcs(rnd);
        CommittedPolynomials a = pcs.commit(params, first), b = pcs.commit(params, second);
        List<LinearClaim> claims = new ArrayList<>();
        int big = params.logRowWidth() + 2;
        Ext2[] z = point(rnd, big), z3 = point(rnd, 3), zRow = point(rnd, params.logRowWidth());
        claims.add(LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(first.get(0), z)));
        claims.add(LinearClaim.evaluation(1, 1, zRow, Multilinear.evaluateBase(second.get(1), zRow)));
        claims.add(LinearClaim.evaluation(0, 1, new Ext2[0], Ext2.fromBase(first.get(1)[0])));
        long[] w = ExtVectors.of(point(rnd, 16));
        claims.add(LinearClaim.weighted(0, 2, w, ExtVectors.innerProductBase(w, first.get(2))));
        long[] w2 = ExtVectors.of(point(rnd, 4));
        Ext2 value = Multilinear.evaluateBase(second.get(0), z3).mul(3).sub(ExtVectors.innerProductBase(w2, first.get(3)).mul(5));
        claims.add(new LinearClaim(List.of(new LinearClaim.Term(1, 0, new Weights.Eq(z3), Ext2.fromBase(3)),
                new LinearClaim.Term(0, 3, new Weights.Explicit(w2), Ext2.fromBase(5).neg())), value));
        claims.add(LinearClaim.weighted(0, 2, w, ExtVectors.innerProductBase(w, first.get(2)))); // the same weights again
        FiatShamirProver p = new FiatShamirProver(Keccak256.INSTANCE, PROTOCOL);
        List<CommittedPolynomials> committed = List.of(a, b);
        pcs.open(committed, claims, p);
        return new Opening(List.of(a.commitment(), b.commitment()), claims, p.proof());
    }

    @Test
    void javaAndSolidityAgreeOnEveryMutation() throws Exception {
        // Rows of 2^4, a code of 2^7, 3 queries, arity 4 and 2 bits of grinding keep the corpus quick.
        LigeroParameters small = new LigeroParameters(4, 7, 6, 3, 0, Keccak256.INSTANCE, new SuccinctParameters(2, 3, 2));
        Opening o = open(new Random(61), small);
        // Every element of the first records (the reduction and the first folds), then every 5th (the
        // folds' openings and the columns, hundreds of words each checked the same way), and the last.
        List<byte[]> corpus = ProofMutator.corpus(o.proof(), 150, 5);
        List<byte[]> calls = new ArrayList<>(corpus.stream().map(p -> o.call(p, o.commitments(), o.claims())).toList());
        List<LinearClaim> wrong = new ArrayList<>(o.claims());
        wrong.set(4, new LinearClaim(wrong.get(4).terms(), wrong.get(4).value().add(Ext2.ONE)));
        calls.add(o.call(o.proof(), o.commitments(), wrong));
        // The commitments in the other order, with the claims renumbered to follow them: another statement.
        List<Commitment> swapped = List.of(o.commitments().get(1), o.commitments().get(0));
        List<LinearClaim> renumbered = o.claims().stream().map(c -> new LinearClaim(c.terms().stream()
                .map(t -> new LinearClaim.Term(1 - t.commitment(), t.polynomial(), t.weights(), t.coefficient())).toList(), c.value())).toList();
        calls.add(o.call(o.proof(), swapped, renumbered));
        LocalChain.Run run = Evm.run("SuccinctOpeningProbe.sol", "SuccinctOpeningVerifier", calls);
        for (int i = 0; i < corpus.size(); i++) {
            LocalChain.Call c = run.calls().get(i);
            boolean java = o.acceptedByJava(corpus.get(i), o.commitments(), o.claims());
            assertEquals(i == 0, java, "only the honest proof is accepted by Java (proof " + i + ")");
            assertEquals(java, accepted(c), "proof " + i + " of " + corpus.size() + ": " + c.revertReason());
        }
        assertFalse(accepted(run.calls().get(corpus.size())), "a wrong claim");
        assertFalse(o.acceptedByJava(o.proof(), o.commitments(), wrong));
        assertFalse(accepted(run.calls().get(corpus.size() + 1)), "the commitments swapped");
        assertFalse(o.acceptedByJava(o.proof(), swapped, renumbered));
        System.out.printf("succinct opening differential: %d proofs agree%n", corpus.size());
    }

    @Test
    void gasOfAnOpeningAt100Bits() throws Exception {
        LigeroParameters evm = SuccinctParameters.forSecurity(100, 10, 3, 4, 16, Keccak256.INSTANCE);
        Opening o = open(new Random(62), evm);
        LocalChain.Run run = Evm.run("SuccinctOpeningProbe.sol", "SuccinctOpeningVerifier",
                List.of(o.call(o.proof(), o.commitments(), o.claims())));
        LocalChain.Call c = run.calls().get(0);
        assertTrue(accepted(c), c::revertReason);
        System.out.printf("succinct opening, rows of 2^10, two commitments (%d and %d rows), 6 claims, %d queries: %,d-byte proof, "
                        + "%,d gas (calldata %,d, execution %,d)%n", o.commitments().get(0).rows(), o.commitments().get(1).rows(),
                evm.succinct().queries(), o.proof().length, c.gasUsed(), c.calldataGas(), c.executionGas());
    }
}
