package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.sumcheck.BatchedInstance;
import io.zkml4j.core.sumcheck.SumcheckMask;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.sumcheck.ZkSumcheck;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.VectorRef;
import io.zkml4j.proof.relation.Challenges;
import io.zkml4j.proof.relation.LinearCheck;
import io.zkml4j.proof.relation.LookupTrees;
import io.zkml4j.proof.relation.PublicTensors;
import io.zkml4j.proof.relation.Relation;
import io.zkml4j.proof.relation.Relations;
import io.zkml4j.proof.relation.SharedClaim;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The part of a proof that one circuit contributes, prover and verifier side by side: commit to
 * the witness, draw α, β per lookup table, commit to the lookups' fraction-tree tops (the
 * "inverses"), draw each relation's point and a batching coefficient, run one zero-knowledge
 * sumcheck over all relations with a hidden claim, reveal the masked final values, prove the
 * lookups by GKR ({@link LookupTrees}), and collect every claim the commitments must prove. The claims
 * name {@link VectorRef#WITNESS}, {@link VectorRef#INVERSES}, the model's and a dataset's
 * commitments; a protocol that proves several sections in one proof renumbers them.
 *
 * <p>Sections of circuits of one shape can share their challenges: each step is offered alone, so
 * such a protocol commits every section's witness, draws α, β once, commits every section's
 * inverses, draws the points and coefficients once, then runs each section's sumcheck (with its
 * own round challenges). The shared challenges come after every commitment they test, so each
 * section's soundness is as alone, and its claims share the points (one opening handles them as one).
 */
final class CircuitSection {
    private CircuitSection() {}

    /** The prover's result: its two one-time commitments and the claims on every commitment. */
    record Proven(CommittedPolynomials witness, CommittedPolynomials inverses, List<LinearClaim> claims) {}

    /** The verifier's result: the two commitments' roots and the same claims. */
    record Checked(Commitment witness, Commitment inverses, List<LinearClaim> claims) {}

    /** Challenges drawn after the inverses: the lookup challenges with every relation's point, and one batching coefficient per relation. */
    record Points(Challenges challenges, Ext2[] coefficients) {}

    /** One section alone: every step in order. */
    static Proven prove(Circuit circuit, Witness w, PublicTensors pub, LigeroParameters params, LigeroPcs pcs, ProverChannel ch,
                        boolean statementSums, Progress progress) {
        progress.stage("committing to the witness");
        CommittedPolynomials witness = commitWitness(w, params, pcs, ch);
        Challenges c = drawLookupChallenges(ch, circuit);
        CommittedPolynomials inverses = commitInverses(circuit, w, c, params, pcs, ch);
        progress.stage("proving the layers (sumcheck)");
        Points points = drawPoints(ch, circuit, c);
        return new Proven(witness, inverses, proveRelations(circuit, w, pub, points, ch, statementSums));
    }

    /** The verifier's side of {@link #prove}. */
    static Checked verify(Circuit circuit, PublicTensors pub, LigeroParameters params, VerifierChannel ch, boolean statementSums)
            throws io.zkml4j.core.transcript.InvalidProofException {
        Commitment witness = receiveWitness(circuit, params, ch);
        Challenges c = drawLookupChallenges(ch, circuit);
        Commitment inverses = receiveInverses(circuit, params, ch);
        Points points = drawPoints(ch, circuit, c);
        return new Checked(witness, inverses, verifyRelations(circuit, pub, points, ch, statementSums));
    }

    static CommittedPolynomials commitWitness(Witness w, LigeroParameters params, LigeroPcs pcs, ProverChannel ch) {
        CommittedPolynomials witness = pcs.commit(params, Arrays.asList(w.witnessVectors()));
        ch.sendDigest("witness.root", witness.commitment().root());
        return witness;
    }

    static Commitment receiveWitness(Circuit circuit, LigeroParameters params, VerifierChannel ch)
            throws io.zkml4j.core.transcript.InvalidProofException {
        return new Commitment(params, ch.receiveDigest("witness.root"), numVars(circuit.witnessVectors()));
    }

    static CommittedPolynomials commitInverses(Circuit circuit, Witness w, Challenges c, LigeroParameters params, LigeroPcs pcs, ProverChannel ch) {
        w.computeInverses(alphas(c, circuit), betas(c, circuit));
        CommittedPolynomials inverses = pcs.commit(params, Arrays.asList(w.inverseVectors()));
        ch.sendDigest("inverses.root", inverses.commitment().root());
        return inverses;
    }

    static Commitment receiveInverses(Circuit circuit, LigeroParameters params, VerifierChannel ch)
            throws io.zkml4j.core.transcript.InvalidProofException {
        return new Commitment(params, ch.receiveDigest("inverses.root"), numVars(circuit.inverseVectors()));
    }

    /** Each relation's and linear check's point (into the lookup challenges), then a batching coefficient per relation. */
    static Points drawPoints(ChallengeSource ch, Circuit circuit, Challenges c) {
        List<Relation> relations = Relations.of(circuit);
        relations.forEach(r -> r.drawPoints(ch, c));
        Relations.linearChecks(circuit).forEach(l -> l.drawPoints(ch, c));
        return new Points(c, ch.challengeExts("batch", relations.size()));
    }

    /** The sumcheck over the circuit's relations at the drawn points, the revealed values, and every claim. */
    static List<LinearClaim> proveRelations(Circuit circuit, Witness w, PublicTensors pub, Points points, ProverChannel ch, boolean statementSums) {
        Together t = sumcheck(circuit, Relations.of(circuit), List.of(w), List.of(pub), points.challenges(), points.coefficients(), ch, "relations",
                "revealed");
        return alone(circuit, t, pub, statementSums);
    }

    /** The verifier's side of {@link #proveRelations}. */
    static List<LinearClaim> verifyRelations(Circuit circuit, PublicTensors pub, Points points, VerifierChannel ch, boolean statementSums)
            throws io.zkml4j.core.transcript.InvalidProofException {
        Together t = checkSumcheck(circuit, Relations.of(circuit), List.of(pub), points.challenges(), points.coefficients(), ch, "relations",
                "revealed");
        return alone(circuit, t, pub, statementSums);
    }

    /**
     * A section proven alone, its claims in one list: each revealed value, the LogUp balances and the
     * linear checks; the hidden claim (the masked sum T equals Σ_i a_i·2^(n−n_i)·claim_i + β·Σ g); the
     * sumcheck's last step (the relations' values at the point plus β·g(r) equal the final claim,
     * stated as a claim on g); and the statement's public sums when asked.
     */
    private static List<LinearClaim> alone(Circuit circuit, Together t, PublicTensors pub, boolean statementSums) {
        List<LinearClaim> claims = new ArrayList<>(t.own().get(0));
        if (t.maskFinal() != null) {
            List<LinearClaim.Term> hidden = new ArrayList<>(t.hiddenTerms().get(0));
            hidden.addAll(t.maskHiddenTerms());
            claims.add(new LinearClaim(hidden, t.hiddenValue()));
            claims.add(t.maskFinal());
        }
        t.shared().forEach(c -> claims.add(c.alone()));
        if (statementSums) {
            claims.addAll(Relations.statementSums(circuit, pub));
        }
        return claims;
    }

    /**
     * What sections proven in one sumcheck claim: each member's own claims (its revealed values, its
     * lookup balances, its linear checks), each member's share of the hidden claim's terms, the hidden
     * claim's value, and the sumcheck mask's two claims (the mask is the first member's).
     */
    record Together(List<List<LinearClaim>> own, List<List<LinearClaim.Term>> hiddenTerms, Ext2 hiddenValue, List<LinearClaim.Term> maskHiddenTerms,
                    LinearClaim maskFinal, List<SharedClaim> shared) {
        /** A circuit whose only relations are its lookups (an activation alone): no batched sumcheck, nor its hidden claim (maskFinal null). */
        static Together lookupsOnly(Circuit circuit, Challenges c, List<PublicTensors> pubs, LookupTrees.Claims lookups) {
            List<List<LinearClaim>> own = new ArrayList<>();
            List<List<LinearClaim.Term>> hidden = new ArrayList<>();
            for (int i = 0; i < pubs.size(); i++) {
                List<LinearClaim> claims = new ArrayList<>(lookups.own().get(i));
                PublicTensors pub = pubs.get(i);
                Relations.linearChecks(circuit).forEach(l -> claims.add(l.claim(c, pub)));
                own.add(claims);
                hidden.add(List.of());
            }
            return new Together(own, hidden, Ext2.ZERO, List.of(), null, lookups.shared());
        }
    }

    /**
     * Several sections of one circuit (the steps of a training that share commitments) in one
     * zero-knowledge sumcheck: every member's relations are batched with coefficients of their own,
     * drawn here, so that no member's error can cancel another's; their values are revealed at the
     * one sumcheck point, each masked with its own vector's mask; the first member's sumcheck mask
     * masks the sumcheck. Claims that share the point share their column weights in the opening.
     */
    static Together proveTogether(Circuit circuit, List<Witness> members, List<PublicTensors> pubs, Challenges c, ProverChannel ch, String label) {
        List<Relation> relations = Relations.of(circuit);
        Ext2[] coefficients = ch.challengeExts(label + ".batch", relations.size() * members.size());
        return sumcheck(circuit, relations, members, pubs, c, coefficients, ch, label, label + ".revealed");
    }

    /** The verifier's side of {@link #proveTogether}. */
    static Together verifyTogether(Circuit circuit, List<PublicTensors> pubs, Challenges c, VerifierChannel ch, String label)
            throws io.zkml4j.core.transcript.InvalidProofException {
        List<Relation> relations = Relations.of(circuit);
        Ext2[] coefficients = ch.challengeExts(label + ".batch", relations.size() * pubs.size());
        return checkSumcheck(circuit, relations, pubs, c, coefficients, ch, label, label + ".revealed");
    }

    /** One zero-knowledge sumcheck over every member's relations with the given coefficients (member-major), and its claims. */
    private static Together sumcheck(Circuit circuit, List<Relation> relations, List<Witness> members, List<PublicTensors> pubs, Challenges c,
                                     Ext2[] coefficients, ProverChannel ch, String label, String revealedLabel) {
        int r = relations.size(), m = members.size();
        for (Witness w : members) {
            if (!w.hasFractionTrees()) {
                w.computeInverses(alphas(c, circuit), betas(c, circuit));
            }
        }
        if (r == 0) {
            Together t = Together.lookupsOnly(circuit, c, pubs, LookupTrees.prove(circuit, members, c, ch, label + ".logup"));
            members.forEach(Witness::releaseFractionTrees);
            return t;
        }
        List<SumcheckProverInstance> instances = new ArrayList<>();
        Ext2[] claims = new Ext2[r * m];
        int[] numVars = new int[r * m];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < r; k++) {
                instances.add(relations.get(k).instance(members.get(i), c));
                claims[i * r + k] = relations.get(k).claimValue(members.get(i), c);
                numVars[i * r + k] = relations.get(k).numVars();
            }
        }
        BatchedInstance batched = new BatchedInstance(instances, coefficients, claims);
        ZkSumcheck.HiddenRun run = ZkSumcheck.proveHiddenClaim(batched, BatchedInstance.combinedClaim(coefficients, claims, numVars),
                members.get(0).sumcheckMask(), ch, label);
        Ext2 r0 = run.point()[0];
        if (r0.mul(Ext2.ONE.sub(r0)).isZero()) { // every revealed value's mask is scaled by r0·(1 − r0)
            throw new IllegalStateException("the sumcheck's first challenge is 0 or 1, which would unmask every revealed value; refusing");
        }
        Ext2[][] revealed = new Ext2[r * m][];
        List<Ext2> flat = new ArrayList<>();
        for (int j = 0; j < r * m; j++) {
            revealed[j] = relations.get(j % r).revealed(instances.get(j));
            flat.addAll(Arrays.asList(revealed[j]));
        }
        ch.sendExt(revealedLabel, ExtVectors.of(flat.toArray(new Ext2[0])));
        LookupTrees.Claims lookups = LookupTrees.prove(circuit, members, c, ch, label + ".logup");
        members.forEach(Witness::releaseFractionTrees);
        return collectTogether(circuit, relations, c, pubs, coefficients, run.point(), run.beta(), run.maskedSum(), run.combinedFinal(), revealed,
                lookups);
    }

    /** The verifier's side of {@link #sumcheck}. */
    private static Together checkSumcheck(Circuit circuit, List<Relation> relations, List<PublicTensors> pubs, Challenges c, Ext2[] coefficients,
                                          VerifierChannel ch, String label, String revealedLabel) throws io.zkml4j.core.transcript.InvalidProofException {
        int r = relations.size(), m = pubs.size();
        if (r == 0) {
            return Together.lookupsOnly(circuit, c, pubs, LookupTrees.verify(circuit, pubs, c, ch, label + ".logup"));
        }
        ZkSumcheck.HiddenVerification run = ZkSumcheck.verifyHiddenClaim(circuit.libraDegrees(), ch, label);
        int perMember = relations.stream().mapToInt(Relation::revealedCount).sum();
        Ext2[] flat = ExtVectors.toArray(ch.receiveExt(revealedLabel, perMember * m));
        Ext2[][] revealed = new Ext2[r * m][];
        int at = 0;
        for (int j = 0; j < r * m; j++) {
            revealed[j] = Arrays.copyOfRange(flat, at, at + relations.get(j % r).revealedCount());
            at += relations.get(j % r).revealedCount();
        }
        LookupTrees.Claims lookups = LookupTrees.verify(circuit, pubs, c, ch, label + ".logup");
        return collectTogether(circuit, relations, c, pubs, coefficients, run.point(), run.beta(), run.maskedSum(), run.combinedFinal(), revealed,
                lookups);
    }

    /**
     * Every claim of members proven together: per member its revealed values, its lookups' claims
     * and linear checks, and its share of the hidden claim; the hidden claim's value and the sumcheck
     * mask's two claims; the lookups' claims that span members.
     */
    private static Together collectTogether(Circuit circuit, List<Relation> relations, Challenges c, List<PublicTensors> pubs, Ext2[] coefficients,
                                            Ext2[] point, Ext2 beta, Ext2 maskedSum, Ext2 combinedFinal, Ext2[][] revealed,
                                            LookupTrees.Claims lookups) {
        int n = point.length, r = relations.size(), m = pubs.size();
        List<LinearCheck> checks = Relations.linearChecks(circuit);
        List<List<LinearClaim>> own = new ArrayList<>();
        List<List<LinearClaim.Term>> hiddenTerms = new ArrayList<>();
        Ext2 hiddenValue = maskedSum;
        Ext2 relationsAtPoint = Ext2.ZERO;
        for (int i = 0; i < m; i++) {
            PublicTensors pub = pubs.get(i);
            List<LinearClaim> claims = new ArrayList<>();
            List<LinearClaim.Term> hidden = new ArrayList<>();
            for (int k = 0; k < r; k++) {
                Relation rel = relations.get(k);
                int j = i * r + k;
                Ext2[] ownPoint = Arrays.copyOf(point, rel.numVars());
                claims.addAll(rel.revealedClaims(ownPoint, revealed[j], c));
                relationsAtPoint = relationsAtPoint.add(coefficients[j].mul(rel.finalValue(ownPoint, revealed[j], c, pub)));
                Relation.HiddenClaim h = rel.claim(c, pub);
                if (h != null) {
                    Ext2 scale = coefficients[j].mul(Goldilocks.pow(2, n - rel.numVars()));
                    for (LinearClaim.Term t : h.terms()) {
                        hidden.add(new LinearClaim.Term(t.commitment(), t.polynomial(), t.weights(), t.coefficient().mul(scale)));
                    }
                    hiddenValue = hiddenValue.sub(h.constant().mul(scale));
                }
            }
            claims.addAll(lookups.own().get(i));
            checks.forEach(l -> claims.add(l.claim(c, pub)));
            own.add(claims);
            hiddenTerms.add(hidden);
        }
        int[] degrees = circuit.libraDegrees();
        LinearClaim maskFinal = new LinearClaim(maskTerms(circuit, SumcheckMask.weights(point, degrees), Ext2.ONE),
                combinedFinal.sub(relationsAtPoint).mul(beta.inverse()));
        return new Together(own, hiddenTerms, hiddenValue, maskTerms(circuit, SumcheckMask.sumWeights(degrees), beta), maskFinal, lookups.shared());
    }

    /** coefficient·Σ weights·g over the sumcheck mask g, split along its committed chunks. */
    private static List<LinearClaim.Term> maskTerms(Circuit circuit, long[] interleavedWeights, Ext2 coefficient) {
        return io.zkml4j.proof.relation.ClaimTerms.sumcheckMask(circuit.libraMasks(), interleavedWeights, coefficient);
    }

    static Challenges drawLookupChallenges(ChallengeSource ch, Circuit circuit) {
        int tables = circuit.tables().size();
        Ext2[] alphas = new Ext2[tables];
        Ext2[] betas = new Ext2[tables];
        for (int t = 0; t < tables; t++) {
            TablePlan table = circuit.tables().get(t);
            alphas[t] = ch.challengeExt("lookup.alpha." + t);
            betas[t] = table.table().columns() > 1 ? ch.challengeExt("lookup.beta." + t) : Ext2.ZERO;
        }
        return new Challenges(alphas, betas);
    }

    static Ext2[] alphas(Challenges c, Circuit circuit) {
        Ext2[] a = new Ext2[circuit.tables().size()];
        for (int t = 0; t < a.length; t++) {
            a[t] = c.alpha(t);
        }
        return a;
    }

    static Ext2[] betas(Challenges c, Circuit circuit) {
        Ext2[] b = new Ext2[circuit.tables().size()];
        for (int t = 0; t < b.length; t++) {
            b[t] = c.beta(t);
        }
        return b;
    }

    private static int[] numVars(List<Circuit.VectorSpec> specs) {
        return specs.stream().mapToInt(s -> s.ref().numVars()).toArray();
    }
}
