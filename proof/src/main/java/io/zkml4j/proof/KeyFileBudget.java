package io.zkml4j.proof;

import io.zkml4j.core.pcs.HidingBudgetExhaustedException;
import io.zkml4j.proof.format.FileFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.function.Consumer;

/**
 * The proving key file as the record of its commitment's hiding budget, shared by every prover
 * on one machine: a store for {@link Prover#persistBudgetWith}. Under an exclusive lock on a
 * sibling lock file it re-reads the key, adds the columns the proof is about to reveal to those
 * already recorded (by this or any other process), refuses when the union exceeds the budget, and
 * writes the union back before the columns leave. When it cannot, it throws
 * ({@link UncheckedIOException} or {@link HidingBudgetExhaustedException}) and the proof stops
 * with nothing revealed. Two provers on one file then count each
 * other's columns instead of the last writer erasing the first's.
 *
 * <p>What no file can do: count the columns revealed through a copy of the key on another
 * machine. Serve a key from one machine until the commitment stops revealing columns.
 */
public final class KeyFileBudget implements Consumer<ProvingKey> {
    private final Path keyFile;
    private final Path lockFile;
    private volatile ProvingKey stored;

    public KeyFileBudget(Path keyFile) {
        this.keyFile = keyFile;
        this.lockFile = keyFile.resolveSibling(keyFile.getFileName() + ".lock");
    }

    /** The key as last stored, with every process's columns counted; null before the first proof. */
    public ProvingKey lastStored() {
        return stored;
    }

    @Override
    public void accept(ProvingKey updated) {
        try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lock.lock()) {
            ProvingKey onDisk = ProvingKey.read(keyFile);
            if (!Arrays.equals(onDisk.commitment().root(), updated.commitment().root())) {
                throw new IOException("it now holds another commitment; no column of this one is revealed");
            }
            BitSet union = onDisk.openedColumns();
            union.or(updated.openedColumns());
            int budget = updated.commitment().parameters().hidingColumns();
            if (!updated.weightsPublic() && union.cardinality() > budget) {
                throw new HidingBudgetExhaustedException("with the columns other proofs from " + keyFile + " have revealed, this proof "
                        + "would reveal " + union.cardinality() + " distinct columns, but the commitment hides only " + budget
                        + "; commit again");
            }
            ProvingKey merged = updated.withOpenedColumns(union);
            merged.write(keyFile);
            stored = merged;
        } catch (IOException | FileFormatException e) {
            throw new UncheckedIOException(new IOException(keyFile + ": the hiding budget cannot be stored (" + e.getMessage() + ")", e));
        }
    }
}
