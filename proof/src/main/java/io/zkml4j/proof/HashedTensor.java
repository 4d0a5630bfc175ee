package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Poseidon2Sponge;
import io.zkml4j.core.hashproof.SpongeHashProof;
import io.zkml4j.core.hashproof.SpongeShape;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.circuit.TensorPlan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A committed tensor (a hashed input or output) that the statement shows only as one
 * {@link HashedValues} digest per sample. The proof commits afresh to salt ‖ values of every
 * padded sample (the padded batch repeats sample 0, as the witness does), proves they hash to the
 * digests ({@link SpongeHashProof}), and links them to the tensor's committed vector at a random
 * point z: x̃(z) = Σ_{b,e} eq(z, index(b, e))·message_b[salt + e] + pad·(weight of the padding
 * positions), which pins every position of the vector: the values to the hashed messages, the
 * padding to the tensor's pad value (0 for a private input, f(0) after an activation f).
 */
final class HashedTensor {
    private final TensorPlan plan;
    private final int domain;
    private final String label;
    private final int commitment;

    HashedTensor(TensorPlan plan, int domain, String label, int commitment) {
        if (plan.isPublic()) {
            throw new IllegalArgumentException(plan.name() + " is public: only a committed tensor is hashed");
        }
        if (!fits(plan.layout().logicalSize())) {
            throw new IllegalArgumentException(plan.name() + " has " + plan.layout().logicalSize() + " values; hashed visibility takes at most "
                    + (SpongeShape.MAX_MESSAGE_LENGTH - HashedValues.SALT_ELEMENTS));
        }
        this.plan = plan;
        this.domain = domain;
        this.label = label;
        this.commitment = commitment;
    }

    /** Whether a tensor of this many values per sample can be hashed (with its salt, within one sponge message). */
    static boolean fits(int values) {
        return (long) values + HashedValues.SALT_ELEMENTS <= SpongeShape.MAX_MESSAGE_LENGTH;
    }

    SpongeShape shape() {
        TensorLayout layout = plan.layout();
        return new SpongeShape(layout.batchPadded(), HashedValues.SALT_ELEMENTS + layout.logicalSize(), domain);
    }

    /** salt ‖ values for every padded sample. */
    long[][] messages(List<long[]> values, List<long[]> salts) {
        int batch = plan.layout().batch();
        if (values.size() != batch || salts.size() != batch) {
            throw new IllegalArgumentException(plan.name() + ": one salt per sample, " + batch + " samples");
        }
        long[][] m = new long[plan.layout().batchPadded()][];
        for (int b = 0; b < m.length; b++) {
            int from = b < batch ? b : 0;
            m[b] = HashedValues.message(values.get(from), salts.get(from));
        }
        return m;
    }

    /** The digests of the real samples. */
    List<long[]> digests(long[][] messages) {
        List<long[]> d = new ArrayList<>();
        for (int b = 0; b < plan.layout().batch(); b++) {
            d.add(Poseidon2Sponge.hash(domain, messages[b]));
        }
        return d;
    }

    record Proven(CommittedPolynomials committed, List<LinearClaim> claims) {}

    Proven prove(long[][] messages, LigeroParameters params, ProverChannel ch, Random random) {
        SpongeHashProof.Prover hash = SpongeHashProof.prover(shape(), messages, random);
        CommittedPolynomials committed = new LigeroPcs(random).commit(params, hash.tables());
        ch.sendDigest(label + ".root", committed.commitment().root());
        List<LinearClaim> claims = new ArrayList<>(hash.prove(ch, label, commitment, 0));
        claims.add(link(ch));
        return new Proven(committed, claims);
    }

    record Verified(Commitment committed, List<LinearClaim> claims) {}

    Verified verify(List<long[]> digests, LigeroParameters params, VerifierChannel ch) throws InvalidProofException {
        SpongeShape shape = shape();
        Commitment committed = new Commitment(params, ch.receiveDigest(label + ".root"), SpongeHashProof.tableVars(shape));
        long[][] padded = new long[shape.sponges()][];
        for (int b = 0; b < padded.length; b++) {
            padded[b] = digests.get(b < digests.size() ? b : 0);
        }
        List<LinearClaim> claims = new ArrayList<>(SpongeHashProof.verify(shape, padded, ch, label, commitment, 0));
        claims.add(link(ch));
        return new Verified(committed, claims);
    }

    private LinearClaim link(ChallengeSource ch) {
        TensorLayout layout = plan.layout();
        SpongeShape shape = shape();
        Ext2[] z = ch.challengeExts(label + ".link", layout.numVars());
        Ext2[] sponge = new Ext2[shape.numVars() - shape.logBlocks()];
        Arrays.fill(sponge, Ext2.ZERO);
        System.arraycopy(z, layout.sampleVars(), sponge, 0, layout.batchVars());
        long[] eqLow = Multilinear.eqTable(Arrays.copyOf(z, layout.sampleVars()));
        List<LinearClaim.Term> terms = new ArrayList<>();
        terms.add(new LinearClaim.Term(plan.vector().commitment(), plan.vector().poly(), new Weights.Eq(z), Ext2.ONE));
        Ext2 real = Ext2.ZERO;
        for (int e = 0; e < layout.logicalSize(); e++) {
            real = real.add(Ext2.at(eqLow, layout.proofIndex()[e]));
            terms.add(SpongeHashProof.messageTerm(shape, commitment, 0, HashedValues.SALT_ELEMENTS + e, sponge,
                    Ext2.at(eqLow, layout.proofIndex()[e]).neg()));
        }
        // Padding positions hold the tensor's pad value: Σ_{b, p not an index} eq(z, (b, p)) = 1 − Σ_e eq(z_low, index_e).
        Ext2 padding = Ext2.ONE.sub(real).mul(io.zkml4j.core.field.Goldilocks.fromSigned(plan.padValue()));
        return new LinearClaim(terms, padding);
    }

    /** Binds digests into the statement before anything is committed. */
    static void absorb(ChallengeSource ch, String label, List<long[]> digests) {
        long[] flat = new long[digests.size() * Poseidon2Sponge.OUTPUT];
        for (int b = 0; b < digests.size(); b++) {
            System.arraycopy(digests.get(b), 0, flat, b * Poseidon2Sponge.OUTPUT, Poseidon2Sponge.OUTPUT);
        }
        ch.absorbPublic(label, flat);
    }
}
