package io.zkml4j.proof;

import io.zkml4j.model.data.InputRescale;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.TrainingBatch;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertNull;

/** The honest witness of a training step satisfies every relation of its circuit (the debug checker). */
class TrainingCircuitTest {
    /** A small random dataset, network and batch: what a training step proof is tested on. */
    record Case(TrainingStatement.Architecture arch, long[][] weights, long[][] biases, long[][] values, int[] labels, int dataFraction,
                TrainingSpec spec) {
        QuantizedModel model() {
            return TrainingStatement.forwardModel(arch, weights, biases, spec.format());
        }

        Circuit circuit() {
            return TrainingStatement.circuit(model(), spec);
        }

        long[][] datasetTables() {
            return DatasetKey.tables(values, labels);
        }

        TrainingBatch batch(long[] rows) {
            long[][] f = new long[rows.length][];
            int[] l = new int[rows.length];
            for (int b = 0; b < rows.length; b++) {
                f[b] = values[(int) rows[b]];
                l[b] = labels[(int) rows[b]];
            }
            return new TrainingBatch(f, l);
        }

        List<long[]> inputs(long[] rows) {
            List<long[]> out = new ArrayList<>();
            for (long r : rows) {
                long[] q = new long[values[(int) r].length];
                for (int i = 0; i < q.length; i++) {
                    q[i] = spec.rescale().apply(values[(int) r][i]);
                }
                out.add(q);
            }
            return out;
        }

        static Case random(long seed, int[] widths, boolean[] relu, int rows, int batch, int dataFraction, TrainingSpec.Loss loss, int classes) {
            Activation[] activations = new Activation[relu.length];
            for (int l = 0; l < relu.length; l++) {
                activations[l] = relu[l] ? Activation.RELU : Activation.IDENTITY;
            }
            return random(seed, widths, activations, rows, batch, dataFraction, loss, classes);
        }

        static Case random(long seed, int[] widths, Activation[] activations, int rows, int batch, int dataFraction, TrainingSpec.Loss loss,
                           int classes) {
            return random(seed, widths, activations, rows, batch, dataFraction, loss, classes, TrainingSpec.Format.DEFAULT);
        }

        static Case random(long seed, int[] widths, Activation[] activations, int rows, int batch, int dataFraction, TrainingSpec.Loss loss,
                           int classes, TrainingSpec.Format format) {
            Random r = new Random(seed);
            int n = widths.length - 1;
            long[][] w = new long[n][];
            long[][] b = new long[n][];
            for (int l = 0; l < n; l++) {
                w[l] = new long[widths[l] * widths[l + 1]];
                for (int i = 0; i < w[l].length; i++) {
                    w[l][i] = (long) (r.nextGaussian() * (1 << format.weightFraction()) / Math.sqrt(widths[l]));
                }
                b[l] = new long[widths[l + 1]];
                for (int i = 0; i < b[l].length; i++) {
                    b[l][i] = (long) (r.nextGaussian() * (1 << (format.weightFraction() + format.activationFraction())) * 0.1);
                }
            }
            long[][] values = new long[rows][widths[0]];
            int[] labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < widths[0]; j++) {
                    values[i][j] = (long) (r.nextGaussian() * (1 << dataFraction));
                }
                labels[i] = r.nextInt(classes);
            }
            InputRescale rescale = InputRescale.of(Math.scalb(1.0, -format.activationFraction()), dataFraction);
            TrainingSpec spec = new TrainingSpec(loss, batch, rows, widths[0], classes, 16, rescale, format, 6554); // lr ≈ 0.1
            return new Case(new TrainingStatement.Architecture(widths, activations), w, b, values, labels, dataFraction, spec);
        }
    }

    @ParameterizedTest
    @CsvSource({"CROSS_ENTROPY, 4, 8", "CROSS_ENTROPY, 3, 10", "MSE, 4, 8", "CROSS_ENTROPY, 1, 8", "MSE, 5, 10"})
    void honestStepSatisfiesEveryRelation(TrainingSpec.Loss loss, int batch, int dataFraction) {
        Case c = Case.random(7, new int[] {5, 8, 6, 3}, new boolean[] {true, true, false}, 10, batch, dataFraction, loss, 3);
        Circuit circuit = c.circuit();
        long[] rows = new long[batch];
        for (int b = 0; b < batch; b++) {
            rows[b] = (3 * b + 1) % 10;
        }
        long[][] model = ModelVectors.build(TrainingStatement.circuit(c.model(), c.spec()));
        assertNull(CircuitChecker.firstFailure(circuit, model, c.datasetTables(), c.batch(rows), rows, c.inputs(rows), Witness.Deviation.HONEST, 3));
    }
}
