package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.evm.verifier.ClaimDigest;
import io.zkml4j.evm.verifier.LookupTreesPlan;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.Quantization;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.CircuitCompiler;
import io.zkml4j.proof.Zkml;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.FractionTreePlan;
import io.zkml4j.proof.relation.Challenges;
import io.zkml4j.proof.relation.LookupTrees;
import io.zkml4j.proof.relation.PublicTensors;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lookups' fraction trees (LogUp by GKR) of the bundled Fashion-MNIST MLP (ReLU and
 * requantisation range checks: the range and sign tables, trees of 6 to 9 variables) proven by the
 * Java prover and verified by LookupTrees.sol with the plan LookupTreesPlan writes: the Solidity
 * verifier's claims have the Java verifier's digest, on the honest proof and on single-element
 * mutations of it (each either rejected by both, or giving both the same other claims), and a proof
 * made after other public data (other challenges) does not give the honest claims.
 */
class SolidityLookupTreesTest {
    static final String PROTOCOL = "zkml4j/evm-test/lookup-trees/v1";
    static final String DIGEST = "digest(bytes,uint256[])";
    static final long[] PREFIX = {3, 1, 4, 1, 5};
    static final long[] OTHER_PREFIX = {3, 1, 4, 1, 6};
    static final String PROBE = "LookupTreesProbe.sol";

    record Fixture(Circuit circuit, byte[] proof) {}

    private static Fixture fixture;
    private static Fixture small;

    /** The bundled Fashion-MNIST MLP on the first bundled input. */
    static synchronized Fixture fixture() throws Exception {
        if (fixture == null) {
            Path examples = examples();
            Quantization q = Zkml.quantize(examples.resolve("mlp.onnx"), examples.resolve("calibration.json"));
            long[] x = q.model().quantizeInput(Zkml.readInputs(examples.resolve("input.json"), q.model()).get(0));
            fixture = prove(q.model(), x);
        }
        return fixture;
    }

    /**
     * A random 200–100–10 ReLU MLP (as proof's LookupTreesTest): its last layer's 10 remainders make a
     * tree of 5 variables, whose committed top is its leaves (the top check reads them itself).
     */
    static synchronized Fixture small() {
        if (small == null) {
            SplittableRandom r = new SplittableRandom(3);
            Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
            tensors.put("x", new QuantizedModel.TensorSpec(new int[] {200}, 1.0 / 1024));
            tensors.put("h", new QuantizedModel.TensorSpec(new int[] {100}, 1.0 / 1024));
            tensors.put("y", new QuantizedModel.TensorSpec(new int[] {10}, 1.0 / 1024));
            QLayer.Dense l1 = new QLayer.Dense("fc1", "x", "h", 200, 100, ints(200 * 100, 100, r), ints(100, 5000, r), new Requant(12, Activation.RELU));
            QLayer.Dense l2 = new QLayer.Dense("fc2", "h", "y", 100, 10, ints(100 * 10, 100, r), ints(10, 5000, r), new Requant(9, Activation.IDENTITY));
            small = prove(new QuantizedModel("test-mlp", tensors, "x", "y", List.of(l1, l2)), ints(200, 1000, new SplittableRandom(4)));
        }
        return small;
    }

    private static long[] ints(int n, int bound, SplittableRandom r) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextLong(-bound, bound + 1);
        }
        return out;
    }

    /** The lookups' trees of the model's circuit proven on input x, after the public prefix and the lookup challenges. */
    static Fixture prove(QuantizedModel model, long[] x) {
        Circuit circuit = CircuitCompiler.compile(model, 1, Circuit.Options.DEFAULT);
        Witness w = Witness.build(circuit, ModelVectors.build(circuit), List.of(x), new Random(7));
        FiatShamirProver p = new FiatShamirProver(Keccak256.INSTANCE, PROTOCOL);
        p.absorbPublic("prefix", PREFIX);
        Challenges c = drawLookupChallenges(p, circuit);
        w.computeInverses(alphas(c, circuit), betas(c, circuit));
        LookupTrees.prove(circuit, List.of(w), c, p, "logup");
        return new Fixture(circuit, p.proof());
    }

    private static Path examples() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path e = d.resolve("examples/fashion-mnist");
            if (Files.exists(e.resolve("mlp.onnx"))) {
                return e;
            }
        }
        throw new IllegalStateException("examples/fashion-mnist not found above " + Path.of("").toAbsolutePath());
    }

    /** As CircuitSection.drawLookupChallenges: α per table, β for tables of several columns. */
    static Challenges drawLookupChallenges(ChallengeSource ch, Circuit circuit) {
        int tables = circuit.tables().size();
        Ext2[] alphas = new Ext2[tables];
        Ext2[] betas = new Ext2[tables];
        for (int t = 0; t < tables; t++) {
            alphas[t] = ch.challengeExt("lookup.alpha." + t);
            betas[t] = circuit.tables().get(t).table().columns() > 1 ? ch.challengeExt("lookup.beta." + t) : Ext2.ZERO;
        }
        return new Challenges(alphas, betas);
    }

    private static Ext2[] alphas(Challenges c, Circuit circuit) {
        Ext2[] a = new Ext2[circuit.tables().size()];
        Arrays.setAll(a, c::alpha);
        return a;
    }

    private static Ext2[] betas(Challenges c, Circuit circuit) {
        Ext2[] b = new Ext2[circuit.tables().size()];
        Arrays.setAll(b, c::beta);
        return b;
    }

    /** The Java verifier's claims (own, then each shared one alone), as an inference proof of one member collects them. */
    static List<LinearClaim> javaClaims(Circuit circuit, byte[] proof, long[] prefix) throws InvalidProofException {
        FiatShamirVerifier v = new FiatShamirVerifier(Keccak256.INSTANCE, PROTOCOL, proof);
        v.absorbPublic("prefix", prefix);
        Challenges c = drawLookupChallenges(v, circuit);
        LookupTrees.Claims claims = LookupTrees.verify(circuit, List.of(new PublicTensors()), c, v, "logup");
        v.finish();
        List<LinearClaim> out = new ArrayList<>(claims.own().get(0));
        claims.shared().forEach(s -> out.add(s.alone()));
        return out;
    }

    /** The Java digest, or null where the Java verifier rejects (or fails otherwise: then Solidity must revert too). */
    static byte[] javaDigest(Circuit circuit, byte[] proof, long[] prefix) {
        try {
            return ClaimDigest.of(javaClaims(circuit, proof, prefix));
        } catch (InvalidProofException | ArithmeticException e) {
            return null;
        }
    }

    static String probe(Circuit circuit, boolean explicitTables) {
        String plan = LookupTreesPlan.build(circuit, "plan", explicitTables);
        return Evm.testResource(PROBE).replace("/*PLAN*/", plan);
    }

    static LocalChain.Run run(String source, List<byte[]> calls) throws EvmException {
        return Evm.chain().run(SolidityKit.sourcesWith(Map.of(PROBE, source)), PROBE + ":LookupTreesProbe", calls);
    }

    @Test
    void theCircuitHasTreesOfSeveralDepthsOverTwoTables() throws Exception {
        Circuit circuit = fixture().circuit();
        List<FractionTreePlan> trees = circuit.logUp().trees();
        assertTrue(circuit.tables().size() >= 2, "tables: " + circuit.tables().size());
        assertTrue(trees.stream().anyMatch(t -> !t.isTable() && t.lookup().operands().size() >= 2), "a tree of several operands");
        assertTrue(trees.stream().anyMatch(t -> !t.isTable() && t.lookup().operands().size() == 1 && t.numVars() > FractionTreePlan.TOP_VARS),
                "a lone operand split in halves");
        assertTrue(trees.stream().anyMatch(t -> !t.isTable() && t.lookup().operands().get(0).columns().size() > 1), "a tuple lookup (β)");
        assertTrue(trees.stream().mapToInt(FractionTreePlan::numVars).distinct().count() >= 3, "trees of several depths");
    }

    @Test
    void solidityClaimsMatchJavasOnTheHonestProofEveryMutationAndOtherChallenges() throws Exception {
        Fixture f = fixture();
        Circuit circuit = f.circuit();
        byte[] proof = f.proof();
        byte[] honest = javaDigest(circuit, proof, PREFIX);
        assertTrue(honest != null, "the Java verifier rejects the honest proof");

        // The mutations: every element of the first records (the top check's sum and first rounds), then every 7th.
        List<ProofMutator.Record> records = ProofMutator.records(proof);
        int firstRecords = 0;
        for (int i = 0; i < 3; i++) {
            firstRecords += records.get(i).count() * (records.get(i).kind() == 2 ? 2 : 1);
        }
        List<byte[]> corpus = ProofMutator.corpus(proof, firstRecords, 7);
        List<byte[]> mutants = corpus.subList(1, corpus.size()); // the honest proof is called apart
        List<byte[]> calls = new ArrayList<>();
        calls.add(Abi.call(DIGEST, proof, PREFIX));
        calls.add(Abi.call(DIGEST, proof, OTHER_PREFIX)); // the proof, read after other public data
        calls.add(Abi.call("planOnly()"));
        calls.add(Abi.call(DIGEST, Arrays.copyOf(proof, proof.length - 16), PREFIX)); // truncated
        for (byte[] m : mutants) {
            calls.add(Abi.call(DIGEST, m, PREFIX));
        }
        LocalChain.Run run = run(probe(circuit, false), calls);

        LocalChain.Call first = run.calls().get(0);
        assertTrue(first.success(), first::revertReason);
        assertArrayEquals(honest, first.returnData(), "the Solidity claims' digest is the Java verifier's");

        LocalChain.Call other = run.calls().get(1);
        byte[] otherJava = javaDigest(circuit, proof, OTHER_PREFIX);
        agree(otherJava, other, "the proof after other public data");
        assertFalse(otherJava != null && Arrays.equals(otherJava, honest), "other challenges gave the honest claims");

        assertFalse(run.calls().get(3).success(), "a truncated proof");
        assertEquals(null, javaDigest(circuit, Arrays.copyOf(proof, proof.length - 16), PREFIX));

        int rejected = 0;
        for (int i = 0; i < mutants.size(); i++) {
            byte[] java = javaDigest(circuit, mutants.get(i), PREFIX);
            agree(java, run.calls().get(4 + i), "mutant " + i + " of " + mutants.size());
            if (java == null) {
                rejected++;
            } else {
                assertFalse(Arrays.equals(java, honest), "mutant " + i + " gave the honest claims");
            }
        }
        long planGas = run.calls().get(2).gasUsed();
        System.out.printf("lookup trees of %s: %d trees, depth %d, %d-byte proof, %d claims; verify %,d gas (calldata %,d, execution %,d;"
                        + " of which building the plan ~%,d), bytecode %,d bytes; %d mutants (%d rejected by both, the rest other claims in both)%n",
                "the Fashion-MNIST MLP", circuit.logUp().trees().size(), circuit.logUp().depth(), proof.length,
                javaClaims(circuit, proof, PREFIX).size(), first.gasUsed(), first.calldataGas(), first.executionGas(), planGas - 21_000,
                run.bytecodeBytes(), mutants.size(), rejected);
    }

    /** Tables written out (evaluated as multilinear extensions of their values) give the same claims. */
    @Test
    void explicitTablesGiveTheSameClaims() throws Exception {
        Fixture f = fixture();
        byte[] honest = javaDigest(f.circuit(), f.proof(), PREFIX);
        byte[] plan = LookupTreesPlan.bytes(f.circuit(), true);
        LocalChain.Run run = run(probe(f.circuit(), false), List.of(Abi.call("digestWithPlan(bytes,uint256[],bytes)", f.proof(), PREFIX, plan),
                Abi.call("digestWithPlan(bytes,uint256[],bytes)", f.proof(), PREFIX, LookupTreesPlan.bytes(f.circuit(), false))));
        for (LocalChain.Call c : run.calls()) {
            assertTrue(c.success(), c::revertReason);
            assertArrayEquals(honest, c.returnData());
        }
        System.out.printf("lookup trees with explicit tables (%,d-byte plan in calldata): %,d gas; structured tables, plan in calldata: %,d gas%n",
                plan.length, run.calls().get(0).gasUsed(), run.calls().get(1).gasUsed());
    }

    /** A tree whose committed top is its leaves (5 variables): the top check's ones, α − tuple and multiplicity paths. */
    @Test
    void aTreeWhoseTopIsItsLeavesGivesTheSameClaims() throws Exception {
        Fixture f = small();
        Circuit circuit = f.circuit();
        assertTrue(circuit.logUp().trees().stream().anyMatch(t -> !t.isTable() && t.numVars() == FractionTreePlan.TOP_VARS), "no tree of 5 variables");
        byte[] proof = f.proof();
        byte[] plan = LookupTreesPlan.bytes(circuit, false);
        List<byte[]> mutants = new ArrayList<>();
        List<int[]> elements = ProofMutator.elements(proof);
        for (int i = 0; i < elements.size(); i += 5) {
            mutants.add(ProofMutator.mutate(proof, elements.get(i)));
        }
        String sig = "digestWithPlan(bytes,uint256[],bytes)";
        List<byte[]> calls = new ArrayList<>();
        calls.add(Abi.call(sig, proof, PREFIX, plan));
        calls.add(Abi.call(sig, proof, OTHER_PREFIX, plan));
        for (byte[] m : mutants) {
            calls.add(Abi.call(sig, m, PREFIX, plan));
        }
        LocalChain.Run run = run(probe(fixture().circuit(), false), calls);
        byte[] honest = javaDigest(circuit, proof, PREFIX);
        assertTrue(honest != null, "the Java verifier rejects the honest proof");
        agree(honest, run.calls().get(0), "the honest proof");
        byte[] other = javaDigest(circuit, proof, OTHER_PREFIX);
        agree(other, run.calls().get(1), "the proof after other public data");
        assertFalse(other != null && Arrays.equals(other, honest), "other challenges gave the honest claims");
        for (int i = 0; i < mutants.size(); i++) {
            byte[] java = javaDigest(circuit, mutants.get(i), PREFIX);
            agree(java, run.calls().get(2 + i), "mutant " + i + " of " + mutants.size());
            assertFalse(java != null && Arrays.equals(java, honest), "mutant " + i + " gave the honest claims");
        }
        System.out.printf("lookup trees of a 200-100-10 MLP (a tree of 5 variables): %d trees, %,d gas, %d mutants%n",
                circuit.logUp().trees().size(), run.calls().get(0).gasUsed(), mutants.size());
    }

    private static void agree(byte[] java, LocalChain.Call sol, String what) {
        if (java == null) {
            assertFalse(sol.success(), what + ": Java rejects, Solidity returned " + HexFormat.of().formatHex(sol.returnData()));
        } else {
            assertTrue(sol.success(), () -> what + ": Java accepts, Solidity reverted: " + sol.revertReason());
            assertArrayEquals(java, sol.returnData(), what + ": the claims differ");
        }
    }
}
