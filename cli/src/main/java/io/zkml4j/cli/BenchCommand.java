package io.zkml4j.cli;

import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.quant.Quantization;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizerOptions;
import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.Progress;
import io.zkml4j.proof.Prover;
import io.zkml4j.proof.ProvingKey;
import io.zkml4j.proof.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"End-to-end benchmark on the bundled models: commit, prove, verify, proof size, and the plain",
                "quantised inference measured in the same run (the ratio prove / plain), with peak heap. Prints a",
                "table and writes it as CSV. Times are medians of --reps runs after one warm-up run."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--cases", defaultValue = "mlp,mlp-private,cnn,transformer,decoder,dense-4m,cifar-cnn,mlp-batch64", split = ",", paramLabel = "LIST",
            description = {"which cases (default: ${DEFAULT-VALUE}); also accuracy-mlp-N and accuracy-cnn-N: the accuracy",
                    "proof on the first N Fashion-MNIST test images (N > 500 needs Debian's dataset-fashion-mnist); training-breast-cancer",
                    "(the bundled recipe, 300 steps), training-step-fm (one step of a 784-128-10 MLP, batch 64, of 1,024 images;",
                    "training-step-fm10k: of 10,000; training-steps-fm: nine such steps of 1,024 images) and training-epoch-fm",
                    "(one epoch of it on 10,000 images): the batch column is then the steps; fl-round-fm (a federated round: three",
                    "participants with 2,000 images each train and prove one local epoch, a coordinator verifies; batch = rows a participant);",
                    "gpt2-1layer (one GPT-2-small layer over 16 tokens, random weights: run examples/bench/make_gpt2.py --layers 1 first)"})
    List<String> cases;

    @Option(names = "--reps", defaultValue = "5", paramLabel = "N", description = "timed runs per case (default: ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--csv", defaultValue = "bench-results.csv", paramLabel = "FILE", description = "CSV output (default: ${DEFAULT-VALUE})")
    Path csv;

    @Option(names = "--examples", paramLabel = "DIR", description = "the examples directory (default: found next to the program)")
    Path examples;


    private record Case(String name, String model, String calibration, String input, int batch, boolean privateInput) {}

    private static final List<Case> CASES = List.of(
            new Case("mlp", "fashion-mnist/mlp.onnx", "fashion-mnist/calibration.json", "fashion-mnist/input.json", 1, false),
            new Case("mlp-private", "fashion-mnist/mlp.onnx", "fashion-mnist/calibration.json", "fashion-mnist/input.json", 1, true),
            new Case("cnn", "fashion-mnist/cnn.onnx", "fashion-mnist/calibration.json", "fashion-mnist/input-cnn.json", 1, false),
            new Case("transformer", "transformer/transformer.onnx", "transformer/calibration.json", "transformer/input.json", 1, false),
            new Case("decoder", "decoder/decoder.onnx", "decoder/calibration.json", "decoder/input.json", 1, false),
            // Generated, not bundled (28 MB): /usr/bin/python3 examples/bench/make_gpt2.py --layers 1
            new Case("gpt2-1layer", "bench/gpt2-1layer.onnx", "bench/gpt2-1layer-input.json", "bench/gpt2-1layer-input.json", 1, false),
            new Case("dense-4m", "bench/dense-4m.onnx", "bench/dense-4m-input.json", "bench/dense-4m-input.json", 1, false),
            new Case("cifar-cnn", "bench/cifar-cnn.onnx", "bench/cifar-cnn-input.json", "bench/cifar-cnn-input.json", 1, false),
            new Case("mlp-batch64", "fashion-mnist/mlp.onnx", "fashion-mnist/calibration.json", "fashion-mnist/test-500.json", 64, false));

    record Result(String name, long parameters, int batch, double commitMs, double proveMs, double verifyMs, int proofBytes, double plainMs,
                  double peakHeapMb, double securityBits) {
        double ratio() {
            return proveMs / plainMs;
        }

        double perSecond() {
            return batch * 1000.0 / proveMs;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (reps < 1) {
            throw new Main.UserError("--reps must be at least 1");
        }
        Path root = examples != null ? examples : Examples.root();
        List<Result> results = new ArrayList<>();
        for (String name : cases) {
            if (TrainingBench.NAMES.contains(name)) {
                System.err.println("benchmarking " + name + " ...");
                results.add(TrainingBench.run(root, name, reps));
                continue;
            }
            if (name.equals(FederatedBench.NAME)) {
                System.err.println("benchmarking " + name + " ...");
                results.add(FederatedBench.run());
                continue;
            }
            if (AccuracyBench.NAME.matcher(name).matches()) {
                System.err.println("benchmarking " + name + " ...");
                results.add(AccuracyBench.run(root, name, reps));
                continue;
            }
            Case c = CASES.stream().filter(k -> k.name.equals(name)).findFirst()
                    .orElseThrow(() -> new Main.UserError("unknown case '" + name + "'; known: mlp, mlp-private, cnn, transformer, decoder, gpt2-1layer, dense-4m, cifar-cnn, mlp-batch64, accuracy-mlp-N, accuracy-cnn-N, training-breast-cancer, training-step-fm, training-step-fm10k, training-steps-fm, training-epoch-fm, fl-round-fm"));
            System.err.println("benchmarking " + c.name + " ...");
            results.add(run(root, c));
        }
        System.out.println(table(results));
        ModelFiles.write(csv, () -> Files.writeString(csv, csv(results)));
        System.out.println("wrote " + csv);
        return Main.OK;
    }

    private Result run(Path root, Case c) throws Exception {
        if (c.name.startsWith("gpt2") && !java.nio.file.Files.exists(root.resolve(c.model))) {
            throw new Main.UserError(root.resolve(c.model) + " is generated, not bundled: run /usr/bin/python3 examples/bench/make_gpt2.py "
                    + "--layers 1 first (random weights, python3-torch)");
        }
        Graph graph = ModelFiles.onnx(root.resolve(c.model));
        int size = Tensors.inputSize(graph);
        Quantization q = ModelFiles.quantize(graph, Inputs.samples(root.resolve(c.calibration), size), QuantizerOptions.DEFAULTS);
        List<float[]> all = Inputs.samples(root.resolve(c.input), size);
        List<float[]> batch = new ArrayList<>();
        for (int i = 0; i < c.batch; i++) {
            batch.add(all.get(i % all.size()));
        }
        long t0 = System.nanoTime();
        ProvingKey pk = ProvingKey.create(q.model(), q.postprocess(), CommitOptions.DEFAULT);
        double commitMs = (System.nanoTime() - t0) / 1e6;
        Prover prover = new Prover(pk);
        Verifier verifier = new Verifier(pk.verifyingKey());
        List<long[]> x = prover.quantize(batch);

        double[] plain = new double[reps];
        double[] prove = new double[reps];
        double[] verify = new double[reps];
        int bytes = 0;
        double peak = 0;
        for (int r = -1; r < reps; r++) { // r = −1: warm-up
            long a = System.nanoTime();
            for (long[] xi : x) {
                QuantizedExecutor.run(q.model(), xi);
            }
            long b = System.nanoTime();
            InferenceProof proof;
            try (HeapSampler heap = new HeapSampler()) {
                proof = prover.proveQuantized(x, c.privateInput, Progress.NONE);
                peak = Math.max(peak, heap.peakMb());
            }
            long d = System.nanoTime();
            verifier.verify(InferenceProof.decode(proof.encode(), "proof"));
            long e = System.nanoTime();
            if (r >= 0) {
                plain[r] = (b - a) / 1e6;
                prove[r] = (d - b) / 1e6;
                verify[r] = (e - d) / 1e6;
                bytes = proof.size();
            }
        }
        return new Result(c.name, q.model().parameterCount(), c.batch, commitMs, median(prove), median(verify), bytes, median(plain), peak,
                pk.security().bits());
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }


    static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-18s %10s %5s %10s %10s %9s %10s %10s %9s %8s %9s %6s%n", "case",
                "params", "batch", "commit", "prove", "verify", "proof", "plain", "prove/pl", "inf/s", "peak heap", "bits"));
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "%-18s %10d %5d %8.0fms %8.0fms %7.1fms %10s %8.2fms %8.0fx %8.1f %7.0fMB %6.1f%n", r.name,
                    r.parameters, r.batch, r.commitMs, r.proveMs, r.verifyMs, Console.bytes(r.proofBytes), r.plainMs, r.ratio(), r.perSecond(),
                    r.peakHeapMb, r.securityBits));
        }
        sb.append(String.format(Locale.ROOT, "%d cores, Java %s; medians of timed runs after a warm-up; peak heap in use during a proof, sampled every 5 ms%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version()));
        return sb.toString();
    }

    static String csv(List<Result> results) {
        StringBuilder sb = new StringBuilder(
                "case,parameters,batch,commit_ms,prove_ms,verify_ms,proof_bytes,plain_ms,prove_over_plain,inferences_per_s,peak_heap_mb,security_bits\n");
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "%s,%d,%d,%.1f,%.1f,%.2f,%d,%.3f,%.1f,%.2f,%.0f,%.1f%n", r.name, r.parameters, r.batch, r.commitMs,
                    r.proveMs, r.verifyMs, r.proofBytes, r.plainMs, r.ratio(), r.perSecond(), r.peakHeapMb, r.securityBits));
        }
        return sb.toString();
    }
}
