package io.zkml4j.cli;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.TrainingVerifier;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.training.FixedPointTrainer;
import io.zkml4j.training.TrainingJob;
import io.zkml4j.training.TrainingSetupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a recipe on a committed dataset in exact fixed point, proves every step, and writes the trained model's",
                "keys (ready for zkml prove and prove-accuracy), the training proof, the trained weights as a float ONNX model and a",
                "report (loss per epoch, fixed-point vs float accuracy, times). The rows, labels, gradients and weights stay hidden;",
                "the proof states the recipe, the dataset's commitment and the trained model's commitment."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--recipe", required = true, paramLabel = "FILE", description = "the recipe (JSON; its \"model\" is the initial ONNX model)")
    Path recipe;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "the training set's key (data.dk from zkml data commit)")
    Path data;

    @Option(names = "--out", defaultValue = "trained", paramLabel = "DIR", description = "where to write the results (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--test", paramLabel = "FILE", description = "a test set's key (data.dk): its accuracy goes into the report")
    Path test;

    @Option(names = "--workers", paramLabel = "N",
            description = "chunks of steps proven at once, each with its own transcript (default: one at a time, on every core)")
    Integer workers;

    @Option(names = "--chunk-steps", paramLabel = "N",
            description = "at most N steps a chunk (default: as many as a bounded number of committed values allows)")
    Integer chunkSteps;

    @Option(names = "--no-proof", description = "train and report only, without a proof or keys")
    boolean noProof;

    @Option(names = "--quiet", description = "no progress messages")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (workers != null) {
            if (workers < 1 || workers > 1024) {
                throw new Main.UserError("--workers must be 1 to 1024, got " + workers);
            }
        }
        if (chunkSteps != null && chunkSteps < 1) {
            throw new Main.UserError("--chunk-steps must be at least 1, got " + chunkSteps);
        }
        TrainingProver.Chunking chunking = new TrainingProver.Chunking(chunkSteps == null ? 0 : chunkSteps, workers == null ? 1 : workers);
        Console console = new Console(quiet);
        for (String name : new String[] {"model.pk", "model.vk", "training.proof", "model.onnx", "report.json"}) {
            ModelFiles.checkWritable(out.resolve(name));
        }
        TrainingFiles.Loaded loaded = TrainingFiles.load(recipe);
        DatasetKey train = Datasets.key(data);
        DatasetKey testSet = test == null ? null : Datasets.key(test);
        TrainingJob.Outcome o;
        try {
            o = TrainingJob.run(loaded.recipe(), loaded.initial(), train, testSet, FixedPointTrainer.Format.DEFAULT, !noProof, chunking, console);
        } catch (TrainingSetupException | FileFormatException | IllegalArgumentException | UnsupportedOperationException | ArithmeticException e) {
            throw new Main.UserError(e.getMessage());
        }
        Files.createDirectories(out);
        byte[] onnx = o.trained().network().toOnnx("trained");
        ModelFiles.write(out.resolve("model.onnx"), () -> Files.write(out.resolve("model.onnx"), onnx));
        long proofBytes = 0;
        double verifySeconds = 0;
        if (o.proven() != null) {
            TrainingProver.Result r = o.proven();
            ModelFiles.write(out.resolve("model.pk"), () -> r.trained().write(out.resolve("model.pk")));
            ModelFiles.write(out.resolve("model.vk"), () -> r.trained().verifyingKey().write(out.resolve("model.vk")));
            ModelFiles.write(out.resolve("training.proof"), () -> r.proof().write(out.resolve("training.proof")));
            proofBytes = r.proof().encode().length;
            console.stage("verifying the proof");
            long t0 = System.nanoTime();
            try {
                TrainingVerifier.verify(o.statement(), train.description(), r.trained().verifyingKey(), r.proof());
                verifySeconds = (System.nanoTime() - t0) / 1e9;
            } catch (InvalidProofException e) {
                throw new IllegalStateException("the proof just made does not verify: " + e.getMessage(), e);
            }
        }
        String report = TrainingJob.report(loaded.recipe(), o, proofBytes, verifySeconds);
        ModelFiles.write(out.resolve("report.json"), () -> Files.writeString(out.resolve("report.json"), report, StandardCharsets.UTF_8));
        System.out.print(report);
        if (o.proven() != null) {
            TrainingProver.Result r = o.proven();
            System.err.printf(Locale.ROOT, "trained and proved %d steps in %.2f s (plain fixed-point training: %.3f s, ratio %.0f); proof %s, "
                            + "verified in %s; written to %s%n", o.statement().steps().length, r.witnessSeconds() + r.proveSeconds(), o.plainSeconds(),
                    (r.witnessSeconds() + r.proveSeconds()) / o.plainSeconds(), Console.bytes(proofBytes), Console.millis((long) (verifySeconds * 1e9)), out);
        } else {
            System.err.printf(Locale.ROOT, "trained in %.3f s (no proof); written to %s%n", o.plainSeconds(), out);
        }
        return Main.OK;
    }
}
