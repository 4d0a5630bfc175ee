package io.zkml4j.cli;

import io.zkml4j.model.io.InputData;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.Zkml;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads EZKL-style input files for a model, turning every problem into a one-line user error. */
final class Inputs {
    private Inputs() {}

    static InputData read(Path file) {
        try {
            return InputData.read(file);
        } catch (NoSuchFileException e) {
            throw new Main.UserError(file + ": no such file");
        } catch (IOException e) {
            throw new Main.UserError(e.getMessage() == null ? file + ": cannot be read" : e.getMessage());
        }
    }

    /**
     * The samples of a single-input model: each list of "input_data" holds one or several samples
     * concatenated (so both [[x1 x2 ...]] and [[x1], [x2], ...] work).
     */
    static List<float[]> samples(Path file, int sampleSize) {
        return read(file, () -> Zkml.readInputs(file, sampleSize));
    }

    /** The samples for a quantised model, each its inputs packed one after another (see {@link Zkml#readInputs(Path, int[], List)}). */
    static List<float[]> samples(Path file, QuantizedModel model) {
        return read(file, () -> Zkml.readInputs(file, model));
    }

    /** The samples of the inputs a proof shows (all, when {@code shown} is null), each packed one after another. */
    static List<float[]> samples(Path file, QuantizedModel model, List<Boolean> shown) {
        if (shown == null) {
            return samples(file, model);
        }
        List<QuantizedModel.Port> ports = model.shown(model.inputPorts(), shown);
        try {
            return read(file, () -> Zkml.readInputs(file, ports.stream().mapToInt(p -> model.spec(p).size()).toArray(),
                    ports.stream().map(QuantizedModel.Port::name).toList()));
        } catch (Main.UserError e) {
            throw new Main.UserError(e.getMessage() + " (the proof shows only the input" + (ports.size() == 1 ? " " : "s ")
                    + String.join(", ", ports.stream().map(QuantizedModel.Port::name).toList()) + ": give " + (ports.size() == 1 ? "its" : "their") + " values alone)");
        }
    }

    /** The samples for an imported model, each its inputs packed one after another. */
    static List<float[]> samples(Path file, io.zkml4j.model.ir.Graph graph) {
        return read(file, () -> Zkml.readInputs(file, Zkml.inputSizes(graph),
                graph.inputs().stream().map(io.zkml4j.model.ir.Graph.ValueInfo::name).toList()));
    }

    private interface Reading {
        List<float[]> read() throws IOException;
    }

    private static List<float[]> read(Path file, Reading reading) {
        try {
            return reading.read();
        } catch (NoSuchFileException e) {
            throw new Main.UserError(file + ": no such file");
        } catch (IOException e) {
            throw new Main.UserError(e.getMessage() == null ? file + ": cannot be read" : e.getMessage());
        }
    }
}
