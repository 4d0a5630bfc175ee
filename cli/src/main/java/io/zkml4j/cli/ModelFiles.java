package io.zkml4j.cli;

import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.onnx.ModelImportException;
import io.zkml4j.model.onnx.OnnxImporter;
import io.zkml4j.model.onnx.UnsupportedModelException;
import io.zkml4j.model.quant.Quantization;
import io.zkml4j.model.quant.Quantizer;
import io.zkml4j.model.quant.QuantizerOptions;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.ProvingKey;
import io.zkml4j.proof.VerifyingKey;
import io.zkml4j.proof.format.FileFormatException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Loading models, keys and proofs, with every problem reported as a one-line user error. */
final class ModelFiles {
    private ModelFiles() {}

    static Graph onnx(Path file) {
        try {
            return OnnxImporter.load(file);
        } catch (NoSuchFileException e) {
            throw new Main.UserError(file + ": no such model file");
        } catch (ModelImportException e) {
            throw new Main.UserError(e.getMessage());
        } catch (IOException e) {
            throw new Main.UserError(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    static Quantization quantize(Graph graph, List<float[]> calibration, QuantizerOptions options) {
        try {
            return Quantizer.quantize(graph, calibration, options);
        } catch (UnsupportedModelException e) {
            throw new Main.UserError(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Main.UserError("calibration: " + e.getMessage());
        }
    }

    interface Reader<T> {
        T read(Path file) throws IOException, FileFormatException;
    }

    static <T> T read(Path file, Reader<T> reader) {
        try {
            return reader.read(file);
        } catch (NoSuchFileException e) {
            throw new Main.UserError(file + ": no such file");
        } catch (IOException e) {
            throw new Main.UserError(file + ": cannot be read (" + e.getMessage() + ")");
        } catch (FileFormatException e) {
            throw new Main.UserError(e.getMessage());
        }
    }

    static ProvingKey provingKey(Path file) {
        return read(file, ProvingKey::read);
    }

    static VerifyingKey verifyingKey(Path file) {
        return read(file, VerifyingKey::read);
    }

    static InferenceProof proof(Path file) {
        return read(file, InferenceProof::read);
    }

    interface Writer {
        void write() throws IOException;
    }

    /**
     * Fails now, before the work, when {@code file} cannot be written: its nearest existing
     * ancestor must be a writable directory (missing directories are created on writing). A proof
     * that is computed and then cannot be saved is minutes of work lost.
     */
    static void checkWritable(Path file) {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new Main.UserError(file + ": cannot be written (it is a directory)");
        }
        if (java.nio.file.Files.exists(file) && !java.nio.file.Files.isWritable(file)) {
            throw new Main.UserError(file + ": cannot be written (not writable)");
        }
        Path dir = file.toAbsolutePath().getParent();
        while (dir != null && !java.nio.file.Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || !java.nio.file.Files.isDirectory(dir) || !java.nio.file.Files.isWritable(dir)) {
            throw new Main.UserError(file + ": cannot be written (" + (dir == null ? "no existing parent directory"
                    : dir + (java.nio.file.Files.isDirectory(dir) ? " is not writable" : " is not a directory")) + ")");
        }
    }

    static void write(Path file, Writer writer) {
        try {
            writer.write();
        } catch (IOException e) {
            throw new Main.UserError(file + ": cannot be written (" + e.getMessage() + ")");
        }
    }
}
