package io.zkml4j.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputDataTest {
    @Test
    void readsInputsLabelsAndSplitsSamples() throws IOException {
        InputData d = InputData.parse(" {\"input_data\": [[0.5, -1, 2e-3, 1E+2, 0.0]],\n \"labels\": [3, 0],"
                + " \"note\": {\"a\": [true, false, null, \"x\\u0041\\n\"]}}", "t.json");
        assertEquals(1, d.inputs().size());
        assertArrayEquals(new float[] {0.5f, -1f, 2e-3f, 100f, 0f}, d.inputs().get(0));
        assertArrayEquals(new int[] {3, 0}, d.labels());
        assertArrayEquals(new int[0], InputData.parse("{\"input_data\": [[1]]}", "t").labels());

        List<float[]> samples = InputData.parse("{\"input_data\": [[1, 2, 3, 4, 5, 6]]}", "t").samples(3);
        assertEquals(2, samples.size());
        assertArrayEquals(new float[] {4, 5, 6}, samples.get(1));
        assertEquals("the data holds 6 values, which is not a whole number of samples of 4",
                assertThrows(IllegalArgumentException.class,
                        () -> InputData.parse("{\"input_data\": [[1, 2, 3, 4, 5, 6]]}", "t").samples(4)).getMessage());
    }

    @Test
    void malformedFilesAreReportedWithTheirPosition() {
        assertEquals("t.json: not valid JSON at line 2, column 8: expected ']'",
                assertThrows(IOException.class, () -> InputData.parse("{\"input_data\":\n [[1, 2}", "t.json")).getMessage());
        assertEquals("t.json: not valid JSON at line 1, column 19: malformed number",
                assertThrows(IOException.class, () -> InputData.parse("{\"input_data\": [[-]]}", "t.json")).getMessage());
        assertEquals("t.json: not valid JSON at line 1, column 19: expected ']'", // no leading zeros
                assertThrows(IOException.class, () -> InputData.parse("{\"input_data\": [[01]]}", "t.json")).getMessage());
        assertEquals("t.json: not valid JSON at line 1, column 23: unexpected text after the JSON value",
                assertThrows(IOException.class, () -> InputData.parse("{\"input_data\": [[1]]} x", "t.json")).getMessage());
        assertEquals("t.json: \"input_data\"[0][1] is not a number",
                assertThrows(IOException.class, () -> InputData.parse("{\"input_data\": [[1, \"2\"]]}", "t.json")).getMessage());
        assertEquals("t.json: \"input_data\" must be a non-empty list of lists of numbers",
                assertThrows(IOException.class, () -> InputData.parse("{\"inputs\": [[1]]}", "t.json")).getMessage());
        assertEquals("t.json: \"labels\"[1] is not an integer",
                assertThrows(IOException.class, () -> InputData.parse("{\"input_data\": [[1]], \"labels\": [1, 1.5]}",
                        "t.json")).getMessage());
    }
}
