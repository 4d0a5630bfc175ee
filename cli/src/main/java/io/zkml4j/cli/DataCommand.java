package io.zkml4j.cli;

import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Poseidon2Lanes;
import io.zkml4j.model.data.FixedPointEncoding;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.DatasetCommitment;
import io.zkml4j.proof.DatasetKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "data", mixinStandardHelpOptions = true, description = "Commits to a labelled dataset, and describes a committed one.",
        subcommands = {DataCommand.Commit.class, DataCommand.Inspect.class})
final class DataCommand {
    @Command(name = "commit", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Reads a labelled dataset (CSV with a header row, or EZKL-style JSON with \"labels\"), encodes it as exact",
                    "fixed-point integers and commits to it. Writes DIR/data.dc (public: row count, feature names, label range, format,",
                    "commitment; nothing about the values) and DIR/data.dk (private: the values and the commitment's randomness)."})
    static final class Commit implements Callable<Integer> {
        /**
         * A data file from which the commitment hashes in bulk (about a million values; see
         * Poseidon2Lanes.BULK_PERMUTATIONS).
         */
        static final long BULK_FILE_BYTES = 8L << 20;

        private static boolean large(Path data) {
            try {
                return Files.isRegularFile(data) && Files.size(data) > BULK_FILE_BYTES;
            } catch (java.io.IOException e) {
                return false; // reading it says what is wrong
            }
        }

        @Option(names = "--data", required = true, paramLabel = "FILE", description = "records.csv, or a JSON file with \"input_data\" and \"labels\"")
        Path data;

        @Option(names = "--label-column", paramLabel = "NAME", description = "the CSV column holding the integer labels (default: label)")
        String labelColumn;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for data.dc and data.dk")
        Path out;

        @Option(names = "--max-fraction-bits", defaultValue = "" + FixedPointEncoding.DEFAULT_MAX_FRACTION_BITS, paramLabel = "BITS",
                description = "finest fixed-point format considered; values needing more are rounded and the loss reported (default: ${DEFAULT-VALUE})")
        int maxFractionBits;

        @Option(names = "--format", paramLabel = "F/W",
                description = {"declare the fixed-point format instead of choosing it from the data: F fraction bits in W bits, e.g. 24/26",
                        "(a chosen format reveals the largest magnitude to a factor of two and the finest precision needed)"})
        String format;

        @Option(names = "--label-classes", paramLabel = "K",
                description = "declare the label range 0 to K−1 (default: one more than the largest label, which that reveals)")
        Integer labelClasses;

        @Option(names = "--security", defaultValue = "100", paramLabel = "BITS", description = "soundness of the commitment (default: ${DEFAULT-VALUE})")
        int security;

        @Option(names = "--hash", defaultValue = "sha256", description = "sha256, or keccak256 (use the model's hash) (default: ${DEFAULT-VALUE})")
        String hash;

        @Option(names = "--quiet", description = "no progress messages")
        boolean quiet;

        private DatasetKey.Options options(HashFunction h) {
            DatasetKey.Options o = new DatasetKey.Options(security, h, maxFractionBits);
            int fraction = -1, width = -1;
            if (format != null) {
                String[] parts = format.split("/");
                try {
                    fraction = Integer.parseInt(parts[0].trim());
                    width = Integer.parseInt(parts[1].trim());
                } catch (RuntimeException e) {
                    throw new Main.UserError("--format takes FRACTION/WIDTH bits, e.g. 24/26; got '" + format + "'");
                }
                if (parts.length != 2 || fraction < 0 || width < 1 || width > FixedPointEncoding.MAX_WIDTH_BITS || fraction >= FixedPointEncoding.MAX_WIDTH_BITS) {
                    throw new Main.UserError("--format: " + fraction + " fraction bits in " + width + " bits is not supported (width 1 to "
                            + FixedPointEncoding.MAX_WIDTH_BITS + ")");
                }
            }
            if (labelClasses != null && (labelClasses < 1 || labelClasses > LabelledDataset.MAX_CLASSES)) {
                throw new Main.UserError("--label-classes must be 1 to " + LabelledDataset.MAX_CLASSES);
            }
            return o.declared(fraction, width, labelClasses == null ? -1 : labelClasses);
        }

        @Override
        public Integer call() {
            Console console = new Console(quiet);
            if (maxFractionBits < 0 || maxFractionBits >= FixedPointEncoding.MAX_WIDTH_BITS) {
                throw new Main.UserError("--max-fraction-bits must be 0 to " + (FixedPointEncoding.MAX_WIDTH_BITS - 1));
            }
            if (security < 80 || security > 128) {
                throw new Main.UserError("--security must be 80 to 128 bits, got " + security);
            }
            HashFunction h;
            try {
                h = HashFunction.byName(hash);
            } catch (IllegalArgumentException e) {
                throw new Main.UserError("--hash: " + e.getMessage());
            }
            Path dc = out.resolve("data.dc"), dk = out.resolve("data.dk");
            ModelFiles.checkWritable(dc);
            ModelFiles.checkWritable(dk);
            if (large(data)) {
                Poseidon2Lanes.warmUpInBackground(); // the commitment will hash in bulk: compile the vector code while the file is read
            }
            console.stage("reading " + data);
            LabelledDataset dataset = Datasets.read(data, labelColumn);
            console.stage("committing to " + dataset.size() + " rows of " + dataset.features() + " features");
            long t0 = System.nanoTime();
            DatasetKey key;
            try {
                key = DatasetKey.commit(dataset, options(h));
            } catch (io.zkml4j.model.data.DatasetFormatException e) {
                throw new Main.UserError(data + ": " + e.getMessage());
            }
            long nanos = System.nanoTime() - t0;
            console.stage("writing " + dc + " and " + dk);
            ModelFiles.write(out, () -> {
                Files.createDirectories(out);
                key.write(dk);
                key.description().write(dc);
            });
            DatasetCommitment d = key.description();
            System.out.printf(Locale.ROOT, "rows:       %d%nfeatures:   %d%nlabels:     0 to %d%nformat:     %d fraction bits in %d bits%n",
                    d.rows(), d.features(), d.labelClasses() - 1, d.fractionBits(), d.widthBits());
            System.out.println(key.maxError() == 0 ? "precision:  exact (every value is committed as it was read)"
                    : String.format(Locale.ROOT, "precision:  values rounded to %d fraction bits, largest change %.3g (raise --max-fraction-bits to keep more)",
                            d.fractionBits(), key.maxError()));
            System.out.printf(Locale.ROOT, "digest:     %s%ncommitted in %s; wrote %s (public) and %s (private: keep it)%n", d.digestHex(),
                    Console.millis(nanos), dc, dk);
            return Main.OK;
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Prints the public description of a committed dataset (data.dc) as JSON.")
    static final class Inspect implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "data.dc")
        Path file;

        @Override
        public Integer call() {
            System.out.println(Datasets.description(file).toJson());
            return Main.OK;
        }
    }
}
