package io.zkml4j.proof;

import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.MalformedProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.proof.format.FileFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review (attacker's view of the binary decoders): every truncation (dense near the start,
 * sampled further on), every one-byte change of the structured prefix and a sample of the rest,
 * and 0x7fffffff / 0x80000000 / −1 written over every 4-byte window of the prefix (where the
 * length and count fields are) must end in the decoder's checked exception, or a decode whose
 * result its check then refuses — never another throwable — and must not allocate far more than
 * the honest file's own decode does. Covers data.dc, data.dk, accuracy and training proofs,
 * verifying and proving keys (an MLP's and a CNN's) and the commitment / parameters records they
 * embed.
 */
class DecoderFuzzReviewTest {
    interface Decoder {
        Object decode(byte[] data) throws Exception;
    }

    /** What a decoded (mutated) file must pass; throwing a checked refusal is fine. */
    interface Check {
        void check(Object decoded) throws Exception;
    }

    static DatasetKey data;
    static ProvingKey mlpKey;
    static ProvingKey cnnKey;
    static AccuracyProof accuracy;
    static TrainingProof training;

    @BeforeAll
    static void setUp() throws Exception {
        CommitOptions options = CommitOptions.DEFAULT.withSecurityBits(80);
        data = DatasetKey.commit(AccuracyProofTest.dataset(9, 6, 3, 5), DatasetKey.Options.DEFAULT);
        mlpKey = ProvingKey.create(TestModels.mlp(6, 5, 3, Activation.RELU, 3), Postprocess.softmax(0), options);
        cnnKey = ProvingKey.create(TestModels.cnn(4), Postprocess.NONE, options);
        SplittableRandom r = new SplittableRandom(1);
        byte[] transcript = new byte[300];
        for (int i = 0; i < transcript.length; i++) {
            transcript[i] = (byte) r.nextInt();
        }
        accuracy = new AccuracyProof(mlpKey.verifyingKey().digest(), data.description().digest(), 9, 4, 8, transcript);
        training = new TrainingProof(new byte[32], data.description().digest(), mlpKey.verifyingKey().digest(), 5,
                new TrainingChunks.Encoded(new int[] {2, 3}, new byte[][] {new byte[32]}, new byte[][] {transcript, transcript}).encode());
    }

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Runs every attack on {@code good}; {@code prefix} is how many leading bytes are structured
     * (headers, counts, lengths) and get every mutation; {@code check} is applied to what decodes.
     */
    static List<String> attack(String what, byte[] good, int prefix, Decoder decoder, Check check, int samples) throws Exception {
        return attack(what, good, prefix, new int[0], decoder, check, samples, Integer.MAX_VALUE);
    }

    /** The same, also writing huge values over the 4-byte fields at {@code fields}, checking at most {@code checks} decodes. */
    static List<String> attack(String what, byte[] good, int prefix, int[] fields, Decoder decoder, Check check, int samples, int checks)
            throws Exception {
        System.out.println("attacking " + what + " (" + good.length + " bytes)");
        long before = allocated();
        decoder.decode(good);
        long honest = allocated() - before;
        long budget = 4 * honest + (8L << 20); // decoding an altered file allocates little more than the honest one
        Set<String> problems = new LinkedHashSet<>();
        SplittableRandom r = new SplittableRandom(what.hashCode());
        List<java.util.function.Supplier<byte[]>> inputs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        // (a) truncations: every length in the prefix, a sample after it
        for (int n = 0; n < good.length; n++) {
            if (n <= prefix + 64 || r.nextInt(Math.max(1, (good.length - prefix) / samples)) == 0) {
                int cut = n;
                inputs.add(() -> Arrays.copyOf(good, cut));
                labels.add("cut to " + n);
            }
        }
        // (b) one-byte changes: every byte of the prefix (three deltas), a sample after it
        for (int i = 0; i < good.length; i++) {
            boolean inPrefix = i < prefix;
            if (!inPrefix && r.nextInt(Math.max(1, (good.length - prefix) / samples)) != 0) {
                continue;
            }
            for (int delta : inPrefix ? new int[] {0x01, 0x80, 0xff} : new int[] {1 + r.nextInt(255)}) {
                int at = i, d = delta;
                inputs.add(() -> {
                    byte[] bad = good.clone();
                    bad[at] ^= (byte) d;
                    return bad;
                });
                labels.add("byte " + i + " ^ 0x" + Integer.toHexString(delta));
            }
        }
        // (c) huge values over every 4-byte window of the prefix
        for (int i = 0; i + 4 <= Math.min(good.length, prefix + 4); i++) {
            for (int v : new int[] {0x7fffffff, 0x80000000, -1, 0x00ffffff}) {
                int at = i;
                inputs.add(() -> {
                    byte[] bad = good.clone();
                    java.nio.ByteBuffer.wrap(bad).putInt(at, v);
                    return bad;
                });
                labels.add("int at " + i + " = 0x" + Integer.toHexString(v));
            }
        }
        for (int f : fields) {
            for (int v : new int[] {0x7fffffff, 0x80000000, -1, 0x00ffffff, 0, 1}) {
                inputs.add(() -> {
                    byte[] bad = good.clone();
                    java.nio.ByteBuffer.wrap(bad).putInt(f, v);
                    return bad;
                });
                labels.add("field at " + f + " = 0x" + Integer.toHexString(v));
            }
        }
        int decoded = 0;
        int checked = 0;
        List<String> accepted = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            byte[] bad = inputs.get(k).get();
            long start = allocated();
            Object result;
            try {
                result = decoder.decode(bad);
            } catch (FileFormatException | MalformedProofException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    problems.add(what + ", " + labels.get(k) + ": a refusal without a message");
                }
                result = null;
            } catch (Throwable t) {
                problems.add(what + ", " + labels.get(k) + ": " + t);
                if (problems.size() == 1) {
                    t.printStackTrace(System.out);
                }
                continue;
            }
            long used = allocated() - start;
            if (used > budget) {
                problems.add(what + ", " + labels.get(k) + ": allocated " + (used >> 20) + " MiB (honest decode " + (honest >> 20) + " MiB)");
            }
            if (result == null) {
                continue;
            }
            decoded++;
            if (Arrays.equals(bad, good)) {
                continue;
            }
            if (check == NONE || checked++ >= checks) {
                continue;
            }
            try {
                check.check(result);
                accepted.add(labels.get(k));
            } catch (FileFormatException | InvalidProofException e) {
                // refused by the check
            } catch (Throwable t) {
                problems.add(what + ", " + labels.get(k) + ", checking what decoded: " + t);
            }
        }
        System.out.printf("%s: %d bytes, %d altered inputs, %d decoded, %d checked, %d problems; accepted by the check: %s%n", what, good.length,
                inputs.size(), decoded, checked, problems.size(), accepted.size() + (accepted.isEmpty() ? "" : " (first " + accepted.subList(0, Math.min(5, accepted.size())) + "; names, scales, digests, parameters not bound by the root: refused later by digest)"));
        ACCEPTED.put(what, accepted);
        problems.stream().limit(12).forEach(p -> System.out.println("  " + p));
        return new ArrayList<>(problems);
    }

    private static final Check NONE = d -> {};
    static final java.util.Map<String, List<String>> ACCEPTED = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void datasetCommitment() throws Exception {
        byte[] good = data.description().encode();
        assertEquals(List.of(), attack("data.dc", good, good.length, b -> DatasetCommitment.decode(b, "data.dc"), NONE, 1000));
    }

    @Test
    void datasetKey() throws Exception {
        byte[] good = data.encode();
        int prefix = 4 + 2 + 4 + data.description().encode().length + 32 + 8 + 64; // through the first values
        int labels = 4 + 2 + 4 + data.description().encode().length + 32 + 8 + 8 * 9 * 6;
        int leaves = labels + 4 + 4 * 9;
        assertEquals(List.of(), attack("data.dk", good, prefix, new int[] {6, labels, leaves}, b -> DatasetKey.decode(b, "data.dk"),
                d -> ((DatasetKey) d).recommit(), 600, 400));
    }

    /** A data.dk of a few hundred bytes whose description declares 2^20 rows: refused before allocating anything for them. */
    @Test
    void aTinyDatasetKeyDeclaringManyRowsIsRefusedBeforeAllocating() throws Exception {
        int rows = io.zkml4j.model.data.LabelledDataset.MAX_ROWS;
        List<String> names = data.description().featureNames();
        LigeroParameters params = LigeroParameters.withoutRandomColumns(100, DatasetKey.sealedRowWidth(rows, names.size()), 1,
                CommitOptions.DEFAULT.hash());
        Commitment c = Commitment.unpacked(params, new byte[32], DatasetCommitment.tableVars(rows, names.size()),
                DatasetCommitment.storedRows(rows, names.size(), params.logRowWidth()));
        byte[] description = new DatasetCommitment(rows, names, 3, 8, 11, c).encode();
        byte[] key = new io.zkml4j.proof.format.BinaryWriter().magic(DatasetKey.MAGIC, DatasetKey.VERSION).bytes(description).raw(new byte[32])
                .f64(0).toByteArray();
        DatasetCommitment.decode(description, "huge.dc"); // a valid description
        long start = allocated();
        FileFormatException e = org.junit.jupiter.api.Assertions.assertThrows(FileFormatException.class, () -> DatasetKey.decode(key, "huge.dk"));
        long used = allocated() - start;
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("values"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(used < (1 << 20), "a " + key.length + "-byte key allocated " + used + " bytes before it was refused");
    }

    /** The precision lost is a finite, non-negative number: `zkml data inspect` prints it. */
    @Test
    void aDatasetKeysPrecisionLostMustBeANumber() throws Exception {
        byte[] good = data.encode();
        int at = 4 + 2 + 4 + data.description().encode().length + 32;
        assertEquals(data.maxError(), DatasetKey.decode(good, "data.dk").maxError());
        for (double bad : new double[] {Double.NaN, -1, Double.POSITIVE_INFINITY, -0.0 - 1e-300}) {
            byte[] b = good.clone();
            java.nio.ByteBuffer.wrap(b).putDouble(at, bad);
            FileFormatException e = org.junit.jupiter.api.Assertions.assertThrows(FileFormatException.class, () -> DatasetKey.decode(b, "data.dk"),
                    "precision lost " + bad);
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("precision lost"), e.getMessage());
        }
    }

    @Test
    void commitmentAndParameters() throws Exception {
        Commitment[] commitments = {data.description().commitment(), mlpKey.commitment(), cnnKey.commitment()};
        List<String> problems = new ArrayList<>();
        for (Commitment c : commitments) {
            byte[] good = c.encode();
            problems.addAll(attack("commitment", good, good.length, Commitment::decode, NONE, 1000));
        }
        for (LigeroParameters p : new LigeroParameters[] {mlpKey.proofParameters(), cnnKey.proofParameters(), mlpKey.commitment().parameters()}) {
            byte[] good = p.encode();
            problems.addAll(attack("parameters", good, good.length, LigeroParameters::decode, NONE, 1000));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void accuracyProof() throws Exception {
        byte[] good = accuracy.encode();
        assertEquals(List.of(), attack("accuracy proof", good, 4 + 2 + 64 + 16, b -> AccuracyProof.decode(b, "accuracy.proof"), NONE, 300));
    }

    @Test
    void trainingProof() throws Exception {
        byte[] good = training.encode();
        int prefix = 4 + 2 + 96 + 4 + 4 + 4 + 4 + 32 + 4;
        Check chunks = d -> TrainingChunks.Encoded.decode(((TrainingProof) d).transcript(), ((TrainingProof) d).steps());
        assertEquals(List.of(), attack("training proof", good, prefix, b -> TrainingProof.decode(b, "training.proof"), chunks, 300));
    }

    @Test
    void provingKeys() throws Exception {
        List<String> problems = new ArrayList<>();
        for (ProvingKey pk : new ProvingKey[] {mlpKey, cnnKey}) {
            byte[] good = pk.encode();
            problems.addAll(attack("proving key " + pk.model().name(), good, structured(pk), pkFields(pk), b -> ProvingKey.decode(b, "model.pk"),
                    d -> ((ProvingKey) d).recommit(ModelCommitter.vectors(((ProvingKey) d).model())), 1500, 150));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void verifyingKeys() throws Exception {
        List<String> problems = new ArrayList<>();
        for (ProvingKey pk : new ProvingKey[] {mlpKey, cnnKey}) {
            VerifyingKey vk = pk.verifyingKey();
            byte[] good = vk.encode();
            int body = VerifyingKey.body(vk.architecture(), false, null, vk.postprocess(), vk.commitment(), vk.proofParameters(),
                    vk.parameterCount()).toByteArray().length;
            problems.addAll(attack("verifying key " + pk.model().name(), good, body + 16, vkFields(good, body), b -> VerifyingKey.decode(b, "model.vk"),
                    NONE, 40, 0));
        }
        assertEquals(List.of(), problems);
    }

    /** The weights proof's counts and lengths and the leaves' length in a proving key. */
    private static int[] pkFields(ProvingKey pk) {
        byte[] all = pk.encode();
        int seedAt = indexOf(all, pk.seed());
        return weightsProofFields(all, seedAt + 32 + 1).stream().mapToInt(Integer::intValue).toArray(); // its end: the leaves' length
    }

    /** The same fields of a verifying key: its weights proof follows its body. */
    private static int[] vkFields(byte[] all, int body) {
        List<Integer> out = weightsProofFields(all, body);
        return out.subList(0, out.size() - 1).stream().mapToInt(Integer::intValue).toArray();
    }

    /** Offsets of a weights proof's width count, part count and part lengths from {@code at}, then the offset just past it. */
    private static List<Integer> weightsProofFields(byte[] all, int at) {
        List<Integer> out = new ArrayList<>();
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(all);
        out.add(at);
        at += 4 + 4 * in.getInt(at);
        out.add(at);
        int parts = in.getInt(at);
        at += 4;
        for (int k = 0; k < parts; k++) {
            out.add(at);
            at += 4 + in.getInt(at);
        }
        out.add(at);
        return out;
    }

    private static int indexOf(byte[] all, byte[] part) {
        for (int i = 0; i + part.length <= all.length; i++) {
            if (Arrays.equals(all, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    /** A proving key's bytes before the weights' values of its first layer: name, tensors, ports, layer headers. */
    private static int structured(ProvingKey pk) {
        byte[] all = pk.encode();
        // The model, post-processing, commitment and parameters come first; the weights are in the model. Everything up to the
        // seed is structured enough to be worth every mutation for these small models (a few KiB at most); cap it for speed.
        return Math.min(all.length, 6000);
    }
}
