package io.zkml4j.cli;

import io.zkml4j.model.data.IdxDataset;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.quant.Quantization;
import io.zkml4j.model.quant.QuantizerOptions;
import io.zkml4j.proof.AccuracyProof;
import io.zkml4j.proof.AccuracyProver;
import io.zkml4j.proof.AccuracyVerifier;
import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Prover;
import io.zkml4j.proof.ProvingKey;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The accuracy cases of {@code zkml bench}: accuracy-MODEL-N proves the bundled model's accuracy on
 * the first N Fashion-MNIST test images (from Debian's dataset-fashion-mnist, or the 500 bundled
 * ones when N ≤ 500). "commit" is the dataset commitment; "plain" the plain quantised evaluation
 * of the same rows in the same run.
 */
final class AccuracyBench {
    static final Pattern NAME = Pattern.compile("accuracy-(mlp|cnn)-(\\d+)");
    static final Path IDX = Path.of("/usr/share/datasets/fashion-mnist");

    private AccuracyBench() {}

    static BenchCommand.Result run(Path root, String name, int reps) throws Exception {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException(name);
        }
        String model = m.group(1);
        int rows = Integer.parseInt(m.group(2));
        if (rows < 1) {
            throw new Main.UserError(name + ": at least one row");
        }
        LabelledDataset data = rows(root, rows, name);
        Graph graph = ModelFiles.onnx(root.resolve("fashion-mnist/" + model + ".onnx"));
        int size = Tensors.inputSize(graph);
        Quantization q = ModelFiles.quantize(graph, Inputs.samples(root.resolve("fashion-mnist/calibration.json"), size), QuantizerOptions.DEFAULTS);
        ProvingKey pk = ProvingKey.create(q.model(), q.postprocess(), CommitOptions.DEFAULT);
        Prover prover = new Prover(pk);
        AccuracyVerifier verifier = new AccuracyVerifier(pk.verifyingKey());
        double[] commit = new double[reps], prove = new double[reps], verify = new double[reps], plain = new double[reps];
        int bytes = 0;
        double peak = 0;
        double bits = 0;
        for (int r = -1; r < reps; r++) { // r = −1: warm-up
            long a = System.nanoTime();
            DatasetKey key = DatasetKey.commit(data, DatasetKey.Options.DEFAULT);
            long b = System.nanoTime();
            AccuracyProver.Result result;
            try (HeapSampler heap = new HeapSampler()) {
                result = new AccuracyProver(prover).prove(key, io.zkml4j.proof.Progress.NONE);
                peak = Math.max(peak, heap.peakMb());
            }
            byte[] encoded = result.proof().encode();
            long c = System.nanoTime();
            var v = verifier.verify(key.description(), AccuracyProof.decode(encoded, "proof"));
            long d = System.nanoTime();
            if (v.correct() != result.correct()) {
                throw new IllegalStateException("the proven count differs from the plain one");
            }
            if (r >= 0) {
                commit[r] = (b - a) / 1e6;
                prove[r] = result.proveSeconds() * 1e3;
                plain[r] = result.plainSeconds() * 1e3;
                verify[r] = (d - c) / 1e6;
                bytes = encoded.length;
                bits = v.securityBits();
            }
            System.err.printf(java.util.Locale.ROOT, "  %s: %d/%d correct, proved in %.2f s%n", name, v.correct(), v.total(), result.proveSeconds());
        }
        return new BenchCommand.Result(name, q.model().parameterCount(), rows, BenchCommand.median(commit), BenchCommand.median(prove),
                BenchCommand.median(verify), bytes, BenchCommand.median(plain), peak, bits);
    }

    private static LabelledDataset rows(Path root, int rows, String name) throws Exception {
        Path images = IDX.resolve("t10k-images-idx3-ubyte.gz"), labels = IDX.resolve("t10k-labels-idx1-ubyte.gz");
        if (Files.exists(images) && Files.exists(labels)) {
            LabelledDataset d = IdxDataset.read(images, labels, rows);
            if (d.size() < rows) {
                throw new Main.UserError(name + ": the test set has only " + d.size() + " images");
            }
            return d;
        }
        if (rows > 500) {
            throw new Main.UserError(name + ": needs the Fashion-MNIST test set in " + IDX + " (sudo apt-get install dataset-fashion-mnist); "
                    + "the bundled file has 500 images");
        }
        LabelledDataset all = LabelledDataset.read(root.resolve("fashion-mnist/test-500.json"), null);
        return new LabelledDataset(all.featureNames(), java.util.Arrays.copyOf(all.rows(), rows), java.util.Arrays.copyOf(all.labels(), rows));
    }
}
