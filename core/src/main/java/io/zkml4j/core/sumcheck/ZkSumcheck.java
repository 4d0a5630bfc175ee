package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;

/**
 * Zero-knowledge sumcheck (Libra, Xie et al. 2019, §4.1). Before it runs, the prover commits to a
 * random mask g ({@link SumcheckMask}) through a hiding commitment. The prover then sends
 * G = Σ g, receives β, and runs the plain sumcheck on f + β·g for the claim H + β·G. At the end it
 * sends g(r); the verifier learns that f(r) must equal (final claim − β·g(r)) and is left with two
 * claims: f(r) (for the caller's oracle) and g(r) (for the commitment's opening).
 *
 * <p>What the verifier sees — G, the rounds of f + βg, g(r) — is distributed independently of f
 * given H and f(r); {@code ZkSumcheckTest} checks this with a simulator that knows only those.
 */
public final class ZkSumcheck {
    private ZkSumcheck() {}

    /** The prover's result: the point, f's final value, and the mask value it revealed. */
    public record ProverResult(Ext2[] point, Ext2 finalClaim, Ext2 maskValue) {}

    /** The verifier's result: f(point) must equal {@code expectedValue}; g(point) = maskValue is to be opened. */
    public record Verification(Ext2[] point, Ext2 expectedValue, Ext2 maskValue) {}

    public static ProverResult prove(SumcheckProverInstance f, Ext2 claim, SumcheckMask mask, ProverChannel ch, String label) {
        MaskedRun run = proveMasked(f, claim, mask, ch, label);
        Ext2 maskValue = mask.evaluate(run.point());
        ch.sendExt(label + ".maskValue", ExtVectors.of(maskValue));
        return new ProverResult(run.point(), run.instanceFinal(), maskValue);
    }

    public static Verification verify(Ext2 claim, int numVars, int degree, VerifierChannel ch, String label)
            throws InvalidProofException {
        MaskedVerification v = verifyMasked(claim, numVars, degree, ch, label);
        Ext2 maskValue = Ext2.at(ch.receiveExt(label + ".maskValue", 1), 0);
        return new Verification(v.point(), v.combinedFinal().sub(v.beta().mul(maskValue)), maskValue);
    }

    /**
     * The masked rounds without revealing g(r): for callers that check f(r) + β·g(r) as one
     * combination (the commitment's claim reduction does, so that not even f(r) is revealed).
     */
    public record MaskedRun(Ext2[] point, Ext2 beta, Ext2 instanceFinal) {}

    /** The verifier's view of the masked rounds: f(point) + beta·g(point) must equal combinedFinal. */
    public record MaskedVerification(Ext2[] point, Ext2 beta, Ext2 combinedFinal) {}

    public static MaskedRun proveMasked(SumcheckProverInstance f, Ext2 claim, SumcheckMask mask, ProverChannel ch, String label) {
        checkMask(f, mask);
        Ext2 maskSum = mask.sum();
        ch.sendExt(label + ".maskSum", ExtVectors.of(maskSum));
        Ext2 beta = ch.challengeExt(label + ".beta");
        if (beta.isZero()) { // would reveal the unmasked rounds; only a dishonest live verifier sends it
            throw new IllegalStateException("challenge '" + label + ".beta' is zero, which would unmask the sumcheck; refusing");
        }
        Masked combined = new Masked(f, mask.prover(), beta, claim, maskSum);
        Sumcheck.ProverResult r = Sumcheck.prove(combined, claim.add(beta.mul(maskSum)), ch, label);
        return new MaskedRun(r.point(), beta, combined.fClaim);
    }

    public static MaskedVerification verifyMasked(Ext2 claim, int numVars, int degree, VerifierChannel ch, String label)
            throws InvalidProofException {
        int[] d = new int[numVars];
        java.util.Arrays.fill(d, degree);
        return verifyMasked(claim, d, ch, label);
    }

    /** The masked rounds with a degree per round (the mask must have at least these degrees). */
    public static MaskedVerification verifyMasked(Ext2 claim, int[] roundDegrees, VerifierChannel ch, String label)
            throws InvalidProofException {
        Ext2 maskSum = Ext2.at(ch.receiveExt(label + ".maskSum", 1), 0);
        Ext2 beta = ch.challengeExt(label + ".beta");
        Sumcheck.Verification v = Sumcheck.verify(claim.add(beta.mul(maskSum)), roundDegrees, ch, label);
        return new MaskedVerification(v.point(), beta, v.finalClaim());
    }

    /** Like {@link #verify(Ext2, int, int, VerifierChannel, String)} with a degree per round. */
    public static Verification verify(Ext2 claim, int[] roundDegrees, VerifierChannel ch, String label)
            throws InvalidProofException {
        MaskedVerification v = verifyMasked(claim, roundDegrees, ch, label);
        Ext2 maskValue = Ext2.at(ch.receiveExt(label + ".maskValue", 1), 0);
        return new Verification(v.point(), v.combinedFinal().sub(v.beta().mul(maskValue)), maskValue);
    }

    /**
     * A masked sumcheck whose claimed sum H stays hidden: the prover sends only T = H + β·G, where
     * G = Σ g is never revealed, so T is uniformly random. The caller proves "H + β·G = T" by other
     * means (the inference prover: a commitment claim that is linear in committed data). The
     * mask's final value g(r) is not revealed either: the result carries what the caller needs to
     * state "f(r) + β·g(r) = final" as a commitment claim.
     */
    public record HiddenRun(Ext2[] point, Ext2 beta, Ext2 maskedSum, Ext2 instanceFinal, Ext2 combinedFinal) {}

    /** The verifier's view of a hidden-claim run. */
    public record HiddenVerification(Ext2[] point, Ext2 beta, Ext2 maskedSum, Ext2 combinedFinal) {}

    public static HiddenRun proveHiddenClaim(SumcheckProverInstance f, Ext2 claim, SumcheckMask mask, ProverChannel ch, String label) {
        checkMask(f, mask);
        Ext2 beta = ch.challengeExt(label + ".beta");
        if (beta.isZero()) {
            throw new IllegalStateException("challenge '" + label + ".beta' is zero, which would unmask the sumcheck; refusing");
        }
        Ext2 maskSum = mask.sum();
        Ext2 masked = claim.add(beta.mul(maskSum));
        ch.sendExt(label + ".maskedSum", ExtVectors.of(masked));
        Masked combined = new Masked(f, mask.prover(), beta, claim, maskSum);
        Sumcheck.ProverResult r = Sumcheck.prove(combined, masked, ch, label);
        return new HiddenRun(r.point(), beta, masked, combined.fClaim, r.finalClaims()[0]);
    }

    public static HiddenVerification verifyHiddenClaim(int[] roundDegrees, VerifierChannel ch, String label)
            throws InvalidProofException {
        Ext2 beta = ch.challengeExt(label + ".beta");
        Ext2 masked = Ext2.at(ch.receiveExt(label + ".maskedSum", 1), 0);
        Sumcheck.Verification v = Sumcheck.verify(masked, roundDegrees, ch, label);
        return new HiddenVerification(v.point(), beta, masked, v.finalClaim());
    }

    private static void checkMask(SumcheckProverInstance f, SumcheckMask mask) {
        if (mask.numVars() != f.numVars()) {
            throw new IllegalArgumentException("the mask must have the instance's variables");
        }
        for (int i = 0; i < f.numVars(); i++) {
            if (mask.degree(i) < f.degree(i)) {
                throw new IllegalArgumentException("the mask's degree in x_" + i + " is below the sumcheck's");
            }
        }
    }

    /** f + β·g as one instance, tracking each part's running claim. */
    private static final class Masked implements SumcheckProverInstance {
        private final SumcheckProverInstance f;
        private final SumcheckProverInstance g;
        private final Ext2 beta;
        private final int degree;
        private Ext2 fClaim;
        private Ext2 gClaim;
        private Ext2[] fValues;
        private Ext2[] gValues;
        private int round;

        Masked(SumcheckProverInstance f, SumcheckProverInstance g, Ext2 beta, Ext2 fClaim, Ext2 gClaim) {
            this.f = f;
            this.g = g;
            this.beta = beta;
            this.degree = Math.max(f.degree(), g.degree());
            this.fClaim = fClaim;
            this.gClaim = gClaim;
        }

        @Override
        public int numVars() {
            return f.numVars();
        }

        @Override
        public int degree() {
            return degree;
        }

        @Override
        public int degree(int round) {
            return Math.max(f.degree(round), g.degree(round));
        }

        @Override
        public Ext2[] roundValues(Ext2 claim) {
            int d = degree(round);
            fValues = Univariate.extendTo(f.roundValues(fClaim), d);
            gValues = Univariate.extendTo(g.roundValues(gClaim), d);
            Ext2[] out = new Ext2[d + 1];
            for (int x = 0; x <= d; x++) {
                out[x] = fValues[x].add(beta.mul(gValues[x]));
            }
            return out;
        }

        @Override
        public void bind(Ext2 r) {
            round++;
            fClaim = Univariate.evaluate(fValues, r);
            gClaim = Univariate.evaluate(gValues, r);
            f.bind(r);
            g.bind(r);
        }
    }
}
