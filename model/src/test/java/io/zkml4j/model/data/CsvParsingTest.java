package io.zkml4j.model.data;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The CSV reader's rows, line endings and errors, and its number parser against the library's. */
class CsvParsingTest {
    @Test
    void decimalsParseToTheLibrarysDoubles() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder();
            if (random.nextInt(4) == 0) {
                s.append(random.nextBoolean() ? '-' : '+');
            }
            int whole = random.nextInt(8);
            for (int d = 0; d < whole; d++) {
                s.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextBoolean()) {
                s.append('.');
                int fraction = random.nextInt(26);
                for (int d = 0; d < fraction; d++) {
                    s.append((char) ('0' + random.nextInt(10)));
                }
            }
            String text = s.toString();
            double expected;
            try {
                expected = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                assertThrows(NumberFormatException.class, () -> DecimalParser.parse(text), text);
                continue;
            }
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(DecimalParser.parse(text)), text);
        }
        for (String text : List.of("-0", "0.0039215689", "255", "1e-3", "123456789012345", "1234567890123456", "0.10000000000000000000001",
                "NaN", "Infinity", "0x1p3", "7d", "5.", ".5")) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(DecimalParser.parse(text)), text);
        }
        for (int i = 0; i < 10_000; i++) {
            String text = String.format(Locale.ROOT, "%.10f", random.nextDouble());
            assertEquals(Double.parseDouble(text), DecimalParser.parse(text), text);
        }
    }

    @Test
    void readsQuotedCellsCrLfAndTrailingBlankLines() throws Exception {
        String csv = "a,\"b,c\",label\r\n1, 2.5 ,0\r\n\"-3\",\"4\",\"1\"\r\n\r\n\n";
        LabelledDataset d = LabelledDataset.parseCsv(csv, "t.csv", null);
        assertEquals(List.of("a", "b,c"), d.featureNames());
        assertArrayEquals(new double[] {1, 2.5}, d.rows()[0]);
        assertArrayEquals(new double[] {-3, 4}, d.rows()[1]);
        assertArrayEquals(new int[] {0, 1}, d.labels());
    }

    @Test
    void namesTheFirstBadLineEvenWhenLaterOnesAreBadToo() {
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int r = 0; r < 5_000; r++) {
            csv.append(r == 3_001 ? "1,oops,0" : r > 4_000 ? "1,2" : "1,2,0").append('\n');
        }
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> LabelledDataset.parseCsv(csv.toString(), "t.csv", null));
        assertEquals("t.csv: line 3003, column 2 (y): 'oops' is not a number", e.getMessage());
    }

    /**
     * From review: every bad line's message was kept until the end (the old reader stopped at the
     * first), each naming its column, so a 1 MB column name over 10,000 bad lines (a 1 MB file)
     * held 10 GB of messages: OutOfMemoryError instead of the first line's error.
     */
    @Test
    void manyBadLinesUnderALongColumnNameReportTheFirstWithoutKeepingTheRest() {
        String name = "x".repeat(1 << 20);
        StringBuilder csv = new StringBuilder(name).append(",label\n");
        for (int r = 0; r < 10_000; r++) {
            csv.append("a,0\n");
        }
        String message = message(csv.toString());
        assertEquals("t.csv: line 2, column 1 (" + name + "): 'a' is not a number", message);
    }

    @Test
    void namesEmptyCellsInfinitiesAndBadLabels() {
        assertEquals("t.csv: line 2, column 1 (x): empty cell", message("x,label\n,0\n"));
        assertEquals("t.csv: line 2, column 1 (x): 'Infinity' is not a finite number", message("x,label\nInfinity,0\n"));
        assertEquals("t.csv: line 2, column 1 (x): 'NaN' is not a finite number", message("x,label\nNaN,0\n"));
        assertEquals("t.csv: line 3, column 2 (label): label '1.5' is not an integer", message("x,label\n1,0\n1,1.5\n"));
        assertEquals("t.csv: line 2, column 2 (label): label -1 is not a class index 0 to 4095", message("x,label\n1,-1\n"));
        assertEquals("t.csv: line 3: 1 cells, the header has 2", message("x,label\n1,0\n\n1,0\n"));
    }

    private static String message(String csv) {
        return assertThrows(DatasetFormatException.class, () -> LabelledDataset.parseCsv(csv, "t.csv", null)).getMessage();
    }
}
