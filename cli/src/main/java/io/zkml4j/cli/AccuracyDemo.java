package io.zkml4j.cli;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.AccuracyProof;
import io.zkml4j.proof.AccuracyProver;
import io.zkml4j.proof.AccuracyVerifier;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Prover;
import io.zkml4j.proof.VerifiedAccuracy;
import io.zkml4j.proof.VerifyingKey;
import io.zkml4j.proof.format.FileFormatException;

import java.nio.file.Path;
import java.util.Locale;

/** The demo's accuracy step: the bundled test images as a hidden dataset, the model's accuracy on them proven and verified. */
final class AccuracyDemo {
    private AccuracyDemo() {}

    static int run(Path testSet, Prover prover, VerifyingKey vk, AccuracyCommand.Report plain, String referenceName, Console console)
            throws FileFormatException {
        System.out.println();
        console.stage("committing to the " + plain.samples() + " test images and labels as a hidden dataset");
        LabelledDataset data = Datasets.read(testSet, null);
        long t0 = System.nanoTime();
        DatasetKey key;
        try {
            key = DatasetKey.commit(data, DatasetKey.Options.DEFAULT);
        } catch (io.zkml4j.model.data.DatasetFormatException e) {
            throw new Main.UserError(e.getMessage());
        }
        long commitNanos = System.nanoTime() - t0;
        console.stage("proving the model's accuracy on them (every prediction, its comparison with the label, the count)");
        AccuracyProver.Result r = new AccuracyProver(prover).prove(key, io.zkml4j.proof.Progress.NONE);
        byte[] bytes = r.proof().encode();
        console.stage("verifying the accuracy proof");
        long t1 = System.nanoTime();
        VerifiedAccuracy v;
        try {
            v = new AccuracyVerifier(vk).verify(key.description(), AccuracyProof.decode(bytes, "accuracy proof"));
        } catch (InvalidProofException e) {
            System.out.println("INVALID: " + e.getMessage());
            return Main.INVALID;
        }
        long verifyNanos = System.nanoTime() - t1;
        boolean same = v.correct() == plain.quantizedCorrect();
        System.out.printf(Locale.ROOT, "%naccuracy on %d hidden test images (rows, labels, predictions and weights stay hidden)%n", v.total());
        System.out.printf(Locale.ROOT, "  proven by zkml4j:                %d / %d = %.2f%%%n", v.correct(), v.total(), 100 * v.accuracy());
        System.out.printf(Locale.ROOT, "  plain quantised (zkml accuracy): %.2f%%  %s%n", 100.0 * plain.quantizedCorrect() / plain.samples(),
                same ? "(equal)" : "(DIFFERS: please report it)");
        System.out.printf(Locale.ROOT, "  float (%s):     %.2f%%%n", referenceName, 100.0 * plain.floatCorrect() / plain.samples());
        System.out.printf(Locale.ROOT, "dataset: %d rows of %d features, %d fraction bits, committed in %s, digest %s%n", v.total(),
                key.description().features(), key.description().fractionBits(), Console.millis(commitNanos), v.datasetDigest().substring(0, 16));
        System.out.printf(Locale.ROOT, "accuracy proof: proved in %s (plain quantised evaluation of the rows: %s, ratio %.0fx), verified in %s, %s, "
                        + "%.1f bits of security%n", Console.millis((long) (r.proveSeconds() * 1e9)), Console.millis((long) (r.plainSeconds() * 1e9)),
                r.proveSeconds() / r.plainSeconds(), Console.millis(verifyNanos), Console.bytes(bytes.length), v.securityBits());
        return same ? Main.OK : Main.INVALID;
    }
}
