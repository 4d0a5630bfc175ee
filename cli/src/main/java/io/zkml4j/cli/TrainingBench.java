package io.zkml4j.cli;

import io.zkml4j.model.data.IdxDataset;
import io.zkml4j.model.data.InputRescale;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;
import io.zkml4j.proof.TrainingProof;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.TrainingVerifier;
import io.zkml4j.training.DenseNetwork;
import io.zkml4j.training.FixedPointTrainer;
import io.zkml4j.training.ProvableRecipe;
import io.zkml4j.training.Recipe;
import io.zkml4j.training.TrainingJob;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training proofs in the benchmark: {@code training-breast-cancer} (the bundled recipe, 20 epochs of
 * 455 rows), {@code training-step-fm} (one SGD step of a 784-128-10 MLP on a batch of 64 of 1,024
 * committed Fashion-MNIST images; {@code training-step-fm10k} the same of 10,000; {@code training-steps-fm} nine such steps, so that
 * nine steps against one in the same run give what each further step of a training costs beyond the once-per-training work of
 * opening the dataset and committing the trained model) and {@code training-epoch-fm} (one epoch of that MLP on 10,000
 * images, 157 steps). The plain fixed-point training of the same steps is timed in the same run.
 */
final class TrainingBench {
    private TrainingBench() {}

    static final List<String> NAMES = List.of("training-breast-cancer", "training-step-fm", "training-step-fm10k", "training-steps-fm",
            "training-epoch-fm");
    /** Steps of the {@code training-steps-fm} case. */
    static final int SEVERAL_STEPS = 9;

    static BenchCommand.Result run(Path root, String name, int reps) throws Exception {
        Recipe recipe;
        DenseNetwork init;
        LabelledDataset data;
        int steps;
        if (name.equals("training-breast-cancer")) {
            TrainingFiles.Loaded loaded = TrainingFiles.load(root.resolve("breast-cancer/recipe.json"));
            recipe = loaded.recipe();
            init = loaded.initial();
            data = Datasets.read(root.resolve("breast-cancer/train.csv"), "target");
            steps = Integer.MAX_VALUE;
        } else {
            int rows = name.equals("training-step-fm") || name.equals("training-steps-fm") ? 1024 : 10_000;
            data = fashionMnist(rows, name);
            init = mlp(784, 128, 10);
            recipe = new Recipe(Path.of("init.onnx"), Recipe.Loss.CROSS_ENTROPY, new Recipe.Optimizer(0.1, 0, 0), 64, 1, 7);
            steps = name.startsWith("training-step-fm") ? 1 : name.equals("training-steps-fm") ? SEVERAL_STEPS : Integer.MAX_VALUE;
        }
        DatasetKey key = DatasetKey.commit(data, DatasetKey.Options.DEFAULT);
        TrainingProver.Statement full = ProvableRecipe.statement(recipe, init, key.description(), FixedPointTrainer.Format.DEFAULT);
        long[][] chosen = Arrays.copyOf(full.steps(), Math.min(steps, full.steps().length));
        TrainingProver.Statement statement = new TrainingProver.Statement(full.recipeDigest(), full.architecture(), full.spec(), full.initialWeights(),
                full.initialBiases(), chosen);
        InputRescale rescale = statement.spec().rescale();
        long[][] inputs = TrainingJob.activations(key, rescale);

        double[] plain = new double[reps], prove = new double[reps], verify = new double[reps];
        int bytes = 0;
        double peak = 0, bits = 0;
        StageTimes stages = StageTimes.fromEnvironment();
        for (int r = -1; r < reps; r++) { // one warm-up run
            FixedPointTrainer trainer = new FixedPointTrainer(init, recipe, inputs, key.labels(), FixedPointTrainer.Format.DEFAULT);
            long a = System.nanoTime();
            trainer.steps(chosen);
            long b = System.nanoTime();
            TrainingProver.Result result;
            long cpu = processCpuNanos();
            try (HeapSampler heap = new HeapSampler()) {
                if (stages != null) {
                    stages.begin();
                }
                result = TrainingProver.prove(statement, key, CommitOptions.DEFAULT, stages != null ? stages : Progress.NONE);
                if (stages != null) {
                    stages.end();
                }
                peak = Math.max(peak, heap.peakMb());
            }
            cpu = processCpuNanos() - cpu;
            byte[] encoded = result.proof().encode();
            long c = System.nanoTime();
            var v = TrainingVerifier.verify(statement, key.description(), result.trained().verifyingKey(), TrainingProof.decode(encoded, "proof"));
            long d = System.nanoTime();
            if (r >= 0) {
                plain[r] = (b - a) / 1e6;
                prove[r] = (result.witnessSeconds() + result.proveSeconds()) * 1e3;
                verify[r] = (d - c) / 1e6;
                bytes = encoded.length;
                bits = v.securityBits();
            }
            System.err.printf(java.util.Locale.ROOT, "  %s: %d steps proved in %.2f s (%.2f s of CPU time), verified in %.0f ms%n", name,
                    chosen.length, result.witnessSeconds() + result.proveSeconds(), cpu / 1e9, (d - c) / 1e6);
        }
        return new BenchCommand.Result(name, init.parameterCount(), chosen.length, 0, BenchCommand.median(prove), BenchCommand.median(verify), bytes,
                BenchCommand.median(plain), peak, bits);
    }

    /**
     * CPU time of the whole process so far (every thread: the proof's, the compiler's, the
     * collector's), which varies less than wall time on a shared host.
     */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The first {@code rows} Fashion-MNIST training images (pixels / 255). */
    static LabelledDataset fashionMnist(int rows, String name) throws Exception {
        Path images = AccuracyBench.IDX.resolve("train-images-idx3-ubyte.gz"), labels = AccuracyBench.IDX.resolve("train-labels-idx1-ubyte.gz");
        if (!Files.exists(images) || !Files.exists(labels)) {
            throw new Main.UserError(name + ": needs the Fashion-MNIST training set in " + AccuracyBench.IDX
                    + " (sudo apt-get install dataset-fashion-mnist, or tools/ensure-testdata.sh)");
        }
        return IdxDataset.read(images, labels, rows);
    }

    /** A dense ReLU network initialised as PyTorch's nn.Linear does (uniform in ±1/√inputs), seeded. */
    static DenseNetwork mlp(int... widths) {
        SplittableRandom r = new SplittableRandom(2026);
        List<DenseNetwork.Layer> layers = new ArrayList<>();
        for (int l = 0; l + 1 < widths.length; l++) {
            double bound = 1 / Math.sqrt(widths[l]);
            double[][] w = new double[widths[l + 1]][widths[l]];
            double[] b = new double[widths[l + 1]];
            for (double[] row : w) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = r.nextDouble(-bound, bound);
                }
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextDouble(-bound, bound);
            }
            layers.add(new DenseNetwork.Layer(w, b, l + 2 < widths.length));
        }
        return new DenseNetwork(layers);
    }
}
