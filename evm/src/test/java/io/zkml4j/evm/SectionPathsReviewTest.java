package io.zkml4j.evm;

import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.evm.verifier.ClaimDigest;
import io.zkml4j.evm.verifier.SectionVerifierWriter;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.QuantizedModelBuilder;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.CircuitCompiler;
import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.InferenceProtocol;
import io.zkml4j.proof.Prover;
import io.zkml4j.proof.ProvingKey;
import io.zkml4j.proof.VerifyingKey;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.ContractionPlan;
import io.zkml4j.proof.circuit.Decomposition;
import io.zkml4j.proof.circuit.LinearTerm;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.relation.ContractionRelation;
import io.zkml4j.proof.relation.ConvRelation;
import io.zkml4j.proof.relation.EqProductRelation;
import io.zkml4j.proof.relation.GatherRelation;
import io.zkml4j.proof.relation.LinearCheck;
import io.zkml4j.proof.relation.ProductZeroRelation;
import io.zkml4j.proof.relation.PublicTensors;
import io.zkml4j.proof.relation.Relation;
import io.zkml4j.proof.relation.Relations;
import io.zkml4j.proof.relation.Target;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review: the generated section on circuits other than the bundled MLP's, whose relations take the
 * writer's paths the MLP never takes (a public target, a public factor, a per-channel scale, a
 * public vector subtracted from a target, zero-extended limbs). For each small model the writer
 * accepts, an honest EVM-profile proof's section must give Java's claims, and another output must
 * give Java's other claims (or be rejected by both).
 */
class SectionPathsReviewTest {
    static final String CHECK = "check(bytes,bytes,bytes,uint256[],uint256[])";

    static QLayer.ConvGeometry conv(int inC, int inH, int inW, int outC, int k, int stride, int pad, int groups) {
        return new QLayer.ConvGeometry(inC, inH, inW, outC, k, k, stride, stride, pad, pad, pad, pad, 1, 1, groups);
    }

    /** x[40] → Dense 32 + ReLU as the output: the activation's output (a relation's target) is public. */
    static QuantizedModel reluOutput() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {40}, 3);
        b.layer(new QLayer.Dense("fc", "x", "y", 40, 32, b.ints(40 * 32, 100), b.ints(32, 3000), new Requant(10, Activation.RELU)), 32);
        return b.build("review-relu-output", "y");
    }

    /** x[40] → Dense 16 (identity) as the output: a requantised public output. */
    static QuantizedModel denseOutput() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {40}, 4);
        b.layer(new QLayer.Dense("fc", "x", "y", 40, 16, b.ints(40 * 16, 100), b.ints(16, 3000), new Requant(9, Activation.IDENTITY)), 16);
        return b.build("review-dense-output", "y");
    }

    /** x[2,8,8] → Conv 3×1×1 → MaxPool 3×3 (stride 2, pad 1) as the output: a public pooled output (a difference's y). */
    static QuantizedModel poolOutput() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {2, 8, 8}, 5);
        b.layer(new QLayer.Conv("conv", "x", "c", conv(2, 8, 8, 3, 1, 1, 0, 1), b.ints(6, 100), b.ints(3, 3000),
                new Requant(6, Activation.IDENTITY)), 3, 8, 8);
        b.layer(new QLayer.MaxPool("pool", "c", "y", new QLayer.PoolGeometry(3, 8, 8, 3, 3, 2, 2, 1, 1, 1, 1)), 3, 4, 4);
        return b.build("review-pool-output", "y");
    }

    /** x[2,8,8] → Conv 4×3×3 (pad 1) + ReLU → MaxPool 2×2 → Flatten → Dense 10. */
    static QuantizedModel cnn() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {2, 8, 8}, 6);
        b.layer(new QLayer.Conv("conv1", "x", "c1", conv(2, 8, 8, 4, 3, 1, 1, 1), b.ints(4 * 2 * 9, 100), b.ints(4, 3000),
                new Requant(9, Activation.RELU)), 4, 8, 8);
        b.layer(new QLayer.MaxPool("pool1", "c1", "p1", new QLayer.PoolGeometry(4, 8, 8, 2, 2, 2, 2, 0, 0, 0, 0)), 4, 4, 4);
        b.layer(new QLayer.Reshape("flatten", "p1", "f"), 64);
        b.layer(new QLayer.Dense("fc", "f", "y", 64, 10, b.ints(640, 100), b.ints(10, 3000), new Requant(10, Activation.IDENTITY)), 10);
        return b.build("review-cnn", "y");
    }

    /**
     * x[2,8,8] → Conv 4×3×3 (pad 1) + ReLU → Conv 4×3×3 in 2 groups (stride 2, dilation 2, pad 2) → Flatten → Dense 10: a
     * convolution of committed activations (product weights on the witness, the columns' mask), grouped and strided.
     */
    static QuantizedModel cnnDeep() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {2, 8, 8}, 14);
        b.layer(new QLayer.Conv("conv1", "x", "c1", conv(2, 8, 8, 4, 3, 1, 1, 1), b.ints(4 * 2 * 9, 100), b.ints(4, 3000),
                new Requant(9, Activation.RELU)), 4, 8, 8);
        b.layer(new QLayer.Conv("conv2", "c1", "c2", new QLayer.ConvGeometry(4, 8, 8, 4, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2), b.ints(4 * 2 * 9, 100),
                b.ints(4, 3000), new Requant(9, Activation.RELU)), 4, 4, 4);
        b.layer(new QLayer.Reshape("flatten", "c2", "f"), 64);
        b.layer(new QLayer.Dense("fc", "f", "y", 64, 10, b.ints(640, 100), b.ints(10, 3000), new Requant(10, Activation.IDENTITY)), 10);
        return b.build("review-cnn-deep", "y");
    }

    /** x[4,8,8] → MaxPool 2×2 → Flatten → Dense 10: gathers from the public input, a product of four differences. */
    static QuantizedModel poolInput() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {4, 8, 8}, 9);
        b.layer(new QLayer.MaxPool("pool", "x", "p", new QLayer.PoolGeometry(4, 8, 8, 2, 2, 2, 2, 0, 0, 0, 0)), 4, 4, 4);
        b.layer(new QLayer.Reshape("flatten", "p", "f"), 64);
        b.layer(new QLayer.Dense("fc", "f", "y", 64, 10, b.ints(640, 100), b.ints(10, 3000), new Requant(10, Activation.IDENTITY)), 10);
        return b.build("review-pool-input", "y");
    }

    /** x[2,6,6] → MaxPool 2×2 (stride 2, pad 1) → Flatten → Dense 10: windows that meet the padding (a map of 16-byte entries and constants). */
    static QuantizedModel poolPadded() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {2, 6, 6}, 12);
        b.layer(new QLayer.MaxPool("pool", "x", "p", new QLayer.PoolGeometry(2, 6, 6, 2, 2, 2, 2, 1, 1, 1, 1)), 2, 4, 4);
        b.layer(new QLayer.Reshape("flatten", "p", "f"), 32);
        b.layer(new QLayer.Dense("fc", "f", "y", 32, 10, b.ints(320, 100), b.ints(10, 3000), new Requant(10, Activation.IDENTITY)), 10);
        return b.build("review-pool-padded", "y");
    }

    /**
     * x[32] → Dense 64 + ReLU → [4,4,4] → MaxPool 3×3 stride 1 as the output (review): nine gathers
     * and a product of nine differences, a public pooled output; its section once compiled to a
     * library larger than a contract may be (29,455 bytes), and is now written over several.
     */
    static QuantizedModel poolLast() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {32}, 10);
        b.layer(new QLayer.Dense("fc1", "x", "h", 32, 64, b.ints(32 * 64, 100), b.ints(64, 3000), new Requant(10, Activation.RELU)), 64);
        b.layer(new QLayer.Reshape("image", "h", "hr"), 4, 4, 4);
        b.layer(new QLayer.MaxPool("pool", "hr", "y", new QLayer.PoolGeometry(4, 4, 4, 3, 3, 1, 1, 0, 0, 0, 0)), 4, 2, 2);
        return b.build("review-pool-last", "y");
    }

    /** x[16,32,32] → MaxPool 2×2 (pad 1) → Flatten → Dense 4: padded windows' constants, more than a contract holds. */
    static QuantizedModel poolLarge() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {16, 32, 32}, 11);
        b.layer(new QLayer.MaxPool("pool", "x", "p", new QLayer.PoolGeometry(16, 32, 32, 2, 2, 2, 2, 1, 1, 1, 1)), 16, 17, 17);
        b.layer(new QLayer.Reshape("flatten", "p", "f"), 16 * 17 * 17);
        b.layer(new QLayer.Dense("fc", "f", "y", 16 * 17 * 17, 4, b.ints(16 * 17 * 17 * 4, 100), b.ints(4, 3000),
                new Requant(12, Activation.IDENTITY)), 4);
        return b.build("review-pool-large", "y");
    }

    /** x[32] → Affine per 4 channels (a per-channel scale) → Dense 8. */
    static QuantizedModel affineFirst() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {32}, 7);
        b.layer(new QLayer.Affine("bn", "x", "g", 4, 8, b.ints(4, 300), b.ints(4, 30000), new Requant(8, Activation.IDENTITY)), 32);
        b.layer(new QLayer.Dense("fc", "g", "y", 32, 8, b.ints(32 * 8, 100), b.ints(8, 3000), new Requant(10, Activation.IDENTITY)), 8);
        return b.build("review-affine", "y");
    }

    /** x[32] → Mul(x, x) → Dense 8: a product whose factors are the public input. */
    static QuantizedModel squareInput() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {32}, 8);
        b.layer(new QLayer.Mul("sq", "x", "x", "s", 1, new Requant(10, Activation.IDENTITY)), 32);
        b.layer(new QLayer.Dense("fc", "s", "y", 32, 8, b.ints(32 * 8, 100), b.ints(8, 3000), new Requant(10, Activation.IDENTITY)), 8);
        return b.build("review-square", "y");
    }

    /** x[24] → Dense 12 → a[3,4]; Dense 20 → b[4,5]; MatMul(a, b) → y[3,5] (public). */
    static QuantizedModel matMul() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {24}, 9);
        b.layer(new QLayer.Dense("fa", "x", "a", 24, 12, b.ints(24 * 12, 100), b.ints(12, 3000), new Requant(9, Activation.IDENTITY)), 3, 4);
        b.layer(new QLayer.Dense("fb", "x", "bm", 24, 20, b.ints(24 * 20, 100), b.ints(20, 3000), new Requant(9, Activation.IDENTITY)), 4, 5);
        b.layer(new QLayer.MatMul("ab", "a", "bm", "y", 3, 4, 5, 3, new Requant(14, Activation.IDENTITY)), 3, 5);
        return b.build("review-matmul", "y");
    }

    /** x[12] → Dense 6 + ReLU → Dense 3 → Sigmoid as the output (a table lookup's output public). */
    static QuantizedModel sigmoidOutput() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {12}, 10);
        b.layer(new QLayer.Dense("fc", "x", "h", 12, 6, b.ints(72, 100), b.ints(6, 3000), new Requant(9, Activation.RELU)), 6);
        b.layer(new QLayer.Dense("fc2", "h", "y", 6, 4, b.ints(24, 100), b.ints(4, 3000), new Requant(9, Activation.sigmoid(1.0 / 1024, 14))), 4);
        return b.build("review-sigmoid-output", "y");
    }

    /** x[32] → ReLU (no shift) → Dense 8: the sign decomposition's value is the public input (limbs of a public value). */
    static QuantizedModel reluInput() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {32}, 11);
        b.layer(new QLayer.Activate("relu", "x", "h", new Requant(0, Activation.RELU)), 32);
        b.layer(new QLayer.Dense("fc", "h", "y", 32, 8, b.ints(32 * 8, 100), b.ints(8, 3000), new Requant(10, Activation.IDENTITY)), 8);
        return b.build("review-relu-input", "y");
    }

    /** x[16] → Dense 16 → a[4,4]; Dense 16 → b[4,4]; MatMul(a, b) → y[4,4]: powers of two, so perhaps no relayout. */
    static QuantizedModel matMulSquare() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {16}, 12);
        b.layer(new QLayer.Dense("fa", "x", "a", 16, 16, b.ints(256, 100), b.ints(16, 3000), new Requant(9, Activation.IDENTITY)), 4, 4);
        b.layer(new QLayer.Dense("fb", "x", "bm", 16, 16, b.ints(256, 100), b.ints(16, 3000), new Requant(9, Activation.IDENTITY)), 4, 4);
        b.layer(new QLayer.MatMul("ab", "a", "bm", "y", 4, 4, 4, 3, new Requant(14, Activation.IDENTITY)), 4, 4);
        return b.build("review-matmul-square", "y");
    }

    /** x[4,4] → MatMul(x, x) → y[4,4]: a product of the public input with itself. */
    static QuantizedModel matMulInput() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {4, 4}, 13);
        b.layer(new QLayer.MatMul("xx", "x", "x", "y", 4, 4, 4, 3, new Requant(12, Activation.IDENTITY)), 4, 4);
        return b.build("review-matmul-input", "y");
    }

    /** The writer's paths a circuit takes (names of the branches of SectionVerifierWriter). */
    static TreeSet<String> paths(Circuit circuit) {
        TreeSet<String> out = new TreeSet<>();
        for (Relation r : Relations.of(circuit)) {
            if (r instanceof ContractionRelation c) {
                ContractionPlan p = c.plan();
                out.add("contraction" + (p.unfolded().isPublic() ? ".publicU" : ".committedU") + (p.folded() != null ? ".folded" : "")
                        + (p.uFreeVars() > 0 ? ".eq" : ".noEq") + (p.uContractedLow() ? ".uCLow" : ".uCHigh")
                        + (p.folded() != null ? (p.fContractedLow() ? ".fCLow" : ".fCHigh") : ""));
                for (LinearTerm t : p.target()) {
                    out.add("contraction.target" + (t.tensor().isPublic() ? ".public" : ".committed"));
                    if (t.tensor().numVars() < p.targetVars()) {
                        out.add("contraction.target.smaller");
                    }
                }
                if (p.targetConstant() != 0) {
                    out.add("contraction.targetConstant");
                }
            } else if (r instanceof EqProductRelation e) {
                for (TensorPlan f : e.factors()) {
                    out.add("eq.factor" + (f.isPublic() ? ".public" : ".committed"));
                }
                if (e.scale() != null) {
                    out.add("eq.scale");
                }
                target(e.target(), out);
            } else if (r instanceof GatherRelation g) {
                out.add("gather.source" + (g.source().isPublic() ? ".public" : ".committed"));
                int kind = Integer.parseInt(SectionVerifierWriter.mapBytes(g.map()).substring(0, 2), 16);
                out.add((kind & 0x7f) == 0 ? "gather.map.entries" : "gather.map.selection");
                if ((kind & 0x80) != 0) {
                    out.add("gather.map.blocked");
                }
                if (Arrays.stream(g.map().constants()).anyMatch(c -> c != 0)) {
                    out.add("gather.constants");
                }
                target(g.target(), out);
            } else if (r instanceof ProductZeroRelation z) {
                out.add("productZero." + z.factors().size());
            } else if (r instanceof ConvRelation c) {
                out.add("conv.input" + (c.plan().input().isPublic() ? ".public" : ".committed"));
                if (c.plan().groupVars() > 0) {
                    out.add("conv.grouped");
                }
                QLayer.ConvGeometry g = c.plan().layer().geometry();
                if (g.strideH() > 1 || g.dilationH() > 1) {
                    out.add("conv.strided");
                }
                target(new Target.Accumulator(c.plan().requant()), out);
            } else {
                out.add("unsupported." + r.getClass().getSimpleName());
            }
        }
        for (LinearCheck l : Relations.linearChecks(circuit)) {
            if (l instanceof LinearCheck.Limbs limbs) {
                Decomposition d = limbs.decomposition();
                out.add("limbs.value" + (d.value().isPublic() ? ".public" : ".committed"));
                if (d.value().numVars() < l.numVars() || d.limbs().stream().anyMatch(t -> t.numVars() < l.numVars())) {
                    out.add("limbs.zeroExtension");
                }
                if (d.offset() != 0) {
                    out.add("limbs.offset");
                }
            } else {
                out.add("unsupported." + l.getClass().getSimpleName());
            }
        }
        return out;
    }

    static void target(Target t, TreeSet<String> out) {
        switch (t) {
            case Target.Zero z -> out.add("target.zero");
            case Target.Of o -> out.add("target.of" + (o.tensor().isPublic() ? ".public" : ".committed"));
            case Target.Linear l -> l.terms().forEach(x -> out.add("target.linear" + (x.tensor().isPublic() ? ".public" : ".committed")));
            case Target.Difference d -> out.add("target.difference" + (d.y().isPublic() ? ".publicY" : ".committedY"));
            case Target.Accumulator a -> out.add("target.accumulator");
            case Target.MinusPublic mp -> {
                out.add("target.minusPublic");
                target(mp.base(), out);
            }
        }
    }

    static List<LinearClaim> javaClaims(VerifyingKey vk, Circuit circuit, byte[] transcript, List<long[]> inputs, List<long[]> outputs) {
        try {
            FiatShamirVerifier ch = new FiatShamirVerifier(vk.hash(), InferenceProtocol.domainSeparator(vk.commitment(), vk.proofParameters()),
                    transcript);
            return InferenceProtocol.sectionClaims(circuit, vk.proofParameters(), vk.digest(), inputs, outputs, ch);
        } catch (InvalidProofException e) {
            return null;
        }
    }

    static BigInteger[] placed(Circuit circuit, List<long[]> inputs, List<long[]> outputs, boolean input) {
        PublicTensors pub = InferenceProtocol.publicTensors(circuit, inputs, outputs);
        long[] v = pub.get((input ? circuit.input() : circuit.output()).publicRoot());
        return Arrays.stream(v).mapToObj(x -> new BigInteger(Long.toUnsignedString(x))).toArray(BigInteger[]::new);
    }

    /** Proves the model in the EVM profile and compares the section's claims; returns the paths exercised, or null when refused. */
    /** One model's section written, proven and checked by Java: what a probe then runs on-chain. */
    record Prepared(QuantizedModel model, Circuit circuit, TreeSet<String> paths, Map<String, String> sources, VerifyingKey vk, InferenceProof proof,
                    List<List<long[]>[]> statements, List<LinearClaim> honest) {}

    /**
     * Models whose section is written over more libraries than it needs (relation and check blocks
     * per library): each crossing between two carries the section's state, which must arrive whole.
     * The pooling networks have more blocks than one library takes and are split anyway.
     */
    static final Map<String, Integer> SPLIT = Map.of("review-matmul", 2);

    /** Writes the model's section as library {@code name}, proves it, and keeps the Java claims; null when the writer refuses it. */
    static Prepared prepare(QuantizedModel model, String name) throws Exception {
        Circuit circuit = CircuitCompiler.compile(model, 1, Circuit.Options.DEFAULT);
        TreeSet<String> paths = paths(circuit);
        Map<String, String> sources;
        try {
            sources = SectionVerifierWriter.sources(name, circuit, SPLIT.getOrDefault(model.name(), SectionVerifierWriter.UNITS_PER_PART));
        } catch (UnsupportedOperationException e) {
            System.out.printf("review %s: refused (%s); paths %s%n", model.name(), e.getMessage(), paths);
            return null;
        }
        ProvingKey key = ProvingKey.create(model, Postprocess.NONE, CommitOptions.DEFAULT.forEvm());
        VerifyingKey vk = key.verifyingKey();
        Prover prover = new Prover(key);
        long[] x = new SplittableRandom(model.name().hashCode()).longs(model.inputSpec().size(), -1000, 1000).toArray();
        InferenceProof proof = prover.proveQuantized(List.of(x), false, io.zkml4j.proof.Progress.NONE);
        List<LinearClaim> honest = javaClaims(vk, circuit, proof.transcript(), proof.inputs(), proof.outputs());
        assertTrue(honest != null, model.name() + ": Java rejects the honest section");
        List<long[]> other = List.of(proof.outputs().get(0).clone());
        other.get(0)[other.get(0).length - 1] += 1;
        List<long[]> otherInput = List.of(proof.inputs().get(0).clone());
        otherInput.get(0)[0] += 1;
        List<List<long[]>[]> statements = List.of(new List[] {proof.inputs(), proof.outputs()}, new List[] {proof.inputs(), other},
                new List[] {otherInput, proof.outputs()});
        return new Prepared(model, circuit, paths, sources, vk, proof, statements, honest);
    }

    /** Models whose section also meets mutated proofs: the gather, product-zero and convolution paths, which the MLP's corpus never takes. */
    static final java.util.Set<String> MUTATED = java.util.Set.of("review-pool-last", "review-cnn-deep");

    /** Single-element mutations of the model's section (its proof up to the last record the Java section reads), without the honest one. */
    static List<byte[]> mutants(Prepared p) {
        byte[] t = p.proof().transcript();
        int records = SoliditySectionTest.sectionRecords(t, section -> javaClaims(p.vk(), p.circuit(), section, p.proof().inputs(),
                p.proof().outputs()) != null);
        List<byte[]> corpus = ProofMutator.corpus(SoliditySectionTest.prefix(t, records), 8, 113);
        return corpus.subList(1, corpus.size());
    }

    /**
     * Runs every prepared section in one contract (one compile: each takes most of a minute) on its
     * honest statement and two others, and compares each with Java's claims; returns the paths covered.
     */
    static TreeSet<String> differential(List<Prepared> prepared) throws Exception {
        TreeSet<String> covered = new TreeSet<>();
        if (prepared.isEmpty()) {
            return covered;
        }
        StringBuilder probe = new StringBuilder("// SPDX-License-Identifier: Apache-2.0\npragma solidity ^0.8.30;\n\n"
                + "import {FiatShamir} from \"./FiatShamir.sol\";\nimport {Claims} from \"./Claims.sol\";\nimport {ClaimWords} from \"./ClaimWords.sol\";\n");
        Map<String, String> more = new LinkedHashMap<>();
        for (int i = 0; i < prepared.size(); i++) {
            probe.append("import {Section").append(i).append("} from \"./Section").append(i).append(".sol\";\n");
            more.putAll(prepared.get(i).sources());
        }
        probe.append("\ncontract SectionsProbe {\n");
        for (int i = 0; i < prepared.size(); i++) {
            probe.append("    function check").append(i).append("(bytes calldata proof, bytes calldata protocol, bytes calldata modelDigest, ")
                    .append("uint256[] calldata input, uint256[] calldata output) external view returns (bytes32) {\n")
                    .append("        FiatShamir.Verifier memory v = FiatShamir.start(proof, protocol);\n")
                    .append("        (, uint256[] memory claims,,) = Section").append(i).append(".verify(v, proof, modelDigest, input, output);\n")
                    .append("        return Claims.digest(ClaimWords.unpack(claims));\n    }\n");
        }
        probe.append("}\n");
        more.put("SectionsProbe.sol", probe.toString());
        List<byte[]> calls = new ArrayList<>();
        List<List<byte[]>> mutants = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            Prepared p = prepared.get(i);
            byte[] protocol = InferenceProtocol.domainSeparator(p.vk().commitment(), p.vk().proofParameters()).getBytes(StandardCharsets.UTF_8);
            for (List<long[]>[] st : p.statements()) {
                calls.add(Abi.call("check" + i + "(bytes,bytes,bytes,uint256[],uint256[])", p.proof().transcript(), protocol, p.vk().digest(),
                        placed(p.circuit(), st[0], st[1], true), placed(p.circuit(), st[0], st[1], false)));
            }
            mutants.add(MUTATED.contains(p.model().name()) ? mutants(p) : List.of());
        }
        int firstMutant = calls.size();
        for (int i = 0; i < prepared.size(); i++) {
            Prepared p = prepared.get(i);
            byte[] protocol = InferenceProtocol.domainSeparator(p.vk().commitment(), p.vk().proofParameters()).getBytes(StandardCharsets.UTF_8);
            for (byte[] m : mutants.get(i)) {
                calls.add(Abi.call("check" + i + "(bytes,bytes,bytes,uint256[],uint256[])", m, protocol, p.vk().digest(),
                        placed(p.circuit(), p.proof().inputs(), p.proof().outputs(), true),
                        placed(p.circuit(), p.proof().inputs(), p.proof().outputs(), false)));
            }
        }
        LocalChain.Run run = Evm.chain().run(SolidityKit.sourcesWith(more), "SectionsProbe.sol:SectionsProbe", calls);
        for (int i = 0; i < prepared.size(); i++) {
            Prepared p = prepared.get(i);
            String name = p.model().name();
            LocalChain.Call first = run.calls().get(3 * i);
            assertTrue(first.success(), () -> name + ": the honest section reverts: " + first.revertReason());
            assertArrayEquals(ClaimDigest.of(p.honest()), first.returnData(), name + ": the honest proof's claims differ from Java's");
            for (int k = 1; k < 3; k++) {
                List<long[]>[] st = p.statements().get(k);
                List<LinearClaim> java = javaClaims(p.vk(), p.circuit(), p.proof().transcript(), st[0], st[1]);
                LocalChain.Call c = run.calls().get(3 * i + k);
                if (java == null) {
                    assertFalse(SolidityOpeningTest.accepted(c), name + ": another statement, Java rejects, Solidity accepts");
                } else {
                    assertTrue(c.success(), () -> name + ": another statement reverts: " + c.revertReason());
                    assertArrayEquals(ClaimDigest.of(java), c.returnData(), name + ": another statement's claims differ from Java's");
                }
            }
            System.out.printf("review %s: section agrees with Java (%,d gas); paths %s%n", name, first.gasUsed(), p.paths());
            covered.addAll(p.paths());
        }
        int at = firstMutant;
        for (int i = 0; i < prepared.size(); i++) {
            Prepared p = prepared.get(i);
            int rejected = 0, changed = 0;
            byte[] honest = ClaimDigest.of(p.honest());
            for (byte[] m : mutants.get(i)) {
                LocalChain.Call c = run.calls().get(at++);
                List<LinearClaim> java = javaClaims(p.vk(), p.circuit(), m, p.proof().inputs(), p.proof().outputs());
                String what = p.model().name() + ", mutant " + (at - firstMutant);
                if (java == null) {
                    rejected++;
                    assertFalse(SolidityOpeningTest.accepted(c), what + ": Java rejects, Solidity accepts");
                } else {
                    assertTrue(c.success(), () -> what + ": Java accepts, Solidity reverts: " + c.revertReason());
                    byte[] digest = ClaimDigest.of(java);
                    assertArrayEquals(digest, c.returnData(), what + ": other claims than Java's");
                    changed += Arrays.equals(digest, honest) ? 0 : 1;
                }
            }
            assertEquals(mutants.get(i).size(), rejected + changed, p.model().name() + ": every mutation is rejected or changes the claims");
            if (!mutants.get(i).isEmpty()) {
                System.out.printf("review %s: %d mutated proofs, %d rejected by both, %d with other claims, the same in both%n", p.model().name(),
                        mutants.get(i).size(), rejected, changed);
            }
        }
        assertEquals(MUTATED.size(), mutants.stream().filter(m -> !m.isEmpty()).count(), "the models meeting mutated proofs were all accepted");
        return covered;
    }

    /**
     * The section against Java's claims on small models beyond the MLP: limbs of the public input,
     * public targets and factors, a public output in a contraction's target, per-channel scales;
     * models the writer refuses (convolution, pooling, gathers, large tables) are named, and a
     * contraction with eq (MatMul) compares itself once gathers are written.
     */
    @Test
    void sectionAgreesWithJavaOnCircuitsBeyondTheMlp() throws Exception {
        List<java.util.function.Supplier<QuantizedModel>> models = List.of(SectionPathsReviewTest::reluInput, SectionPathsReviewTest::matMulSquare,
                SectionPathsReviewTest::matMulInput, SectionPathsReviewTest::affineFirst, SectionPathsReviewTest::squareInput,
                SectionPathsReviewTest::matMul, SectionPathsReviewTest::sigmoidOutput, SectionPathsReviewTest::reluOutput,
                SectionPathsReviewTest::denseOutput, SectionPathsReviewTest::poolOutput, SectionPathsReviewTest::cnn,
                SectionPathsReviewTest::poolInput, SectionPathsReviewTest::poolPadded, SectionPathsReviewTest::poolLast,
                SectionPathsReviewTest::cnnDeep);
        List<Prepared> prepared = new ArrayList<>();
        for (java.util.function.Supplier<QuantizedModel> supplier : models) {
            QuantizedModel m;
            try {
                m = supplier.get();
                CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
            } catch (RuntimeException e) {
                System.out.printf("review: a model cannot be built: %s%n", e);
                continue;
            }
            Prepared p = prepare(m, "Section" + prepared.size());
            if (p != null) {
                prepared.add(p);
            }
        }
        assertTrue(prepared.size() >= 4, "the models beyond the MLP that the writer accepts: " + prepared.size());
        TreeSet<String> covered = differential(prepared);
        System.out.printf("review: paths exercised by the supported models: %s%n", covered);
        for (String path : List.of("gather.source.public", "gather.source.committed", "gather.constants", "gather.map.entries",
                "gather.map.selection", "gather.map.blocked", "productZero.4", "productZero.9", "target.difference.publicY",
                "conv.input.public", "conv.input.committed", "conv.grouped", "conv.strided")) {
            assertTrue(covered.contains(path), "max pooling's and convolution's relations are checked on-chain: " + path);
        }
    }

    /** A gather whose map would not fit in a contract is refused before anything is written, naming the count. */
    @Test
    void gathersTooLargeForAContractAreRefusedByName() {
        Circuit circuit = CircuitCompiler.compile(poolLarge(), 1, Circuit.Options.DEFAULT);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> SectionVerifierWriter.library("Large", circuit));
        assertTrue(e.getMessage().contains("sparse maps and constants") && e.getMessage().contains("more than the 4096"), e.getMessage());
    }

    /**
     * A convolution that crops (negative pads, which QuantizedModelBuilder and CircuitCompiler take) is refused: the
     * writer's check of the im2col map subtracted the pads as signed ints, while CircuitChecks.im2colWeights reads them
     * as uint256 words (a pad of −1 is 2^64 − 1), skipped every entry and so checked a convolution of a zero input,
     * a statement Java rejects.
     */
    @Test
    void croppingConvolutionsAreRefused() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {2, 6, 6}, 21);
        b.layer(new QLayer.Conv("crop", "x", "c", new QLayer.ConvGeometry(2, 6, 6, 4, 1, 1, 1, 1, -1, -1, -1, -1, 1, 1, 1),
                b.ints(8, 100), b.ints(4, 3000), new Requant(9, Activation.RELU)), 4, 4, 4);
        b.layer(new QLayer.Reshape("flatten", "c", "f"), 64);
        b.layer(new QLayer.Dense("fc", "f", "y", 64, 10, b.ints(640, 100), b.ints(10, 3000), new Requant(10, Activation.IDENTITY)), 10);
        Circuit circuit = CircuitCompiler.compile(b.build("review-crop", "y"), 1, Circuit.Options.DEFAULT);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> SectionVerifierWriter.library("Crop", circuit));
        assertTrue(e.getMessage().contains("convolution 'crop'"), e.getMessage());
    }
}
