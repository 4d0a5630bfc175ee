package io.zkml4j.cli;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.quant.Quantization;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizerOptions;
import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.Prover;
import io.zkml4j.proof.ProvingKey;
import io.zkml4j.proof.VerifiedInference;
import io.zkml4j.proof.Verifier;
import io.zkml4j.proof.VerifyingKey;
import io.zkml4j.proof.format.FileFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The main job end to end on the bundled Fashion-MNIST model: quantise it, report float-vs-quantised",
                "accuracy on 500 test images, commit to the weights, prove a prediction (public and private input)",
                "and verify it; then commit to the 500 test images as a hidden dataset, prove the model's accuracy on them",
                "and verify it, printing times, proof sizes and the security level; then the hospital case on the bundled",
                "breast-cancer records: commit them, train a recipe with a proof, prove the trained model's accuracy on hidden test",
                "records and one prediction, and verify everything; then three hospitals federate on the same records split three",
                "ways, one of them submitting a poisoned update that the coordinator rejects.",
                "STEP runs one part only: inference, accuracy, training or federated; evm (not part of the default run: it needs the",
                "local chain from tools/evm-setup.sh and takes minutes) verifies a prediction of the MLP on a local EVM through a registry."})
final class DemoCommand implements Callable<Integer> {
    private static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
            "Ankle boot"};

    @Option(names = "--model", defaultValue = "mlp", paramLabel = "NAME",
            description = "mlp, cnn or transformer (a small vision transformer, examples/transformer) (default: ${DEFAULT-VALUE})")
    String modelName;

    @Option(names = "--examples", paramLabel = "DIR", description = "the examples/fashion-mnist directory (default: found next to the program)")
    Path examples;

    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "STEP", description = "inference, accuracy, training, federated or evm (default: all but evm)")
    String step;

    @Option(names = "--reference", defaultValue = "onnxruntime", paramLabel = "NAME",
            description = "float reference for the accuracy report: onnxruntime or builtin (default: ${DEFAULT-VALUE})")
    String reference;

    @Override
    public Integer call() throws Exception {
        if (!List.of("mlp", "cnn", "transformer").contains(modelName)) {
            throw new Main.UserError("--model must be mlp, cnn or transformer, got '" + modelName + "'");
        }
        if (step != null && !List.of("inference", "accuracy", "training", "federated", "evm").contains(step)) {
            throw new Main.UserError("the demo's steps are inference, accuracy, training, federated and evm, not '" + step + "'");
        }
        if ("evm".equals(step)) {
            return EvmDemo.run(examples != null ? examples : Examples.root().resolve("fashion-mnist"), new Console(false));
        }
        boolean inference = step == null || step.equals("inference");
        boolean accuracy = step == null || step.equals("accuracy");
        if (step != null && step.equals("training")) {
            return TrainingDemo.run(Examples.root().resolve("breast-cancer"), new Console(false));
        }
        if (step != null && step.equals("federated")) {
            return FederatedDemo.run(Examples.root().resolve("breast-cancer"), new Console(false));
        }
        int code = fashionMnist(inference, accuracy);
        if (step != null || code != Main.OK) {
            return code;
        }
        System.out.println();
        code = TrainingDemo.run(Examples.root().resolve("breast-cancer"), new Console(false));
        if (code != Main.OK) {
            return code;
        }
        System.out.println();
        return FederatedDemo.run(Examples.root().resolve("breast-cancer"), new Console(false));
    }

    private int fashionMnist(boolean inference, boolean accuracy) throws Exception {
        Path fashion = examples != null ? examples : Examples.locate();
        boolean transformer = modelName.equals("transformer");
        Path dir = transformer ? fashion.resolveSibling("transformer") : fashion; // its own ONNX, calibration and input
        Path onnx = dir.resolve(modelName + ".onnx");
        Path input = dir.resolve(modelName.equals("cnn") ? "input-cnn.json" : "input.json");
        Path testData = fashion.resolve("test-500.json");
        Console console = new Console(false);
        System.out.printf(Locale.ROOT, "zkml4j demo: %s (%s) on Fashion-MNIST, %d cores, Java %s%n%n", onnx.getFileName(), dir,
                Runtime.getRuntime().availableProcessors(), Runtime.version());

        console.stage("importing and quantising " + onnx.getFileName());
        Graph graph = ModelFiles.onnx(onnx);
        int size = Tensors.inputSize(graph);
        Quantization q = ModelFiles.quantize(graph, Inputs.samples(dir.resolve("calibration.json"), size), QuantizerOptions.DEFAULTS);
        System.out.println(q.report().format());

        console.stage("measuring accuracy on the 500 labelled test images");
        List<float[]> test = Inputs.samples(testData, size);
        int[] labels = Inputs.read(testData).labels();
        AccuracyCommand.Report report;
        String referenceName;
        try (FloatReference ref = reference.equals("builtin") ? FloatReference.builtin(graph) : FloatReference.onnxRuntime(onnx, graph)) {
            report = AccuracyCommand.Report.measure(ref, q, test, labels);
            referenceName = ref.name();
            System.out.println(report.format(ref.name()));
        }

        console.stage("committing to the weights");
        long t0 = System.nanoTime();
        ProvingKey pk = ProvingKey.create(q.model(), q.postprocess(), CommitOptions.DEFAULT);
        long commitNanos = System.nanoTime() - t0;
        VerifyingKey vk = pk.verifyingKey();
        Prover prover = new Prover(pk);
        Verifier verifier = new Verifier(vk);
        List<long[]> x = prover.quantize(Inputs.samples(input, size));

        if (!inference) {
            return accuracyProof(testData, prover, vk, report, referenceName, console);
        }
        long plainStart = System.nanoTime();
        long[] plain = QuantizedExecutor.run(q.model(), x.get(0)).value(q.model().output());
        long plainNanos = System.nanoTime() - plainStart;

        Row publicRow = proveAndVerify("public input", prover, verifier, x, false, console);
        Row privateRow = proveAndVerify("private input", prover, verifier, x, true, console);
        int predicted = io.zkml4j.model.quant.QuantizationReport.argmax(q.model().dequantizeOutput(plain));
        System.out.println();
        System.out.println(Outputs.json(q.model(), q.postprocess(), List.of(plain)));
        System.out.printf(Locale.ROOT, "%nproven prediction: class %d (%s)%n", predicted, CLASSES[predicted]);
        System.out.printf(Locale.ROOT, "model: %d parameters, committed in %s, model id %s%n", q.model().parameterCount(),
                Console.millis(commitNanos), vk.digestHex().substring(0, 16));
        System.out.printf(Locale.ROOT, "security: %s; zero-knowledge: weights hidden%n", pk.security());
        System.out.printf(Locale.ROOT, "%n%-14s %12s %12s %12s %14s%n", "", "prove", "verify", "proof size", "prove / plain");
        for (Row r : List.of(publicRow, privateRow)) {
            System.out.printf(Locale.ROOT, "%-14s %12s %12s %12s %13.0fx%n", r.label, Console.millis(r.proveNanos), Console.millis(r.verifyNanos),
                    Console.bytes(r.bytes), (double) r.proveNanos / plainNanos);
        }
        System.out.printf(Locale.ROOT, "(plain quantised inference: %s; the first proof includes JIT warm-up)%n", Console.millis(plainNanos));
        return accuracy ? accuracyProof(testData, prover, vk, report, referenceName, console) : Main.OK;
    }

    /**
     * The accuracy step. The transformer's accuracy proof runs one row per chunk (its products of
     * computed matrices are proved one sample at a time) and holds every chunk until the end, too
     * heavy for 500 images: the demo says so and skips it.
     */
    private int accuracyProof(Path testData, Prover prover, VerifyingKey vk, AccuracyCommand.Report report, String referenceName,
                              Console console) throws Exception {
        if (modelName.equals("transformer")) {
            System.out.println();
            System.out.println("(no accuracy proof of the transformer here: it proves one row per chunk, because a product of two computed "
                    + "matrices, attention's Q·Kᵀ and A·V, is proved one sample at a time, and holds every chunk until the end; zkml "
                    + "prove-accuracy proves 32 test images in about a minute, but 500 would need far more memory)");
            return Main.OK;
        }
        return AccuracyDemo.run(testData, prover, vk, report, referenceName, console);
    }

    private record Row(String label, long proveNanos, long verifyNanos, int bytes) {}

    private static Row proveAndVerify(String label, Prover prover, Verifier verifier, List<long[]> x, boolean privateInput, Console console)
            throws InvalidProofException, FileFormatException {
        console.stage("proving one prediction (" + label + ")");
        long t0 = System.nanoTime();
        InferenceProof proof = prover.proveQuantized(x, privateInput, io.zkml4j.proof.Progress.NONE);
        long proveNanos = System.nanoTime() - t0;
        byte[] bytes = proof.encode();
        console.stage("verifying it");
        long t1 = System.nanoTime();
        VerifiedInference v = verifier.verify(InferenceProof.decode(bytes, "proof"));
        long verifyNanos = System.nanoTime() - t1;
        console.stage("valid: proven output " + java.util.Arrays.toString(v.outputs().get(0)));
        return new Row(label, proveNanos, verifyNanos, bytes.length);
    }
}
