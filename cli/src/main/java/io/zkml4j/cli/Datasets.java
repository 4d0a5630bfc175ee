package io.zkml4j.cli;

import io.zkml4j.model.data.DatasetFormatException;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.DatasetCommitment;
import io.zkml4j.proof.DatasetKey;

import java.io.IOException;
import java.nio.file.Path;

/** Reading dataset files and dataset keys, every problem a one-line user error. */
final class Datasets {
    private Datasets() {}

    static LabelledDataset read(Path file, String labelColumn) {
        try {
            return LabelledDataset.read(file, labelColumn);
        } catch (DatasetFormatException e) {
            throw new Main.UserError(e.getMessage());
        } catch (IOException e) {
            throw new Main.UserError(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    static DatasetKey key(Path file) {
        return ModelFiles.read(file, DatasetKey::read);
    }

    static DatasetCommitment description(Path file) {
        return ModelFiles.read(file, DatasetCommitment::read);
    }
}
