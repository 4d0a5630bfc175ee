package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;

import java.util.List;

/**
 * The sumcheck protocol: the prover convinces the verifier that Σ_{x ∈ {0,1}^n} f(x) = claim,
 * leaving the verifier with one evaluation f(r) to check at a random point r.
 *
 * <p>Several instances, possibly over different numbers of variables, are batched into one run
 * over n = max n_i variables with a random combination Σ α^i·h_i, where h_i(x) = f_i(x_0..x_{n_i−1})
 * ignores the higher variables. Instance i is thus active in the first n_i rounds, its sum is
 * scaled by 2^{n−n_i}, and its final point is the prefix r_0..r_{n_i−1} of the common point.
 */
public final class Sumcheck {
    private Sumcheck() {}

    /** What the prover knows after the run: the point, each instance's final value claim. */
    public record ProverResult(Ext2[] point, Ext2[] finalClaims) {}

    /** Runs the prover for one instance. */
    public static ProverResult prove(SumcheckProverInstance instance, Ext2 claim, ProverChannel ch, String label) {
        return proveBatched(List.of(instance), List.of(claim), ch, label);
    }

    /** Runs the verifier for one instance; the caller must check {@code finalClaim} against f(point). */
    public static Verification verify(Ext2 claim, int numVars, int degree, VerifierChannel ch, String label)
            throws InvalidProofException {
        return verifyBatched(List.of(claim), new int[] {numVars}, degree, ch, label);
    }

    /** Runs the verifier with a degree for each round. */
    public static Verification verify(Ext2 claim, int[] roundDegrees, VerifierChannel ch, String label)
            throws InvalidProofException {
        return verifyBatched(List.of(claim), new int[] {roundDegrees.length}, roundDegrees, ch, label);
    }

    public static ProverResult proveBatched(List<? extends SumcheckProverInstance> instances, List<Ext2> claims,
                                            ProverChannel ch, String label) {
        int k = instances.size();
        if (k == 0 || claims.size() != k) {
            throw new IllegalArgumentException("one claim per sumcheck instance, at least one instance");
        }
        int n = 0;
        for (SumcheckProverInstance inst : instances) {
            n = Math.max(n, inst.numVars());
        }
        int[] degrees = roundDegrees(instances, n);
        ch.absorbPublic(label + ".claims", ExtVectors.of(claims.toArray(new Ext2[0])));
        Ext2[] alphas = coefficients(ch, label, k);
        Ext2[] current = claims.toArray(new Ext2[0]);
        Ext2 combined = combinedClaim(alphas, current, instances.stream().mapToInt(SumcheckProverInstance::numVars).toArray(), n);
        Ext2[] point = new Ext2[n];
        for (int round = 0; round < n; round++) {
            int degree = degrees[round];
            Ext2[][] perInstance = new Ext2[k][];
            Ext2[] values = zeros(degree + 1);
            for (int i = 0; i < k; i++) {
                SumcheckProverInstance inst = instances.get(i);
                if (round < inst.numVars()) {
                    Ext2[] own = extend(inst.roundValues(current[i]), degree);
                    perInstance[i] = own;
                    Ext2 w = alphas[i].mul(powerOfTwo(n - inst.numVars()));
                    for (int x = 0; x <= degree; x++) {
                        values[x] = values[x].add(own[x].mul(w));
                    }
                } else {
                    // Inactive: h_i no longer depends on the remaining variables.
                    Ext2 c = current[i].mul(alphas[i]).mul(powerOfTwo(n - 1 - round));
                    for (int x = 0; x <= degree; x++) {
                        values[x] = values[x].add(c);
                    }
                }
            }
            RoundPolynomials.send(ch, label + ".round", values);
            Ext2 r = ch.challengeExt(label + ".r");
            point[round] = r;
            combined = RoundPolynomials.evaluate(values, r);
            for (int i = 0; i < k; i++) {
                if (perInstance[i] != null) {
                    current[i] = RoundPolynomials.evaluate(perInstance[i], r);
                    instances.get(i).bind(r);
                }
            }
        }
        return new ProverResult(point, current);
    }

    /**
     * Runs the verifier side of a batched sumcheck. The result's {@link Verification#check} takes
     * each instance's evaluation at its prefix of the point and rejects unless they combine to the
     * final claim.
     */
    public static Verification verifyBatched(List<Ext2> claims, int[] numVars, int degree, VerifierChannel ch,
                                             String label) throws InvalidProofException {
        int n = 0;
        for (int v : numVars) {
            n = Math.max(n, v);
        }
        int[] degrees = new int[n];
        java.util.Arrays.fill(degrees, degree);
        return verifyBatched(claims, numVars, degrees, ch, label);
    }

    /** The batched verifier with the combined degree of each round (the maximum over active instances). */
    public static Verification verifyBatched(List<Ext2> claims, int[] numVars, int[] roundDegrees, VerifierChannel ch,
                                             String label) throws InvalidProofException {
        int k = claims.size();
        int n = 0;
        for (int v : numVars) {
            n = Math.max(n, v);
        }
        if (k == 0 || numVars.length != k || roundDegrees.length != n) {
            throw new IllegalArgumentException("one claim and variable count per instance, one degree per round");
        }
        for (int d : roundDegrees) {
            if (d < 1) {
                throw new IllegalArgumentException("round degrees must be >= 1");
            }
        }
        ch.absorbPublic(label + ".claims", ExtVectors.of(claims.toArray(new Ext2[0])));
        Ext2[] alphas = coefficients(ch, label, k);
        Ext2 claim = combinedClaim(alphas, claims.toArray(new Ext2[0]), numVars, n);
        Ext2[] point = new Ext2[n];
        for (int round = 0; round < n; round++) {
            Ext2[] values = RoundPolynomials.receive(ch, label + ".round", roundDegrees[round], claim);
            Ext2 r = ch.challengeExt(label + ".r");
            point[round] = r;
            claim = RoundPolynomials.evaluate(values, r);
        }
        return new Verification(label, point, claim, alphas, numVars.clone());
    }

    /** The verifier's state after the rounds: the point and the claim left to check. */
    public static final class Verification {
        private final String label;
        private final Ext2[] point;
        private final Ext2 finalClaim;
        private final Ext2[] alphas;
        private final int[] numVars;

        Verification(String label, Ext2[] point, Ext2 finalClaim, Ext2[] alphas, int[] numVars) {
            this.label = label;
            this.point = point;
            this.finalClaim = finalClaim;
            this.alphas = alphas;
            this.numVars = numVars;
        }

        public Ext2[] point() {
            return point.clone();
        }

        /** The point at which instance i must be evaluated (a prefix of {@link #point()}). */
        public Ext2[] point(int instance) {
            return java.util.Arrays.copyOf(point, numVars[instance]);
        }

        /** For a single instance: the value f(point) must equal this. */
        public Ext2 finalClaim() {
            return finalClaim;
        }

        /** Rejects unless Σ α^i · values[i] equals the final claim. */
        public void check(Ext2... values) throws InvalidProofException {
            if (values.length != alphas.length) {
                throw new IllegalArgumentException("one final value per instance");
            }
            Ext2 acc = Ext2.ZERO;
            for (int i = 0; i < values.length; i++) {
                acc = acc.add(alphas[i].mul(values[i]));
            }
            InvalidProofException.check(acc.equals(finalClaim),
                    "sumcheck '%s': the final evaluation does not match the last round's claim", label);
        }
    }

    private static Ext2[] coefficients(io.zkml4j.core.transcript.ChallengeSource ch, String label, int k) {
        Ext2[] alphas = new Ext2[k];
        alphas[0] = Ext2.ONE;
        if (k > 1) {
            Ext2 a = ch.challengeExt(label + ".batch");
            for (int i = 1; i < k; i++) {
                alphas[i] = alphas[i - 1].mul(a);
            }
        }
        return alphas;
    }

    private static Ext2 combinedClaim(Ext2[] alphas, Ext2[] claims, int[] numVars, int n) {
        Ext2 c = Ext2.ZERO;
        for (int i = 0; i < claims.length; i++) {
            c = c.add(claims[i].mul(alphas[i]).mul(powerOfTwo(n - numVars[i])));
        }
        return c;
    }

    /**
     * Each round's degree: the largest {@code degree(round)} over all instances (inactive ones
     * included, so that a batch of uniform instances keeps one degree throughout). The verifier
     * states the same degrees.
     */
    static int[] roundDegrees(List<? extends SumcheckProverInstance> instances, int n) {
        int[] d = new int[n];
        for (int round = 0; round < n; round++) {
            d[round] = 1;
            for (SumcheckProverInstance inst : instances) {
                d[round] = Math.max(d[round], inst.degree(round));
            }
        }
        return d;
    }

    static Ext2 powerOfTwo(int e) {
        return Ext2.fromBase(io.zkml4j.core.field.Goldilocks.pow(2, e));
    }

    private static Ext2[] zeros(int n) {
        Ext2[] z = new Ext2[n];
        java.util.Arrays.fill(z, Ext2.ZERO);
        return z;
    }

    private static Ext2[] extend(Ext2[] values, int degree) {
        return values.length == degree + 1 ? values : io.zkml4j.core.poly.Univariate.extendTo(values, degree);
    }

    /** Sends the values of several polynomials at the final point (a convenience for protocols). */
    public static void sendFinalValues(ProverChannel ch, String label, Ext2... values) {
        ch.sendExt(label, ExtVectors.of(values));
    }

    public static Ext2[] receiveFinalValues(VerifierChannel ch, String label, int count) throws InvalidProofException {
        return ExtVectors.toArray(ch.receiveExt(label, count));
    }
}
