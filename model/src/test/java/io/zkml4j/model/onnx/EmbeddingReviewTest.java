package io.zkml4j.model.onnx;

import static io.zkml4j.model.onnx.OnnxModelBuilder.INT64;
import static org.junit.jupiter.api.Assertions.*;

import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Quantizer;
import io.zkml4j.model.quant.QuantizerOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Review of embedding lookups by token ids. The circuit proves exactly what the quantised executor
 * computes, and a private input is any 16-bit integer: so every quantised id, not only those of
 * integer token ids, must look up at most one row (a row of zeros for an id that is no token is
 * the documented out-of-range behaviour; the sum of two rows is no lookup at all).
 */
class EmbeddingReviewTest {
    private static final float[] IDS = {3, 17, 99, 0, 42, 42, 7, 64};

    private static Graph table(int rows) throws Exception {
        float[] t = new float[rows * 2];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) Math.sin(i + 1);
        }
        return OnnxImporter.load(new OnnxModelBuilder(13).input("ids", INT64, 1, 2).output("y")
                .initializer("table", new int[] {rows, 2}, t).node("lookup", "Gather", List.of("table", "ids"), List.of("y")).build(), "m.onnx");
    }

    private static String oneHot(QuantizedModel m) {
        return m.tensors().keySet().stream().filter(n -> n.endsWith("_one_hot")).findFirst().orElseThrow();
    }

    /**
     * Token 0 set to every quantised value the input can hold (others 0): its one-hot row has at most
     * one 1, and an integer id in [−V, V) has exactly its own row (a negative one counting from the end).
     * Returns how many values were run.
     */
    private static int scan(QuantizedModel m, int rows, int stride) {
        String oneHot = oneHot(m);
        long one = Math.round(1 / m.tensor(oneHot).scale());
        double sIn = m.inputSpec().scale();
        int run = 0;
        for (long q = -32768; q <= 32767; q += stride) {
            long[] in = new long[m.inputSpec().size()];
            in[0] = q;
            long[] h;
            try {
                h = QuantizedExecutor.run(m, in).value(oneHot);
            } catch (RuntimeException e) { // an id so far out that index − row leaves the 16-bit range: refused, not silent
                continue;
            }
            run++;
            int matches = 0;
            int which = -1;
            for (int v = 0; v < rows; v++) {
                assertTrue(h[v] == 0 || h[v] == one, "q=" + q + " row " + v + ": " + h[v]);
                if (h[v] == one) {
                    matches++;
                    which = v;
                }
            }
            assertTrue(matches <= 1, "quantised id " + q + " (" + q * sIn + ") looks up " + matches + " rows at once");
            long id = Math.round(q * sIn);
            if ((long) Math.floor(id / sIn + 0.5) == q && id >= -rows && id < rows) { // q is how the integer id quantises
                assertEquals(id >= 0 ? id : id + rows, which, "integer id " + id);
            }
        }
        return run;
    }

    /** Before the fix: −1.5 at this scale (quantised exactly) matched rows 5 and 6 (−2 and −1 from the end), and the output was their sum. */
    @Test
    void anIdBetweenTwoTokensDoesNotLookUpBothRows() throws Exception {
        QuantizedModel m = Quantizer.quantize(table(7), List.of(new float[] {0, 6}), new QuantizerOptions(2)).model();
        long[] q = m.quantizeInput(new float[] {-1.5f, 0});
        long[] h = QuantizedExecutor.run(m, q).value(oneHot(m));
        long ones = java.util.Arrays.stream(h, 0, 7).filter(x -> x != 0).count();
        assertTrue(ones <= 1, "id -1.5 looks up " + ones + " rows");
        assertTrue(scan(m, 7, 1) > 30000);
    }

    @Test
    void everyQuantisedIdLooksUpAtMostOneRowAndIntegerIdsTheirOwn() throws Exception {
        Graph pytorch = OnnxImporter.load(EmbeddingLookupTest.onnx(), "embedding.onnx");
        for (int h = 1; h <= 3; h++) {
            scan(Quantizer.quantize(pytorch, List.of(IDS), new QuantizerOptions(h)).model(), 100, 3);
            scan(Quantizer.quantize(pytorch, List.of(new float[] {3, 1, 2, 0, 2, 2, 1, 1}), new QuantizerOptions(h)).model(), 100, 3);
        }
        scan(Quantizer.quantize(pytorch, List.of(new float[] {-100, 1, 2, 0, 2, 2, 1, 1}), new QuantizerOptions(2)).model(), 100, 3);
        for (int h = 1; h <= 2; h++) { // the largest table, at the coarsest scales it is allowed
            scan(Quantizer.quantize(table(2048), List.of(new float[] {0, 2047}), new QuantizerOptions(h)).model(), 2048, 1);
        }
    }
}
