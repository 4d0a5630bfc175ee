package io.zkml4j.cli;

import io.zkml4j.proof.AccuracyProver;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Prover;
import io.zkml4j.proof.ProvingKey;
import io.zkml4j.proof.format.FileFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "prove-accuracy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Proves how many rows of a committed dataset a committed model classifies correctly: runs the quantised",
                "model on every row, proves every prediction (the first maximum of the output) against the committed label, and",
                "the count. Rows, labels, predictions and weights stay hidden; the proof states the count only."})
final class ProveAccuracyCommand implements Callable<Integer> {
    @Option(names = "--pk", required = true, paramLabel = "FILE", description = "the model's proving key (model.pk)")
    Path pk;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "the dataset key (data.dk from zkml data commit)")
    Path data;

    @Option(names = "--out", defaultValue = "accuracy.proof", paramLabel = "FILE", description = "the proof file (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--chunk-rows", defaultValue = "0", paramLabel = "N",
            description = {"rows proven together (a power of two); the proof is one statement however many chunks it has. Smaller chunks",
                "need less memory and make larger proofs (default: chosen from the model's size, 1,024 or more rows for the bundled MLP)"})
    int chunkRows;

    @Option(names = "--quiet", description = "no progress messages")
    boolean quiet;

    @Override
    public Integer call() {
        Console console = new Console(quiet);
        ModelFiles.checkWritable(out);
        DatasetKey dataset = Datasets.key(data);
        ProvingKey key = ModelFiles.provingKey(pk);
        console.stage("re-creating the weight commitment");
        AccuracyProver.Result r;
        try {
            r = new AccuracyProver(new Prover(key)).prove(dataset, chunkRows, console);
        } catch (FileFormatException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new Main.UserError(e.getMessage());
        }
        ModelFiles.write(out, () -> r.proof().write(out));
        System.out.printf(Locale.ROOT, "{\"correct\": %d, \"total\": %d, \"accuracy\": %.6f}%n", r.correct(), r.rows(),
                (double) r.correct() / r.rows());
        System.err.printf(Locale.ROOT, "proved %d of %d rows correct in %.2f s (plain quantised evaluation of the same rows: %.3f s, ratio %.0f); "
                        + "%d rows per chunk; proof %s written to %s%n", r.correct(), r.rows(), r.proveSeconds(), r.plainSeconds(),
                r.proveSeconds() / r.plainSeconds(), r.proof().chunkRows(), Console.bytes(r.proof().encode().length), out);
        return Main.OK;
    }
}
