package io.zkml4j.proof;

import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.sealed.SealedEvaluationReduction;
import io.zkml4j.core.sealed.SealedOpening;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;
import io.zkml4j.proof.circuit.VectorRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The end of a proof over a sealed dataset and a model's sealed weights (accuracy and training
 * proofs): every claim on the dataset through one sealed opening, every claim on the weights
 * through another, then one opening of all one-time commitments. Sections (chunks, groups of
 * steps) commit a witness and an inverse commitment each; section 0's sit where an inference proof
 * has its own, later ones after the dataset's.
 */
final class DatasetAndWeightsOpening {
    /** Where the weights' sealed opening puts its second commitment in the final opening. */
    private static final int SEALED_COLUMNS = 3;
    /** Where the dataset's sealed opening puts its second commitment (its first replaces the dataset, index {@link VectorRef#DATASET}). */
    private static final int DATASET_COLUMNS = VectorRef.DATASET + 1;

    private DatasetAndWeightsOpening() {}

    /**
     * A chunk's start commitment (the sealed weights a later chunk of a training starts from) in the
     * final opening, with {@code sectionCommitments} witness and inverse commitments before it: after
     * the dataset reduction's mask; its sealed opening's second commitment follows it.
     */
    static int startIndex(int sectionCommitments) {
        return witnessIndex(sectionCommitments / 2) + 1;
    }

    /** Section j's witness commitment in the final opening (its inverses follow). */
    static int witnessIndex(int section) {
        return section == 0 ? VectorRef.WITNESS : DATASET_COLUMNS + 1 + 2 * (section - 1);
    }

    /** The dataset commitment's parameters reach {@code minimumBits}; live, counting only its interactive soundness. */
    static void requireDatasetSecurity(VerifierChannel ch, Commitment dataset, double minimumBits) throws InvalidProofException {
        LigeroParameters dataParams = dataset.parameters();
        InvalidProofException.check(dataParams.security().bits() >= minimumBits,
                "the dataset commitment's parameters give %.1f bits of security, below the required %.1f", dataParams.security().bits(), minimumBits);
        if (!ch.isFiatShamir()) {
            InvalidProofException.check(dataParams.security().interactiveBits() >= minimumBits,
                    "live, the dataset commitment gives %.1f bits of security, below the required %.1f", dataParams.security().interactiveBits(),
                    minimumBits);
        }
    }

    /**
     * {@code sections} holds each section's witness and inverse commitments, in order. With
     * {@code onePoint}, the dataset's claims are first reduced to one point per dataset polynomial
     * ({@link SealedEvaluationReduction}): a training names every batch row at a point of its own,
     * more than the sealed opening takes; its mask's commitment follows the sections'.
     */
    static void prove(SealedCommitment dataset, SealedCommitment weights, List<LinearClaim> claims, List<CommittedPolynomials> sections,
                      LigeroParameters params, LigeroPcs pcs, ProverChannel ch, Random random, Progress progress, boolean onePoint) {
        prove(dataset, weights, null, claims, sections, params, pcs, ch, random, progress, onePoint);
    }

    /** With the sealed weights a chunk starts from ({@code start}, null for none), opened after the trained weights. */
    static void prove(SealedCommitment dataset, SealedCommitment weights, SealedCommitment start, List<LinearClaim> claims,
                      List<CommittedPolynomials> sections, LigeroParameters params, LigeroPcs pcs, ProverChannel ch, Random random, Progress progress,
                      boolean onePoint) {
        CommittedPolynomials reductionMask = null;
        if (onePoint && SealedEvaluationReduction.applies(VectorRef.DATASET, claims)) {
            progress.stage("reducing the dataset's claims to one point");
            SealedEvaluationReduction.ProverResult reduced = SealedEvaluationReduction.prove(dataset, VectorRef.DATASET, claims, params,
                    witnessIndex(sections.size() / 2), ch, random);
            claims = reduced.claims();
            reductionMask = reduced.mask();
        }
        progress.stage("proving the dataset's claims on hidden columns");
        SealedOpening.ProverResult data = SealedOpening.prove(dataset, VectorRef.DATASET, claims, params, VectorRef.DATASET, DATASET_COLUMNS, ch,
                random);
        List<CommittedPolynomials> modelFresh = null;
        claims = data.claims();
        if (weights != null) {
            progress.stage("proving the weights' claims on hidden columns");
            SealedOpening.ProverResult model = SealedOpening.prove(weights, VectorRef.MODEL, claims, params, VectorRef.MODEL, SEALED_COLUMNS, ch,
                    random);
            modelFresh = model.fresh();
            claims = model.claims();
        }
        List<CommittedPolynomials> startFresh = null;
        if (start != null) {
            progress.stage("proving the starting weights' claims on hidden columns");
            int at = startIndex(sections.size());
            SealedOpening.ProverResult opened = SealedOpening.prove(start, at, claims, params, at, at + 1, ch, random);
            startFresh = opened.fresh();
            claims = opened.claims();
        }
        progress.stage("opening the commitments");
        FinalOpening<CommittedPolynomials> last = FinalOpening.of(opening(modelFresh, data.fresh(), sections, reductionMask, startFresh), claims);
        pcs.open(last.commitments(), last.claims(), ch);
    }

    /** The verifier's side of {@link #prove}. */
    static void verify(Commitment dataset, Commitment weights, List<LinearClaim> claims, List<Commitment> sections, LigeroParameters params,
                       VerifierChannel ch, double minimumBits, boolean onePoint) throws InvalidProofException {
        verify(dataset, weights, null, claims, sections, params, ch, minimumBits, onePoint);
    }

    /** The verifier's side of {@link #prove} with a chunk's start commitment. */
    static void verify(Commitment dataset, Commitment weights, Commitment start, List<LinearClaim> claims, List<Commitment> sections,
                       LigeroParameters params, VerifierChannel ch, double minimumBits, boolean onePoint) throws InvalidProofException {
        Commitment reductionMask = null;
        if (onePoint && SealedEvaluationReduction.applies(VectorRef.DATASET, claims)) {
            SealedEvaluationReduction.VerifierResult reduced = SealedEvaluationReduction.verify(dataset, VectorRef.DATASET, claims, params,
                    witnessIndex(sections.size() / 2), ch);
            claims = reduced.claims();
            reductionMask = reduced.mask();
        }
        SealedOpening.VerifierResult data = SealedOpening.verify(dataset, VectorRef.DATASET, claims, params, VectorRef.DATASET, DATASET_COLUMNS, ch);
        List<Commitment> modelFresh = null;
        claims = data.claims();
        if (weights != null) {
            SealedOpening.VerifierResult model = SealedOpening.verify(weights, VectorRef.MODEL, claims, params, VectorRef.MODEL, SEALED_COLUMNS, ch);
            modelFresh = model.fresh();
            claims = model.claims();
        }
        List<Commitment> startFresh = null;
        if (start != null) {
            int at = startIndex(sections.size());
            SealedOpening.VerifierResult opened = SealedOpening.verify(start, at, claims, params, at, at + 1, ch);
            startFresh = opened.fresh();
            claims = opened.claims();
        }
        FinalOpening<Commitment> last;
        try {
            last = FinalOpening.of(opening(modelFresh, data.fresh(), sections, reductionMask, startFresh), claims);
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException(e.getMessage());
        }
        LigeroPcs.verify(last.commitments(), last.claims(), ch, minimumBits);
    }

    /**
     * The final opening's commitments in index order: weights' F, section 0's two, weights' G, the
     * dataset's F and G, later sections' pairs, the reduction's mask's slot, the start's F and G.
     * Without a weights' opening (public trained weights), a reduction or a start, their slots are null.
     */
    private static <C> List<C> opening(List<C> weights, List<C> data, List<C> sections, C reductionMask, List<C> start) {
        List<C> out = new ArrayList<>(java.util.Arrays.asList(weights == null ? null : weights.get(0), sections.get(0), sections.get(1),
                weights == null ? null : weights.get(1), data.get(0), data.get(1)));
        out.addAll(sections.subList(2, sections.size()));
        out.add(reductionMask);
        out.add(start == null ? null : start.get(0));
        out.add(start == null ? null : start.get(1));
        return out;
    }

    /** The commitments actually opened, empty slots left out, and the claims renumbered to match. */
    record FinalOpening<C>(List<C> commitments, List<LinearClaim> claims) {
        /** @throws IllegalArgumentException when a claim names an empty slot */
        static <C> FinalOpening<C> of(List<C> slots, List<LinearClaim> claims) {
            int[] index = new int[slots.size()];
            List<C> commitments = new ArrayList<>();
            for (int i = 0; i < slots.size(); i++) {
                index[i] = slots.get(i) == null ? -1 : commitments.size();
                if (slots.get(i) != null) {
                    commitments.add(slots.get(i));
                }
            }
            if (commitments.size() == slots.size()) {
                return new FinalOpening<>(commitments, claims);
            }
            List<LinearClaim> renumbered = new ArrayList<>();
            for (LinearClaim c : claims) {
                List<LinearClaim.Term> terms = new ArrayList<>();
                for (LinearClaim.Term t : c.terms()) {
                    if (t.commitment() < 0 || t.commitment() >= index.length || index[t.commitment()] < 0) {
                        throw new IllegalArgumentException("a claim names commitment " + t.commitment() + ", which this proof does not open");
                    }
                    terms.add(new LinearClaim.Term(index[t.commitment()], t.polynomial(), t.weights(), t.coefficient()));
                }
                renumbered.add(new LinearClaim(terms, c.value()));
            }
            return new FinalOpening<>(commitments, renumbered);
        }
    }
}
