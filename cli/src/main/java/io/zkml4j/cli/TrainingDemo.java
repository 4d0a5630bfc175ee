package io.zkml4j.cli;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.AccuracyProof;
import io.zkml4j.proof.AccuracyProver;
import io.zkml4j.proof.AccuracyVerifier;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.Prover;
import io.zkml4j.proof.Progress;
import io.zkml4j.proof.TrainingProof;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.TrainingVerifier;
import io.zkml4j.proof.VerifiedAccuracy;
import io.zkml4j.proof.VerifiedInference;
import io.zkml4j.proof.VerifiedTraining;
import io.zkml4j.proof.Verifier;
import io.zkml4j.proof.VerifyingKey;
import io.zkml4j.training.FixedPointTrainer;
import io.zkml4j.training.ProvableRecipe;
import io.zkml4j.training.TrainingJob;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The hospital case end to end on the bundled breast-cancer data: the hospital commits its training
 * and test records, trains the declared recipe with a proof, and proves the trained model's accuracy
 * on the hidden test records and one prediction; the auditor verifies all three from public files
 * (the recipe, the datasets' descriptions, the model's verifying key and the proofs).
 */
final class TrainingDemo {
    private TrainingDemo() {}

    static int run(Path dir, Console console) throws Exception {
        Path recipeFile = dir.resolve("recipe.json");
        System.out.printf(Locale.ROOT, "zkml4j demo: the hospital case on %s (breast cancer, 30 features, 2 classes)%n%n", dir);
        console.stage("hospital: committing to the training and test records (hidden datasets)");
        long t0 = System.nanoTime();
        DatasetKey train = commit(dir.resolve("train.csv"));
        DatasetKey test = commit(dir.resolve("test.csv"));
        long commitNanos = System.nanoTime() - t0;
        TrainingFiles.Loaded loaded = TrainingFiles.load(recipeFile);

        console.stage("hospital: training the recipe in fixed point and proving every step");
        TrainingJob.Outcome o = TrainingJob.run(loaded.recipe(), loaded.initial(), train, test, FixedPointTrainer.Format.DEFAULT, true, console);
        TrainingProver.Result r = o.proven();
        byte[] trainingProof = r.proof().encode();
        VerifyingKey vk = r.trained().verifyingKey();

        console.stage("auditor: verifying the training proof from the recipe, data.dc and model.vk");
        long t1 = System.nanoTime();
        TrainingProver.Statement statement = ProvableRecipe.statement(loaded.recipe(), loaded.initial(), train.description(),
                FixedPointTrainer.Format.DEFAULT);
        VerifiedTraining vt;
        try {
            vt = TrainingVerifier.verify(statement, train.description(), vk, TrainingProof.decode(trainingProof, "training proof"));
        } catch (InvalidProofException e) {
            System.out.println("INVALID training proof: " + e.getMessage());
            return Main.INVALID;
        }
        long verifyTrainingNanos = System.nanoTime() - t1;

        console.stage("hospital: proving the trained model's accuracy on the hidden test records");
        Prover prover = new Prover(r.trained());
        AccuracyProver.Result acc = new AccuracyProver(prover).prove(test, Progress.NONE);
        byte[] accuracyProof = acc.proof().encode();
        console.stage("auditor: verifying the accuracy proof");
        long t2 = System.nanoTime();
        VerifiedAccuracy va;
        try {
            va = new AccuracyVerifier(vk).verify(test.description(), AccuracyProof.decode(accuracyProof, "accuracy proof"));
        } catch (InvalidProofException e) {
            System.out.println("INVALID accuracy proof: " + e.getMessage());
            return Main.INVALID;
        }
        long verifyAccuracyNanos = System.nanoTime() - t2;

        console.stage("hospital: proving one prediction with the trained model (a patient's record, private input)");
        LabelledDataset testRows = Datasets.read(dir.resolve("test.csv"), "target");
        float[] patient = new float[testRows.features()];
        for (int i = 0; i < patient.length; i++) {
            patient[i] = (float) testRows.rows()[0][i];
        }
        long t3 = System.nanoTime();
        InferenceProof prediction = prover.prove(List.of(patient), true, Progress.NONE);
        long provePredictionNanos = System.nanoTime() - t3;
        long t4 = System.nanoTime();
        VerifiedInference vi;
        try {
            vi = new Verifier(vk).verify(InferenceProof.decode(prediction.encode(), "prediction proof"));
        } catch (InvalidProofException e) {
            System.out.println("INVALID prediction proof: " + e.getMessage());
            return Main.INVALID;
        }
        long verifyPredictionNanos = System.nanoTime() - t4;
        long[] scores = vi.outputs().get(0);
        int predicted = scores[1] > scores[0] ? 1 : 0;

        boolean sameCount = va.correct() == Math.round(o.test().fixedPoint() * o.test().rows());
        System.out.printf(Locale.ROOT, "%naudit summary (every proof verified from public files; records, labels, gradients and weights stay hidden)%n");
        System.out.printf(Locale.ROOT, "  statement: the model %s was trained by recipe %s%n", vt.modelDigest().substring(0, 16),
                vt.recipeDigest().substring(0, 16));
        System.out.printf(Locale.ROOT, "             (%s: %d epochs, batch %d, SGD lr %.3g, seed %d; %d steps) on the committed records %s (%d rows)%n",
                loaded.recipe().model().getFileName(), loaded.recipe().epochs(), statement.spec().batch(), loaded.recipe().optimizer().learningRate(),
                loaded.recipe().seed(), vt.steps(), vt.datasetDigest().substring(0, 16), vt.rows());
        System.out.printf(Locale.ROOT, "  accuracy on the %d hidden test records: proven %d / %d = %.2f%% %s; float training of the same recipe %.2f%%%n",
                va.total(), va.correct(), va.total(), 100 * va.accuracy(), sameCount ? "(= plain fixed point)" : "(DIFFERS from plain: please report)",
                100 * o.test().floatingPoint());
        System.out.printf(Locale.ROOT, "  one prediction (private record): class %d (%s), proven in %s, verified in %s, %s%n", predicted,
                predicted == 1 ? "benign" : "malignant", Console.millis(provePredictionNanos), Console.millis(verifyPredictionNanos),
                Console.bytes(prediction.encode().length));
        System.out.printf(Locale.ROOT, "%n%-22s %12s %12s %12s%n", "", "prove", "verify", "proof size");
        System.out.printf(Locale.ROOT, "%-22s %12s %12s %12s%n", "training (" + vt.steps() + " steps)",
                Console.millis((long) ((r.witnessSeconds() + r.proveSeconds()) * 1e9)), Console.millis(verifyTrainingNanos),
                Console.bytes(trainingProof.length));
        System.out.printf(Locale.ROOT, "%-22s %12s %12s %12s%n", "accuracy (" + va.total() + " rows)", Console.millis((long) (acc.proveSeconds() * 1e9)),
                Console.millis(verifyAccuracyNanos), Console.bytes(accuracyProof.length));
        System.out.printf(Locale.ROOT, "(plain fixed-point training: %s, prove / plain %.0fx; datasets committed in %s; security %.1f bits)%n",
                Console.millis((long) (o.plainSeconds() * 1e9)), (r.witnessSeconds() + r.proveSeconds()) / o.plainSeconds(), Console.millis(commitNanos),
                Math.min(vt.securityBits(), va.securityBits()));
        return sameCount ? Main.OK : Main.INVALID;
    }

    private static DatasetKey commit(Path csv) {
        try {
            return DatasetKey.commit(Datasets.read(csv, "target"), DatasetKey.Options.DEFAULT);
        } catch (io.zkml4j.model.data.DatasetFormatException e) {
            throw new Main.UserError(e.getMessage());
        }
    }
}
