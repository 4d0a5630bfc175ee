package io.zkml4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.zkml4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** zkml data commit / inspect, prove-accuracy and verify-accuracy on the bundled MLP and 60 test images, and their errors. */
class AccuracyWorkflowTest {
    @TempDir
    static Path dir;
    static Path vk, pk, dc, dk, proof;

    @BeforeAll
    static void commitAndProve() throws Exception {
        String[] c = run("commit", "--model", WorkflowTest.EXAMPLES.resolve("mlp.onnx").toString(), "--calibration",
                WorkflowTest.EXAMPLES.resolve("calibration.json").toString(), "--out", dir.resolve("keys").toString(), "--quiet");
        assertEquals("0", c[0], c[1] + c[2]);
        pk = dir.resolve("keys/model.pk");
        vk = dir.resolve("keys/model.vk");
        // The first 60 bundled test images as CSV, pixels p0..p783 and the label last.
        String json = Files.readString(WorkflowTest.EXAMPLES.resolve("test-500.json"));
        var data = io.zkml4j.model.io.InputData.parse(json, "test-500.json");
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 784; i++) {
            csv.append("p").append(i).append(',');
        }
        csv.append("target\n");
        for (int r = 0; r < 60; r++) {
            for (int i = 0; i < 784; i++) {
                csv.append(data.inputs().get(0)[r * 784 + i]).append(',');
            }
            csv.append(data.labels()[r]).append('\n');
        }
        Path records = dir.resolve("records.csv");
        Files.writeString(records, csv);
        String[] d = run("data", "commit", "--data", records.toString(), "--label-column", "target", "--out", dir.resolve("testset").toString(),
                "--quiet");
        assertEquals("0", d[0], d[1] + d[2]);
        assertTrue(d[1].contains("rows:       60"), d[1]);
        dc = dir.resolve("testset/data.dc");
        dk = dir.resolve("testset/data.dk");
        proof = dir.resolve("accuracy.proof");
        String[] p = run("prove-accuracy", "--pk", pk.toString(), "--data", dk.toString(), "--out", proof.toString(), "--quiet");
        assertEquals("0", p[0], p[1] + p[2]);
        assertTrue(p[1].contains("\"total\": 60"), p[1]);
    }

    @Test
    void theProofVerifiesAndStatesTheCountOnly() {
        String[] v = run("verify-accuracy", "--vk", vk.toString(), "--data", dc.toString(), "--proof", proof.toString());
        assertEquals("0", v[0], v[1] + v[2]);
        assertTrue(v[1].contains("\"total\": 60"), v[1]);
        assertTrue(v[2].contains("VALID"), v[2]);
        String[] high = run("verify-accuracy", "--vk", vk.toString(), "--data", dc.toString(), "--proof", proof.toString(), "--min-accuracy", "1");
        assertEquals("1", high[0], high[1] + high[2]);
        assertTrue(high[2].contains("below the required"), high[2]);
    }

    @Test
    void theKeyIsOwnerOnlyAndTheDescriptionShareable() throws Exception {
        if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            System.out.println("skipped: no POSIX permissions on this file system");
            return;
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dk)));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dc)));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(proof)));
    }

    @Test
    void inspectPrintsThePublicDescriptionOnly() {
        String[] i = run("data", "inspect", dc.toString());
        assertEquals("0", i[0], i[1] + i[2]);
        assertTrue(i[1].contains("\"rows\": 60") && i[1].contains("\"label_classes\": 10") && i[1].contains("\"digest\""), i[1]);
        assertTrue(i[1].contains("\"p0\"") && !i[1].contains("target"), i[1]);
    }

    @Test
    void aTamperedProofOrDescriptionIsInvalid() throws Exception {
        byte[] bytes = Files.readAllBytes(proof);
        bytes[bytes.length - 100] ^= 1;
        Path bad = dir.resolve("tampered.proof");
        Files.write(bad, bytes);
        String[] v = run("verify-accuracy", "--vk", vk.toString(), "--data", dc.toString(), "--proof", bad.toString());
        assertEquals("1", v[0], v[1] + v[2]);
        assertTrue(v[2].startsWith("INVALID: "), v[2]);
        byte[] d = Files.readAllBytes(dc);
        d[d.length - 40] ^= 1; // inside the commitment's root
        Path edited = dir.resolve("edited.dc");
        Files.write(edited, d);
        String[] e = run("verify-accuracy", "--vk", vk.toString(), "--data", edited.toString(), "--proof", proof.toString());
        assertFalse(e[0].equals("0"), e[1] + e[2]);
    }

    static String[] commitCsv(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return run("data", "commit", "--data", f.toString(), "--out", dir.resolve("bad-" + name).toString(), "--quiet");
    }

    @Test
    void malformedCsvIsAUsageErrorNamingLineAndColumn() throws Exception {
        String[] ragged = commitCsv("ragged.csv", "a,b,label\n1,2,0\n3,1\n");
        assertEquals("2", ragged[0]);
        assertTrue(ragged[2].contains("line 3") && ragged[2].contains("2 cells"), ragged[2]);
        String[] text = commitCsv("text.csv", "a,b,label\n1,2,0\n3,x,1\n");
        assertEquals("2", text[0]);
        assertTrue(text[2].contains("line 3, column 2 (b)") && text[2].contains("'x' is not a number"), text[2]);
        String[] noLabel = commitCsv("nolabel.csv", "a,b,c\n1,2,0\n");
        assertEquals("2", noLabel[0]);
        assertTrue(noLabel[2].contains("line 1") && noLabel[2].contains("no label column 'label'"), noLabel[2]);
        String wideHeader = String.join(",", java.util.stream.IntStream.range(0, 784).mapToObj(i -> "p" + i).toList()) + ",target";
        String[] wide = commitCsv("wide.csv", wideHeader + "\n" + "0,".repeat(784) + "1\n");
        assertEquals("2", wide[0]);
        assertTrue(wide[2].contains("[p0, p1, p2, p3, p4, p5, ... (776 more), p782, p783, target]") && wide[2].length() < 300, wide[2]);
        String[] nan = commitCsv("nan.csv", "a,b,label\n1,NaN,0\n");
        assertEquals("2", nan[0]);
        assertTrue(nan[2].contains("line 2, column 2 (b)") && nan[2].contains("not a finite number"), nan[2]);
        String[] empty = commitCsv("empty.csv", "");
        assertEquals("2", empty[0]);
        assertTrue(empty[2].contains("empty file"), empty[2]);
        String[] fractionalLabel = commitCsv("label.csv", "a,label\n1,0.5\n");
        assertEquals("2", fractionalLabel[0]);
        assertTrue(fractionalLabel[2].contains("line 2, column 2 (label)") && fractionalLabel[2].contains("not an integer"), fractionalLabel[2]);
        String[] missing = run("data", "commit", "--data", dir.resolve("none.csv").toString(), "--out", dir.resolve("x").toString());
        assertEquals("2", missing[0]);
        assertTrue(missing[2].contains("no such file"), missing[2]);
    }

    @Test
    void fileMistakesAreUsageErrors() throws Exception {
        String[] wrongKind = run("verify-accuracy", "--vk", vk.toString(), "--data", dk.toString(), "--proof", proof.toString());
        assertEquals("2", wrongKind[0], wrongKind[2]);
        String[] truncated = run("prove-accuracy", "--pk", pk.toString(), "--data", dc.toString(), "--out", dir.resolve("p").toString());
        assertEquals("2", truncated[0], truncated[2]);
        // A dataset whose rows do not fit the model's input.
        String[] d = commitCsv("small.csv", "a,b,label\n0.5,0.25,1\n0,1,0\n");
        assertEquals("0", d[0], d[2]);
        String[] p = run("prove-accuracy", "--pk", pk.toString(), "--data", dir.resolve("bad-small.csv/data.dk").toString(), "--out",
                dir.resolve("q").toString(), "--quiet");
        assertEquals("2", p[0], p[2]);
        assertTrue(p[2].contains("2 features per row, the model takes 784"), p[2]);
    }
}
