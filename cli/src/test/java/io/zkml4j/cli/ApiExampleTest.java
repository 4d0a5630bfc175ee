package io.zkml4j.cli;

import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The README's Java example (examples/java/ApiExample.java) compiles against the API and runs. */
class ApiExampleTest {
    @Test
    void readmeExampleRuns() throws Exception {
        Path source = Path.of("..", "examples", "java", "ApiExample.java");
        Path out = Files.createTempDirectory("api-example");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int rc = javac.run(null, messages, messages, "-cp", System.getProperty("java.class.path"), "-d", out.toString(), source.toString());
        assertEquals(0, rc, messages.toString());
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass("ApiExample").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {Path.of("..", "examples", "fashion-mnist").toString()});
        } finally {
            System.setOut(stdout);
        }
        assertTrue(printed.toString().contains("predicted class: 9"), printed.toString());
        assertTrue(printed.toString().matches("(?s).*proven accuracy: \\d+ of 100.*"), printed.toString());
    }
}
