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

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The succinct opening of Ligero commitments (the proofs' `--pcs basefold` profile) verified on-chain:
 * two commitments with polynomials spanning rows, filling one row and packed into a shared row;
 * claims with eq, explicit and product weights (explicit over the low variables, eq over the rest: narrower
 * and wider than a row, and within one), a repeated weight vector and two-term claims. The Solidity
 * and Java verifiers agree on the honest proof, every single-element mutation, a wrong claim and
 * a swapped commitment; the gas is measured.
 */
class SolidityOpeningTest {
    static final String PROTOCOL = "zkml4j/test/succinct/v1";
    static final String VERIFY = "check(bytes,bytes[],uint256[],uint256[],uint256[],uint256[])";

    record Opening(List<Commitment> commitments, List<LinearClaim> claims, byte[] proof) {
        byte[] call(byte[] proof, List<Commitment> coms, List<LinearClaim> claims) {
            return SolidityOpeningReviewTest.call(proof, coms, claims);
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

    /** A claim Σ low(i mod 2^m)·eq(high, i >> m)·table(i) = value with random low weights (2^m) and high point. */
    static LinearClaim product(Random rnd, int commitment, int polynomial, long[] table, int lowVars, int highVars) {
        LinearClaim.Term t = productTerm(rnd, commitment, polynomial, lowVars, highVars, Ext2.ONE);
        return new LinearClaim(List.of(t), Weights.apply(t.weights(), table));
    }

    static LinearClaim.Term productTerm(Random rnd, int commitment, int polynomial, int lowVars, int highVars, Ext2 coefficient) {
        return new LinearClaim.Term(commitment, polynomial, new Weights.Product(ExtVectors.of(point(rnd, 1 << lowVars)), point(rnd, highVars)),
                coefficient);
    }

    static Weights.Powers powers(Random rnd, int t) {
        long[] x = new long[t];
        for (int s = 0; s < t; s++) {
            x[s] = Goldilocks.uniform(rnd);
        }
        return new Weights.Powers(x, ExtVectors.of(point(rnd, t)));
    }

    /** The claims with claim j's first term's weights replaced. */
    static List<LinearClaim> withWeights(List<LinearClaim> claims, int j, Weights w) {
        List<LinearClaim> out = new ArrayList<>(claims);
        List<LinearClaim.Term> terms = new ArrayList<>(claims.get(j).terms());
        LinearClaim.Term t = terms.get(0);
        terms.set(0, new LinearClaim.Term(t.commitment(), t.polynomial(), w, t.coefficient()));
        out.set(j, new LinearClaim(terms, claims.get(j).value()));
        return out;
    }

    /** The claim with its true value over these commitments' tables. */
    static LinearClaim withValue(LinearClaim c, List<List<long[]>> tables) {
        Ext2 value = Ext2.ZERO;
        for (LinearClaim.Term t : c.terms()) {
            value = value.add(Weights.apply(t.weights(), tables.get(t.commitment()).get(t.polynomial())).mul(t.coefficient()));
        }
        return new LinearClaim(c.terms(), value);
    }

    /** The claims with claim j's one product term's weights replaced. */
    static List<LinearClaim> withProduct(List<LinearClaim> claims, int j, java.util.function.UnaryOperator<Weights.Product> change) {
        List<LinearClaim> out = new ArrayList<>(claims);
        LinearClaim.Term t = claims.get(j).terms().get(0);
        out.set(j, new LinearClaim(List.of(new LinearClaim.Term(t.commitment(), t.polynomial(), change.apply((Weights.Product) t.weights()),
                t.coefficient())), claims.get(j).value()));
        return out;
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
        // Product weights (a convolution's claim on a committed input): explicit over the low variables, eq over the rest,
        // on a polynomial spanning rows (low narrower than a row, and wider: cut into row-wide slices) and one within a row.
        int row = params.logRowWidth();
        claims.add(product(rnd, 0, 0, first.get(0), row - 1, big - row + 1));
        claims.add(new LinearClaim(List.of(productTerm(rnd, 0, 0, row + 1, 1, Ext2.fromBase(2)), productTerm(rnd, 1, 0, 2, 1, Ext2.ONE)),
                Ext2.ZERO));
        claims.set(claims.size() - 1, withValue(claims.get(claims.size() - 1), List.of(first, second)));
        claims.add(product(rnd, 1, 1, second.get(1), row, 0));
        // Powers weights (the sealed opening's consistency weights): one object on two polynomials, then other points.
        Weights.Powers powers = powers(rnd, 5);
        claims.add(withValue(new LinearClaim(List.of(new LinearClaim.Term(0, 2, powers, Ext2.ONE)), Ext2.ZERO), List.of(first, second)));
        claims.add(withValue(new LinearClaim(List.of(new LinearClaim.Term(1, 0, powers, Ext2.fromBase(2)),
                new LinearClaim.Term(0, 3, powers(rnd, 3), Ext2.ONE)), Ext2.ZERO), List.of(first, second)));
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
        // One low weight of a product claim changed, its value kept; then its high point's last coordinate.
        List<LinearClaim> otherLow = withProduct(o.claims(), 6, w -> {
            long[] low = w.low().clone();
            low[2] = Goldilocks.add(low[2], 1);
            return new Weights.Product(low, w.high());
        });
        calls.add(o.call(o.proof(), o.commitments(), otherLow));
        List<LinearClaim> otherHigh = withProduct(o.claims(), 6, w -> {
            Ext2[] high = w.high().clone();
            high[high.length - 1] = high[high.length - 1].add(Ext2.ONE);
            return new Weights.Product(w.low(), high);
        });
        calls.add(o.call(o.proof(), o.commitments(), otherHigh));
        // A powers claim's coefficient changed, its value kept; then one of its points.
        Weights.Powers powers = (Weights.Powers) o.claims().get(10).terms().get(0).weights();
        long[] coefficients = powers.coefficients().clone();
        coefficients[3] = Goldilocks.add(coefficients[3], 1);
        List<LinearClaim> otherCoefficient = withWeights(o.claims(), 10, new Weights.Powers(powers.points(), coefficients));
        calls.add(o.call(o.proof(), o.commitments(), otherCoefficient));
        long[] points = powers.points().clone();
        points[4] = Goldilocks.add(points[4], 1);
        List<LinearClaim> otherPoint = withWeights(o.claims(), 10, new Weights.Powers(points, powers.coefficients()));
        calls.add(o.call(o.proof(), o.commitments(), otherPoint));
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
        assertFalse(accepted(run.calls().get(corpus.size() + 2)), "a product claim's low weight changed");
        assertFalse(o.acceptedByJava(o.proof(), o.commitments(), otherLow));
        assertFalse(accepted(run.calls().get(corpus.size() + 3)), "a product claim's high point changed");
        assertFalse(o.acceptedByJava(o.proof(), o.commitments(), otherHigh));
        assertFalse(accepted(run.calls().get(corpus.size() + 4)), "a powers claim's coefficient changed");
        assertFalse(o.acceptedByJava(o.proof(), o.commitments(), otherCoefficient));
        assertFalse(accepted(run.calls().get(corpus.size() + 5)), "a powers claim's point changed");
        assertFalse(o.acceptedByJava(o.proof(), o.commitments(), otherPoint));
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
        System.out.printf("succinct opening, rows of 2^10, two commitments (%d and %d rows), %d claims, %d queries: %,d-byte proof, "
                        + "%,d gas (calldata %,d, execution %,d)%n", o.commitments().get(0).rows(), o.commitments().get(1).rows(),
                o.claims().size(), evm.succinct().queries(), o.proof().length, c.gasUsed(), c.calldataGas(), c.executionGas());
    }
}
